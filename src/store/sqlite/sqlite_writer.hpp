// The single writer: one thread owning the only write connection, fed by a queue. Each batch
// of waiting Write calls becomes one transaction (group commit), each call in its own
// savepoint; callers are woken after the COMMIT is durable, each with its own status.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
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
  // catch_up_frames > 0: when the WAL still holds that many frames after a batch (background
  // checkpoints could not let it start over, see sqlite_checkpointer.hpp), the writer runs a
  // PASSIVE checkpoint itself once the batch's callers are answered; the background thread has
  // copied most frames already, and the next transaction can then start the WAL over.
  SqliteWriter(std::unique_ptr<SqliteConnection> conn, int max_batch, int catch_up_frames = 0);
  // Runs every queued call, then stops the thread. Calls submitted afterwards fail.
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Queues fn and blocks until its transaction committed (or it failed). Database::Write.
  core::Status Submit(const WriteFn& fn);
  // Fills the write fields of stats.
  void FillStats(Database::Stats& stats) const;

 private:
  struct Request;

  void Loop();
  void RunBatch(std::span<Request* const> batch);
  core::Status RunOne(const WriteFn& fn);
  void Record(std::span<Request* const> transaction, bool committed);

  std::unique_ptr<SqliteConnection> conn_;
  const size_t max_batch_;
  const int catch_up_frames_;

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
