// Store contract: the audit chain stays one chain when many writers append at once (SQLite's
// single writer; PostgreSQL's advisory lock taken by LastHash).
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using AuditChainRepositoryTest = RepositoryTest;

TEST_F(AuditChainRepositoryTest, Append_ConcurrentWritersKeepOneUnbrokenChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const core::Status st = store_->Write([&](app::Tx& tx) -> core::Status {
          auto last = tx.Audit().LastHash();
          if (!last.ok()) return last.error();
          app::AuditEntry e;
          e.at = At(i);
          e.action = "test.append";
          e.entity = "thread";
          e.entity_id = t;
          e.data_json = "{}";
          e.prev_hash = *last;
          e.hash = std::to_string(
              std::hash<std::string>{}(*last + "/" + std::to_string(t) + "/" + std::to_string(i)));
          auto stored = tx.Audit().Append(std::move(e));
          if (!stored.ok()) return stored.error();
          return {};
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  const auto rows =
      Must(InRead([&](app::Tx& tx) { return tx.Audit().Scan(0, kThreads * kEach + 10); }));
  ASSERT_EQ(rows.size(), static_cast<size_t>(kThreads * kEach));
  std::string previous;
  for (const auto& row : rows) {
    EXPECT_EQ(row.prev_hash, previous) << "row " << row.id;
    previous = row.hash;
  }
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Audit().LastHash(); })), previous);
}

}  // namespace
}  // namespace csqm::store::testing
