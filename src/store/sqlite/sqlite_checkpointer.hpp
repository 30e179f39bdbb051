// Background WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT that crosses
// the threshold, on the writer thread: that commit then also copies the WAL's pages into the
// database file and fsyncs it, and every request of its group waits for that. Here the writer
// connection only reports the WAL's size after each commit (sqlite3_wal_hook); once
// `checkpoint_pages` frames are not yet in the database file, this thread, on a connection of
// its own, runs a PASSIVE checkpoint, which never blocks the writer or the readers. Large
// checkpoints copy less: a page changed by many commits is copied once per checkpoint.
//
// A WAL starts over (is rewritten from its beginning) only when a write transaction begins
// after every frame was copied. Under continuous writes new frames keep arriving while this
// thread copies. Once the WAL holds `checkpoint_pages` × kCatchUpFrom frames, this thread
// converges: it checkpoints again as soon as one ends, whenever more than CatchUpLeft() frames
// are uncopied, so each run is shorter than the last; and the writer itself, between batches,
// copies what is left once that is at most CatchUpLeft() frames and no background checkpoint
// is running. Past × kCatchUpBy frames the writer does so whatever is left, which bounds the
// WAL (SqliteWriter's catch-up). Each catch-up holds up one batch for two syncs (the WAL's and
// the database file's), so the WAL cycles through a lot before one: about 512 MiB with the
// default 4000 pages of 4 KiB, and a catch-up comes every few seconds at most.
//
// A PASSIVE checkpoint that stops short of the WAL's end does not sync the database file (the
// WAL still holds what it copied); only the complete one that lets the WAL start over does —
// the writer's catch-up, which would then wait for every page copied since the last one. So
// after each checkpoint this thread starts writing those pages to the disk (sync_file_range,
// not waiting for them), and the catch-up's sync finds little left to do.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_file_sync.hpp"

namespace csqm::store {

// When to checkpoint (see above), apart from the threads that do it. `wal_frames`: the WAL's
// size in frames; `copied`: how many of them the database file holds.
struct CheckpointPolicy {
  static constexpr int kCatchUpFrom = 32;
  static constexpr int kCatchUpBy = 64;
  // The most frames a catch-up leaves for the writer to copy (unless past kCatchUpBy).
  static constexpr int kCatchUpLeftMax = 1024;
  enum class CatchUp { kNo, kUnlessRunning, kMust };

  int threshold;  // checkpoint_pages, at least 1

  // At most this many uncopied frames let the writer catch up.
  int CatchUpLeft() const;
  // Whether the background thread should checkpoint now.
  bool BackgroundDue(int wal_frames, int copied) const;
  // Whether the writer should checkpoint between batches: no; when no background checkpoint
  // is running; or whatever is running (it then waits for it).
  CatchUp WriterCatchUp(int wal_frames, int copied) const;
};

class SqliteCheckpointer {
 public:
  // `db_path`: the database file, written back after each checkpoint (see above); empty: not.
  SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, int checkpoint_pages,
                     const std::string& db_path = {});
  // Stops the thread (a checkpoint under way finishes first).
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Called by the writer after each commit with the WAL's size in frames. Cheap; never blocks
  // on a checkpoint.
  void OnCommit(int wal_frames);

  // On the writer thread, between batches: see above. Checkpoints on the writer's own
  // connection, never at the same time as this thread.
  void CatchUp(SqliteConnection& writer);

  // Checkpoints run so far, for tests and diagnostics.
  uint64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }
  // CatchUp calls that checkpointed, and the writer's time in them (waiting included).
  uint64_t catch_ups() const { return catch_ups_.load(std::memory_order_relaxed); }
  uint64_t catch_up_micros() const { return catch_up_micros_.load(std::memory_order_relaxed); }
  // Times the WAL was seen to start over from its beginning.
  uint64_t wal_restarts();

 private:
  void Loop();
  // Records a checkpoint's result, unless the WAL started over since `restarts` was read.
  void Copied(std::optional<int> frames, uint64_t restarts);

  std::unique_ptr<SqliteConnection> conn_;
  const CheckpointPolicy policy_;
  std::optional<FileSync> db_file_;  // written back after each checkpoint (this thread only)
  std::mutex run_mu_;                // held while a checkpoint runs, by either thread
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  bool pending_ = false;   // guarded by mu_: a commit found the threshold passed
  int last_frames_ = 0;    // guarded by mu_: the WAL size the last commit reported
  uint64_t restarts_ = 0;  // guarded by mu_: times the WAL was seen to start over
  // Frames of the current WAL the database file holds (the last checkpoint's count, 0 when the
  // WAL started over since); written under mu_.
  std::atomic<int> copied_{0};
  std::atomic<uint64_t> checkpoints_{0};
  std::atomic<uint64_t> catch_ups_{0};
  std::atomic<uint64_t> catch_up_micros_{0};
  std::thread thread_;  // last
};

}  // namespace csqm::store
