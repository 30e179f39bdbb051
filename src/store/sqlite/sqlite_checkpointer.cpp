#include "store/sqlite/sqlite_checkpointer.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace csqm::store {

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, int checkpoint_pages)
    : conn_(std::move(conn)), threshold_(std::max(1, checkpoint_pages)), thread_([this] {
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

int SqliteCheckpointer::Uncopied(int wal_frames) const {
  return std::max(0, wal_frames - copied_.load(std::memory_order_relaxed));
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
    // Counting from the last checkpoint, not from the WAL's start: the WAL grows past the
    // threshold while writes continue, and a checkpoint per commit would copy a few pages and
    // sync two files each time.
    if (Uncopied(wal_frames) < threshold_) return;
    pending_ = true;
  }
  wake_.notify_one();
}

void SqliteCheckpointer::CatchUp(SqliteConnection& writer) {
  const int frames = writer.wal_frames();
  if (frames < threshold_ * kCatchUpFrom) return;
  const bool must = frames >= threshold_ * kCatchUpBy;
  if (!must && Uncopied(frames) > threshold_ / 2) return;  // the thread copies most of it first
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
      // start another one for their few frames.
      if (Uncopied(last_frames_) < threshold_) continue;
      restarts = restarts_;
    }
    // SQLite also checkpoints when the last connection closes.
    std::lock_guard run(run_mu_);
    Copied(conn_->Checkpoint(false), restarts);
  }
}

}  // namespace csqm::store
