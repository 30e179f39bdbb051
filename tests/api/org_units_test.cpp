// /api/v1/org-units: the tree in the caller's scope, admin-only changes, ETags.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::set<std::string> Codes(Session& s) {
  auto r = s.Get("/api/v1/org-units");
  EXPECT_EQ(r.status, 200) << r.body;
  std::set<std::string> codes;
  const auto units = Json(r)["items"].as_array();
  for (const auto& u : units) {
    codes.insert(std::string(u.as_object().at("code").as_string()));
  }
  return codes;
}

std::string UnitPath(app::Id id) { return "/api/v1/org-units/" + std::to_string(id); }

TEST(OrgUnitsApi, EveryoneReadsTheUnitsOfTheirOwnSubtree) {
  Session admin("admin"), agent("agent1"), auditor("auditor"), field("field2");
  const auto all = Codes(admin);
  EXPECT_TRUE(all.count("HQ") && all.count("P1") && all.count("P2"));
  EXPECT_EQ(Codes(auditor), all) << "the auditor sits at HQ";
  EXPECT_EQ(Codes(agent), std::set<std::string>{"P1"});
  EXPECT_EQ(Codes(field), std::set<std::string>{"P2"});
  auto list = Json(admin.Get("/api/v1/org-units"));
  for (const auto& u : list["items"].as_array()) {
    const auto& o = u.as_object();
    if (o.at("code") == "P1") {
      EXPECT_EQ(o.at("parent_id"), ApiServer::Get().UnitId("HQ"));
      EXPECT_EQ(o.at("kind"), "project");
      EXPECT_EQ(o.at("path").as_string().back(), '/');
    }
  }
  auto own = agent.Get(UnitPath(ApiServer::Get().UnitId("P1")));
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.Header("ETag").value_or(""), "\"v1\"");
  EXPECT_EQ(agent.Get(UnitPath(ApiServer::Get().UnitId("P2"))).status, 404) << "other subtree";
  EXPECT_EQ(agent.Get(UnitPath(ApiServer::Get().UnitId("HQ"))).status, 404) << "ancestors too";
  EXPECT_EQ(agent.Get(UnitPath(999999)).status, 404);
  EXPECT_EQ(Session::Anonymous().Get("/api/v1/org-units").status, 401);
}

TEST(OrgUnitsApi, AdminCreatesUnitsUnderAnExistingParentWithUniqueCodes) {
  Session admin("admin"), agent("agent1");
  const auto p1 = ApiServer::Get().UnitId("P1");
  auto r = admin.Post(
      "/api/v1/org-units",
      json::object{
          {"parent_id", p1}, {"kind", "department"}, {"code", "P1-ENG"}, {"name", "工程部"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto unit = Json(r);
  EXPECT_EQ(unit["parent_id"], p1);
  EXPECT_EQ(unit["name"], "工程部");
  EXPECT_EQ(r.Header("Location").value_or(""), UnitPath(unit["id"].as_int64()));
  EXPECT_TRUE(Codes(agent).count("P1-ENG")) << "a new department of P1 is in P1's scope";
  auto dup = admin.Post(
      "/api/v1/org-units",
      json::object{
          {"parent_id", p1}, {"kind", "department"}, {"code", "P1-ENG"}, {"name", "另一个"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(Json(dup)["code"], "store.constraint");
  EXPECT_EQ(Json(dup)["field"], "code");
  struct Bad {
    json::object body;
    const char* code;
    const char* field;
  } cases[] = {
      {json::object{{"parent_id", p1}, {"kind", "team"}, {"code", "X1"}, {"name", "x"}},
       "org_unit.bad_kind", "kind"},
      {json::object{{"parent_id", 987654}, {"kind", "department"}, {"code", "X2"}, {"name", "x"}},
       "org_unit.bad_parent", "parent_id"},
      {json::object{
           {"parent_id", p1}, {"kind", "department"}, {"code", "has space"}, {"name", "x"}},
       "org_unit.bad_code", "code"},
      {json::object{{"parent_id", p1}, {"kind", "department"}, {"code", "X3"}, {"name", ""}},
       "org_unit.bad_name", "name"},
      {json::object{{"kind", "department"}, {"code", "X4"}, {"name", "x"}}, "json.missing_field",
       "parent_id"},
      {json::object{{"parent_id", p1}, {"kind", "department"}, {"code", 5}, {"name", "x"}},
       "json.wrong_type", "code"},
  };
  for (const auto& c : cases) {
    auto bad = admin.Post("/api/v1/org-units", c.body);
    EXPECT_EQ(bad.status, 400) << json::serialize(c.body);
    EXPECT_EQ(bad.Header("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(Json(bad)["code"], c.code) << bad.body;
    EXPECT_EQ(Json(bad)["field"], c.field) << bad.body;
  }
  for (const char* login : {"qm", "manager1", "agent1", "auditor"}) {
    Session other(login);
    auto denied = other.Post("/api/v1/org-units", json::object{{"parent_id", p1},
                                                               {"kind", "department"},
                                                               {"code", std::string("D-") + login},
                                                               {"name", "x"}});
    EXPECT_EQ(denied.status, 403) << login;
    EXPECT_EQ(Json(denied)["code"], "auth.forbidden");
  }
}

TEST(OrgUnitsApi, AdminRenamesWithIfMatchAndGets412WhenStale) {
  Session admin("admin"), manager("manager1");
  const auto path = UnitPath(ApiServer::Get().UnitId("P2"));
  auto get = admin.Get(path);
  const std::string etag = get.Header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  auto renamed = admin.Patch(path, json::object{{"name", "二期项目"}}, {{"If-Match", etag}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Json(renamed)["name"], "二期项目");
  EXPECT_EQ(Json(renamed)["code"], "P2");
  EXPECT_NE(renamed.Header("ETag").value_or(""), etag);
  auto stale = admin.Patch(path, json::object{{"name", "旧"}}, {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "store.version_mismatch");
  EXPECT_EQ(Json(admin.Get(path))["name"], "二期项目");
  auto readonly = admin.Patch(path, json::object{{"kind", "company"}});
  EXPECT_EQ(readonly.status, 400);
  EXPECT_EQ(Json(readonly)["code"], "org_unit.readonly_field");
  EXPECT_EQ(Json(readonly)["field"], "kind");
  auto taken = admin.Patch(path, json::object{{"code", "P1"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(Json(taken)["field"], "code");
  EXPECT_EQ(
      manager.Patch(UnitPath(ApiServer::Get().UnitId("P1")), json::object{{"name", "x"}}).status,
      403);
  EXPECT_EQ(admin.Patch(UnitPath(999999), json::object{{"name", "x"}}).status, 404);
  bool audited = false;
  Session auditor("auditor");
  const auto rows = Json(auditor.Get("/api/v1/audit?limit=500"))["items"].as_array();
  for (const auto& row : rows) {
    audited = audited || row.as_object().at("action") == "org_unit.update";
  }
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace csqm::test
