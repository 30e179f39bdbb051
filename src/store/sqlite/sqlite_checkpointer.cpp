#include "store/sqlite/sqlite_checkpointer.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace csqm::store {

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, int checkpoint_pages,
                                       const std::string& db_path)
    : conn_(std::move(conn)), policy_{std::max(1, checkpoint_pages)}, thread_([this, db_path] {
        if (!db_path.empty()) db_file_.emplace(db_path, "the database file");
        pthread_setname_np(pthread_self(), "csqm-checkpoint");  // shown by top -H, ps -L
        Loop();
      }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int CheckpointPolicy::CatchUpLeft() const { return std::min(threshold / 2, kCatchUpLeftMax); }

bool CheckpointPolicy::BackgroundDue(int wal_frames, int copied) const {
  const int uncopied = std::max(0, wal_frames - copied);
  // Counting from the last checkpoint, not from the WAL's start: the WAL grows past the
  // threshold while writes continue, and a checkpoint per commit would copy a few pages each
  // time. Converging once the WAL is long: see the header.
  return uncopied >= threshold ||
         (wal_frames >= threshold * kCatchUpFrom && uncopied > CatchUpLeft());
}

CheckpointPolicy::CatchUp CheckpointPolicy::WriterCatchUp(int wal_frames, int copied) const {
  if (wal_frames < threshold * kCatchUpFrom) return CatchUp::kNo;
  if (wal_frames >= threshold * kCatchUpBy) return CatchUp::kMust;
  // The background thread copies most of it first.
  return wal_frames - copied > CatchUpLeft() ? CatchUp::kNo : CatchUp::kUnlessRunning;
}

uint64_t SqliteCheckpointer::wal_restarts() {
  std::lock_guard lock(mu_);
  return restarts_;
}

void SqliteCheckpointer::Copied(std::optional<int> frames, uint64_t restarts) {
  // A failure (a reader still needs old frames, an I/O error) leaves the WAL as it was: a
  // later commit tries again.
  if (!frames) return;
  checkpoints_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  if (restarts_ == restarts) copied_.store(*frames, std::memory_order_relaxed);
}

void SqliteCheckpointer::OnCommit(int wal_frames) {
  {
    std::lock_guard lock(mu_);
    if (wal_frames < last_frames_) {  // the WAL started over: none of it is copied yet
      ++restarts_;
      copied_.store(0, std::memory_order_relaxed);
    }
    last_frames_ = wal_frames;
    if (!policy_.BackgroundDue(wal_frames, copied_.load(std::memory_order_relaxed))) return;
    pending_ = true;
  }
  wake_.notify_one();
}

void SqliteCheckpointer::CatchUp(SqliteConnection& writer) {
  const CheckpointPolicy::CatchUp when =
      policy_.WriterCatchUp(writer.wal_frames(), copied_.load(std::memory_order_relaxed));
  if (when == CheckpointPolicy::CatchUp::kNo) return;
  const bool must = when == CheckpointPolicy::CatchUp::kMust;
  const auto start = std::chrono::steady_clock::now();
  const uint64_t restarts = wal_restarts();
  std::unique_lock run(run_mu_, std::defer_lock);
  if (must) {
    run.lock();
  } else if (!run.try_lock()) {
    return;  // a background checkpoint is running: after a later batch
  }
  Copied(writer.Checkpoint(false), restarts);
  catch_ups_.fetch_add(1, std::memory_order_relaxed);
  catch_up_micros_.fetch_add(uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count()),
                             std::memory_order_relaxed);
}

void SqliteCheckpointer::Loop() {
  while (true) {
    uint64_t restarts = 0;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || pending_; });
      if (stopping_) return;
      pending_ = false;
      // Judged again on what the last checkpoint copied: commits made while it ran do not
      // start another one for their few frames, unless the WAL is converging.
      if (!policy_.BackgroundDue(last_frames_, copied_.load(std::memory_order_relaxed))) continue;
      restarts = restarts_;
    }
    // SQLite also checkpoints when the last connection closes.
    std::lock_guard run(run_mu_);
    const std::optional<int> copied = conn_->Checkpoint(false);
    if (copied && db_file_) db_file_->StartWriteBack();
    Copied(copied, restarts);
  }
}

}  // namespace csqm::store
