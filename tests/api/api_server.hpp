// A real csqm server for the API tests: a fresh data folder, the property template, an
// organisation (HQ → projects P1 and P2) with users of every role, a manual clock, and the
// HTTP server on a free port of 127.0.0.1. One per test binary; tests create their own cases.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "../support/http_client.hpp"
#include "app/ports/clock.hpp"
#include "cli/runtime.hpp"

namespace csqm::test {

inline constexpr const char* kPassword = "password-123";

class ApiServer {
 public:
  // Starts on first use; stopped at exit.
  static ApiServer& Get();

  uint16_t port() const { return runtime_->port(); }
  cli::Runtime& runtime() { return *runtime_; }
  app::Services& services() { return runtime_->services(); }
  app::ManualClock& clock() { return clock_; }
  const std::string& data_dir() const { return data_dir_; }

  // Users by login: admin, qm, manager1, supervisor1, agent1, agent1b, field1 (P1);
  // manager2, supervisor2, agent2, field2 (P2); auditor (HQ).
  app::Id UserId(const std::string& login) const { return users_.at(login); }
  app::Id UnitId(const std::string& code) const { return units_.at(code); }
  app::Id CategoryId(const std::string& key) const { return categories_.at(key); }

  ~ApiServer();

 private:
  ApiServer();
  void SeedOrganisation();
  void SeedTemplate();

  std::string data_dir_;
  app::ManualClock clock_;
  std::unique_ptr<cli::Runtime> runtime_;
  std::map<std::string, app::Id> users_;
  std::map<std::string, app::Id> units_;
  std::map<std::string, app::Id> categories_;
};

// A signed-in client: cookie session with its CSRF token, or a bearer token.
class Session {
 public:
  // Signs in as `login` (password kPassword) through POST /api/v1/session.
  explicit Session(const std::string& login);
  // Not signed in.
  static Session Anonymous();
  static Session Bearer(const std::string& token);

  ClientResponse Get(const std::string& target,
                     std::vector<std::pair<std::string, std::string>> headers = {});
  ClientResponse Post(const std::string& target, const boost::json::value& body,
                      std::vector<std::pair<std::string, std::string>> headers = {});
  ClientResponse Patch(const std::string& target, const boost::json::value& body,
                       std::vector<std::pair<std::string, std::string>> headers = {});
  ClientResponse Delete(const std::string& target,
                        std::vector<std::pair<std::string, std::string>> headers = {});
  ClientResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers = {});

  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }
  app::Id user_id() const { return user_id_; }

 private:
  Session();
  std::unique_ptr<HttpClient> client_;
  std::string cookie_;
  std::string csrf_;
  std::string bearer_;
  app::Id user_id_ = 0;
};

boost::json::object Json(const ClientResponse& r);

// Opens a case as `session` in a category of the property template; returns the JSON answer.
boost::json::object OpenCase(Session& session, const std::string& category_key,
                             const std::string& title = "测试工单", boost::json::object extra = {});

}  // namespace csqm::test
