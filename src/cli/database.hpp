// Which store a command uses, from Config::db (--db, `db = "…"` in csqm.toml, CSQM_DB):
//   ""                     SQLite in <data>/csqm.db (the default)
//   sqlite:PATH            SQLite at PATH
//   postgresql://… / postgres://…   PostgreSQL (a libpq URI; "host=… dbname=…" strings too,
//                          written as postgresql:host=… dbname=…)
// Opens it, brings the schema up to date and, on PostgreSQL, creates the coming months'
// partitions.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "platform/config.hpp"
#include "store/db.hpp"

namespace csqm::cli {

enum class StoreKind { kSqlite, kPostgres };

struct StoreLocation {
  StoreKind kind = StoreKind::kSqlite;
  std::string where;  // the SQLite file, or the libpq connection string
};

// kInvalidArgument "config.bad_db" for anything else (field "db").
core::Result<StoreLocation> ParseStoreLocation(const platform::Config& config);

// Opens the location without migrating (csqm copy reads a source as it is).
core::Result<std::unique_ptr<store::Database>> OpenStore(const StoreLocation& location,
                                                         const platform::Config& config);

// OpenStore, then Migrate with the dialect's embedded migrations (and, on PostgreSQL,
// EnsurePartitions for the next 12 months).
core::Result<std::unique_ptr<store::Database>> OpenMigratedStore(const platform::Config& config);

}  // namespace csqm::cli
