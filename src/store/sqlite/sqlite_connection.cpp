#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "store/errors.hpp"
#include "store/sqlite/sqlite_checkpointer.hpp"
#include "store/sqlite/sqlite_search_tokenizer.hpp"

namespace csqm::store {
namespace {

// Distinct SQL texts kept prepared per connection; beyond this an arbitrary one is dropped.
constexpr size_t kMaxCachedStatements = 512;

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != ';') return false;
  }
  return true;
}

// True when `rest` holds no further statement (only blanks and comments).
bool HoldsNoStatement(sqlite3* db, std::string_view rest) {
  if (IsBlank(rest)) return true;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, rest.data(), static_cast<int>(rest.size()), &stmt, nullptr);
  sqlite3_finalize(stmt);
  return rc == SQLITE_OK && stmt == nullptr;
}

Row ReadRow(sqlite3_stmt* stmt) {
  const int columns = sqlite3_column_count(stmt);
  std::vector<Value> values;
  values.reserve(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
        break;
      case SQLITE_FLOAT:
        values.emplace_back(sqlite3_column_double(stmt, c));
        break;
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt, c));
        values.emplace_back(text ? std::string(text, size) : std::string());
        break;
      }
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt, c));
        values.emplace_back(blob ? std::string(blob, size) : std::string());
        break;
      }
      default:
        values.emplace_back(std::monostate{});
    }
  }
  return Row(std::move(values));
}

int BindOne(sqlite3_stmt* stmt, int index, const Value& value) {
  if (const auto* n = std::get_if<int64_t>(&value)) return sqlite3_bind_int64(stmt, index, *n);
  if (const auto* d = std::get_if<double>(&value)) return sqlite3_bind_double(stmt, index, *d);
  if (const auto* s = std::get_if<std::string>(&value)) {
    // SQLITE_STATIC: the caller's value outlives the call, and bindings are cleared after it.
    return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  return sqlite3_bind_null(stmt, index);
}

// Runs one pragma or query during open; returns the first column of its first row, or the
// error text in *error.
std::string OpenStep(sqlite3* db, const char* sql, std::string* error) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  std::string first;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      if (text) first = text;
      while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    }
  }
  if (rc != SQLITE_OK && rc != SQLITE_DONE) *error = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  return first;
}

// Why a database file cannot be opened, in words a user can act on; nullopt when the file
// system shows no reason (then SQLite's own message is all there is).
std::optional<std::pair<std::string, std::string>> DiagnoseFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path file(path);
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (fs::is_directory(file, ec)) return std::pair{"该路径是一个文件夹", "the path is a folder"};
  if (!fs::is_directory(folder, ec)) {
    return std::pair{"文件夹 " + folder.string() + " 不存在",
                     "folder " + folder.string() + " does not exist"};
  }
  if (::access(folder.c_str(), W_OK) != 0) {
    return std::pair{"文件夹 " + folder.string() + " 不可写（需要写入 -wal/-shm 文件）",
                     "folder " + folder.string() + " is not writable (WAL needs -wal/-shm files)"};
  }
  if (fs::exists(file, ec) && ::access(file.c_str(), R_OK | W_OK) != 0) {
    return std::pair{"文件不可读写", "the file is not readable and writable"};
  }
  return std::nullopt;
}

core::Error OpenFailed(const std::string& path, const std::string& sqlite_message) {
  if (auto why = DiagnoseFile(path)) {
    return OpenFailedError(path, why->first + "（" + sqlite_message + "）",
                           why->second + " (" + sqlite_message + ")");
  }
  return OpenFailedError(path, sqlite_message, sqlite_message);
}

// Process-wide settings, made once before SQLite initialises itself (sqlite3_config refuses
// them afterwards). Memory statistics off: with them on, every allocation and free in every
// connection takes one global mutex, which the writer, the readers, the search indexer and the
// checkpointer contend for (SQLite's recommended SQLITE_DEFAULT_MEMSTATUS=0).
//
// The writer's statement journals in one piece of up to kStatementJournalChunk bytes: each
// Write runs in a savepoint, and every page it changes is first copied into that savepoint's
// journal. Kept in memory by temp_store=MEMORY, the journal grows in 1 KiB pieces (SQLite's
// default): four or five allocations per page, and as many frees at the savepoint's release
// (a tenth of the writer's instructions per case). With a spill size set and
// temp_store=DEFAULT the journal is one piece of that size, and a larger one goes on in a
// temporary file. The size stays under 128 KiB: the unix VFS writes at most that much per
// call, and SQLite writes the piece whole when it spills. A case's write journals less (no
// temporary file seen in a creation run).
constexpr int kStatementJournalChunk = (128 << 10) - 8;
bool g_statement_journal_chunked = false;  // written once, under the once_flag

void ConfigureLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised
    g_statement_journal_chunked =
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalChunk) == SQLITE_OK;
  });
}

}  // namespace

