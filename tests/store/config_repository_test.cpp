// Store contract: calendars, case types and categories (app::ConfigRepository).
#include <gtest/gtest.h>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using ConfigRepositoryTest = RepositoryTest;

TEST_F(ConfigRepositoryTest, Calendar_RoundTripByIdAndKey) {
  const World w = MakeWorld();
  const auto by_id =
      Must(InRead([&](app::Tx& tx) { return tx.Config().GetCalendar(w.calendar.id); }));
  EXPECT_EQ(by_id.key, "cn-office");
  EXPECT_EQ(by_id.name, "办公时间");
  EXPECT_EQ(by_id.spec_json, R"({"tz":"Asia/Shanghai"})");
  EXPECT_EQ(by_id.updated_at, At(0));
  EXPECT_EQ(by_id.version, 1);
  const auto by_key =
      Must(InRead([&](app::Tx& tx) { return tx.Config().GetCalendarByKey("cn-office"); }));
  EXPECT_EQ(by_key.id, w.calendar.id);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Config().GetCalendarByKey("x"); })),
            "calendar.not_found");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Config().ListCalendars(); })).size(), 1u);
}

TEST_F(ConfigRepositoryTest, UpdateCalendar_StaleVersionIsVersionMismatchAndChangesNothing) {
  const World w = MakeWorld();
  app::CalendarRecord c = w.calendar;
  c.spec_json = R"({"tz":"Asia/Urumqi"})";
  c.updated_at = At(10);
  const auto updated = Must(InWrite([&](app::Tx& tx) { return tx.Config().UpdateCalendar(c, 1); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.updated_at, At(10));

  c.spec_json = "stale";
  const auto stale = InWrite([&](app::Tx& tx) { return tx.Config().UpdateCalendar(c, 1); });
  EXPECT_EQ(ReasonOf(stale), "store.version_mismatch");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Config().GetCalendar(c.id); })).spec_json,
            R"({"tz":"Asia/Urumqi"})");
  c.id = 777;
  EXPECT_EQ(ReasonOf(InWrite([&](app::Tx& tx) { return tx.Config().UpdateCalendar(c, 2); })),
            "calendar.not_found");
}

TEST_F(ConfigRepositoryTest, CaseType_RoundTripAndUniquePrefix) {
  const World w = MakeWorld();
  const auto read =
      Must(InRead([&](app::Tx& tx) { return tx.Config().GetCaseTypeByKey("complaint"); }));
  EXPECT_EQ(read.id, w.type.id);
  EXPECT_EQ(read.prefix, "TS");
  EXPECT_EQ(read.name_zh, "投诉");
  EXPECT_EQ(read.name_en, "Complaint");

  app::CaseType clash = w.type;
  clash.key = "inquiry";  // new key, same prefix
  const auto result = InWrite([&](app::Tx& tx) { return tx.Config().InsertCaseType(clash); });
  EXPECT_EQ(ReasonOf(result), "store.constraint");

  app::CaseType renamed = w.type;
  renamed.name_en = "Complaints";
  const auto updated =
      Must(InWrite([&](app::Tx& tx) { return tx.Config().UpdateCaseType(renamed, 1); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.name_en, "Complaints");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Config().ListCaseTypes(); })).size(), 1u);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Config().GetCaseType(99); })),
            "case_type.not_found");
}

TEST_F(ConfigRepositoryTest, Category_RoundTripWithParentAndVersion) {
  const World w = MakeWorld();
  app::Category child;
  child.parent_id = w.category.id;
  child.case_type_id = w.type.id;
  child.key = "repair.leak.roof";
  child.name_zh = "屋顶漏水";
  child.name_en = "Roof leak";
  child.calendar_id = w.calendar.id;
  child.policy_json = R"({"targets":[]})";
  child.active = false;
  const auto stored = Must(InWrite([&](app::Tx& tx) { return tx.Config().InsertCategory(child); }));
  const auto read =
      Must(InRead([&](app::Tx& tx) { return tx.Config().GetCategoryByKey("repair.leak.roof"); }));
  EXPECT_EQ(read.id, stored.id);
  EXPECT_EQ(read.parent_id, w.category.id);
  EXPECT_EQ(read.policy_json, R"({"targets":[]})");
  EXPECT_FALSE(read.active);
  EXPECT_EQ(
      Must(InRead([&](app::Tx& tx) { return tx.Config().GetCategory(w.category.id); })).parent_id,
      std::nullopt);

  app::Category changed = read;
  changed.active = true;
  const auto updated =
      Must(InWrite([&](app::Tx& tx) { return tx.Config().UpdateCategory(changed, 1); }));
  EXPECT_TRUE(updated.active);
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(ReasonOf(InWrite([&](app::Tx& tx) { return tx.Config().UpdateCategory(changed, 1); })),
            "store.version_mismatch");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Config().ListCategories(); })).size(), 2u);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Config().GetCategory(12345); })),
            "category.not_found");
}

}  // namespace
}  // namespace csqm::store::testing
