// /api/v1/notifications: what escalations and transfers tell people, unread counts, marking
// read — each user sees only their own.
#include <gtest/gtest.h>

#include "api_server.hpp"
#include "app/escalation.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

json::array Items(Session& s, const std::string& target = "/api/v1/notifications") {
  auto r = s.Get(target);
  EXPECT_EQ(r.status, 200) << r.body;
  return Json(r)["items"].as_array();
}

int64_t Unread(Session& s) {
  auto r = s.Get("/api/v1/notifications/unread-count");
  EXPECT_EQ(r.status, 200) << r.body;
  return Json(r)["unread"].as_int64();
}

TEST(NotificationsApi, AnEscalationNotifiesTheAssigneeAndTheSupervisor) {
  auto& server = ApiServer::Get();
  Session agent("agent1"), assignee("agent1b"), supervisor("supervisor1"), other("agent2");
  auto c = OpenCase(agent, "repair.home_urgent", "水管爆裂",
                    json::object{{"assignee_id", server.UserId("agent1b")}});
  EXPECT_EQ(Unread(assignee), 0);
  server.clock().Advance(std::chrono::minutes(5));  // 50 % of 10 min: the assignee is warned
  ASSERT_EQ(app::RunDueTimers(server.services()).value().fired, 1);
  auto items = Items(assignee);
  ASSERT_EQ(items.size(), 1u);
  const auto& n = items[0].as_object();
  EXPECT_EQ(n.at("kind"), "escalation");
  EXPECT_EQ(n.at("case_id"), c["id"]);
  EXPECT_EQ(n.at("read"), false);
  EXPECT_TRUE(n.at("read_at").is_null());
  EXPECT_NE(std::string(n.at("title").as_string()).find(std::string(c["number"].as_string())),
            std::string::npos);
  EXPECT_EQ(Unread(assignee), 1);
  EXPECT_EQ(Unread(supervisor), 0);
  server.clock().Advance(std::chrono::minutes(5));  // breach: assignee and owner's supervisor
  app::RunDueTimers(server.services()).value();
  EXPECT_EQ(Unread(assignee), 2);
  EXPECT_EQ(Unread(supervisor), 1);
  EXPECT_TRUE(Items(other).empty()) << "nobody else's";
}

TEST(NotificationsApi, TransferNotifiesTheNewAssigneeWhoMarksItRead) {
  Session agent("agent1"), supervisor("supervisor1"), field("field1"), other("field2");
  auto c = OpenCase(agent, "repair.simple", "阳台灯不亮");
  auto moved = supervisor.Post(
      "/api/v1/cases/" + std::to_string(c["id"].as_int64()) + "/assignment",
      json::object{{"assignee_id", ApiServer::Get().UserId("field1")}, {"reason", "维修班组处理"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto items = Items(field, "/api/v1/notifications?unread=true");
  ASSERT_EQ(items.size(), 1u);
  const auto id = items[0].as_object().at("id").as_int64();
  EXPECT_EQ(items[0].as_object().at("kind"), "assigned");
  EXPECT_EQ(items[0].as_object().at("body"), "维修班组处理");
  const std::string read = "/api/v1/notifications/" + std::to_string(id) + "/read";
  auto stolen = other.Post(read, json::object{});
  EXPECT_EQ(stolen.status, 404) << "another user's notification";
  EXPECT_EQ(Json(stolen)["code"], "notification.not_found");
  EXPECT_EQ(field.Post(read, json::object{}).status, 204);
  EXPECT_EQ(field.Post(read, json::object{}).status, 204) << "idempotent";
  EXPECT_EQ(Unread(field), 0);
  EXPECT_TRUE(Items(field, "/api/v1/notifications?unread=true").empty());
  auto all = Items(field);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].as_object().at("read"), true);
  EXPECT_EQ(all[0].as_object().at("read_at"), "2026-03-02T10:00:00+08:00");
  EXPECT_EQ(field.Post("/api/v1/notifications/987654/read", json::object{}).status, 404);
  EXPECT_EQ(Json(field.Get("/api/v1/notifications?unread=perhaps"))["field"], "unread");
  EXPECT_EQ(Session::Anonymous().Get("/api/v1/notifications/unread-count").status, 401);
}

TEST(NotificationsApi, ListPaginatesNewestFirst) {
  Session agent("agent1"), supervisor("supervisor1"), field("field1");
  std::vector<int64_t> cases;
  for (int i = 0; i < 5; ++i) {
    auto c = OpenCase(agent, "repair.simple", "报修 " + std::to_string(i));
    cases.push_back(c["id"].as_int64());
    auto r = supervisor.Post(
        "/api/v1/cases/" + std::to_string(cases.back()) + "/assignment",
        json::object{{"assignee_id", ApiServer::Get().UserId("field1")}, {"reason", "派工"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::vector<int64_t> seen;
  std::string next = "/api/v1/notifications?limit=2";
  while (!next.empty() && seen.size() < 20) {
    auto page = Json(field.Get(next));
    for (const auto& n : page["items"].as_array())
      seen.push_back(n.as_object().at("case_id").as_int64());
    next = page["next_cursor"].is_null() ? ""
                                         : "/api/v1/notifications?limit=2&after=" +
                                               std::string(page["next_cursor"].as_string());
  }
  std::reverse(cases.begin(), cases.end());
  EXPECT_EQ(seen, cases);
  EXPECT_EQ(Unread(field), 5);
}

}  // namespace
}  // namespace csqm::test
