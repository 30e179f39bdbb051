// csqm_test_pg_ctl start|stop STATE_FILE: a throwaway PostgreSQL shared by every process of a
// ctest run (ctest fixture csqm_pg, used by api_pg_tests, whose tests each run in a process
// of their own). `start` also migrates the template database the tests copy.
#include <cstdio>
#include <string>

#include "store/migrations.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "support/pg_server.hpp"

int main(int argc, char** argv) {
  using csqm::test::PgServer;
  const std::string command = argc == 3 ? argv[1] : "";
  if (command == "stop") return PgServer::StopShared(argv[2]);
  if (command != "start") {
    std::fprintf(stderr, "usage: csqm_test_pg_ctl start|stop STATE_FILE\n");
    return 2;
  }
  if (const int started = PgServer::StartShared(argv[2]); started != 0) return started;
  ::setenv(PgServer::kStateVariable, argv[2], 1);
  csqm::store::PgOptions options;
  options.conninfo = PgServer::Get().Uri(PgServer::kSharedTemplate);
  options.pool_size = 1;
  auto db = csqm::store::PgDatabase::Open(options);
  csqm::core::Status migrated =
      db ? csqm::store::Migrate(**db, csqm::store::PostgresMigrations()) : db.error();
  if (!migrated.ok()) {
    std::fprintf(stderr, "%s\n", migrated.error().OneLine().c_str());
    PgServer::StopShared(argv[2]);
    return 1;
  }
  return 0;
}
