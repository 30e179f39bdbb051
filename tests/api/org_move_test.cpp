// PATCH /api/v1/org-units/{id} with parent_id: moving a unit and its subtree (the web UI's
// organisation screen). Works on units it creates under HQ and leaves them there, so that the
// projects' subtrees other tests look at stay as they were.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

json::object CreateUnit(Session& admin, int64_t parent, const char* code, const char* name) {
  auto r = admin.Post(
      "/api/v1/org-units",
      json::object{{"parent_id", parent}, {"kind", "department"}, {"code", code}, {"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

bool Sees(Session& s, int64_t unit_id) {
  return s.Get("/api/v1/org-units/" + std::to_string(unit_id)).status == 200;
}

TEST(OrgUnitMoveApi, MovingAUnitTakesItsSubtreeIntoTheNewParentsScope) {
  Session admin("admin"), agent("agent1"), field("field2");
  const auto hq = ApiServer::Get().UnitId("HQ");
  const auto p2 = ApiServer::Get().UnitId("P2");
  auto dept = CreateUnit(admin, hq, "MV-DEPT", "搬迁部");
  auto team = CreateUnit(admin, dept["id"].as_int64(), "MV-TEAM", "搬迁组");
  const auto dept_id = dept["id"].as_int64(), team_id = team["id"].as_int64();
  EXPECT_FALSE(Sees(agent, team_id));
  EXPECT_FALSE(Sees(field, team_id));

  const std::string path = "/api/v1/org-units/" + std::to_string(dept_id);
  auto moved = admin.Patch(path, json::object{{"parent_id", p2}}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json(moved)["parent_id"], p2);
  EXPECT_EQ(Json(moved)["name"], "搬迁部");
  auto p2_path =
      std::string(Json(admin.Get("/api/v1/org-units/" + std::to_string(p2)))["path"].as_string());
  auto team_now = Json(admin.Get("/api/v1/org-units/" + std::to_string(team_id)));
  EXPECT_TRUE(std::string(team_now["path"].as_string()).starts_with(p2_path)) << team_now;
  EXPECT_EQ(team_now["parent_id"], dept_id) << "the child stays under its parent";
  EXPECT_TRUE(Sees(field, team_id)) << "P2 holds the subtree now";
  EXPECT_FALSE(Sees(agent, team_id)) << "P1 does not";

  auto back = admin.Patch(path, json::object{{"parent_id", hq}}, {{"If-Match", "\"v2\""}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_FALSE(Sees(field, team_id)) << "moved out of P2 again";

  bool audited = false;
  Session auditor("auditor");
  const auto audit = Json(auditor.Get("/api/v1/audit?limit=500"));
  for (const auto& row : audit.at("items").as_array()) {
    const auto& o = row.as_object();
    audited = audited || (o.at("action") == "org_unit.update" && o.at("entity_id") == dept_id);
  }
  EXPECT_TRUE(audited);
}

TEST(OrgUnitMoveApi, RefusesCyclesTopUnitsUnknownParentsAndNonAdmins) {
  Session admin("admin"), manager("manager1");
  const auto hq = ApiServer::Get().UnitId("HQ");
  auto a = CreateUnit(admin, hq, "MV-A", "甲");
  auto b = CreateUnit(admin, a["id"].as_int64(), "MV-B", "乙");
  const std::string a_path = "/api/v1/org-units/" + std::to_string(a["id"].as_int64());
  struct Bad {
    std::string path;
    int64_t parent;
    const char* code;
  } cases[] = {
      {a_path, b["id"].as_int64(), "org_unit.cycle"},
      {a_path, a["id"].as_int64(), "org_unit.cycle"},
      {a_path, 987654, "org_unit.bad_parent"},
      {"/api/v1/org-units/" + std::to_string(hq), a["id"].as_int64(), "org_unit.bad_parent"},
  };
  for (const auto& c : cases) {
    auto r = admin.Patch(c.path, json::object{{"parent_id", c.parent}});
    EXPECT_EQ(r.status, 400) << c.path << " -> " << c.parent << ": " << r.body;
    EXPECT_EQ(Json(r)["code"], c.code) << r.body;
    EXPECT_EQ(Json(r)["field"], "parent_id") << r.body;
  }
  EXPECT_EQ(Json(admin.Get(a_path))["parent_id"], hq) << "nothing moved";
  auto wrong = admin.Patch(a_path, json::object{{"parent_id", "P2"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Json(wrong)["field"], "parent_id");
  auto denied = manager.Patch(a_path, json::object{{"parent_id", ApiServer::Get().UnitId("P2")}});
  EXPECT_EQ(denied.status, 403);
}

}  // namespace
}  // namespace csqm::test
