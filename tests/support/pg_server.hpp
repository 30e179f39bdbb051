// A throwaway PostgreSQL 15 for the tests: Debian's server binaries run as the `postgres` user
// (root may not run them) on a free loopback port, its data in a temporary folder owned by
// postgres. One per test process, started on first use and shared by that process's tests;
// at exit the server is stopped and the folder removed (also when the process dies: a watchdog
// child notices the closed pipe and cleans up). Databases are made with psql.
#pragma once

#include <cstdint>
#include <string>

namespace csqm::test {

class PgServer {
 public:
  // The process's server; throws std::runtime_error (with the server log) when it cannot start.
  // When the environment names a state file (CSQM_TEST_PG_STATE) written by StartShared, the
  // server described there is used instead, and left running at exit.
  static PgServer& Get();
  // For ctest fixtures (suites whose every test runs in its own process, e.g. api_pg_tests):
  // starts a server that outlives this process, migrates a template database in it
  // (kSharedTemplate) and writes "port\nfolder\n" to `state_file`; StopShared stops the server
  // named there and removes its folder. Both return 0 on success (errors on stderr).
  static int StartShared(const std::string& state_file);
  static int StopShared(const std::string& state_file);
  static constexpr const char* kSharedTemplate = "csqm_template";
  static constexpr const char* kStateVariable = "CSQM_TEST_PG_STATE";
  // True when attached to a shared server (its template database exists).
  bool shared() const { return !owned_; }
  // True when Debian's PostgreSQL 15 binaries are installed (the tests need them).
  static bool Available();

  // A connection URI for database `name`: postgresql://postgres@127.0.0.1:PORT/name.
  std::string Uri(const std::string& name) const;
  // Creates database `name` (UTF8, C collation), copied from `template_name` when given;
  // returns its URI. Throws on failure.
  std::string CreateDatabase(const std::string& name, const std::string& template_name = "");
  // Drops it, ending its connections (errors ignored).
  void DropDatabase(const std::string& name);
  // A fresh database name: <prefix>_<pid>_<n>.
  std::string UniqueName(const std::string& prefix);

  uint16_t port() const { return port_; }
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

 private:
  enum class Mode { kOwned, kDetached, kAttached };
  explicit PgServer(Mode mode, const std::string& state_file = {});
  void Start(bool watchdog);
  void Stop();
  // Runs SQL on the postgres database with psql; returns its exit status, output in *out.
  int Psql(const std::string& sql, std::string* out = nullptr) const;

  std::string dir_;  // the temporary folder (socket, log, data/)
  uint16_t port_ = 0;
  int watchdog_fd_ = -1;
  int next_ = 0;
  bool running_ = false;
  bool owned_ = true;  // stopped and removed by the destructor
};

}  // namespace csqm::test
