// `csqm serve`, `csqm migrate`, `csqm audit verify`, `csqm user add|passwd`, `csqm seed`:
// the operator's commands over a data folder.
#pragma once

#include <optional>
#include <string>

namespace csqm::cli {

struct DataOptions {
  std::optional<std::string> data_dir;     // --data (overrides config)
  std::optional<std::string> config_path;  // --config
  std::optional<std::string> listen;       // --listen (serve only)
  std::optional<std::string> db;           // --db postgresql://… | sqlite:PATH (overrides config)
};

struct UserOptions {
  DataOptions data;
  std::string login;
  std::string display_name;
  std::string role = "agent";
  std::string org_unit;  // code of the organisation unit; created as a company when absent
  std::optional<std::string> password;  // else read from CSQM_PASSWORD or stdin
};

struct SeedOptions {
  DataOptions data;
  std::string template_name;  // a folder under templates/ (or a path)
  bool demo = false;
};

int RunServe(const DataOptions& options);
int RunMigrate(const DataOptions& options);
int RunAuditVerify(const DataOptions& options);
int RunUserAdd(const UserOptions& options);
int RunUserPasswd(const UserOptions& options);
int RunSeed(const SeedOptions& options);

}  // namespace csqm::cli
