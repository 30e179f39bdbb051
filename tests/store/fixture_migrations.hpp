// tests/store/fixtures/migrations/*.sql, embedded by csqm_embed_migrations.
#pragma once

#include <span>

#include "store/migrations.hpp"

namespace csqm::store::testing {

std::span<const Migration> FixtureMigrations();

}  // namespace csqm::store::testing
