// The SQLite schema: every src/store/migrations/sqlite/NNNN_name.sql, embedded at build time
// (src/store/embed_migrations.cmake), sorted by version. Pass it to Migrate().
#pragma once

#include <span>

#include "store/migrations.hpp"

namespace csqm::store {

std::span<const Migration> SqliteMigrations();

}  // namespace csqm::store
