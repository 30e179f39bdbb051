// Store contract: case rows and case numbers (app::CaseRepository, first part).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using CaseRepositoryTest = RepositoryTest;

TEST_F(CaseRepositoryTest, NextNumber_IsSequentialPerPrefixAndMonth) {
  const auto next = [&](const std::string& prefix, int month) {
    return Must(InWrite([&](app::Tx& tx) { return tx.Cases().NextNumber(prefix, month); }));
  };
  EXPECT_EQ(next("TS", 202611), "TS-202611-000001");
  EXPECT_EQ(next("TS", 202611), "TS-202611-000002");
  EXPECT_EQ(next("TS", 202612), "TS-202612-000001");  // a new month starts again
  EXPECT_EQ(next("BX", 202611), "BX-202611-000001");  // each prefix has its own sequence
  EXPECT_EQ(next("TS", 202611), "TS-202611-000003");

  // A rolled-back transaction gives its number back.
  const auto rolled_back = InWrite([&](app::Tx& tx) -> core::Status {
    if (auto n = tx.Cases().NextNumber("TS", 202611); !n.ok()) return n.error();
    return core::MakeError(core::ErrorCode::kInvalidArgument, "test.abort", "中止", "abort");
  });
  EXPECT_EQ(ReasonOf(rolled_back), "test.abort");
  EXPECT_EQ(next("TS", 202611), "TS-202611-000004");

  EXPECT_EQ(ReasonOf(InWrite([&](app::Tx& tx) { return tx.Cases().NextNumber("TS", 202613); })),
            "case.bad_month");
}

TEST_F(CaseRepositoryTest, NextNumber_IsUniqueUnderConcurrentWriters) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::mutex mutex;
  std::set<std::string> numbers;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const auto n = InWrite([&](app::Tx& tx) { return tx.Cases().NextNumber("TS", 202611); });
        if (!n.ok()) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mutex);
        numbers.insert(*n);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(numbers.size(), size_t{kThreads * kEach});
  EXPECT_EQ(*numbers.begin(), "TS-202611-000001");
  EXPECT_EQ(*numbers.rbegin(), "TS-202611-000200");
}

TEST_F(CaseRepositoryTest, Case_RoundTripsEveryField) {
  const World w = MakeWorld();
  app::CaseRecord c = NewCase(w, w.project_a.id, w.agent.id, w.field.id, "TS-202611-000001");
  c.channel = core::Channel::kWeChat;
  c.severity = core::Severity::kMajor;
  c.status = "in_progress";
  c.first_reply_at = At(3);
  c.arrived_at = At(30);
  c.paused_since = At(40);
  c.custom_json = R"({"room":"501"})";
  const auto stored = Must(InWrite([&](app::Tx& tx) { return tx.Cases().Insert(c); }));
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.version, 1);

  const auto read = Must(InRead([&](app::Tx& tx) { return tx.Cases().Get(stored.id); }));
  EXPECT_EQ(read.number, "TS-202611-000001");
  EXPECT_EQ(read.case_type_id, w.type.id);
  EXPECT_EQ(read.category_id, w.category.id);
  EXPECT_EQ(read.title, c.title);
  EXPECT_EQ(read.description, c.description);
  EXPECT_EQ(read.channel, core::Channel::kWeChat);
  EXPECT_EQ(read.severity, core::Severity::kMajor);
  EXPECT_EQ(read.status, "in_progress");
  EXPECT_FALSE(read.status_final);
  EXPECT_EQ(read.customer_id, w.customer.id);
  EXPECT_EQ(read.owner_id, w.agent.id);
  EXPECT_EQ(read.assignee_id, w.field.id);
  EXPECT_EQ(read.org_unit_id, w.project_a.id);
  EXPECT_EQ(read.received_at, At(1));
  EXPECT_EQ(read.created_at, At(1));
  EXPECT_EQ(read.updated_at, At(1));
  EXPECT_EQ(read.first_reply_at, At(3));
  EXPECT_EQ(read.arrived_at, At(30));
  EXPECT_EQ(read.resolved_at, std::nullopt);
  EXPECT_EQ(read.closed_at, std::nullopt);
  EXPECT_EQ(read.paused_since, At(40));
  EXPECT_EQ(read.month, 202611);
  EXPECT_EQ(read.custom_json, R"({"room":"501"})");
}

TEST_F(CaseRepositoryTest, Insert_DuplicateNumberIsConstraintConflict) {
  const World w = MakeWorld();
  AddCase(w, w.project_a.id, w.agent.id, std::nullopt, "TS-202611-000001");
  const auto again = InWrite([&](app::Tx& tx) {
    return tx.Cases().Insert(
        NewCase(w, w.project_a.id, w.agent.id, std::nullopt, "TS-202611-000001"));
  });
  EXPECT_EQ(CodeOf(again), core::ErrorCode::kConflict);
  EXPECT_EQ(ReasonOf(again), "store.constraint");
  EXPECT_EQ(CountRows(*db_, "cases"), 1);
}

TEST_F(CaseRepositoryTest, Update_ReturnsNewVersionAndStaleUpdateChangesNothing) {
  const World w = MakeWorld();
  app::CaseRecord c = AddCase(w, w.project_a.id, w.agent.id, std::nullopt, "TS-202611-000001");
  c.status = "closed";
  c.status_final = true;
  c.assignee_id = w.field.id;
  c.resolved_at = At(100);
  c.closed_at = At(120);
  c.updated_at = At(120);
  const auto updated = Must(InWrite([&](app::Tx& tx) { return tx.Cases().Update(c, 1); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.status, "closed");
  EXPECT_TRUE(updated.status_final);
  EXPECT_EQ(updated.closed_at, At(120));
  EXPECT_EQ(updated.number, "TS-202611-000001");

  app::CaseRecord stale = c;
  stale.status = "reopened";
  const auto conflict = InWrite([&](app::Tx& tx) { return tx.Cases().Update(stale, 1); });
  EXPECT_EQ(CodeOf(conflict), core::ErrorCode::kVersionMismatch);
  EXPECT_EQ(ReasonOf(conflict), "store.version_mismatch");
  EXPECT_EQ(conflict.error().message_en,
            "the record was changed by someone else; reload and retry");
  const auto read = Must(InRead([&](app::Tx& tx) { return tx.Cases().Get(c.id); }));
  EXPECT_EQ(read.status, "closed");
  EXPECT_EQ(read.version, 2);

  stale.id = 31337;
  const auto missing = InWrite([&](app::Tx& tx) { return tx.Cases().Update(stale, 2); });
  EXPECT_EQ(CodeOf(missing), core::ErrorCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), "case.not_found");
}

TEST_F(CaseRepositoryTest, Get_MissIsNotFound) {
  const auto miss = InRead([&](app::Tx& tx) { return tx.Cases().Get(1); });
  EXPECT_EQ(CodeOf(miss), core::ErrorCode::kNotFound);
  EXPECT_EQ(ReasonOf(miss), "case.not_found");
}

}  // namespace
}  // namespace csqm::store::testing
