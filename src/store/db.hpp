// The dialect-neutral database interface. SQLite (store/sqlite/) and PostgreSQL implement it;
// repositories are written against it. No database client header may be included here.
//
// Failures are values (core::Status / core::Result), never exceptions:
//   kConflict  "store.constraint"  a UNIQUE / PRIMARY KEY / FOREIGN KEY / CHECK / NOT NULL
//                                  violation; the message quotes the database's text, e.g.
//                                  "UNIQUE constraint failed: users.login".
//   kInternal  "store.busy"        the database stayed locked past the busy timeout (PostgreSQL
//                                  also: a deadlock or serialization failure; not retried).
//   kInternal  "store.exception"   a callback threw; the message carries what().
//   kInternal  "store.error"       anything else (syntax error, I/O error, misuse …).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/value.hpp"

namespace csqm::store {

enum class Dialect { kSqlite, kPostgres };

// One transaction's view of the database, lent to a Read or Write callback and valid only
// inside it. Not thread-safe: use it from the callback's thread. SQL uses '?' placeholders
// (the PostgreSQL implementation rewrites them to $n). Each call runs exactly one statement,
// except ExecScript. Statements are prepared once per connection and cached by their text, so
// pass constant SQL and put every variable in the parameters. Transaction control (BEGIN,
// COMMIT, ROLLBACK) is refused: the Database owns the transaction. New rows' ids come back
// from InsertId.
class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one statement, discarding any rows it returns.
  virtual core::Status Exec(std::string_view sql, ParamList params = {}) = 0;
  // Runs one INSERT/UPDATE/DELETE; returns the number of rows it changed.
  virtual core::Result<int64_t> ExecCount(std::string_view sql, ParamList params = {}) = 0;
  // Runs one single-row INSERT, written without a RETURNING clause, into a table whose key is
  // an integer `id` (SQLite: INTEGER PRIMARY KEY), and returns the new row's id. SQLite reads
  // it from the connection (RETURNING costs SQLite a temporary table on every run);
  // PostgreSQL adds "RETURNING id". kInternal "store.error" when no row was inserted.
  virtual core::Result<int64_t> InsertId(std::string_view sql, ParamList params = {}) = 0;
  // Runs one query; returns every row (empty when none matched).
  virtual core::Result<std::vector<Row>> Query(std::string_view sql, ParamList params = {}) = 0;
  // Runs one query; returns its first row, or nullopt when it returned none (not an error).
  virtual core::Result<std::optional<Row>> QueryOne(std::string_view sql,
                                                    ParamList params = {}) = 0;
  // Runs a script of several ';'-separated statements without parameters, one by one, stopping
  // at the first failure (whose error names the failing statement). For migrations; not cached.
  virtual core::Status ExecScript(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
};

using ReadFn = std::function<core::Status(Connection&)>;
using WriteFn = std::function<core::Status(Connection&)>;

// A database: a pool of connections and the transactions run on them. Thread-safe: any thread
// may call Read and Write concurrently. Do not call Read or Write from inside a callback of
// the same Database (refused with kInternal "store.nested"): compose the work in one callback.
class Database {
 public:
  virtual ~Database() = default;

  // Runs fn on a pooled read-only connection inside one read transaction: every statement fn
  // runs sees the same consistent snapshot. Waits for a free connection. Returns fn's status;
  // writes inside fn fail ("store.error"). A throwing fn becomes "store.exception".
  virtual core::Status Read(const ReadFn& fn) = 0;

  // Runs fn inside a write transaction; atomic: when fn returns an error (or throws, which
  // becomes "store.exception") everything it did is rolled back and the error is returned.
  // Returns only after the commit is durable (fsync'd); on error nothing of fn remains.
  // Concurrent Write calls may share one database transaction (group commit), each fn in its
  // own savepoint, so one failing fn never affects the others; a failed COMMIT fails them all.
  // fn may therefore run on another thread: it must not rely on thread-local state.
  virtual core::Status Write(const WriteFn& fn) = 0;

  virtual Dialect dialect() const = 0;

  // Waits, at most `timeout`, until every write committed before the call is visible to
  // full-text searches; true when it is. SQLite indexes in the background
  // (sqlite/sqlite_search_index.hpp); a store that indexes inside the write transaction
  // (PostgreSQL) returns true at once.
  virtual bool AwaitSearchIndex(std::chrono::milliseconds timeout) {
    (void)timeout;
    return true;
  }

  // Counters since Open, for /metrics.
  struct Stats {
    static constexpr size_t kBuckets = 9;
    uint64_t commits = 0;        // successful COMMITs
    uint64_t writes = 0;         // Write calls completed (ok or not)
    uint64_t failed_writes = 0;  // Write calls that returned an error
    uint64_t reads = 0;          // Read calls completed
    uint64_t max_batch = 0;      // most Write calls sharing one transaction so far
    uint64_t syncs = 0;          // SQLite: WAL syncs of the sync thread (each covers ≥ 1 commit)
    uint64_t queue_depth = 0;    // Write calls waiting for the writer right now
    // batch_histogram[i]: transactions that carried n Write calls, 2^(i-1) < n <= 2^i, i.e.
    // buckets 1, 2, 4, 8, …, 256 (the last one also counts bigger batches).
    std::array<uint64_t, kBuckets> batch_histogram{};
    // SQLite's background full-text indexer.
    uint64_t search_indexed = 0;  // documents written
    uint64_t search_commits = 0;  // transactions of the search file
    uint64_t search_errors = 0;   // failed rounds (retried)
    bool search_rebuilding = false;
    uint64_t search_lag_commits = 0;  // commits whose changes are not searchable yet
    // SQLite's WAL checkpoints: all of them, those the writer ran itself so that the WAL could
    // start over (sqlite_checkpointer.hpp), and the writer's time in those (waiting included).
    uint64_t checkpoints = 0;
    uint64_t checkpoint_catch_ups = 0;
    uint64_t checkpoint_catch_up_micros = 0;
    uint64_t wal_restarts = 0;  // times the WAL started over from its beginning
  };
  virtual Stats stats() const = 0;
};

}  // namespace csqm::store
