// /api/v1/callback-rules, -samples and -tasks through a real socket: rules as admin-editable
// data with role checks, a resolved complaint queueing a callback that reopens the case when
// the customer is unhappy, the workbench queues, retries, scope, and the monthly sample with
// its quota and coverage.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string Id(const json::object& o) { return std::to_string(o.at("id").as_int64()); }

// The items of a list answer, copied (a range-for over a temporary's member would dangle).
json::array Items(const ClientResponse& r) {
  auto o = Json(r);
  return o["items"].as_array();
}

json::object Customer(Session& s, const std::string& name, const std::string& unit = "P1",
                      const std::string& tier = "ordinary") {
  auto r = s.Post(
      "/api/v1/customers",
      json::object{{"name", name}, {"tier", tier}, {"org_unit_id", ApiServer::Get().UnitId(unit)}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

json::object Transition(Session& s, const json::object& c, const std::string& key,
                        json::object fields = {}) {
  auto r = s.Post("/api/v1/cases/" + Id(c) + "/transitions",
                  json::object{{"transition", key}, {"fields", fields}});
  EXPECT_EQ(r.status, 200) << r.body;
  return Json(r);
}

json::object Resolved(Session& agent, const json::object& customer, const char* category,
                      const char* severity = "ordinary") {
  auto c = OpenCase(agent, category, "回访测试",
                    json::object{{"customer_id", customer.at("id")}, {"severity", severity}});
  Transition(agent, c, "accept");
  Transition(agent, c, "resolve", json::object{{"resolution", "已处理"}, {"cause", "原因"}});
  return c;
}

// A case_resolved rule for one category, created once per server.
json::object ResolvedRule(const char* category, const char* limit) {
  Session qm("qm");
  auto r =
      qm.Post("/api/v1/callback-rules",
              json::object{{"name", std::string("解决后回访 ") + category},
                           {"kind", "case_resolved"},
                           {"category_ids", json::array{ApiServer::Get().CategoryId(category)}},
                           {"clock", "24x7"},
                           {"limit", limit},
                           {"max_attempts", 2},
                           {"script", "您好，我们回访一下您反映的问题……"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

json::array Tasks(Session& s, const std::string& query) {
  auto r = s.Get("/api/v1/callback-tasks?" + query);
  EXPECT_EQ(r.status, 200) << r.body;
  return Json(r)["items"].as_array();
}

TEST(CallbacksApi, RulesAreAdminEditableDataWithRoleChecks) {
  Session agent("agent1");
  Session qm("qm");
  const json::object body{{"name", "新客户两周内回访"},
                          {"kind", "customer_event"},
                          {"event", "customer_created"},
                          {"limit", "14d"}};
  auto denied = agent.Post("/api/v1/callback-rules", body);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.Header("Content-Type").value_or(""), "application/problem+json");
  auto created = qm.Post("/api/v1/callback-rules", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("ETag").value_or(""), "\"v1\"");
  auto rule = Json(created);
  EXPECT_EQ(rule["channel"], "phone");
  EXPECT_EQ(rule["max_attempts"], 3);
  const std::string path = "/api/v1/callback-rules/" + Id(rule);
  EXPECT_EQ(agent.Get(path).status, 200) << "everyone may read the rules";

  auto bad =
      qm.Post("/api/v1/callback-rules",
              json::object{{"name", "x"}, {"kind", "complaint_sample"}, {"sample_percent", 20}});
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["field"], "sample_percent");
  auto unknown = qm.Post("/api/v1/callback-rules",
                         json::object{{"name", "x"}, {"kind", "routine"}, {"colour", "red"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(
      qm.Post("/api/v1/callback-rules", json::object{{"name", "x"}, {"kind", "someday"}}).status,
      400);

  auto patched = qm.Patch(path, json::object{{"script", "您好……"}, {"limit", "10d"}},
                          {{"If-Match", "\"v1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["limit"], "10d");
  EXPECT_EQ(qm.Patch(path, json::object{{"active", false}}, {{"If-Match", "\"v1\""}}).status, 412);
  EXPECT_EQ(qm.Patch(path, json::object{{"kind", "routine"}}).status, 400);
  EXPECT_EQ(agent.Patch(path, json::object{{"active", false}}).status, 403);
  EXPECT_EQ(qm.Patch(path, json::object{{"active", false}}).status, 200);  // keep other tests clean
  bool listed = false;
  for (const auto& r : Items(qm.Get("/api/v1/callback-rules"))) {
    listed = listed || r.as_object().at("id") == rule["id"];
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(qm.Get("/api/v1/callback-rules/999999").status, 404);
}

TEST(CallbacksApi, Callback_NotSatisfiedReopensCaseAndNotifiesOwner) {
  static const auto rule = ResolvedRule("complaint.attitude.ordinary", "1h");
  Session agent("agent1");
  const auto customer = Customer(agent, "回访业主甲");
  const auto c = Resolved(agent, customer, "complaint.attitude.ordinary");
  const std::string filter = "case_id=" + Id(c) + "&rule_id=" + Id(rule);
  auto tasks = Tasks(agent, filter);
  ASSERT_EQ(tasks.size(), 1u);
  auto task = tasks[0].as_object();
  EXPECT_EQ(task["status"], "open");
  EXPECT_EQ(task["case_type"], "complaint");
  const std::string path = "/api/v1/callback-tasks/" + Id(task);
  // Today's workbench holds it (due in an hour); the overdue queue does not.
  std::set<int64_t> today, overdue;
  for (const auto& t : Tasks(agent, "view=today&limit=200"))
    today.insert(t.as_object().at("id").as_int64());
  for (const auto& t : Tasks(agent, "view=overdue&limit=200"))
    overdue.insert(t.as_object().at("id").as_int64());
  EXPECT_TRUE(today.count(task["id"].as_int64()));
  EXPECT_FALSE(overdue.count(task["id"].as_int64()));
  EXPECT_EQ(agent.Get("/api/v1/callback-tasks?view=someday").status, 400);

  auto view = Json(agent.Get(path));
  EXPECT_EQ(view["script"], "您好，我们回访一下您反映的问题……");
  // Scope: another project's agent does not see it; field staff see only their own.
  Session agent2("agent2");
  EXPECT_EQ(agent2.Get(path).status, 404);
  EXPECT_TRUE(Tasks(agent2, filter).empty());
  Session field("field1");
  EXPECT_TRUE(Tasks(field, filter).empty());

  auto unreachable =
      agent.Post(path + "/attempts", json::object{{"result", "unreachable"}, {"note", "无人接听"}});
  ASSERT_EQ(unreachable.status, 200) << unreachable.body;
  EXPECT_EQ(Json(unreachable)["attempts"], 1);
  EXPECT_EQ(Json(unreachable)["status"], "open");
  EXPECT_FALSE(Json(unreachable)["next_attempt_at"].is_null());
  EXPECT_EQ(agent.Post(path + "/attempts", json::object{{"result", "reached"}}).status, 400);

  Session auditor("auditor");
  const json::object unhappy{{"evidence", json::object{{"recording_ref", "rec-001"}}},
                             {"solved", false},
                             {"satisfaction", "dissatisfied"},
                             {"score", 2},
                             {"opinion", "问题没有解决"}};
  EXPECT_EQ(auditor.Post(path + "/outcome", unhappy).status, 403);
  auto no_solved =
      agent.Post(path + "/outcome", json::object{{"evidence", json::object{{"recording_ref", "r"}}},
                                                 {"satisfaction", "satisfied"}});
  ASSERT_EQ(no_solved.status, 400);
  EXPECT_EQ(Json(no_solved)["field"], "solved");
  auto bad_score = unhappy;
  bad_score["score"] = 9;
  EXPECT_EQ(Json(agent.Post(path + "/outcome", bad_score))["field"], "score");
  auto no_evidence = unhappy;
  no_evidence.erase("evidence");
  EXPECT_EQ(Json(agent.Post(path + "/outcome", no_evidence))["field"], "evidence.recording_ref");
  EXPECT_EQ(agent.Post(path + "/outcome", unhappy, {{"If-Match", "\"v1\""}}).status, 412);

  auto done = agent.Post(path + "/outcome", unhappy);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json(done)["status"], "done");
  EXPECT_EQ(Json(done)["satisfaction"], "dissatisfied");
  EXPECT_EQ(agent.Post(path + "/outcome", unhappy).status, 409) << "one outcome";

  auto reopened = Json(agent.Get("/api/v1/cases/" + Id(c)));
  EXPECT_EQ(reopened["status"], "in_progress");
  std::set<std::string> kinds;
  for (const auto& e : Items(agent.Get("/api/v1/cases/" + Id(c) + "/timeline?limit=200"))) {
    kinds.insert(std::string(e.as_object().at("kind").as_string()));
  }
  EXPECT_TRUE(kinds.count("callback_scheduled"));
  EXPECT_TRUE(kinds.count("callback_attempt"));
  EXPECT_TRUE(kinds.count("callback"));
  bool notified = false;
  for (const auto& n : Items(agent.Get("/api/v1/notifications?limit=200"))) {
    notified = notified || n.as_object().at("kind") == "callback_unhappy";
  }
  EXPECT_TRUE(notified) << "the owner (首问) is told";
}

TEST(CallbacksApi, AssignAndViolationEscalation) {
  static const auto rule = ResolvedRule("complaint.attitude.serious", "24h");
  Session agent("agent1");
  Session supervisor("supervisor1");
  const auto c = Resolved(agent, Customer(agent, "回访业主乙"), "complaint.attitude.serious");
  auto task = Tasks(agent, "case_id=" + Id(c) + "&rule_id=" + Id(rule)).at(0).as_object();
  const std::string path = "/api/v1/callback-tasks/" + Id(task);
  Session field("field1");
  EXPECT_EQ(
      field
          .Post(path + "/assign", json::object{{"assignee_id", ApiServer::Get().UserId("agent1b")}})
          .status,
      403);
  EXPECT_EQ(
      supervisor
          .Post(path + "/assign", json::object{{"assignee_id", ApiServer::Get().UserId("auditor")}})
          .status,
      400);
  auto assigned = supervisor.Post(
      path + "/assign", json::object{{"assignee_id", ApiServer::Get().UserId("agent1b")}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  Session agent1b("agent1b");
  bool mine = false;
  for (const auto& t : Tasks(agent1b, "assignee_id=me&limit=200"))
    mine = mine || t.as_object().at("id") == task["id"];
  EXPECT_TRUE(mine);
  auto done = agent1b.Post(
      path + "/outcome",
      json::object{{"channel", "letter"},
                   {"evidence", json::object{{"sent_at", "2026-03-02T11:00:00+08:00"}}},
                   {"solved", true},
                   {"satisfaction", "satisfied"},
                   {"score", 5},
                   {"violation", true},
                   {"violation_note", "维修人员索要小费"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json(done)["channel"], "letter");
  Session qm("qm");
  bool escalated = false;
  for (const auto& n : Items(qm.Get("/api/v1/notifications?limit=200"))) {
    escalated = escalated || n.as_object().at("kind") == "callback_violation";
  }
  EXPECT_TRUE(escalated) << "compliance hears of the violation";
  EXPECT_EQ(Json(agent.Get("/api/v1/cases/" + Id(c)))["status"], "resolved")
      << "satisfied: unchanged";
}

TEST(CallbacksApi, SupervisorsCancelOpenTasksWithAReason) {
  static const auto rule = ResolvedRule("complaint.neighbour", "24h");
  Session agent("agent1");
  Session supervisor("supervisor1");
  const auto c = Resolved(agent, Customer(agent, "回访业主丙"), "complaint.neighbour");
  auto task = Tasks(agent, "case_id=" + Id(c) + "&rule_id=" + Id(rule)).at(0).as_object();
  const std::string path = "/api/v1/callback-tasks/" + Id(task) + "/cancel";
  EXPECT_EQ(agent.Post(path, json::object{{"reason", "客户拒绝回访"}}).status, 403);
  EXPECT_EQ(Json(supervisor.Post(path, json::object{{"reason", ""}}))["field"], "reason");
  auto cancelled = supervisor.Post(path, json::object{{"reason", "客户拒绝回访"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Json(cancelled)["status"], "cancelled");
  EXPECT_EQ(supervisor.Post(path, json::object{{"reason", "再次撤销"}}).status, 409);
  // (The template's own complaint rule made a task of its own for the case.)
  EXPECT_TRUE(Tasks(agent, "case_id=" + Id(c) + "&rule_id=" + Id(rule) + "&status=open").empty());
}

TEST(CallbacksApi, MonthlySampleShowsQuotaAndCoverage) {
  auto& server = ApiServer::Get();
  const core::Instant back = server.clock().Now();
  // Complaints resolved in January 2026.
  server.clock().Set(core::Instant(std::chrono::seconds(1768269600)));  // 2026-01-13 10:00 +08
  std::set<int64_t> majors;
  {
    Session agent("agent1");
    Session agent2("agent2");
    const auto c1 = Customer(agent, "抽样业主 P1");
    const auto c2 = Customer(agent2, "抽样业主 P2", "P2");
    for (int i = 0; i < 6; ++i) {
      auto c = Resolved(agent, c1, "complaint.other", i == 0 ? "major" : "ordinary");
      if (i == 0) majors.insert(c["id"].as_int64());
    }
    for (int i = 0; i < 3; ++i) Resolved(agent, c1, "complaint.neighbour");
    for (int i = 0; i < 2; ++i) {
      auto c = Resolved(agent2, c2, "complaint.other", "major");
      majors.insert(c["id"].as_int64());
    }
  }
  server.clock().Set(back);
  Session qm("qm");
  auto rule = Json(qm.Post(
      "/api/v1/callback-rules",
      json::object{{"name", "一月投诉抽样"}, {"kind", "complaint_sample"}, {"limit", "7d"}}));
  const std::string samples = "/api/v1/callback-rules/" + Id(rule) + "/samples";
  Session agent("agent1");
  EXPECT_EQ(agent.Post(samples, json::object{{"month", "2026-01"}}).status, 403);
  EXPECT_EQ(Json(qm.Post(samples, json::object{{"month", "January"}}))["field"], "month");
  EXPECT_EQ(Json(qm.Post(samples, json::object{{"month", "2026-01"}, {"seed", -4}}))["field"],
            "seed");
  auto drawn =
      qm.Post(samples, json::object{{"month", "2026-01"}, {"seed", "18446744073709551615"}});
  ASSERT_EQ(drawn.status, 201) << drawn.body;
  auto sample = Json(drawn);
  EXPECT_EQ(sample["seed"], "18446744073709551615");
  EXPECT_EQ(sample["population"], 11);
  EXPECT_EQ(sample["major_population"], 3);
  // complaint.other@P1: 6 → 3; neighbour@P1: 3 → 2; other@P2: 2 majors → 2.
  EXPECT_EQ(sample["selected"], 7);
  EXPECT_EQ(sample["done"], 0);
  ASSERT_EQ(sample["strata"].as_array().size(), 3u);
  for (const auto& s : sample["strata"].as_array()) {
    const auto& o = s.as_object();
    EXPECT_GE(2 * o.at("selected").as_int64(), o.at("population").as_int64());
    EXPECT_GE(o.at("selected").as_int64(), o.at("major").as_int64());
  }
  EXPECT_EQ(qm.Post(samples, json::object{{"month", "2026-01"}}).status, 409);
  EXPECT_EQ(qm.Post(samples, json::object{{"month", "2026-03"}}).status, 409) << "not closed";

  auto tasks = Tasks(qm, "sample_id=" + Id(sample) + "&limit=200");
  ASSERT_EQ(tasks.size(), 7u);
  std::set<int64_t> sampled;
  for (const auto& t : tasks) sampled.insert(t.as_object().at("case_id").as_int64());
  for (int64_t m : majors) EXPECT_TRUE(sampled.count(m)) << "major case " << m;

  // The same seed on another rule draws the same cases.
  auto twin = Json(qm.Post("/api/v1/callback-rules", json::object{{"name", "一月投诉抽样（复核）"},
                                                                  {"kind", "complaint_sample"}}));
  auto again = Json(qm.Post("/api/v1/callback-rules/" + Id(twin) + "/samples",
                            json::object{{"month", "2026-01"}, {"seed", "18446744073709551615"}}));
  std::set<int64_t> resampled;
  for (const auto& t : Tasks(qm, "sample_id=" + Id(again) + "&limit=200")) {
    resampled.insert(t.as_object().at("case_id").as_int64());
  }
  EXPECT_EQ(sampled, resampled);

  // Coverage follows the outcomes.
  const auto first = tasks[0].as_object();
  auto done = qm.Post("/api/v1/callback-tasks/" + Id(first) + "/outcome",
                      json::object{{"evidence", json::object{{"recording_ref", "rec-s1"}}},
                                   {"solved", true},
                                   {"satisfaction", "satisfied"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto after = Json(qm.Get("/api/v1/callback-samples/" + Id(sample)));
  EXPECT_EQ(after["done"], 1);
  EXPECT_NEAR(after["coverage"].as_double(), 1.0 / 7, 1e-9);
  auto listed = Json(qm.Get(samples))["items"].as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].as_object().at("month"), "2026-01");
  EXPECT_EQ(qm.Get("/api/v1/callback-samples/999999").status, 404);
}

}  // namespace
}  // namespace csqm::test
