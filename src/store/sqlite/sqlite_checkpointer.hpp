// Background WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT that crosses
// the threshold, on the writer thread: that commit then also copies the WAL's pages into the
// database file and fsyncs it, and every request of its group waits for that. Here the writer
// connection only reports the WAL's size after each commit (sqlite3_wal_hook); past
// `checkpoint_pages` frames this thread, on a connection of its own, runs a PASSIVE
// checkpoint, which never blocks the writer or the readers. A WAL starts over (is rewritten
// from its beginning) only when a write transaction begins after every frame was copied; under
// continuous writes new frames keep arriving while this thread copies, so when the WAL reaches
// `checkpoint_pages` × 4 the writer itself runs a short PASSIVE checkpoint of the remaining
// frames after answering a batch (SqliteWriter's catch_up_frames).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_connection.hpp"

namespace csqm::store {

class SqliteCheckpointer {
 public:
  SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, int checkpoint_pages);
  // Stops the thread (a checkpoint under way finishes first).
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Called by the writer after each commit with the WAL's size in frames. Cheap; never blocks
  // on a checkpoint.
  void OnCommit(int wal_frames);

  // On the writer thread, between batches: when the WAL still holds `checkpoint_pages` × 4
  // frames, checkpoints on the writer's own connection (after any background checkpoint under
  // way, so the two never collide), so that the next transaction starts the WAL over.
  void CatchUp(SqliteConnection& writer);

  // Checkpoints run so far (PASSIVE and RESTART), for tests and diagnostics.
  uint64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }

 private:
  void Loop();

  std::unique_ptr<SqliteConnection> conn_;
  const int threshold_;
  std::mutex run_mu_;  // held while a checkpoint runs, by either thread
  std::mutex mu_;
  std::condition_variable wake_;
  int pending_frames_ = 0;  // guarded by mu_: the WAL size a commit reported, 0 once taken
  bool stopping_ = false;   // guarded by mu_
  std::atomic<uint64_t> checkpoints_{0};
  std::thread thread_;  // last
};

}  // namespace csqm::store
