// What people do to a case over the API: transitions, transfer, comments, timeline, arrival,
// links, attachments, extensions — and escalation steps fired by the due-time table.
#include <gtest/gtest.h>

#include "api_server.hpp"
#include "app/escalation.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string Path(const json::object& c, const std::string& tail = "") {
  return "/api/v1/cases/" + std::to_string(c.at("id").as_int64()) + tail;
}

const json::object& Target(const json::object& c, const std::string& key) {
  for (const auto& t : c.at("targets").as_array()) {
    if (t.as_object().at("key").as_string() == key) return t.as_object();
  }
  throw std::runtime_error("no target " + key);
}

std::vector<std::string> TimelineKinds(Session& s, const json::object& c) {
  std::vector<std::string> kinds;
  const auto timeline = Json(s.Get(Path(c, "/timeline")));
  for (const auto& e : timeline.at("items").as_array()) {
    kinds.emplace_back(e.as_object().at("kind").as_string());
  }
  return kinds;
}

json::object Transition(Session& s, const json::object& c, const std::string& key,
                        json::object fields = {}, int expect = 200) {
  auto r = s.Post(Path(c, "/transitions"), json::object{{"transition", key}, {"fields", fields}});
  EXPECT_EQ(r.status, expect) << key << ": " << r.body;
  return Json(r);
}

TEST(CaseActionsApi, ComplaintWorkflowWithRequiredFieldsAndApproval) {
  Session agent("agent1"), supervisor("supervisor1");
  auto c = OpenCase(agent, "complaint.attitude.ordinary", "前台态度冷淡");
  Transition(agent, c, "accept");
  EXPECT_EQ(Transition(agent, c, "teleport", {}, 404)["code"], "workflow.unknown_transition");
  auto missing = Transition(agent, c, "resolve", {{"resolution", "已道歉"}}, 400);
  EXPECT_EQ(missing["code"], "workflow.missing_field");
  EXPECT_EQ(missing["field"], "cause");
  auto wrong_state = Transition(agent, c, "approve_close", {}, 409);
  EXPECT_EQ(wrong_state["code"], "workflow.not_from_status");
  auto resolved =
      Transition(agent, c, "resolve", {{"resolution", "已当面道歉"}, {"cause", "员工培训不足"}});
  EXPECT_EQ(resolved["status"], "resolved");
  EXPECT_EQ(Target(resolved, "resolved").at("state"), "met");
  EXPECT_EQ(resolved["custom_fields"].as_object()["cause"], "员工培训不足");
  Transition(agent, c, "submit_close");
  auto not_allowed = Transition(agent, c, "approve_close", {}, 403);
  EXPECT_EQ(not_allowed["code"], "workflow.role_not_allowed");
  auto closed = Transition(supervisor, c, "approve_close");
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["closed"], true);
  auto after_close = agent.Post(Path(c, "/comments"), json::object{{"body", "x"}});
  EXPECT_EQ(after_close.status, 201) << "comments stay possible on closed cases";
  EXPECT_EQ(Transition(agent, c, "accept", {}, 409)["code"], "case.closed");
}

TEST(CaseActionsApi, WaitingForTheCustomerPausesTheClockAndResumeReplans) {
  Session agent("agent1");
  auto& clock = ApiServer::Get().clock();
  auto c = OpenCase(agent, "complaint.attitude.ordinary", "暂停测试");  // due 15:30 Monday
  Transition(agent, c, "accept");
  auto paused = Transition(agent, c, "wait_customer", {{"reason", "业主出差"}});
  EXPECT_EQ(Target(paused, "resolved").at("state"), "paused");
  EXPECT_TRUE(Target(paused, "resolved").at("due_at").is_null());
  clock.Advance(std::chrono::hours(24));  // Tuesday 10:00; the 12-hour session has expired
  Session next_day("agent1");
  auto resumed = Transition(next_day, c, "resume");
  EXPECT_EQ(Target(resumed, "resolved").at("due_at"), "2026-03-03T15:30:00+08:00")
      << "one working day later, the paused day not counted";
}

