#include "store/sqlite/sqlite_writer.hpp"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "core/suspension.hpp"
#include "store/callback.hpp"
#include "store/errors.hpp"

namespace csqm::store {
namespace {

const std::string kSavepoint = "SAVEPOINT " + std::string(SqliteConnection::kWriteSavepoint);
const std::string kRelease = "RELEASE " + std::string(SqliteConnection::kWriteSavepoint);
const std::string kRollbackTo = "ROLLBACK TO " + std::string(SqliteConnection::kWriteSavepoint);

size_t Bucket(size_t batch_size) {
  size_t bucket = 0;
  while (bucket + 1 < Database::Stats::kBuckets && (size_t{1} << bucket) < batch_size) ++bucket;
  return bucket;
}

}  // namespace

// One queued Write call, on its caller's stack (or its coroutine's).
struct SqliteWriter::Request {
  const WriteFn* fn = nullptr;
  core::Status status;
  std::function<void()> done;  // from core::AwaitCompletion

  void Finish() {
    std::function<void()> go = std::move(done);  // *this may be gone once go() ran
    go();
  }
};

SqliteWriter::SqliteWriter(std::unique_ptr<SqliteConnection> conn, int max_batch,
                           std::function<void(SqliteConnection&)> after_batch, std::string wal_path)
    : conn_(std::move(conn)),
      max_batch_(static_cast<size_t>(std::max(1, max_batch))),
      after_batch_(std::move(after_batch)),
      wal_path_(std::move(wal_path)),
      wal_(wal_path_, "the WAL"),
      syncer_(wal_path_.empty() ? std::thread() : std::thread([this] {
        pthread_setname_np(pthread_self(), "csqm-sync");  // shown by top -H, ps -L
        SyncLoop();
      })),
      thread_([this] {
        pthread_setname_np(pthread_self(), "csqm-writer");  // shown by top -H, ps -L
        Loop();
      }) {}

SqliteWriter::~SqliteWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (syncer_.joinable()) {  // after the writer: it answers what the writer handed over last
    {
      std::lock_guard lock(sync_mu_);
      sync_stopping_ = true;
    }
    sync_wake_.notify_all();
    syncer_.join();
  }
}

core::Status SqliteWriter::Submit(const WriteFn& fn) {
  if (sync_failed_.load(std::memory_order_relaxed)) {
    return core::MakeError(core::ErrorCode::kInternal, "store.sync_failed",
                           "数据库日志无法写入磁盘，请检查磁盘后重启 csqm",
                           "the database log could not be synced to disk; check the disk and "
                           "restart csqm");
  }
  Request request;
  request.fn = &fn;
  core::AwaitCompletion([this, &request](std::function<void()> done) {
    request.done = std::move(done);
    if (!Enqueue(request)) {
      request.status = ClosedError();
      request.Finish();
    }
  });
  return std::move(request.status);  // the writer no longer touches `request` once it finished it
}

bool SqliteWriter::Enqueue(Request& request) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(&request);
  }
  wake_.notify_one();
  return true;
}

void SqliteWriter::Loop() {
  std::vector<Request*> batch;
  batch.reserve(max_batch_);
  while (true) {
    batch.clear();
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued call has run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    try {
      RunBatch(batch);
    } catch (const std::exception& e) {  // out of memory in the store itself
      if (conn_->InTransaction()) (void)conn_->Control("ROLLBACK");
      for (Request* r : batch) r->status = ExceptionError(e.what());
    }
    if (wal_path_.empty()) {
      for (Request* r : batch) r->Finish();  // after this, r may be gone
    } else {
      // Failed calls left nothing to make durable: answered now. Committed ones wait for the
      // sync thread.
      size_t committed = 0;
      for (Request* r : batch) {
        if (r->status.ok()) {
          batch[committed++] = r;
        } else {
          r->Finish();
        }
      }
      if (committed > 0) {
        {
          std::lock_guard lock(sync_mu_);
          to_sync_.insert(to_sync_.end(), batch.begin(), batch.begin() + committed);
        }
        sync_wake_.notify_one();
      }
    }
    if (after_batch_) after_batch_(*conn_);
  }
}

