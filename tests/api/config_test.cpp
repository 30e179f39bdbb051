// /api/v1/case-types and /api/v1/categories: everyone reads, admin and quality manager write;
// workflows and SLA policies are validated by the core parsers with errors naming the field.
// Calendars: calendars_test.cpp.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

json::object Workflow(const std::string& initial = "open") {
  return json::object{
      {"initial", initial},
      {"statuses", json::array{json::object{{"key", initial}, {"zh", "待处理"}, {"en", "Open"}},
                               json::object{{"key", "done"},
                                            {"zh", "已完成"},
                                            {"en", "Done"},
                                            {"resolved", true},
                                            {"final", true}}}},
      {"transitions", json::array{json::object{{"key", "finish"},
                                               {"zh", "完成"},
                                               {"en", "Finish"},
                                               {"from", json::array{initial}},
                                               {"to", "done"}}}}};
}

json::object Policy(const std::string& limit,
                    json::object met_by = {{"event", "first_public_reply"}}) {
  return json::object{{"targets", json::array{json::object{{"key", "answered"},
                                                           {"zh", "答复"},
                                                           {"en", "Answered"},
                                                           {"clock", "business"},
                                                           {"limit", limit},
                                                           {"met_by", std::move(met_by)}}}}};
}

int64_t CalendarId(Session& s, const std::string& key) {
  const auto calendars = Json(s.Get("/api/v1/calendars"))["items"].as_array();
  for (const auto& c : calendars) {
    if (c.as_object().at("key").as_string() == key) return c.as_object().at("id").as_int64();
  }
  ADD_FAILURE() << "no calendar " << key;
  return 0;
}