// A prepared statement in use: reset and unbound when the call ends, however it ends.
class SqliteConnection::Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const SqliteOptions& options,
                                                                       Role role) {
  ConfigureLibraryOnce();
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (role == Role::kWriter ? SQLITE_OPEN_CREATE : 0);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return OpenFailed(options.path, detail);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  const std::string problem = conn->Configure(options, role);
  if (!problem.empty()) return OpenFailed(options.path, problem);
  return conn;
}

// Returns an empty string when every pragma took, else what went wrong.
std::string SqliteConnection::Configure(const SqliteOptions& options, Role role) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
  std::string error;
  if (role == Role::kWriter) {
    if (sqlite3_db_readonly(db_, "main") == 1) return "attempt to write a readonly database";
    const std::string mode = OpenStep(db_, "PRAGMA journal_mode=WAL", &error);
    if (!error.empty()) return error;
    if (mode != "wal") return "cannot switch to WAL journal mode (got '" + mode + "')";
    // The WAL file is cut back to this size when it starts over: a quarter more than the size
    // at which the writer's catch-up begins (sqlite_checkpointer.hpp), so that it is not regrown
    // every cycle.
    const int64_t wal_limit =
        int64_t{options.checkpoint_pages} * CheckpointPolicy::kCatchUpFrom * 5 / 4 * 4096;
    const std::string limit = "PRAGMA journal_size_limit=" + std::to_string(wal_limit);
    OpenStep(db_, limit.c_str(), &error);
    if (!error.empty()) return error;
  }
  if (!RegisterSearchTokenizer(db_)) return "this SQLite has no FTS5";
  if (role == Role::kReader && !options.search_path.empty()) {
    sqlite3_stmt* attach = nullptr;
    int rc = sqlite3_prepare_v2(db_, "ATTACH DATABASE ? AS search", -1, &attach, nullptr);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(attach, 1, options.search_path.c_str(), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step(attach);
    }
    sqlite3_finalize(attach);
    if (rc != SQLITE_DONE)
      return "cannot attach " + options.search_path + ": " + sqlite3_errmsg(db_);
    const std::string search_cache =
        "PRAGMA search.cache_size=-" + std::to_string(options.cache_kib);
    OpenStep(db_, search_cache.c_str(), &error);
    if (!error.empty()) return error;
  }
  const std::string cache = "PRAGMA cache_size=-" + std::to_string(options.cache_kib);
  // The writer's statement journals in one piece (above), and so the search file's, which is
  // opened as a writer too; their own temporary tables and sorts are small and stay in their
  // page caches.
  const char* temp_store = role == Role::kWriter && g_statement_journal_chunked
                               ? "PRAGMA temp_store=DEFAULT"
                               : "PRAGMA temp_store=MEMORY";
  const char* pragmas[] = {"PRAGMA synchronous=FULL",
                           "PRAGMA foreign_keys=ON",
                           temp_store,
                           cache.c_str(),
                           role == Role::kReader ? "PRAGMA query_only=1" : "PRAGMA query_only=0",
                           "SELECT count(*) FROM sqlite_master"};  // is it a database at all?
  for (const char* pragma : pragmas) {
    OpenStep(db_, pragma, &error);
    if (!error.empty()) return error;
  }
  sqlite3_set_authorizer(db_, &SqliteConnection::Authorize, this);
  return {};
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  for (auto& [sql, stmt] : control_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

int SqliteConnection::Authorize(void* self, int action, const char* /*a*/, const char* b,
                                const char* /*c*/, const char* /*d*/) {
  const auto* conn = static_cast<const SqliteConnection*>(self);
  if (conn->control_allowed_) return SQLITE_OK;
  if (action == SQLITE_TRANSACTION) return SQLITE_DENY;
  if (action == SQLITE_SAVEPOINT && b != nullptr &&
      sqlite3_stricmp(b, kWriteSavepoint.data()) == 0) {  // a literal: NUL-terminated
    return SQLITE_DENY;
  }
  return SQLITE_OK;
}

core::Error SqliteConnection::ErrorFor(int rc, std::string_view sql) const {
  const char* message = sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return ConstraintError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return BusyError(message);
    case SQLITE_AUTH:
      return StoreError(
          "transaction control belongs to Database::Read/Write; BEGIN, COMMIT, ROLLBACK and "
          "the savepoint csqm_write are refused inside a callback",
          sql);
    default:
      return StoreError(message, sql);
  }
}

