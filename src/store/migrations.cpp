#include "store/migrations.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "store/errors.hpp"

namespace csqm::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
// PostgreSQL's INTEGER has 32 bits: applied_at (milliseconds) needs BIGINT.
constexpr std::string_view kCreateTablePostgres =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// SQLite's single writer serialises migrating processes; on PostgreSQL each migrating
// transaction first takes this advisory lock (released at its end), so that two nodes starting
// at once never run the same file twice.
core::Status LockMigrations(Connection& conn) {
  if (conn.dialect() != Dialect::kPostgres) return {};
  return conn.Exec("SELECT pg_advisory_xact_lock(7731000)");
}

std::string_view TableExistsSql(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite:
      return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
    case Dialect::kPostgres:
      return "SELECT 1 FROM information_schema.tables "
             "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
  }
  return {};
}

std::string Label(const Migration& m) {
  std::string number = std::to_string(m.version);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  return number + "_" + m.name;
}

core::Status CheckList(std::span<const Migration> migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument, "store.bad_migrations",
          "迁移版本号必须为正且严格递增：" + Label(m),
          "migration versions must be positive and strictly increasing: " + Label(m));
    }
    previous = m.version;
  }
  return {};
}

core::Result<std::vector<int>> AppliedVersions(Database& db) {
  std::vector<int> versions;
  const core::Status read = db.Read([&](Connection& conn) -> core::Status {
    auto rows = conn.Query("SELECT version FROM schema_migrations ORDER BY version");
    if (!rows) return rows.error();
    for (const Row& row : *rows) versions.push_back(static_cast<int>(row.Int(0)));
    return {};
  });
  if (!read) return read.error();
  return versions;
}

// Refuses a database that is ahead of the binary or has a hole below its newest version.
core::Status CheckApplied(const std::vector<int>& applied, std::span<const Migration> known) {
  if (applied.empty()) return {};
  const int newest = applied.back();
  const int known_newest = known.empty() ? 0 : known.back().version;
  if (newest > known_newest) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, std::string(kReasonSchemaTooNew),
                           "数据库结构版本 " + std::to_string(newest) + " 比本程序支持的版本 " +
                               std::to_string(known_newest) + " 更新，请升级程序",
                           "the database schema is at version " + std::to_string(newest) +
                               ", newer than this binary knows (" + std::to_string(known_newest) +
                               "): upgrade the binary");
  }
  for (const Migration& m : known) {
    if (m.version >= newest) break;
    if (!std::binary_search(applied.begin(), applied.end(), m.version)) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "store.schema_gap",
                             "迁移 " + Label(m) + " 从未执行，但数据库已在版本 " +
                                 std::to_string(newest) + "，拒绝乱序执行",
                             "migration " + Label(m) +
                                 " was never applied but the database is "
                                 "at version " +
                                 std::to_string(newest) + ": refusing to apply out of order");
    }
  }
  return {};
}

core::Status Apply(Database& db, const Migration& m, int64_t now_ms) {
  const core::Status written = db.Write([&](Connection& conn) -> core::Status {
    if (core::Status locked = LockMigrations(conn); !locked) return locked;
    // Another process may have applied it since we looked.
    auto done = conn.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?",
                              {Value(int64_t{m.version})});
    if (!done) return done.error();
    if (done->has_value()) return {};
    if (core::Status s = conn.ExecScript(m.sql); !s) return s;
    return conn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                     Params(m.version, m.name, now_ms));
  });
  if (written) return {};
  const core::Error& e = written.error();
  return core::MakeError(core::ErrorCode::kInternal, "store.migration_failed",
                         "迁移 " + Label(m) + " 失败：" + e.message_zh,
                         "migration " + Label(m) + " failed: " + e.message_en);
}

}  // namespace

core::Status Migrate(Database& db, std::span<const Migration> migrations,
                     std::chrono::sys_time<std::chrono::milliseconds> now) {
  if (core::Status s = CheckList(migrations); !s) return s;
  const core::Status created = db.Write([](Connection& conn) -> core::Status {
    if (core::Status locked = LockMigrations(conn); !locked) return locked;
    return conn.Exec(conn.dialect() == Dialect::kPostgres ? kCreateTablePostgres : kCreateTable);
  });
  if (!created) return created;
  auto applied = AppliedVersions(db);
  if (!applied) return applied.error();
  if (core::Status s = CheckApplied(*applied, migrations); !s) return s;
  const int newest = applied->empty() ? 0 : applied->back();
  const int64_t now_ms = now.time_since_epoch().count();
  for (const Migration& m : migrations) {
    if (m.version <= newest) continue;
    if (core::Status s = Apply(db, m, now_ms); !s) return s;
  }
  return {};
}

core::Status Migrate(Database& db, std::span<const Migration> migrations) {
  return Migrate(db, migrations,
                 std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

core::Result<std::optional<int>> AppliedVersion(Database& db) {
  std::optional<int> version;
  const core::Status read = db.Read([&](Connection& conn) -> core::Status {
    auto exists = conn.QueryOne(TableExistsSql(conn.dialect()));
    if (!exists) return exists.error();
    if (!exists->has_value()) return {};
    auto newest = conn.QueryOne("SELECT MAX(version) FROM schema_migrations");
    if (!newest) return newest.error();
    if (newest->has_value() && !(*newest)->IsNull(0)) {
      version = static_cast<int>((*newest)->Int(0));
    }
    return {};
  });
  if (!read) return read.error();
  return version;
}

std::optional<int> CurrentVersion(Database& db) {
  auto version = AppliedVersion(db);
  return version ? *version : std::nullopt;
}

}  // namespace csqm::store
