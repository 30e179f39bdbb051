// Store contract: notifications and the outbox, the audit log, idempotency keys.
#include <gtest/gtest.h>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using NotificationRepositoryTest = RepositoryTest;
using AuditRepositoryTest = RepositoryTest;
using IdempotencyRepositoryTest = RepositoryTest;

TEST_F(NotificationRepositoryTest, Notifications_ListNewestFirstCountAndMarkRead) {
  const World w = MakeWorld();
  std::vector<Id> ids;
  for (int i = 0; i < 3; ++i) {
    app::Notification n;
    n.user_id = w.agent.id;
    n.kind = "sla.warning";
    n.title = "工单即将超时 " + std::to_string(i);
    n.created_at = At(i);
    ids.push_back(Must(InWrite([&](app::Tx& tx) { return tx.Notifications().Add(n); })).id);
  }
  app::Notification for_other;
  for_other.user_id = w.field.id;
  for_other.kind = "assigned";
  for_other.title = "新工单";
  for_other.created_at = At(9);
  const Id others =
      Must(InWrite([&](app::Tx& tx) { return tx.Notifications().Add(for_other); })).id;

  const auto page = Must(InRead(
      [&](app::Tx& tx) { return tx.Notifications().List(w.agent.id, false, std::nullopt, 2); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, ids[2]);
  EXPECT_EQ(page.items[0].title, "工单即将超时 2");
  EXPECT_EQ(page.items[0].case_id, std::nullopt);
  ASSERT_TRUE(page.next_cursor);
  const auto last = Must(InRead([&](app::Tx& tx) {
    return tx.Notifications().List(w.agent.id, false, page.next_cursor, 2);
  }));
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].id, ids[0]);
  EXPECT_FALSE(last.next_cursor);

  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Notifications().UnreadCount(w.agent.id); })),
            3);
  Must(
      InWrite([&](app::Tx& tx) { return tx.Notifications().MarkRead(ids[1], w.agent.id, At(5)); }));
  Must(
      InWrite([&](app::Tx& tx) { return tx.Notifications().MarkRead(ids[1], w.agent.id, At(8)); }));
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Notifications().UnreadCount(w.agent.id); })),
            2);
  const auto unread = Must(InRead(
      [&](app::Tx& tx) { return tx.Notifications().List(w.agent.id, true, std::nullopt, 10); }));
  EXPECT_EQ(unread.items.size(), 2u);
  const auto read = Must(InRead(
      [&](app::Tx& tx) { return tx.Notifications().List(w.agent.id, false, std::nullopt, 10); }));
  EXPECT_EQ(read.items[1].read_at, At(5));  // the first read time stays

  // Someone else's notification is not found, and stays unread.
  const auto foreign =
      InWrite([&](app::Tx& tx) { return tx.Notifications().MarkRead(others, w.agent.id, At(5)); });
  EXPECT_EQ(ReasonOf(foreign), "notification.not_found");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Notifications().UnreadCount(w.field.id); })),
            1);
}

TEST_F(NotificationRepositoryTest, Enqueue_WritesTheOutboxInTheSameTransaction) {
  app::OutboxMessage m;
  m.channel = "webhook";
  m.recipient = "https://example.cn/hook";
  m.payload_json = R"({"text":"工单超时"})";
  m.created_at = At(1);
  const auto stored = Must(InWrite([&](app::Tx& tx) { return tx.Notifications().Enqueue(m); }));
  EXPECT_GT(stored.id, 0);
  // Rolled back with the rest of its transaction.
  const auto rolled_back = InWrite([&](app::Tx& tx) -> core::Status {
    if (auto e = tx.Notifications().Enqueue(m); !e.ok()) return e.error();
    return core::MakeError(core::ErrorCode::kConflict, "test.abort", "中止", "abort");
  });
  EXPECT_EQ(ReasonOf(rolled_back), "test.abort");
  EXPECT_EQ(CountRows(*db_, "outbox"), 1);
}

TEST_F(AuditRepositoryTest, Audit_AppendsAndScansInIdOrder) {
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Audit().LastHash(); })), "");
  std::string prev;
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) {
    app::AuditEntry e;
    e.at = At(i);
    e.actor_id = i == 0 ? std::nullopt : std::optional<Id>(i);
    e.action = "case.update";
    e.entity = "case";
    e.entity_id = 100 + i;
    e.data_json = R"({"i":)" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = "hash-" + std::to_string(i);
    prev = e.hash;
    ids.push_back(Must(InWrite([&](app::Tx& tx) { return tx.Audit().Append(e); })).id);
  }
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Audit().LastHash(); })), "hash-4");

  const auto first = Must(InRead([&](app::Tx& tx) { return tx.Audit().Scan(0, 2); }));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[0].actor_id, std::nullopt);
  EXPECT_EQ(first[0].prev_hash, "");
  EXPECT_EQ(first[1].prev_hash, "hash-0");
  EXPECT_EQ(first[1].entity_id, 101);
  const auto rest = Must(InRead([&](app::Tx& tx) { return tx.Audit().Scan(first[1].id, 10); }));
  ASSERT_EQ(rest.size(), 3u);  // strictly after `after`
  EXPECT_EQ(rest[0].id, ids[2]);
  EXPECT_EQ(rest[2].hash, "hash-4");
  EXPECT_EQ(rest[2].data_json, R"({"i":4})");
  EXPECT_EQ(rest[2].at, At(4));
  EXPECT_TRUE(Must(InRead([&](app::Tx& tx) { return tx.Audit().Scan(ids[4], 10); })).empty());
}

TEST_F(IdempotencyRepositoryTest, Idempotency_FindsSavedResponseAndKeepsTheFirst) {
  const auto none = Must(InRead([&](app::Tx& tx) { return tx.Idempotency().Find(1, "k-1"); }));
  EXPECT_FALSE(none);

  const app::IdempotentResponse first{"req-hash", 201, R"({"id":7})"};
  Must(InWrite([&](app::Tx& tx) { return tx.Idempotency().Save(1, "k-1", first, At(0)); }));
  const auto found = Must(InRead([&](app::Tx& tx) { return tx.Idempotency().Find(1, "k-1"); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->request_hash, "req-hash");
  EXPECT_EQ(found->status, 201);
  EXPECT_EQ(found->body, R"({"id":7})");
  // Keys belong to a user.
  EXPECT_FALSE(Must(InRead([&](app::Tx& tx) { return tx.Idempotency().Find(2, "k-1"); })));

  // A racing second save conflicts (its transaction rolls back); the first response stays.
  const app::IdempotentResponse second{"req-hash", 201, R"({"id":8})"};
  const auto again =
      InWrite([&](app::Tx& tx) { return tx.Idempotency().Save(1, "k-1", second, At(1)); });
  EXPECT_EQ(ReasonOf(again), "store.constraint");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Idempotency().Find(1, "k-1"); }))->body,
            R"({"id":7})");
}

}  // namespace
}  // namespace csqm::store::testing