core::Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql, StatementCache& cache) {
  if (auto it = cache.find(sql); it != cache.end()) return it->second;
  if (sql.size() > static_cast<size_t>(INT_MAX)) return StoreError("statement too long");
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  // SQLite re-reads a changed schema and prepares again once; a statement over the main
  // database and the attached search file may find both changed (a migration and a rebuild),
  // which takes a second round.
  int rc = SQLITE_SCHEMA;
  for (int attempt = 0; attempt < 3 && (rc & 0xff) == SQLITE_SCHEMA; ++attempt) {
    rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                            SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  }
  if (rc != SQLITE_OK) return ErrorFor(rc, sql);
  const std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!HoldsNoStatement(db_, rest)) {
    sqlite3_finalize(stmt);
    return StoreError("one statement per call (ExecScript runs several)", sql);
  }
  if (cache.size() >= kMaxCachedStatements) {
    sqlite3_finalize(cache.begin()->second);
    cache.erase(cache.begin());
  }
  cache.emplace(std::string(sql), stmt);
  return stmt;
}

template <class OnRow>
core::Status SqliteConnection::Run(std::string_view sql, ParamList params, StatementCache& cache,
                                   OnRow on_row) {
  auto prepared = Prepare(sql, cache);
  if (!prepared) return prepared.error();
  sqlite3_stmt* stmt = *prepared;
  if (stmt == nullptr) return {};  // blank SQL or only a comment
  Statement in_use(stmt);
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<size_t>(expected) != params.size()) {
    return StoreError("the statement has " + std::to_string(expected) + " parameters, " +
                          std::to_string(params.size()) + " given",
                      sql);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int rc = BindOne(stmt, static_cast<int>(i + 1), params[i]);
    if (rc != SQLITE_OK) return ErrorFor(rc, sql);
  }
  while (true) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      if (!on_row(stmt)) return {};
      continue;
    }
    if (rc == SQLITE_DONE) return {};
    return ErrorFor(rc, sql);
  }
}

core::Status SqliteConnection::Exec(std::string_view sql, ParamList params) {
  return Run(sql, params, statements_, [](sqlite3_stmt*) { return true; });
}

core::Result<int64_t> SqliteConnection::ExecCount(std::string_view sql, ParamList params) {
  const core::Status s = Run(sql, params, statements_, [](sqlite3_stmt*) { return true; });
  if (!s) return s.error();
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

core::Result<int64_t> SqliteConnection::InsertId(std::string_view sql, ParamList params) {
  const core::Result<int64_t> changed = ExecCount(sql, params);
  if (!changed) return changed.error();
  if (*changed != 1) return StoreError("the insert added no row", sql);
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

core::Result<std::vector<Row>> SqliteConnection::Query(std::string_view sql, ParamList params) {
  std::vector<Row> rows;
  const core::Status s = Run(sql, params, statements_, [&](sqlite3_stmt* stmt) {
    rows.push_back(ReadRow(stmt));
    return true;
  });
  if (!s) return s.error();
  return rows;
}

core::Result<std::optional<Row>> SqliteConnection::QueryOne(std::string_view sql,
                                                            ParamList params) {
  std::optional<Row> row;
  const core::Status s = Run(sql, params, statements_, [&](sqlite3_stmt* stmt) {
    row = ReadRow(stmt);
    return false;
  });
  if (!s) return s.error();
  return row;
}

core::Status SqliteConnection::ExecScript(std::string_view sql) {
  const char* next = sql.data();
  const char* const end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &stmt, &tail);
    if (rc != SQLITE_OK)
      return ErrorFor(rc, std::string_view(next, static_cast<size_t>(end - next)));
    const std::string_view current(next, static_cast<size_t>(tail - next));
    next = tail;
    if (stmt == nullptr) continue;  // blanks or a comment
    do {
      rc = sqlite3_step(stmt);
    } while (rc == SQLITE_ROW);
    if (rc != SQLITE_DONE) {
      core::Error error = ErrorFor(rc, current);
      sqlite3_finalize(stmt);
      return error;
    }
    sqlite3_finalize(stmt);
  }
  return {};
}

core::Status SqliteConnection::Control(std::string_view sql) {
  control_allowed_ = true;
  const core::Status s = Run(sql, {}, control_, [](sqlite3_stmt*) { return true; });
  control_allowed_ = false;
  return s;
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t SqliteConnection::DeferredViolations() const {
  int current = 0;
  int highest = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0);
  return current;
}

void SqliteConnection::OnWalCommit(std::function<void(int)> on_commit) {
  on_wal_commit_ = std::move(on_commit);
  sqlite3_wal_hook(db_, &SqliteConnection::WalHook, this);
}

int SqliteConnection::WalHook(void* self, sqlite3* /*db*/, const char* /*schema*/, int frames) {
  auto* conn = static_cast<SqliteConnection*>(self);
  conn->wal_frames_ = frames;
  if (conn->on_wal_commit_) conn->on_wal_commit_(frames);
  return SQLITE_OK;
}

std::optional<int> SqliteConnection::Checkpoint(bool restart) {
  const int mode = restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  int log_frames = 0;
  int copied_frames = 0;
  if (sqlite3_wal_checkpoint_v2(db_, "main", mode, &log_frames, &copied_frames) != SQLITE_OK)
    return std::nullopt;
  return std::max(copied_frames, 0);
}

}  // namespace csqm::store