TEST(CaseActionsApi, TransferKeepsTheOwnerAndNeedsAReason) {
  Session agent("agent1"), supervisor("supervisor1"), field("field1");
  auto c = OpenCase(agent, "repair.simple", "门锁损坏");
  auto no_reason = supervisor.Post(
      Path(c, "/assignment"), json::object{{"assignee_id", ApiServer::Get().UserId("field1")}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Json(no_reason)["code"], "case.missing_reason");
  auto r = supervisor.Post(
      Path(c, "/assignment"),
      json::object{{"assignee_id", ApiServer::Get().UserId("field1")}, {"reason", "维修班组处理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["assignee_id"], ApiServer::Get().UserId("field1"));
  EXPECT_EQ(Json(r)["owner_id"], ApiServer::Get().UserId("agent1")) << "首问 stays";
  EXPECT_EQ(field.Get(Path(c)).status, 200);
  auto field_transfer =
      field.Post(Path(c, "/assignment"),
                 json::object{{"assignee_id", ApiServer::Get().UserId("agent1")}, {"reason", "x"}});
  EXPECT_EQ(field_transfer.status, 403);
  auto bad = supervisor.Post(Path(c, "/assignment"),
                             json::object{{"assignee_id", 99999}, {"reason", "x"}});
  EXPECT_EQ(Json(bad)["code"], "case.bad_assignee");
  auto kinds = TimelineKinds(agent, c);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "assigned"), kinds.end());
}

TEST(CaseActionsApi, FirstPublicReplyMeetsTheAnswerTarget) {
  Session agent("agent1");
  auto c = OpenCase(agent, "inquiry.general", "停车费标准");
  auto internal = agent.Post(
      Path(c, "/comments"), json::object{{"body", "先查一下收费文件"}, {"visibility", "internal"}});
  ASSERT_EQ(internal.status, 201);
  EXPECT_EQ(Target(Json(agent.Get(Path(c))), "answered").at("state"), "running");
  auto reply = agent.Post(Path(c, "/comments"),
                          json::object{{"body", "月租车位每月 300 元"}, {"visibility", "public"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto after = Json(agent.Get(Path(c)));
  EXPECT_EQ(Target(after, "answered").at("state"), "met");
  EXPECT_EQ(after["first_reply_at"], "2026-03-02T10:00:00+08:00");
  EXPECT_EQ(Json(agent.Get("/api/v1/cases?q=车位"))["items"].as_array().size(), 1u)
      << "comments are searchable";
  auto empty = agent.Post(Path(c, "/comments"), json::object{{"body", ""}});
  EXPECT_EQ(Json(empty)["code"], "case.bad_comment");
  auto bad_vis =
      agent.Post(Path(c, "/comments"), json::object{{"body", "x"}, {"visibility", "everyone"}});
  EXPECT_EQ(Json(bad_vis)["code"], "case.bad_visibility");
}

TEST(CaseActionsApi, ArrivalMeetsTheOnSiteTarget) {
  Session agent("agent1"), field("field1");
  auto c = OpenCase(agent, "repair.home_urgent", "厨房水管爆裂",
                    json::object{{"assignee_id", ApiServer::Get().UserId("field1")}});
  EXPECT_EQ(Target(c, "on_site").at("due_at"), "2026-03-02T10:10:00+08:00");
  ApiServer::Get().clock().Advance(std::chrono::minutes(8));
  auto r = field.Post(Path(c, "/arrival"), json::object{{"place", "5栋1单元302"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Target(Json(r), "on_site").at("state"), "met");
  EXPECT_EQ(Json(r)["arrived_at"], "2026-03-02T10:08:00+08:00");
  auto twice = field.Post(Path(c, "/arrival"), json::object{});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(Json(twice)["code"], "case.already_arrived");
}

TEST(CaseActionsApi, LinksAreVisibleFromBothCases) {
  Session agent("agent1");
  auto a = OpenCase(agent, "repair.public_other", "2栋电梯异响");
  auto b = OpenCase(agent, "complaint.other", "电梯异响投诉");
  auto r = agent.Post(Path(a, "/links"), json::object{{"case_id", b["id"]}, {"kind", "duplicate"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Json(agent.Get(Path(b, "/links")))["items"].as_array().size(), 1u);
  EXPECT_EQ(agent.Post(Path(a, "/links"), json::object{{"case_id", b["id"]}}).status, 409);
  EXPECT_EQ(Json(agent.Post(Path(a, "/links"), json::object{{"case_id", a["id"]}}))["code"],
            "case.self_link");
  EXPECT_EQ(agent.Post(Path(a, "/links"), json::object{{"case_id", 777777}}).status, 404);
}

TEST(CaseActionsApi, AttachmentsAreTypeCheckedAndServedBack) {
  Session agent("agent1"), other("agent2");
  auto c = OpenCase(agent, "repair.simple", "拍照报修");
  const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  auto up = agent.Send("POST", Path(c, "/attachments?filename=photo.png"), png,
                       {{"Content-Type", "image/png"}});
  ASSERT_EQ(up.status, 201) << up.body;
  auto meta = Json(up);
  EXPECT_EQ(meta["content_type"], "image/png");
  EXPECT_EQ(meta["size"], 16);
  auto list = Json(agent.Get(Path(c, "/attachments")));
  ASSERT_EQ(list["items"].as_array().size(), 1u);
  auto content = agent.Get(std::string(meta["url"].as_string()));
  EXPECT_EQ(content.status, 200);
  EXPECT_EQ(content.body, png);
  EXPECT_EQ(content.Header("Content-Type").value_or(""), "image/png");
  EXPECT_EQ(other.Get(std::string(meta["url"].as_string())).status, 404);
  auto lie = agent.Send("POST", Path(c, "/attachments?filename=x.png"), "%PDF-1.4 fake",
                        {{"Content-Type", "image/png"}});
  EXPECT_EQ(Json(lie)["code"], "attachment.type_mismatch");
  auto binary =
      agent.Send("POST", Path(c, "/attachments?filename=x.exe"), std::string("MZ\x90\0\x03", 5),
                 {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(Json(binary)["code"], "attachment.bad_type");
  auto empty = agent.Send("POST", Path(c, "/attachments"), "", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(Json(empty)["code"], "attachment.bad_size");
}

TEST(CaseActionsApi, ExtensionNeedsAManagersApprovalAndMovesTheDeadline) {
  Session agent("agent1"), manager("manager1"), other_manager("manager2");
  auto c = OpenCase(agent, "repair.simple", "需要订购配件");
  EXPECT_EQ(Target(c, "done").at("due_at"), "2026-03-02T15:30:00+08:00");
  auto early = agent.Post(
      Path(c, "/extensions"),
      json::object{
          {"target_key", "done"}, {"requested_due", "2026-03-02T12:00:00+08:00"}, {"reason", "x"}});
  EXPECT_EQ(Json(early)["code"], "extension.not_later");
  auto req = agent.Post(Path(c, "/extensions"),
                        json::object{{"target_key", "done"},
                                     {"requested_due", "2026-03-04T17:30:00+08:00"},
                                     {"reason", "等待配件到货"}});
  ASSERT_EQ(req.status, 201) << req.body;
  const auto id = Json(req)["id"].as_int64();
  EXPECT_EQ(Json(agent.Get(Path(c, "/extensions")))["items"].as_array().size(), 1u);
  EXPECT_EQ(Json(manager.Get("/api/v1/extensions"))["items"].as_array().size(), 1u);
  EXPECT_EQ(Json(other_manager.Get("/api/v1/extensions"))["items"].as_array().size(), 0u);
  const std::string decide = "/api/v1/extensions/" + std::to_string(id) + "/decision";
  EXPECT_EQ(agent.Post(decide, json::object{{"decision", "approve"}}).status, 403);
  EXPECT_EQ(other_manager.Post(decide, json::object{{"decision", "approve"}}).status, 404);
  EXPECT_EQ(Json(manager.Post(decide, json::object{{"decision", "maybe"}}))["code"],
            "extension.bad_decision");
  auto ok = manager.Post(decide, json::object{{"decision", "approve"}, {"note", "同意"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json(ok)["status"], "approved");
  EXPECT_EQ(Target(Json(agent.Get(Path(c))), "done").at("due_at"), "2026-03-04T17:30:00+08:00");
  EXPECT_EQ(manager.Post(decide, json::object{{"decision", "reject"}}).status, 409);
  auto kinds = TimelineKinds(agent, c);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "extension_approved"), kinds.end());
}

TEST(CaseActionsApi, EscalationStepsFireExactlyOnceAndShowOnTheTimeline) {
  Session agent("agent1");
  auto& server = ApiServer::Get();
  auto c = OpenCase(agent, "repair.home_urgent", "停电",
                    json::object{{"assignee_id", server.UserId("agent1b")}});
  // 10 min on site: 50% at 10:05, breach at 10:10, breach+30m at 10:40.
  const auto run = [&] { return app::RunDueTimers(server.services()).value(); };
  server.clock().Advance(std::chrono::minutes(5));
  EXPECT_EQ(run().fired, 1);
  EXPECT_EQ(run().fired, 0) << "nothing fires twice";
  server.clock().Advance(std::chrono::minutes(5));
  EXPECT_EQ(run().fired, 2) << "the breach marker and the breach step";
  server.clock().Advance(std::chrono::hours(1));
  EXPECT_EQ(run().fired, 1);
  server.clock().Advance(-std::chrono::hours(2));
  EXPECT_EQ(run().due, 0) << "a clock jump backwards fires nothing";
  server.clock().Advance(std::chrono::hours(4));
  EXPECT_EQ(run().fired, 0) << "and forwards again nothing twice";
  auto kinds = TimelineKinds(agent, c);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "escalation"), 3);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "breach"), 1);
  auto view = Json(agent.Get(Path(c)));
  EXPECT_EQ(Target(view, "on_site").at("state"), "breached");
  EXPECT_EQ(Target(view, "on_site").at("breached_at"), "2026-03-02T10:10:00+08:00");
}

}  // namespace
}  // namespace csqm::test
