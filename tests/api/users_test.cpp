// /api/v1/users: listing by scope and role with cursors, admin-only changes, passwords and the
// sessions they end. No answer carries a password hash.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string UserPath(app::Id id, const std::string& tail = "") {
  return "/api/v1/users/" + std::to_string(id) + tail;
}

std::set<std::string> Logins(Session& s, const std::string& target) {
  auto r = s.Get(target);
  EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  std::set<std::string> logins;
  const auto users = Json(r)["items"].as_array();
  for (const auto& u : users) {
    EXPECT_FALSE(u.as_object().contains("password_hash"));
    logins.insert(std::string(u.as_object().at("login").as_string()));
  }
  return logins;
}

json::object NewUser(const std::string& login, const std::string& unit = "P1") {
  return json::object{{"login", login},
                      {"display_name", "新员工 " + login},
                      {"role", "agent"},
                      {"org_unit_id", ApiServer::Get().UnitId(unit)},
                      {"supervisor_id", ApiServer::Get().UserId("supervisor1")},
                      {"phone", "13900000000"},
                      {"email", login + "@example.test"},
                      {"password", kPassword}};
}

app::Id CreateUser(Session& admin, const std::string& login) {
  auto r = admin.Post("/api/v1/users", NewUser(login));
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r)["id"].as_int64();
}

TEST(UsersApi, ListsAreScopedByUnitAndRoleAndFilterable) {
  Session admin("admin"), qm("qm"), manager("manager1"), supervisor("supervisor2");
  const auto all = Logins(admin, "/api/v1/users?limit=200");
  for (const char* login : {"admin", "qm", "auditor", "manager1", "agent1", "field2"}) {
    EXPECT_TRUE(all.count(login)) << login;
  }
  EXPECT_EQ(Logins(qm, "/api/v1/users?limit=200"), all);
  EXPECT_EQ(Logins(manager, "/api/v1/users"),
            (std::set<std::string>{"manager1", "supervisor1", "agent1", "agent1b", "field1"}));
  EXPECT_EQ(Logins(supervisor, "/api/v1/users?role=field_staff"), std::set<std::string>{"field2"});
  EXPECT_EQ(Logins(admin, "/api/v1/users?role=agent&org_unit_id=" +
                              std::to_string(ApiServer::Get().UnitId("P1"))),
            (std::set<std::string>{"agent1", "agent1b"}));
  for (const char* login : {"agent1", "field1", "auditor"}) {
    Session other(login);
    auto r = other.Get("/api/v1/users");
    EXPECT_EQ(r.status, 403) << login;
    EXPECT_EQ(Json(r)["code"], "auth.forbidden");
  }
  auto outside =
      manager.Get("/api/v1/users?org_unit_id=" + std::to_string(ApiServer::Get().UnitId("P2")));
  EXPECT_EQ(outside.status, 403);
  auto bad_role = admin.Get("/api/v1/users?role=boss");
  EXPECT_EQ(bad_role.status, 400);
  EXPECT_EQ(Json(bad_role)["code"], "user.bad_role");
  EXPECT_EQ(Json(admin.Get("/api/v1/users?active=maybe"))["field"], "active");
}

TEST(UsersApi, CursorPaginationVisitsEveryUserOnce) {
  Session admin("admin");
  const auto all = Logins(admin, "/api/v1/users?limit=200");
  std::set<std::string> seen;
  std::string next = "/api/v1/users?limit=5";
  int pages = 0;
  while (!next.empty() && pages < 100) {
    auto page = Json(admin.Get(next));
    EXPECT_LE(page["items"].as_array().size(), 5u);
    for (const auto& u : page["items"].as_array()) {
      EXPECT_TRUE(seen.insert(std::string(u.as_object().at("login").as_string())).second);
    }
    next = page["next_cursor"].is_null()
               ? ""
               : "/api/v1/users?limit=5&after=" + std::string(page["next_cursor"].as_string());
    ++pages;
  }
  EXPECT_EQ(seen, all);
  EXPECT_GE(pages, 3);
}

