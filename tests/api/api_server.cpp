#include "api_server.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "app/audit.hpp"
#include "app/seed.hpp"
#include "platform/template_files.hpp"
#ifdef CSQM_TEST_PG
#include "support/pg_server.hpp"
#endif

namespace csqm::test {
namespace json = boost::json;

namespace {

// Monday 2 March 2026, 10:00 in Shanghai: a working morning.
const core::Instant kStart = core::Instant(std::chrono::seconds(1772416800));

#ifdef CSQM_TEST_PG
std::string pg_database;  // this process's database on the test PostgreSQL, dropped at exit
#endif

void Check(const core::Status& st, const char* what) {
  if (!st) throw std::runtime_error(std::string(what) + ": " + st.error().OneLine());
}

}  // namespace

ApiServer& ApiServer::Get() {
  static ApiServer server;
  return server;
}

ApiServer::ApiServer() : clock_(kStart) {
  data_dir_ = (std::filesystem::temp_directory_path() / ("csqm-api-" + std::to_string(::getpid())))
                  .string();
  std::filesystem::remove_all(data_dir_);
  platform::Config config;
  config.data_dir = data_dir_;
  config.listen = "127.0.0.1:0";
  config.web_dir = "/nonexistent";
  config.worker_threads = 16;
#ifdef CSQM_TEST_PG
  // api_pg_tests: the same tests on a database of the process's throwaway PostgreSQL.
  auto& pg = PgServer::Get();
  pg_database = pg.UniqueName("csqm_api");
  config.db =
      pg.CreateDatabase(pg_database, pg.shared() ? PgServer::kSharedTemplate : std::string());
#endif
  auto runtime = cli::Runtime::Open(config, &clock_);
  if (!runtime) throw std::runtime_error(runtime.error().OneLine());
  runtime_ = std::move(*runtime);
  SeedTemplate();
  SeedOrganisation();
  Check(runtime_->Serve(/*run_timers=*/false), "serve");
}

ApiServer::~ApiServer() {
  runtime_->Stop();
  runtime_.reset();
  std::filesystem::remove_all(data_dir_);
#ifdef CSQM_TEST_PG
  PgServer::Get().DropDatabase(pg_database);
#endif
}

void ApiServer::SeedTemplate() {
  auto files = platform::ReadTemplateFiles(std::string(CSQM_SOURCE_DIR) + "/templates/property");
  if (!files) throw std::runtime_error(files.error().OneLine());
  auto report = app::LoadTemplate(services(), *files);
  if (!report) throw std::runtime_error(report.error().OneLine());
  Check(services().store.Read([&](app::Tx& tx) -> core::Status {
    auto categories = tx.Config().ListCategories();
    if (!categories) return categories.error();
    for (const auto& c : *categories) categories_[c.key] = c.id;
    return {};
  }),
        "categories");
}

void ApiServer::SeedOrganisation() {
  auto& s = services();
  auto hash = s.crypto.HashPassword(kPassword);
  Check(hash ? core::Status{} : core::Status{hash.error()}, "hash");
  struct UserSpec {
    const char* login;
    core::Role role;
    const char* unit;
    const char* supervisor;
    const char* phone;
  };
  const UserSpec specs[] = {
      {"admin", core::Role::kAdmin, "HQ", nullptr, ""},
      {"qm", core::Role::kQualityManager, "HQ", nullptr, ""},
      {"auditor", core::Role::kAuditor, "HQ", nullptr, ""},
      {"manager1", core::Role::kManager, "P1", nullptr, ""},
      {"supervisor1", core::Role::kSupervisor, "P1", "manager1", ""},
      {"agent1", core::Role::kAgent, "P1", "supervisor1", "13800000001"},
      {"agent1b", core::Role::kAgent, "P1", "supervisor1", ""},
      {"field1", core::Role::kFieldStaff, "P1", "supervisor1", ""},
      {"manager2", core::Role::kManager, "P2", nullptr, ""},
      {"supervisor2", core::Role::kSupervisor, "P2", "manager2", ""},
      {"agent2", core::Role::kAgent, "P2", "supervisor2", ""},
      {"field2", core::Role::kFieldStaff, "P2", "supervisor2", ""},
  };
  const auto now = clock_.Now();
  Check(s.store.Write([&](app::Tx& tx) -> core::Status {
    app::OrgUnit hq{0, std::nullopt, "company", "HQ", "示例物业公司", "", now, 1};
    auto added = tx.Org().InsertUnit(hq);
    if (!added) return added.error();
    units_["HQ"] = added->id;
    for (const char* code : {"P1", "P2"}) {
      app::OrgUnit p{0, units_["HQ"], "project", code, std::string("项目 ") + code, "", now, 1};
      auto project = tx.Org().InsertUnit(p);
      if (!project) return project.error();
      units_[code] = project->id;
    }
    for (const auto& spec : specs) {
      app::User u;
      u.login = spec.login;
      u.display_name = std::string("测试 ") + spec.login;
      u.password_hash = *hash;
      u.role = spec.role;
      u.org_unit_id = units_[spec.unit];
      if (spec.supervisor) u.supervisor_id = users_.at(spec.supervisor);
      u.phone = spec.phone;
      u.email = std::string(spec.login) + "@example.test";
      u.created_at = now;
      auto user = tx.Org().InsertUser(std::move(u));
      if (!user) return user.error();
      users_[spec.login] = user->id;
    }
    return app::AppendAudit(tx, s.crypto, now, std::nullopt, "test.seed", "org", std::nullopt,
                            "{}");
  }),
        "organisation");
}

Session::Session() : client_(std::make_unique<HttpClient>("127.0.0.1", ApiServer::Get().port())) {}

Session Session::Anonymous() { return Session(); }

Session Session::Bearer(const std::string& token) {
  Session s;
  s.bearer_ = token;
  return s;
}

Session::Session(const std::string& login) : Session() {
  auto r =
      client_->Request("POST", "/api/v1/session",
                       json::serialize(json::object{{"login", login}, {"password", kPassword}}));
  if (r.status != 201) throw std::runtime_error("login " + login + ": " + r.body);
  for (const auto& c : r.set_cookies) {
    if (c.rfind("csqm_session=", 0) == 0) cookie_ = c.substr(0, c.find(';'));
  }
  auto body = Json(r);
  csrf_ = std::string(body["csrf_token"].as_string());
  user_id_ = body["user"].as_object()["id"].as_int64();
}

ClientResponse Session::Send(const std::string& method, const std::string& target,
                             const std::string& body,
                             std::vector<std::pair<std::string, std::string>> headers) {
  if (!cookie_.empty()) {
    headers.emplace_back("Cookie", cookie_);
    if (method != "GET" && method != "HEAD") headers.emplace_back("X-CSRF-Token", csrf_);
  }
  if (!bearer_.empty()) headers.emplace_back("Authorization", "Bearer " + bearer_);
  return client_->Request(method, target, body, headers);
}

ClientResponse Session::Get(const std::string& target,
                            std::vector<std::pair<std::string, std::string>> headers) {
  return Send("GET", target, "", std::move(headers));
}

ClientResponse Session::Post(const std::string& target, const json::value& body,
                             std::vector<std::pair<std::string, std::string>> headers) {
  return Send("POST", target, json::serialize(body), std::move(headers));
}

ClientResponse Session::Patch(const std::string& target, const json::value& body,
                              std::vector<std::pair<std::string, std::string>> headers) {
  return Send("PATCH", target, json::serialize(body), std::move(headers));
}

ClientResponse Session::Delete(const std::string& target,
                               std::vector<std::pair<std::string, std::string>> headers) {
  return Send("DELETE", target, "", std::move(headers));
}

json::object Json(const ClientResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object (status " << r.status << "): " << r.body;
    return {};
  }
  return v.as_object();
}

json::object OpenCase(Session& session, const std::string& category_key, const std::string& title,
                      json::object extra) {
  json::object body{{"category_id", ApiServer::Get().CategoryId(category_key)},
                    {"title", title},
                    {"description", "业主来电反映：" + title},
                    {"channel", "phone"}};
  for (auto& [k, v] : extra) body[k] = v;
  auto r = session.Post("/api/v1/cases", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

}  // namespace csqm::test