json::object CreateType(Session& s, const std::string& key, const std::string& prefix) {
  auto r = s.Post("/api/v1/case-types", json::object{{"key", key},
                                                     {"prefix", prefix},
                                                     {"name_zh", "意见反馈"},
                                                     {"name_en", "Feedback"},
                                                     {"workflow", Workflow()}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

json::object CreateCategory(Session& s, int64_t type_id, const std::string& key,
                            json::object policy, int64_t calendar_id) {
  auto r = s.Post("/api/v1/categories", json::object{{"key", key},
                                                     {"case_type_id", type_id},
                                                     {"name_zh", "一般反馈"},
                                                     {"name_en", "General"},
                                                     {"calendar_id", calendar_id},
                                                     {"policy", std::move(policy)}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

json::object OpenIn(Session& s, int64_t category_id, const std::string& title) {
  auto r = s.Post("/api/v1/cases", json::object{{"category_id", category_id}, {"title", title}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

std::string DueOf(const json::object& c) {
  return std::string(c.at("targets").as_array().at(0).as_object().at("due_at").as_string());
}

void ExpectProblem(const ClientResponse& r, int status, const std::string& code,
                   const std::string& field_prefix) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
  auto p = Json(r);
  if (!code.empty()) {
    EXPECT_EQ(p["code"], json::value(code)) << r.body;
  }
  if (!field_prefix.empty()) {
    ASSERT_TRUE(p["field"].is_string()) << r.body;
    EXPECT_EQ(std::string(p["field"].as_string()).rfind(field_prefix, 0), 0u) << r.body;
  }
}

TEST(ConfigApi, EveryoneReadsCaseTypesAndCategories) {
  for (const char* login : {"field1", "auditor", "agent2"}) {
    Session s(login);
    auto types = Json(s.Get("/api/v1/case-types"));
    bool complaint = false;
    for (const auto& t : types["items"].as_array()) {
      if (t.as_object().at("key") == "complaint") {
        complaint = true;
        EXPECT_EQ(t.as_object().at("prefix"), "TS");
        auto one = s.Get("/api/v1/case-types/" + std::to_string(t.as_object().at("id").as_int64()));
        ASSERT_EQ(one.status, 200);
        EXPECT_EQ(Json(one)["workflow"].as_object()["initial"], "new");
        EXPECT_EQ(one.Header("ETag").value_or(""), "\"v1\"");
      }
    }
    EXPECT_TRUE(complaint) << login;
    const auto id = ApiServer::Get().CategoryId("complaint.attitude.ordinary");
    auto cat = s.Get("/api/v1/categories/" + std::to_string(id));
    ASSERT_EQ(cat.status, 200) << login;
    auto targets = Json(cat)["policy"].as_object()["targets"].as_array();
    EXPECT_EQ(targets.at(0).as_object()["limit"], "0.5d");
    auto list = Json(s.Get("/api/v1/categories"));
    bool child = false;
    for (const auto& c : list["items"].as_array()) {
      if (c.as_object().at("id") == id) child = !c.as_object().at("parent_id").is_null();
    }
    EXPECT_TRUE(child) << "the tree as a flat list with parent_id";
  }
  Session agent("agent1");
  EXPECT_EQ(agent.Get("/api/v1/case-types/987654").status, 404);
  EXPECT_EQ(agent.Get("/api/v1/categories/987654").status, 404);
}

TEST(ConfigApi, CaseTypesAreCreatedWithValidatedWorkflowsByConfigurersOnly) {
  Session qm("qm"), agent("agent1"), manager("manager1");
  auto type = CreateType(qm, "feedback", "FK");
  EXPECT_EQ(type["workflow"].as_object()["initial"], "open");
  auto body = json::object{{"key", "feedback2"},
                           {"prefix", "FB"},
                           {"name_zh", "反馈"},
                           {"name_en", "Feedback"},
                           {"workflow", Workflow()}};
  EXPECT_EQ(agent.Post("/api/v1/case-types", body).status, 403);
  EXPECT_EQ(manager.Post("/api/v1/case-types", body).status, 403);
  auto dup_prefix = body;
  dup_prefix["prefix"] = "TS";
  ExpectProblem(qm.Post("/api/v1/case-types", dup_prefix), 409, "store.constraint", "prefix");
  auto dup_key = body;
  dup_key["key"] = "complaint";
  ExpectProblem(qm.Post("/api/v1/case-types", dup_key), 409, "store.constraint", "key");
  auto bad_prefix = body;
  bad_prefix["prefix"] = "fb";
  ExpectProblem(qm.Post("/api/v1/case-types", bad_prefix), 400, "case_type.bad_prefix", "prefix");
  auto broken = body;
  broken["workflow"].as_object()["transitions"].as_array()[0].as_object()["to"] = "nowhere";
  ExpectProblem(qm.Post("/api/v1/case-types", broken), 400, "", "workflow.transitions[0]");
  auto no_workflow = body;
  no_workflow.erase("workflow");
  ExpectProblem(qm.Post("/api/v1/case-types", no_workflow), 400, "json.missing_field", "workflow");
  auto not_object = body;
  not_object["workflow"] = "open → done";
  ExpectProblem(qm.Post("/api/v1/case-types", not_object), 400, "json.wrong_type", "workflow");
  EXPECT_EQ(Session("admin").Post("/api/v1/case-types", body).status, 201) << "admin may too";
}

TEST(ConfigApi, CaseTypeEditsUseIfMatchAndKeepStatusesThatOpenCasesAreIn) {
  Session qm("qm"), agent("agent1");
  auto type = CreateType(qm, "feedback", "FK");
  const auto path = "/api/v1/case-types/" + std::to_string(type["id"].as_int64());
  auto renamed =
      qm.Patch(path, json::object{{"name_en", "Customer feedback"}}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Json(renamed)["name_en"], "Customer feedback");
  ExpectProblem(qm.Patch(path, json::object{{"name_en", "x"}}, {{"If-Match", "\"v1\""}}), 412,
                "store.version_mismatch", "");
  ExpectProblem(qm.Patch(path, json::object{{"prefix", "XX"}}), 400, "case_type.readonly_field",
                "prefix");
  EXPECT_EQ(agent.Patch(path, json::object{{"name_en", "x"}}).status, 403);
  auto category = CreateCategory(qm, type["id"].as_int64(), "feedback.general", Policy("1h"),
                                 CalendarId(qm, "cn-office"));
  auto c = OpenIn(agent, category["id"].as_int64(), "建议增加快递柜");
  EXPECT_EQ(c["status"], "open");
  EXPECT_EQ(std::string(c["number"].as_string()).substr(0, 3), "FK-");
  ExpectProblem(qm.Patch(path, json::object{{"workflow", Workflow("new")}}), 409,
                "case_type.status_in_use", "workflow.statuses");
  auto more = Workflow();
  more["statuses"].as_array().push_back(
      json::object{{"key", "review"}, {"zh", "复核"}, {"en", "Review"}});
  auto ok = qm.Patch(path, json::object{{"workflow", more}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json(ok)["workflow"].as_object()["statuses"].as_array().size(), 3u);
  auto finished = agent.Post("/api/v1/cases/" + std::to_string(c["id"].as_int64()) + "/transitions",
                             json::object{{"transition", "finish"}});
  EXPECT_EQ(finished.status, 200) << finished.body;
  EXPECT_EQ(qm.Patch(path, json::object{{"workflow", Workflow("new")}}).status, 200)
      << "no open case is in the removed status any more";
}

TEST(ConfigApi, CategoriesValidateTheirPolicyCalendarAndTree) {
  Session admin("admin"), agent("agent1");
  auto type = CreateType(admin, "feedback", "FK");
  const auto type_id = type["id"].as_int64();
  const auto office = CalendarId(admin, "cn-office");
  auto parent = CreateCategory(admin, type_id, "feedback", Policy("1h"), office);
  auto base = json::object{{"key", "feedback.child"}, {"case_type_id", type_id},
                           {"name_zh", "子类"},       {"name_en", "Child"},
                           {"calendar_id", office},   {"parent_id", parent["id"]},
                           {"policy", Policy("30m")}};
  EXPECT_EQ(agent.Post("/api/v1/categories", base).status, 403);
  EXPECT_EQ(Session("supervisor1").Post("/api/v1/categories", base).status, 403);
  struct Bad {
    const char* key;
    json::value value;
    int status;
    const char* code;
    const char* field;
  } cases[] = {
      {"policy", Policy("soon"), 400, "", "policy.targets[0]"},
      {"policy", Policy("1h", {{"status", "archived"}}), 400, "category.unknown_status",
       "policy.targets[0].met_by.status"},
      {"policy", json::array{}, 400, "json.wrong_type", "policy"},
      {"calendar_id", 987654, 400, "category.bad_calendar", "calendar_id"},
      {"case_type_id", 987654, 400, "category.bad_case_type", "case_type_id"},
      {"parent_id", ApiServer::Get().CategoryId("complaint"), 400, "category.bad_parent",
       "parent_id"},
      {"key", "complaint.other", 409, "store.constraint", "key"},
      {"key", "has space", 400, "category.bad_key", "key"},
      {"name_zh", "", 400, "category.bad_name", "name_zh"},
  };
  for (const auto& c : cases) {
    auto body = base;
    body[c.key] = c.value;
    ExpectProblem(admin.Post("/api/v1/categories", body), c.status, c.code, c.field);
  }
  auto child = admin.Post("/api/v1/categories", base);
  ASSERT_EQ(child.status, 201) << child.body;
  EXPECT_EQ(Json(child)["parent_id"], parent["id"]);
  EXPECT_EQ(Json(child)["policy"].as_object()["targets"].as_array()[0].as_object()["limit"], "30m");
}

TEST(ConfigApi, PolicyChangesApplyToNewCasesAndDeactivationStopsIntake) {
  Session qm("qm"), agent("agent1");
  auto type = CreateType(qm, "feedback", "FK");
  auto category = CreateCategory(qm, type["id"].as_int64(), "feedback.general", Policy("1h"),
                                 CalendarId(qm, "cn-office"));
  const auto id = category["id"].as_int64();
  const auto path = "/api/v1/categories/" + std::to_string(id);
  auto before = OpenIn(agent, id, "旧规则");
  EXPECT_EQ(DueOf(before), "2026-03-02T11:00:00+08:00");
  auto changed = qm.Patch(path, json::object{{"policy", Policy("2h")}}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Json(changed)["replanned_cases"], 0);
  EXPECT_EQ(DueOf(OpenIn(agent, id, "新规则")), "2026-03-02T12:00:00+08:00");
  auto old = Json(agent.Get("/api/v1/cases/" + std::to_string(before["id"].as_int64())));
  EXPECT_EQ(DueOf(old), "2026-03-02T11:00:00+08:00") << "open cases keep their plan";
  ExpectProblem(qm.Patch(path, json::object{{"active", false}}, {{"If-Match", "\"v1\""}}), 412,
                "store.version_mismatch", "");
  ExpectProblem(qm.Patch(path, json::object{{"policy", Policy("x")}}), 400, "",
                "policy.targets[0]");
  ExpectProblem(qm.Patch(path, json::object{{"case_type_id", 1}}), 400, "category.readonly_field",
                "case_type_id");
  EXPECT_EQ(agent.Patch(path, json::object{{"active", false}}).status, 403);
  auto off = qm.Patch(path, json::object{{"active", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Json(off)["active"], false);
  auto refused =
      agent.Post("/api/v1/cases", json::object{{"category_id", id}, {"title", "停用后"}});
  EXPECT_EQ(Json(refused)["code"], "case.inactive_category");
}

TEST(ConfigApi, MovingACategoryToAnotherCalendarReplansItsOpenCases) {
  Session qm("qm"), agent("agent1");
  auto type = CreateType(qm, "feedback", "FK");
  auto category = CreateCategory(qm, type["id"].as_int64(), "feedback.evening", Policy("1h"),
                                 CalendarId(qm, "cn-office"));
  const auto id = category["id"].as_int64();
  auto c = OpenIn(agent, id, "晚间服务");
  EXPECT_EQ(DueOf(c), "2026-03-02T11:00:00+08:00");
  json::object week;
  for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    week[d] = json::array{json::array{"18:00", "23:00"}};
  }
  auto evening =
      qm.Post("/api/v1/calendars",
              json::object{{"key", "evening"},
                           {"name", "晚班"},
                           {"spec", json::object{{"tz", "Asia/Shanghai"}, {"week", week}}}});
  ASSERT_EQ(evening.status, 201) << evening.body;
  auto moved = qm.Patch("/api/v1/categories/" + std::to_string(id),
                        json::object{{"calendar_id", Json(evening)["id"]}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json(moved)["replanned_cases"], 1);
  auto after = Json(agent.Get("/api/v1/cases/" + std::to_string(c["id"].as_int64())));
  EXPECT_EQ(DueOf(after), "2026-03-02T19:00:00+08:00");
}

}  // namespace
}  // namespace csqm::test