void SqliteWriter::SyncLoop() {
  std::vector<Request*> batch;
  while (true) {
    {
      std::unique_lock lock(sync_mu_);
      sync_wake_.wait(lock, [&] { return sync_stopping_ || !to_sync_.empty(); });
      if (to_sync_.empty()) return;  // stopping, and everything handed over is answered
      batch.swap(to_sync_);
    }
    const core::Status synced = SyncWal();  // covers every commit made before this call
    if (!synced) sync_failed_ = true;
    for (Request* r : batch) {
      if (!synced) r->status = synced;
      r->Finish();  // after this, r may be gone
    }
    batch.clear();
  }
}

// fdatasync of the WAL through a descriptor of our own (FileSync).
core::Status SqliteWriter::SyncWal() {
  if (core::Status s = wal_.DataSync(); !s) return s;
  syncs_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

// Runs the batch in as few transactions as possible: one, unless SQLite itself aborts a
// transaction midway (I/O error, disk full); the calls after that point get a fresh one.
void SqliteWriter::RunBatch(std::span<Request* const> batch) {
  size_t next = 0;
  while (next < batch.size()) {
    const size_t first = next;
    if (core::Status begin = conn_->Control("BEGIN IMMEDIATE"); !begin) {
      for (size_t i = first; i < batch.size(); ++i) batch[i]->status = begin;
      Record(batch.subspan(first), false);
      return;
    }
    bool aborted = false;
    while (next < batch.size() && !aborted) {
      Request& request = *batch[next++];
      request.status = RunOne(*request.fn);
      if (!conn_->InTransaction()) {
        // Everything this transaction did is gone, the earlier calls' work included.
        const core::Status cause = request.status.ok()
                                       ? core::Status(StoreError("transaction rolled back"))
                                       : request.status;
        for (size_t i = first; i < next; ++i) {
          if (batch[i]->status.ok()) batch[i]->status = cause;
        }
        aborted = true;
      }
    }
    const auto transaction = batch.subspan(first, next - first);
    if (aborted) {
      Record(transaction, false);
      continue;
    }
    const core::Status commit = conn_->Control("COMMIT");
    if (!commit) {
      if (conn_->InTransaction()) (void)conn_->Control("ROLLBACK");
      for (Request* r : transaction) {
        if (r->status.ok()) r->status = commit;
      }
    }
    Record(transaction, commit.ok());
  }
}

// One call in its own savepoint: kept when fn succeeds, rolled back when it fails or throws.
core::Status SqliteWriter::RunOne(const WriteFn& fn) {
  if (core::Status s = conn_->Control(kSavepoint); !s) return s;
  core::Status result = InvokeCallback(fn, *conn_);
  if (result && conn_->DeferredViolations() > 0) {
    result = ConstraintError("FOREIGN KEY constraint failed (deferred)");
  }
  if (result) {
    result = conn_->Control(kRelease);
    if (result) return result;
  }
  if (conn_->InTransaction()) {
    (void)conn_->Control(kRollbackTo);
    (void)conn_->Control(kRelease);
  }
  return result;
}

void SqliteWriter::Record(std::span<Request* const> transaction, bool committed) {
  const size_t transaction_size = transaction.size();
  if (committed) commits_.fetch_add(1, std::memory_order_release);
  uint64_t failed = 0;
  for (const Request* r : transaction) failed += r->status.ok() ? 0 : 1;
  writes_.fetch_add(transaction.size(), std::memory_order_relaxed);
  failed_writes_.fetch_add(failed, std::memory_order_relaxed);
  histogram_[Bucket(transaction_size)].fetch_add(1, std::memory_order_relaxed);
  uint64_t seen = max_batch_seen_.load(std::memory_order_relaxed);
  while (seen < transaction_size &&
         !max_batch_seen_.compare_exchange_weak(seen, transaction_size)) {
  }
}

void SqliteWriter::FillStats(Database::Stats& stats) const {
  stats.commits = commits_.load(std::memory_order_relaxed);
  stats.writes = writes_.load(std::memory_order_relaxed);
  stats.failed_writes = failed_writes_.load(std::memory_order_relaxed);
  stats.max_batch = max_batch_seen_.load(std::memory_order_relaxed);
  stats.syncs = syncs_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < stats.batch_histogram.size(); ++i) {
    stats.batch_histogram[i] = histogram_[i].load(std::memory_order_relaxed);
  }
  std::lock_guard lock(mu_);
  stats.queue_depth = queue_.size();
}

}  // namespace csqm::store