TEST(UsersApi, AdminCreatesUsersWithUniqueLoginsAndHashedPasswords) {
  Session admin("admin");
  auto r = admin.Post("/api/v1/users", NewUser("newagent"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto user = Json(r);
  EXPECT_EQ(user["role"], "agent");
  EXPECT_EQ(user["active"], true);
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_FALSE(user.contains("password"));
  EXPECT_EQ(r.Header("ETag").value_or(""), "\"v1\"");
  Session signed_in("newagent");  // the password works
  EXPECT_EQ(signed_in.user_id(), user["id"].as_int64());
  auto dup = admin.Post("/api/v1/users", NewUser("newagent"));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(Json(dup)["code"], "store.constraint");
  EXPECT_EQ(Json(dup)["field"], "login");
  struct Bad {
    const char* key;
    json::value value;
    const char* code;
    const char* field;
  } cases[] = {
      {"password", "short", "auth.weak_password", "password"},
      {"role", "boss", "user.bad_role", "role"},
      {"login", "bad login", "user.bad_login", "login"},
      {"display_name", "", "user.bad_display_name", "display_name"},
      {"org_unit_id", 987654, "user.bad_org_unit", "org_unit_id"},
      {"supervisor_id", 987654, "user.bad_supervisor", "supervisor_id"},
      {"email", "no-at-sign", "user.bad_email", "email"},
      {"org_unit_id", "P1", "json.wrong_type", "org_unit_id"},
  };
  int n = 0;
  for (const auto& c : cases) {
    auto body = NewUser("bad" + std::to_string(n++));
    body[c.key] = c.value;
    auto bad = admin.Post("/api/v1/users", body);
    EXPECT_EQ(bad.status, 400) << c.key;
    EXPECT_EQ(Json(bad)["code"], c.code) << bad.body;
    EXPECT_EQ(Json(bad)["field"], c.field) << bad.body;
  }
  auto missing = admin.Post("/api/v1/users", json::object{{"login", "x"}});
  EXPECT_EQ(Json(missing)["code"], "json.missing_field");
  for (const char* login : {"qm", "manager1", "supervisor1", "agent1", "auditor"}) {
    Session other(login);
    EXPECT_EQ(other.Post("/api/v1/users", NewUser(std::string("by-") + login)).status, 403)
        << login;
  }
}

TEST(UsersApi, ReadingOneUserFollowsScope) {
  Session manager("manager1"), agent("agent1");
  auto& server = ApiServer::Get();
  auto own = manager.Get(UserPath(server.UserId("agent1")));
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(Json(own)["login"], "agent1");
  EXPECT_FALSE(Json(own).contains("password_hash"));
  EXPECT_EQ(manager.Get(UserPath(server.UserId("agent2"))).status, 404) << "other unit";
  EXPECT_EQ(agent.Get(UserPath(server.UserId("agent1"))).status, 200) << "oneself";
  EXPECT_EQ(agent.Get(UserPath(server.UserId("agent1b"))).status, 403);
  EXPECT_EQ(Session("admin").Get(UserPath(987654)).status, 404);
}

TEST(UsersApi, AdminChangesRoleUnitAndActiveWithIfMatch) {
  Session admin("admin");
  const auto id = CreateUser(admin, "mover");
  Session mover("mover");
  auto get = admin.Get(UserPath(id));
  const std::string etag = get.Header("ETag").value_or("");
  auto r = admin.Patch(UserPath(id),
                       json::object{{"role", "supervisor"},
                                    {"org_unit_id", ApiServer::Get().UnitId("P2")},
                                    {"supervisor_id", nullptr},
                                    {"display_name", "调岗员工"}},
                       {{"If-Match", etag}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["role"], "supervisor");
  EXPECT_EQ(Json(r)["org_unit_id"], ApiServer::Get().UnitId("P2"));
  EXPECT_TRUE(Json(r)["supervisor_id"].is_null());
  auto stale = admin.Patch(UserPath(id), json::object{{"display_name", "x"}}, {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "store.version_mismatch");
  auto readonly = admin.Patch(UserPath(id), json::object{{"login", "renamed"}});
  EXPECT_EQ(Json(readonly)["code"], "user.readonly_field");
  EXPECT_EQ(Json(readonly)["field"], "login");
  auto hash = admin.Patch(UserPath(id), json::object{{"password_hash", "x"}});
  EXPECT_EQ(hash.status, 400);
  EXPECT_EQ(mover.Get("/api/v1/session").status, 200);
  auto off = admin.Patch(UserPath(id), json::object{{"active", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Json(off)["active"], false);
  EXPECT_EQ(mover.Get("/api/v1/session").status, 401) << "deactivation ends the sessions";
  auto self = admin.Patch(UserPath(admin.user_id()), json::object{{"active", false}});
  EXPECT_EQ(self.status, 400);
  EXPECT_EQ(Json(self)["code"], "user.cannot_deactivate_self");
  EXPECT_EQ(Json(self)["field"], "active");
  EXPECT_EQ(
      Session("manager1")
          .Patch(UserPath(ApiServer::Get().UserId("agent1")), json::object{{"display_name", "x"}})
          .status,
      403);
}

TEST(UsersApi, OwnPasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  Session admin("admin");
  const auto id = CreateUser(admin, "pwuser");
  Session here("pwuser"), elsewhere("pwuser");
  auto wrong = here.Post(
      UserPath(id, "/password"),
      json::object{{"current_password", "not-it-at-all"}, {"new_password", "new-password-1"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Json(wrong)["code"], "user.wrong_password");
  EXPECT_EQ(Json(wrong)["field"], "current_password");
  auto weak = here.Post(UserPath(id, "/password"),
                        json::object{{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(Json(weak)["code"], "auth.weak_password");
  EXPECT_EQ(Json(weak)["field"], "new_password");
  auto ok = here.Post(UserPath(id, "/password"), json::object{{"current_password", kPassword},
                                                              {"new_password", "new-password-1"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(here.Get("/api/v1/session").status, 200) << "the caller's own session stays";
  EXPECT_EQ(elsewhere.Get("/api/v1/session").status, 401) << "other sessions end";
  auto anon = Session::Anonymous();
  EXPECT_EQ(anon.Post("/api/v1/session", json::object{{"login", "pwuser"}, {"password", kPassword}})
                .status,
            401);
  EXPECT_EQ(anon.Post("/api/v1/session",
                      json::object{{"login", "pwuser"}, {"password", "new-password-1"}})
                .status,
            201);
}

TEST(UsersApi, AdminResetsAPasswordWithoutTheCurrentOneOthersMayNot) {
  Session admin("admin"), agent("agent1");
  const auto id = CreateUser(admin, "resetme");
  Session victim("resetme");
  EXPECT_EQ(
      agent.Post(UserPath(id, "/password"), json::object{{"new_password", "hijacked-123"}}).status,
      403);
  auto ok =
      admin.Post(UserPath(id, "/password"), json::object{{"new_password", "reset-password-9"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(victim.Get("/api/v1/session").status, 401);
  auto anon = Session::Anonymous();
  EXPECT_EQ(anon.Post("/api/v1/session",
                      json::object{{"login", "resetme"}, {"password", "reset-password-9"}})
                .status,
            201);
  EXPECT_EQ(admin.Get("/api/v1/session").status, 200) << "the admin's own session is untouched";
  auto self_without = admin.Post(UserPath(admin.user_id(), "/password"),
                                 json::object{{"new_password", "another-pass-1"}});
  EXPECT_EQ(Json(self_without)["code"], "user.wrong_password") << "even an admin proves it is them";
  EXPECT_EQ(
      admin.Post(UserPath(987654, "/password"), json::object{{"new_password", "whatever-123"}})
          .status,
      404);
}

}  // namespace
}  // namespace csqm::test
