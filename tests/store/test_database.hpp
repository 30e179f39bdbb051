// The database the store contract suite runs against, made in one place so that the same tests
// run on both engines: a SQLite file in a fresh temporary folder, migrated with the embedded
// schema (SqliteMigrations()); or, in the binary built with CSQM_TEST_PG
// (csqm_store_contract_pg_tests), a fresh PostgreSQL database on the process's throwaway
// server (pg_test_database.hpp).
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/sql_search.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store_test_support.hpp"
#ifdef CSQM_TEST_PG
#include "pg_test_database.hpp"
#endif

namespace csqm::store::testing {

// A migrated, empty database; nullptr (and a test failure) when it cannot be made. The
// temporary folder goes away with the last reference.
inline std::shared_ptr<Database> MakeTestDatabase() {
#ifdef CSQM_TEST_PG
  return MakePgTestDatabase();
#endif
  auto dir = std::make_shared<TempDir>();
  std::unique_ptr<SqliteDatabase> db = OpenDb(dir->File("csqm.db"));
  if (!db) return nullptr;
  const core::Status migrated = Migrate(*db, SqliteMigrations());
  if (!migrated.ok()) {
    ADD_FAILURE() << "migrate: " << migrated.error().OneLine();
    return nullptr;
  }
  const core::Status indexing = db->StartSearchIndex(std::make_shared<SqlSearchDocuments>());
  if (!indexing.ok()) {
    ADD_FAILURE() << "search index: " << indexing.error().OneLine();
    return nullptr;
  }
  // The deleter owns the folder: the database closes first, then the folder is removed.
  return std::shared_ptr<Database>(db.release(), [dir](Database* p) { delete p; });
}

}  // namespace csqm::store::testing
