// Store contract: customers and customer search (app::CustomerRepository).
#include <gtest/gtest.h>

#include <set>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using CustomerRepositoryTest = RepositoryTest;

std::set<Id> Ids(const app::Page<app::Customer>& page) {
  std::set<Id> ids;
  for (const auto& c : page.items) ids.insert(c.id);
  return ids;
}

TEST_F(CustomerRepositoryTest, Customer_RoundTripsEveryField) {
  const World w = MakeWorld();
  app::Customer c;
  c.kind = core::CustomerKind::kOrganisation;
  c.name = "阳光物业有限公司";
  c.phone = "021-55556666";
  c.email = "office@sun.cn";
  c.wechat = "sunwy";
  c.address = "上海市浦东新区";
  c.unit = "A座";
  c.tier = core::CustomerTier::kKeyAccount;
  c.org_unit_id = w.project_b.id;
  c.dedicated_staff_id = w.agent.id;
  c.contacts_json = R"([{"name":"王经理"}])";
  c.attributes_json = R"({"contract":"HT-1"})";
  c.created_at = At(7);
  const auto stored = Must(InWrite([&](app::Tx& tx) { return tx.Customers().Insert(c); }));
  const auto read = Must(InRead([&](app::Tx& tx) { return tx.Customers().Get(stored.id); }));
  EXPECT_EQ(read.kind, core::CustomerKind::kOrganisation);
  EXPECT_EQ(read.name, c.name);
  EXPECT_EQ(read.phone, c.phone);
  EXPECT_EQ(read.email, c.email);
  EXPECT_EQ(read.wechat, c.wechat);
  EXPECT_EQ(read.address, c.address);
  EXPECT_EQ(read.unit, c.unit);
  EXPECT_EQ(read.tier, core::CustomerTier::kKeyAccount);
  EXPECT_EQ(read.org_unit_id, w.project_b.id);
  EXPECT_EQ(read.dedicated_staff_id, w.agent.id);
  EXPECT_EQ(read.contacts_json, c.contacts_json);
  EXPECT_EQ(read.attributes_json, c.attributes_json);
  EXPECT_EQ(read.created_at, At(7));
  EXPECT_EQ(read.version, 1);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Customers().Get(4242); })),
            "customer.not_found");
}

TEST_F(CustomerRepositoryTest, List_FindsChineseNameUnitAndAddressFragments) {
  const World w = MakeWorld();  // 张三, 3栋2单元501, 阳光花园
  app::Customer other = w.customer;
  other.name = "李四";
  other.phone = "13900000000";
  other.unit = "5栋";
  other.address = "月亮湾";
  const auto li = Must(InWrite([&](app::Tx& tx) { return tx.Customers().Insert(other); }));

  const auto find = [&](const std::string& text) {
    EXPECT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
    app::CustomerQuery q;
    q.text = text;
    return Ids(Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); })));
  };
  EXPECT_EQ(find("张三"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("张"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("阳光"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("月亮湾"), std::set<Id>{li.id});
  EXPECT_EQ(find("王五"), std::set<Id>{});
  EXPECT_EQ(find(""), (std::set<Id>{w.customer.id, li.id}));
}

TEST_F(CustomerRepositoryTest, List_DigitsMatchPhoneFragments) {
  const World w = MakeWorld();  // 13812345678
  const auto find = [&](const std::string& text) {
    EXPECT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
    app::CustomerQuery q;
    q.text = text;
    return Ids(Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); })));
  };
  EXPECT_EQ(find("12345"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("5678"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("138-1234"), std::set<Id>{w.customer.id});
  EXPECT_EQ(find("99999"), std::set<Id>{});
}

TEST_F(CustomerRepositoryTest, Update_ReindexesSearchAndChecksVersion) {
  const World w = MakeWorld();
  app::Customer renamed = w.customer;
  renamed.name = "张三丰";
  renamed.address = "武当山";
  const auto updated =
      Must(InWrite([&](app::Tx& tx) { return tx.Customers().Update(renamed, 1); }));
  EXPECT_EQ(updated.version, 2);

  ASSERT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
  app::CustomerQuery q;
  q.text = "武当";
  EXPECT_EQ(Ids(Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); }))),
            std::set<Id>{w.customer.id});
  q.text = "阳光";  // the old address is gone from the index
  EXPECT_TRUE(Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); })).items.empty());

  renamed.name = "stale";
  EXPECT_EQ(ReasonOf(InWrite([&](app::Tx& tx) { return tx.Customers().Update(renamed, 1); })),
            "store.version_mismatch");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Customers().Get(w.customer.id); })).name,
            "张三丰");
}

TEST_F(CustomerRepositoryTest, List_ScopesByUnitSubtreeAndPagesNewestFirst) {
  const World w = MakeWorld();  // customer in A
  std::vector<Id> in_a1;
  for (int i = 0; i < 3; ++i) {
    app::Customer c = w.customer;
    c.name = "客户" + std::to_string(i);
    c.org_unit_id = w.dept_a1.id;
    in_a1.push_back(Must(InWrite([&](app::Tx& tx) { return tx.Customers().Insert(c); })).id);
  }
  app::Customer in_b = w.customer;
  in_b.org_unit_id = w.project_b.id;
  const Id b_id = Must(InWrite([&](app::Tx& tx) { return tx.Customers().Insert(in_b); })).id;

  app::CustomerQuery q;
  q.unit_paths = {w.project_a.path};
  q.limit = 3;
  const auto first = Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); }));
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_EQ(first.items[0].id, in_a1[2]);  // newest first
  ASSERT_TRUE(first.next_cursor);
  q.after = first.next_cursor;
  const auto second = Must(InRead([&](app::Tx& tx) { return tx.Customers().List(q); }));
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].id, w.customer.id);
  EXPECT_FALSE(second.next_cursor);

  app::CustomerQuery only_b;
  only_b.unit_paths = {w.project_b.path};
  EXPECT_EQ(Ids(Must(InRead([&](app::Tx& tx) { return tx.Customers().List(only_b); }))),
            std::set<Id>{b_id});
}

}  // namespace
}  // namespace csqm::store::testing
