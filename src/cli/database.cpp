#include "cli/database.hpp"

#include <chrono>

#include "store/migrations.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/pg_partitions.hpp"
#include "store/sql_search.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

namespace csqm::cli {
namespace {

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

core::Result<StoreLocation> ParseStoreLocation(const platform::Config& config) {
  const std::string& db = config.db;
  if (db.empty()) return StoreLocation{StoreKind::kSqlite, config.data_dir + "/csqm.db"};
  if (StartsWith(db, "sqlite:") && db.size() > 7) {
    return StoreLocation{StoreKind::kSqlite, db.substr(7)};
  }
  if (StartsWith(db, "postgresql://") || StartsWith(db, "postgres://")) {
    return StoreLocation{StoreKind::kPostgres, db};
  }
  if (StartsWith(db, "postgresql:") && db.size() > 11) {
    return StoreLocation{StoreKind::kPostgres, db.substr(11)};
  }
  return core::MakeError(
      core::ErrorCode::kInvalidArgument, "config.bad_db",
      "数据库应为 postgresql://用户@主机:端口/库名 或 sqlite:路径（留空为数据目录中的 SQLite）",
      "db must be postgresql://USER@HOST:PORT/DB or sqlite:PATH (empty: SQLite in the data "
      "folder)",
      "db");
}

core::Result<std::unique_ptr<store::Database>> OpenStore(const StoreLocation& location,
                                                         const platform::Config& config) {
  if (location.kind == StoreKind::kPostgres) {
    store::PgOptions options;
    options.conninfo = location.where;
    options.pool_size = config.db_pool;
    auto db = store::PgDatabase::Open(options);
    if (!db) return db.error();
    return std::unique_ptr<store::Database>(std::move(*db));
  }
  store::SqliteOptions options;
  options.path = location.where;
  options.readers = config.readers;
  options.max_batch = config.max_batch;
  options.checkpoint_pages = config.checkpoint_pages;
  auto db = store::SqliteDatabase::Open(options);
  if (!db) return db.error();
  return std::unique_ptr<store::Database>(std::move(*db));
}

core::Result<std::unique_ptr<store::Database>> OpenMigratedStore(const platform::Config& config) {
  auto location = ParseStoreLocation(config);
  if (!location) return location.error();
  auto db = OpenStore(*location, config);
  if (!db) return db.error();
  const bool postgres = location->kind == StoreKind::kPostgres;
  if (auto st =
          store::Migrate(**db, postgres ? store::PostgresMigrations() : store::SqliteMigrations());
      !st) {
    return st.error();
  }
  if (postgres) {
    const auto now =
        std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (auto made = store::EnsurePartitions(**db, now); !made) return made.error();
  } else if (auto st = static_cast<store::SqliteDatabase&>(**db).StartSearchIndex(
                 std::make_shared<store::SqlSearchDocuments>());
             !st) {
    return st.error();
  }
  return db;
}

}  // namespace csqm::cli
