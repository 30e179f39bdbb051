#include "store/sqlite/sqlite_checkpointer.hpp"

#include <pthread.h>

#include <algorithm>

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

void SqliteCheckpointer::OnCommit(int wal_frames) {
  if (wal_frames < threshold_) return;
  {
    std::lock_guard lock(mu_);
    pending_frames_ = wal_frames;
  }
  wake_.notify_one();
}

void SqliteCheckpointer::CatchUp(SqliteConnection& writer) {
  if (writer.wal_frames() < threshold_ * 4) return;
  std::lock_guard run(run_mu_);
  // A failure (a reader still needs old frames, I/O error) leaves the WAL as it was: the next
  // batch tries again.
  if (writer.Checkpoint(false)) checkpoints_.fetch_add(1, std::memory_order_relaxed);
}

void SqliteCheckpointer::Loop() {
  while (true) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || pending_frames_ > 0; });
      if (stopping_) return;
      pending_frames_ = 0;
    }
    // A failed checkpoint (I/O error) leaves the WAL as it is; the next commit past the
    // threshold tries again, and SQLite checkpoints when the last connection closes.
    std::lock_guard run(run_mu_);
    if (conn_->Checkpoint(false)) checkpoints_.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace csqm::store
