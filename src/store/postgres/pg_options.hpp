// How to reach a PostgreSQL database and how many connections to keep.
#pragma once

#include <string>

namespace csqm::store {

struct PgOptions {
  // A libpq connection string or URI: "postgresql://csqm@db.example:5432/csqm",
  // "host=/run/postgresql dbname=csqm". Passwords: ~/.pgpass or PGPASSWORD, never the log.
  std::string conninfo;
  // Connections opened at most (shared by Read and Write); callers beyond wait for one.
  int pool_size = 16;
  // A statement waiting longer than this for a row or table lock fails with "store.busy".
  int lock_timeout_ms = 30'000;
  // Seconds to wait for a new connection (libpq connect_timeout).
  int connect_timeout_seconds = 10;
};

}  // namespace csqm::store
