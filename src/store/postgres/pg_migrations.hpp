// The PostgreSQL schema: every src/store/migrations/postgres/NNNN_name.sql, embedded at build
// time (src/store/embed_migrations.cmake), sorted by version. Pass it to Migrate(). The
// versions match sqlite/ one for one.
#pragma once

#include <span>

#include "store/migrations.hpp"

namespace csqm::store {

std::span<const Migration> PostgresMigrations();

}  // namespace csqm::store
