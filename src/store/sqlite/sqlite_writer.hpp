// The single writer: one thread owning the only write connection, fed by a queue. Each batch
// of waiting Write calls becomes one transaction (group commit), each call in its own
// savepoint; callers are woken after the COMMIT is durable, each with its own status.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace csqm::store {

class SqliteWriter {
 public:
  // after_batch, when set, runs on the writer thread after each batch's callers were answered
  // (the background checkpointer's catch-up, see sqlite_checkpointer.hpp).
  SqliteWriter(std::unique_ptr<SqliteConnection> conn, int max_batch,
               std::function<void(SqliteConnection&)> after_batch = {});
  // Runs every queued call, then stops the thread. Calls submitted afterwards fail.
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Queues fn and blocks until its transaction committed (or it failed). Database::Write.
  core::Status Submit(const WriteFn& fn);
  // Fills the write fields of stats.
  void FillStats(Database::Stats& stats) const;
  // Transactions committed so far (a caller's Submit returns after its commit is counted).
  uint64_t commits() const { return commits_.load(std::memory_order_acquire); }

 private:
  struct Request;

  void Loop();
  void RunBatch(std::span<Request* const> batch);
  core::Status RunOne(const WriteFn& fn);
  void Record(std::span<Request* const> transaction, bool committed);

  std::unique_ptr<SqliteConnection> conn_;
  const size_t max_batch_;
  const std::function<void(SqliteConnection&)> after_batch_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Request*> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_

  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> failed_writes_{0};
  std::atomic<uint64_t> max_batch_seen_{0};
  std::array<std::atomic<uint64_t>, Database::Stats::kBuckets> histogram_{};

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace csqm::store
