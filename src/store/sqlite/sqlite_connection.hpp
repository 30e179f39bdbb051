// One SQLite connection: statement cache, parameter binding, error mapping. Used by one thread
// at a time (the writer thread, or the Read caller holding it from the pool).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/sqlite/sqlite_options.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace csqm::store {

class SqliteConnection final : public Connection {
 public:
  enum class Role { kWriter, kReader };

  // Opens options.path with csqm's pragmas (WAL, synchronous=FULL, foreign keys …). A writer
  // creates the file and switches it to WAL; a reader is query_only. Errors:
  // kFailedPrecondition "store.open_failed" naming the path and the cause.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const SqliteOptions& options,
                                                              Role role);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  core::Status Exec(std::string_view sql, ParamList params) override;
  core::Result<int64_t> ExecCount(std::string_view sql, ParamList params) override;
  core::Result<int64_t> InsertId(std::string_view sql, ParamList params) override;
  core::Result<std::vector<Row>> Query(std::string_view sql, ParamList params) override;
  core::Result<std::optional<Row>> QueryOne(std::string_view sql, ParamList params) override;
  core::Status ExecScript(std::string_view sql) override;
  Dialect dialect() const override { return Dialect::kSqlite; }

  // Transaction control (BEGIN, COMMIT, SAVEPOINT …) for the Database only; the Connection
  // methods above refuse it.
  core::Status Control(std::string_view sql);
  // True inside a transaction (false once SQLite rolled one back by itself after an error).
  bool InTransaction() const;
  // Deferred foreign-key violations pending in the current transaction.
  int64_t DeferredViolations() const;

  // Calls on_commit(frames in the WAL) after each commit of this connection (sqlite3_wal_hook;
  // this replaces SQLite's automatic checkpoint on it). Set before use, from one thread.
  void OnWalCommit(std::function<void(int)> on_commit);
  // Checkpoints the main database's WAL (not an attached one's: the search index checkpoints
  // its own): PASSIVE (never waits), or RESTART (waits for readers and the writer up to the
  // busy timeout, so the WAL can start over). Returns how many of the WAL's frames
  // the database file now holds (all checkpoints so far), or nullopt when SQLite reported an
  // error.
  std::optional<int> Checkpoint(bool restart);
  // The WAL's size in frames after this connection's last commit (0 before OnWalCommit).
  int wal_frames() const { return wal_frames_; }

  // The savepoint name the Database uses around each Write callback; refused to callbacks.
  static constexpr std::string_view kWriteSavepoint = "csqm_write";

 private:
  struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using StatementCache =
      std::unordered_map<std::string, sqlite3_stmt*, TransparentHash, std::equal_to<>>;
  class Statement;  // a cached statement, bound and in use; resets itself

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  static int WalHook(void* self, sqlite3* db, const char* schema, int frames);
  std::string Configure(const SqliteOptions& options, Role role);  // "" or the problem
  core::Result<sqlite3_stmt*> Prepare(std::string_view sql, StatementCache& cache);
  // Runs sql; on_row(stmt) is called for each row and returns false to stop early.
  template <class OnRow>
  core::Status Run(std::string_view sql, ParamList params, StatementCache& cache, OnRow on_row);
  core::Error ErrorFor(int rc, std::string_view sql) const;
  static int Authorize(void* self, int action, const char* a, const char* b, const char* c,
                       const char* d);

  sqlite3* db_ = nullptr;
  StatementCache statements_;  // the callers' SQL
  StatementCache control_;     // the Database's transaction control
  bool control_allowed_ = false;
  std::function<void(int)> on_wal_commit_;
  int wal_frames_ = 0;
};

}  // namespace csqm::store
