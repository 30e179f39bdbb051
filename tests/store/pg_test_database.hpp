// Fresh PostgreSQL databases for the store tests, on the process's throwaway server
// (tests/support/pg_server.hpp): the schema is migrated once into a template database, and
// each test gets a copy of it (CREATE DATABASE … TEMPLATE), dropped when the test is done.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "support/pg_server.hpp"

namespace csqm::store::testing {

// Opens `uri` with a pool of `pool` connections; nullptr (and a test failure) on error.
inline std::unique_ptr<PgDatabase> OpenPg(const std::string& uri, int pool = 8) {
  PgOptions options;
  options.conninfo = uri;
  options.pool_size = pool;
  auto db = PgDatabase::Open(options);
  if (!db) {
    ADD_FAILURE() << db.error().OneLine();
    return nullptr;
  }
  return std::move(*db);
}

// The migrated template, made on first use (throws when it cannot be).
inline const std::string& PgTemplateDatabase() {
  static const std::string name = [] {
    auto& server = test::PgServer::Get();
    std::string made = server.UniqueName("csqm_template");
    server.CreateDatabase(made);
    auto db = OpenPg(server.Uri(made));
    if (!db) throw std::runtime_error("cannot open the template database");
    const core::Status migrated = Migrate(*db, PostgresMigrations());
    if (!migrated.ok()) throw std::runtime_error("migrate: " + migrated.error().OneLine());
    return made;
  }();
  return name;
}

// An empty database: migrated when `migrated`, else without any table. Dropped with the last
// reference; nullptr (and a test failure) when it cannot be made.
inline std::shared_ptr<PgDatabase> MakePgDatabase(bool migrated = true, int pool = 8) {
  try {
    auto& server = test::PgServer::Get();
    const std::string name = server.UniqueName("csqm_test");
    const std::string uri =
        server.CreateDatabase(name, migrated ? PgTemplateDatabase() : std::string());
    std::unique_ptr<PgDatabase> db = OpenPg(uri, pool);
    if (!db) {
      server.DropDatabase(name);
      return nullptr;
    }
    return std::shared_ptr<PgDatabase>(db.release(), [name](PgDatabase* p) {
      delete p;
      test::PgServer::Get().DropDatabase(name);
    });
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
    return nullptr;
  }
}

inline std::shared_ptr<Database> MakePgTestDatabase() { return MakePgDatabase(true); }

}  // namespace csqm::store::testing
