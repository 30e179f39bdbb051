// /api/v1/session and /api/v1/api-tokens through a real socket.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

TEST(SessionApi, LoginSetsHttpOnlyCookieAndReturnsCsrfToken) {
  auto anon = Session::Anonymous();
  auto r = anon.Post("/api/v1/session", json::object{{"login", "agent1"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.set_cookies.size(), 1u);
  EXPECT_NE(r.set_cookies[0].find("HttpOnly"), std::string::npos);
  EXPECT_NE(r.set_cookies[0].find("SameSite=Lax"), std::string::npos);
  auto body = Json(r);
  EXPECT_EQ(body["user"].as_object()["login"], "agent1");
  EXPECT_EQ(body["user"].as_object()["role"], "agent");
  EXPECT_FALSE(body["user"].as_object().contains("password_hash"));
  EXPECT_FALSE(body["csrf_token"].as_string().empty());
}

TEST(SessionApi, WrongPasswordAndUnknownLoginGetTheSame401) {
  auto anon = Session::Anonymous();
  auto wrong =
      anon.Post("/api/v1/session", json::object{{"login", "agent1"}, {"password", "nope-nope"}});
  auto unknown =
      anon.Post("/api/v1/session", json::object{{"login", "ghost"}, {"password", "nope-nope"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Json(wrong)["code"], "auth.bad_credentials");
  EXPECT_EQ(Json(unknown)["code"], "auth.bad_credentials");
  EXPECT_EQ(wrong.Header("Content-Type").value_or(""), "application/problem+json");
}

TEST(SessionApi, MissingFieldsAre400NamingTheField) {
  auto anon = Session::Anonymous();
  auto r = anon.Post("/api/v1/session", json::object{{"login", "agent1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json(r)["field"], "password");
}

TEST(SessionApi, UnauthenticatedApiCallsGet401) {
  auto anon = Session::Anonymous();
  for (const char* path :
       {"/api/v1/session", "/api/v1/cases", "/api/v1/cases/1", "/api/v1/api-tokens"}) {
    auto r = anon.Get(path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(Json(r)["code"], "auth.required") << path;
  }
}

TEST(SessionApi, CookieSessionNeedsCsrfTokenForChanges) {
  Session agent("agent1");
  HttpClient raw("127.0.0.1", ApiServer::Get().port());
  auto forged = raw.Request("POST", "/api/v1/api-tokens", R"({"name":"x"})",
                            {{"Cookie", agent.cookie()}, {"X-CSRF-Token", "forged"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(Json(forged)["code"], "auth.csrf");
  auto missing =
      raw.Request("POST", "/api/v1/api-tokens", R"({"name":"x"})", {{"Cookie", agent.cookie()}});
  EXPECT_EQ(missing.status, 403);
  auto get = raw.Request("GET", "/api/v1/session", "", {{"Cookie", agent.cookie()}});
  EXPECT_EQ(get.status, 200) << "reads need no CSRF token";
}

TEST(SessionApi, LogoutEndsTheSession) {
  Session agent("agent1b");
  EXPECT_EQ(agent.Get("/api/v1/session").status, 200);
  EXPECT_EQ(agent.Delete("/api/v1/session").status, 204);
  EXPECT_EQ(agent.Get("/api/v1/session").status, 401);
}

TEST(ApiTokensApi, CreateUseListAndRevoke) {
  Session agent("agent1");
  auto created = agent.Post("/api/v1/api-tokens", json::object{{"name", "呼叫中心集成"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto token = std::string(Json(created)["token"].as_string());
  const auto id = Json(created)["id"].as_int64();
  EXPECT_EQ(token.rfind("csqm_", 0), 0u);

  auto bearer = Session::Bearer(token);
  auto me = bearer.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Json(me)["via"], "token");
  EXPECT_EQ(bearer.Post("/api/v1/cases", json::object{{"title", "x"}}).status, 400)
      << "bearer calls need no CSRF token (400 is the validation answer)";

  auto list = Json(agent.Get("/api/v1/api-tokens"));
  bool found = false;
  for (const auto& t : list["items"].as_array()) {
    found |= t.as_object().at("id").as_int64() == id;
    EXPECT_FALSE(t.as_object().contains("token")) << "secrets are shown once";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(agent.Delete("/api/v1/api-tokens/" + std::to_string(id)).status, 204);
  EXPECT_EQ(bearer.Get("/api/v1/session").status, 401);
  auto other = Session("agent2");
  EXPECT_EQ(other.Delete("/api/v1/api-tokens/" + std::to_string(id)).status, 404)
      << "another user's token is not found";
}

TEST(ApiTokensApi, BadNameIs400) {
  Session agent("agent1");
  auto r = agent.Post("/api/v1/api-tokens", json::object{{"name", ""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json(r)["code"], "token.bad_name");
}

}  // namespace
}  // namespace csqm::test
