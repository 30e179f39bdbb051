// The single writer: one thread owning the only write connection, fed by a queue. Each batch
// of waiting Write calls becomes one transaction (group commit), each call in its own
// savepoint; callers are woken after the COMMIT is durable, each with its own status.
//
// Durability, with a sync thread (SqliteOptions::sync_thread, the default): the writer commits
// with synchronous=NORMAL (the WAL frames are written, not yet synced) and hands the batch's
// callers to the sync thread, which fdatasync()s the WAL file — covering every transaction
// committed before it, so one sync often serves several batches — and only then wakes them. The
// writer meanwhile runs the next batch: executing transactions and waiting for the disk overlap,
// and waking dozens of callers no longer holds it up. A caller is answered only after its
// commit is on disk, as with synchronous=FULL. What changes: another connection can read a
// transaction up to one sync before it is durable (SQLite FULL makes it visible after its sync);
// after a power failure such a transaction, never acknowledged, may be gone. SQLite's own WAL
// checksums keep the file consistent (synchronous=NORMAL is crash-safe in WAL mode). When a sync
// fails, its callers get the error and every later Write fails ("store.sync_failed"): the
// process must be restarted, as PostgreSQL does on a failed fsync.
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
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_file_sync.hpp"

namespace csqm::store {

class SqliteWriter {
 public:
  // after_batch, when set, runs on the writer thread after each batch's callers were answered
  // (the background checkpointer's catch-up, see sqlite_checkpointer.hpp).
  // wal_path non-empty: the sync thread makes commits durable by syncing that file (the
  // database's "-wal"); empty: each COMMIT syncs (the connection's synchronous=FULL).
  SqliteWriter(std::unique_ptr<SqliteConnection> conn, int max_batch,
               std::function<void(SqliteConnection&)> after_batch = {}, std::string wal_path = {});
  // Runs every queued call, then stops the thread. Calls submitted afterwards fail.
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Queues fn and waits until its transaction committed (or it failed): blocks the thread, or
  // suspends the caller's coroutine when there is one (core::CurrentSuspender). Database::Write.
  core::Status Submit(const WriteFn& fn);
  // Fills the write fields of stats.
  void FillStats(Database::Stats& stats) const;
  // Transactions committed so far (a caller's Submit returns after its commit is counted).
  uint64_t commits() const { return commits_.load(std::memory_order_acquire); }

 private:
  struct Request;

  bool Enqueue(Request& request);  // false when stopping
  void Loop();
  void SyncLoop();
  core::Status SyncWal();  // on the sync thread
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

  // The sync thread (when wal_path_ is set).
  const std::string wal_path_;
  FileSync wal_;  // sync thread only
  std::mutex sync_mu_;
  std::condition_variable sync_wake_;
  std::vector<Request*> to_sync_;  // guarded by sync_mu_: committed, not yet answered
  bool sync_stopping_ = false;     // guarded by sync_mu_
  std::atomic<bool> sync_failed_{false};
  std::atomic<uint64_t> syncs_{0};
  std::thread syncer_;

  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> failed_writes_{0};
  std::atomic<uint64_t> max_batch_seen_{0};
  std::array<std::atomic<uint64_t>, Database::Stats::kBuckets> histogram_{};

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace csqm::store
