#include "store/postgres/pg_database.hpp"

#include <exception>
#include <utility>

#include "store/errors.hpp"
#include "store/postgres/pg_connection.hpp"

namespace csqm::store {
namespace {

constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
constexpr std::string_view kBeginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED";

// The Database whose callback this thread is running, to refuse nested calls.
thread_local const PgDatabase* active_database = nullptr;

class ActiveGuard {
 public:
  explicit ActiveGuard(const PgDatabase* db) { active_database = db; }
  ~ActiveGuard() { active_database = nullptr; }
  ActiveGuard(const ActiveGuard&) = delete;
  ActiveGuard& operator=(const ActiveGuard&) = delete;
};

}  // namespace

PgDatabase::PgDatabase(PgOptions options) : options_(std::move(options)) {
  if (options_.pool_size < 1) options_.pool_size = 1;
}

PgDatabase::~PgDatabase() = default;

core::Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const PgOptions& options) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(options));
  auto first = PgConnection::Open(db->options_);
  if (!first.ok()) return first.error();
  db->open_ = 1;
  db->idle_.push_back(std::move(first).value());
  return db;
}

core::Result<std::unique_ptr<PgConnection>> PgDatabase::Acquire() {
  {
    std::unique_lock lock(mutex_);
    ++waiting_;
    available_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
    --waiting_;
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve a slot, connect outside the lock
  }
  auto conn = PgConnection::Open(options_);
  if (!conn.ok()) {
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
    core::Error e = conn.error();
    return StoreError(e.message_en);
  }
  return std::move(conn).value();
}

void PgDatabase::Release(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mutex_);
  if (conn && !conn->Broken()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  available_.notify_one();
}

core::Status PgDatabase::Run(const std::function<core::Status(Connection&)>& fn, bool write) {
  if (active_database == this) return NestedError();
  auto acquired = Acquire();
  if (!acquired.ok()) return acquired.error();
  std::unique_ptr<PgConnection> conn = std::move(acquired).value();

  core::Status begun = conn->Control(write ? kBeginWrite : kBeginRead);
  if (!begun.ok() && conn->Broken()) {
    // The connection died while idle: replace it and start again (fn has not run).
    Release(std::move(conn));
    acquired = Acquire();
    if (!acquired.ok()) return acquired.error();
    conn = std::move(acquired).value();
    begun = conn->Control(write ? kBeginWrite : kBeginRead);
  }
  if (!begun.ok()) {
    Release(std::move(conn));
    return begun;
  }

  core::Status result;
  {
    ActiveGuard guard(this);
    try {
      result = fn(*conn);
    } catch (const std::exception& e) {
      result = ExceptionError(e.what());
    } catch (...) {
      result = ExceptionError("unknown exception");
    }
  }
  if (result.ok() && conn->TransactionFailed()) {
    result = StoreError("a statement failed earlier in the transaction, which was rolled back");
  }
  if (result.ok()) {
    result = conn->Control("COMMIT");
    if (result.ok() && write) commits_.fetch_add(1, std::memory_order_relaxed);
  }
  if (!result.ok() && !conn->Broken()) (void)conn->Control("ROLLBACK");
  Release(std::move(conn));
  return result;
}

core::Status PgDatabase::Read(const ReadFn& fn) {
  core::Status st = Run(fn, false);
  reads_.fetch_add(1, std::memory_order_relaxed);
  return st;
}

core::Status PgDatabase::Write(const WriteFn& fn) {
  core::Status st = Run(fn, true);
  writes_.fetch_add(1, std::memory_order_relaxed);
  if (!st.ok()) failed_writes_.fetch_add(1, std::memory_order_relaxed);
  return st;
}

Database::Stats PgDatabase::stats() const {
  Stats s;
  s.commits = commits_.load(std::memory_order_relaxed);
  s.writes = writes_.load(std::memory_order_relaxed);
  s.failed_writes = failed_writes_.load(std::memory_order_relaxed);
  s.reads = reads_.load(std::memory_order_relaxed);
  s.max_batch = s.commits > 0 ? 1 : 0;
  s.batch_histogram[0] = s.commits;
  std::lock_guard lock(mutex_);
  s.queue_depth = static_cast<uint64_t>(waiting_);
  return s;
}

}  // namespace csqm::store
