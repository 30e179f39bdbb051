#include "cli/server_commands.hpp"

#include <fmt/core.h>

#include <iostream>

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "cli/common.hpp"
#include "cli/runtime.hpp"
#include "platform/log.hpp"

namespace csqm::cli {
namespace {

core::Result<platform::Config> Configure(const DataOptions& o) {
  auto config = platform::LoadConfig(o.config_path, platform::CsqmEnvironment());
  if (!config) return config;
  if (o.data_dir) config->data_dir = *o.data_dir;
  if (o.listen) config->listen = *o.listen;
  if (o.db) config->db = *o.db;
  return config;
}

core::Result<std::unique_ptr<Runtime>> OpenData(const DataOptions& o) {
  auto config = Configure(o);
  if (!config) return config.error();
  platform::InitJsonLogging(config->log_level);
  return Runtime::Open(*config);
}

std::string ReadPassword(const std::optional<std::string>& given) {
  if (given) return *given;
  if (const char* env = std::getenv("CSQM_PASSWORD")) return env;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

}  // namespace

int RunServe(const DataOptions& options) {
  auto runtime = OpenData(options);
  if (!runtime) return ReportError(runtime.error());
  if (auto st = (*runtime)->Serve(); !st) return ReportError(st.error());
  fmt::print("csqm 已启动 / csqm is serving on http://{}:{}/\n", Configure(options)->host(),
             (*runtime)->port());
  std::fflush(stdout);
  (*runtime)->Wait();
  return 0;
}

int RunMigrate(const DataOptions& options) {
  auto runtime = OpenData(options);
  if (!runtime) return ReportError(runtime.error());
  fmt::print("数据库结构已是最新 / the database schema is up to date\n");
  return 0;
}

int RunAuditVerify(const DataOptions& options) {
  auto runtime = OpenData(options);
  if (!runtime) return ReportError(runtime.error());
  auto& s = (*runtime)->services();
  auto verdict = app::VerifyAudit(s.store, s.crypto);
  if (!verdict) return ReportError(verdict.error());
  if (verdict->first_bad) {
    fmt::print(stderr,
               "审计日志被篡改：第 {} 行（{}）/ the audit log was tampered with: row {} ({})\n",
               *verdict->first_bad, verdict->reason, *verdict->first_bad, verdict->reason);
    return 1;
  }
  fmt::print("审计日志完整：{} 行 / the audit log is intact: {} rows\n", verdict->rows,
             verdict->rows);
  return 0;
}

int RunUserAdd(const UserOptions& options) {
  auto runtime = OpenData(options.data);
  if (!runtime) return ReportError(runtime.error());
  auto role = core::ParseRole(options.role);
  if (!role) {
    return ReportError(core::MakeError(core::ErrorCode::kInvalidArgument, "user.bad_role",
                                       "未知角色“" + options.role + "”",
                                       "unknown role \"" + options.role + "\"", "--role"));
  }
  auto& s = (*runtime)->services();
  auto hash = s.crypto.HashPassword(ReadPassword(options.password));
  if (!hash) return ReportError(hash.error(), "--password");
  const auto now = s.clock.Now();
  app::User created;
  auto st = s.store.Write([&](app::Tx& tx) -> core::Status {
    app::Id unit_id = 0;
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    const std::string code = options.org_unit.empty() ? "HQ" : options.org_unit;
    for (const auto& u : *units) {
      if (u.code == code) unit_id = u.id;
    }
    if (unit_id == 0) {
      app::OrgUnit unit{0, std::nullopt, "company", code, code, "", now, 1};
      auto added = tx.Org().InsertUnit(unit);
      if (!added) return added.error();
      unit_id = added->id;
    }
    app::User u;
    u.login = options.login;
    u.display_name = options.display_name.empty() ? options.login : options.display_name;
    u.password_hash = *hash;
    u.role = *role;
    u.org_unit_id = unit_id;
    u.created_at = now;
    auto added = tx.Org().InsertUser(std::move(u));
    if (!added) return added.error();
    created = std::move(*added);
    return app::AppendAudit(tx, s.crypto, now, std::nullopt, "user.create", "user", created.id,
                            "{\"login\":\"" + created.login + "\",\"via\":\"cli\"}");
  });
  if (!st) return ReportError(st.error());
  fmt::print("已创建用户 / created user {} (id {}, {})\n", created.login, created.id,
             core::RoleName(created.role));
  return 0;
}

int RunUserPasswd(const UserOptions& options) {
  auto runtime = OpenData(options.data);
  if (!runtime) return ReportError(runtime.error());
  auto& s = (*runtime)->services();
  auto hash = s.crypto.HashPassword(ReadPassword(options.password));
  if (!hash) return ReportError(hash.error(), "--password");
  const auto now = s.clock.Now();
  auto st = s.store.Write([&](app::Tx& tx) -> core::Status {
    auto user = tx.Org().GetUserByLogin(options.login);
    if (!user) return user.error();
    app::User u = *user;
    u.password_hash = *hash;
    auto saved = tx.Org().UpdateUser(u, user->version);
    if (!saved) return saved.error();
    if (auto st2 = tx.Org().DeleteSessionsOf(u.id); !st2) return st2;
    return app::AppendAudit(tx, s.crypto, now, std::nullopt, "user.password", "user", u.id,
                            "{\"via\":\"cli\"}");
  });
  if (!st) return ReportError(st.error());
  fmt::print("已修改密码，原有会话已失效 / password changed; existing sessions ended: {}\n",
             options.login);
  return 0;
}

}  // namespace csqm::cli
