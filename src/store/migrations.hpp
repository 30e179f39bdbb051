// Versioned schema migrations, recorded in schema_migrations(version, name, applied_at).
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>

#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

// One schema change: migrations/<dialect>/NNNN_name.sql becomes {NNNN, "name", file text}.
struct Migration {
  int version = 0;   // > 0, strictly increasing along a list
  std::string name;  // lower_snake, for people
  std::string sql;   // one or several ';'-separated statements, no BEGIN/COMMIT
};

// Brings the database up to the last of `migrations` (sorted by version). Creates
// schema_migrations when missing, then applies each migration newer than the newest applied
// one, in order, each in its own write transaction together with its schema_migrations row:
// a failed migration leaves no trace and stops the run (earlier ones stay applied). Safe to run
// concurrently from several processes: a version applied meanwhile is skipped. Errors:
//   kInvalidArgument    "store.bad_migrations"    versions not > 0 and strictly increasing
//   kFailedPrecondition "store.schema_too_new"    the database has a version this binary lacks
//   kFailedPrecondition "store.schema_gap"        a version older than the newest applied one
//                                                 was never applied (refused: out of order)
//   kInternal           "store.migration_failed"  a statement failed; message names the file
//   or a store error from creating/reading schema_migrations.
// `now` is written as applied_at (UTC milliseconds); the two-argument form uses the system
// clock.
core::Status Migrate(Database& db, std::span<const Migration> migrations,
                     std::chrono::sys_time<std::chrono::milliseconds> now);
core::Status Migrate(Database& db, std::span<const Migration> migrations);

// The newest applied version; nullopt for a database never migrated (no schema_migrations
// table, or an empty one). Errors: store errors.
core::Result<std::optional<int>> AppliedVersion(Database& db);
// AppliedVersion, with an error read as nullopt.
std::optional<int> CurrentVersion(Database& db);

}  // namespace csqm::store
