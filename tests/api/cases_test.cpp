// /api/v1/cases: opening, reading, queues, editing with ETags, idempotent retries, scope.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string CasePath(const json::object& c) {
  return "/api/v1/cases/" + std::to_string(c.at("id").as_int64());
}

const json::object& Target(const json::object& c, const std::string& key) {
  for (const auto& t : c.at("targets").as_array()) {
    if (t.as_object().at("key").as_string() == key) return t.as_object();
  }
  throw std::runtime_error("no target " + key);
}

TEST(CasesApi, OpenCaseNumbersItPlansItsTargetAndRecordsTheOwner) {
  Session agent("agent1");
  auto c = OpenCase(agent, "complaint.attitude.ordinary", "保安态度差");
  EXPECT_EQ(std::string(c["number"].as_string()).substr(0, 10), "TS-202603-");
  EXPECT_EQ(c["status"], "new");
  EXPECT_EQ(c["owner_id"], ApiServer::Get().UserId("agent1"));
  EXPECT_EQ(c["received_at"], "2026-03-02T10:00:00+08:00");
  const auto& t = Target(c, "resolved");
  EXPECT_EQ(t.at("due_at"), "2026-03-02T15:30:00+08:00") << "half a day on 08:30–12:00/13:30–17:30";
  EXPECT_EQ(t.at("state"), "running");
  EXPECT_FALSE(c["transitions"].as_array().empty());
}

// POST /cases answers from what its write had at hand (no second read): the same body and
// ETag as a read of the case right after, customer, owner, assignee and targets included.
TEST(CasesApi, OpenCaseAnswersExactlyWhatAReadOfTheCaseShows) {
  Session agent("agent1");
  auto customer =
      agent.Post("/api/v1/customers",
                 json::object{{"name", "赵六"}, {"phone", "13800000077"}, {"unit", "9栋1单元101"}});
  ASSERT_EQ(customer.status, 201) << customer.body;
  auto opened =
      agent.Post("/api/v1/cases",
                 json::object{{"category_id", ApiServer::Get().CategoryId("repair.home_urgent")},
                              {"title", "水管爆裂"},
                              {"description", "厨房进水管爆裂"},
                              {"customer_id", Json(customer)["id"]},
                              {"assignee_id", ApiServer::Get().UserId("field1")},
                              {"severity", "serious"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto c = Json(opened);
  auto read = agent.Get(CasePath(c));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Json(read), c);
  EXPECT_EQ(read.Header("ETag"), opened.Header("ETag"));
  EXPECT_EQ(opened.Header("Location"), CasePath(c));
  EXPECT_FALSE(c.at("targets").as_array().empty());
  EXPECT_EQ(c.at("assignee").as_object().at("id"), ApiServer::Get().UserId("field1"));
}

// Queues are written as JSON text without a DOM (http/json_writer.hpp): an item carries the
// same case fields and targets as the case's own page, awkward text included, except the
// description (a queue line does not show it; the case's page has it).
TEST(CasesApi, QueueItemsCarryTheCaseFieldsButTheDescription) {
  Session agent("agent1");
  const std::string title = "引号\"反斜杠\\ 制表\t换行\n 😀";
  auto c = OpenCase(agent, "repair.simple", title,
                    json::object{{"custom_fields", json::object{{"楼栋", "3栋"}, {"n", 2}}}});
  auto list =
      agent.Get("/api/v1/cases?owner_id=" + std::to_string(c["owner_id"].as_int64()) + "&limit=1");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = Json(list)["items"].as_array();
  ASSERT_EQ(items.size(), 1u);
  const auto& item = items[0].as_object();
  EXPECT_EQ(item.at("title").as_string(), title);
  EXPECT_FALSE(item.contains("description"));
  EXPECT_FALSE(c.at("description").as_string().empty());
  EXPECT_EQ(item.size(), 24u);
  for (const auto& [key, value] : item) {
    ASSERT_TRUE(c.contains(key)) << key;
    if (key != "targets") {
      EXPECT_EQ(value, c.at(key)) << key;
      continue;
    }
    auto named = c.at(key).as_array();  // the case page also names each target
    for (auto& t : named) {
      t.as_object().erase("name_zh");
      t.as_object().erase("name_en");
    }
    EXPECT_EQ(value, json::value(named));
  }
}

TEST(CasesApi, ReceivedAtCanBeBackdatedWithinTheWindowAndTheClockStartsThere) {
  Session agent("agent1");
  auto c = OpenCase(agent, "inquiry.general", "物业费咨询",
                    json::object{{"received_at", "2026-03-02T08:40:00+08:00"}});
  EXPECT_EQ(c["received_at"], "2026-03-02T08:40:00+08:00");
  EXPECT_EQ(Target(c, "answered").at("due_at"), "2026-03-02T09:10:00+08:00");
  auto too_early = agent.Post(
      "/api/v1/cases", json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                                    {"title", "x"},
                                    {"received_at", "2026-02-01T08:40:00+08:00"}});
  EXPECT_EQ(too_early.status, 400);
  EXPECT_EQ(Json(too_early)["code"], "case.received_too_early");
  auto future = agent.Post(
      "/api/v1/cases", json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                                    {"title", "x"},
                                    {"received_at", "2026-03-03T08:40:00+08:00"}});
  EXPECT_EQ(Json(future)["code"], "case.received_in_future");
}

TEST(CasesApi, ValidationErrorsAreProblemJsonWithCodeAndField) {
  Session agent("agent1");
  struct Bad {
    json::object body;
    const char* code;
    const char* field;
  } cases[] = {
      {json::object{{"title", "x"}}, "json.missing_field", "category_id"},
      {json::object{{"category_id", 999999}, {"title", "x"}}, "category.not_found", "category_id"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")}},
       "json.missing_field", "title"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")}, {"title", ""}},
       "case.bad_title", "title"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                    {"title", "x"},
                    {"channel", "fax"}},
       "case.bad_channel", "channel"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                    {"title", "x"},
                    {"severity", "huge"}},
       "case.bad_severity", "severity"},
      {json::object{{"category_id", "7"}, {"title", "x"}}, "json.wrong_type", "category_id"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                    {"title", "x"},
                    {"customer_id", 424242}},
       "case.bad_customer", "customer_id"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                    {"title", "x"},
                    {"assignee_id", ApiServer::Get().UserId("auditor")}},
       "case.bad_assignee", "assignee_id"},
      {json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")},
                    {"title", "x"},
                    {"received_at", "yesterday"}},
       "time.bad_time", "received_at"},
  };
  for (const auto& c : cases) {
    auto r = agent.Post("/api/v1/cases", c.body);
    EXPECT_EQ(r.status / 100, 4) << json::serialize(c.body);
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
    auto p = Json(r);
    EXPECT_EQ(p["code"], c.code) << json::serialize(c.body) << " → " << r.body;
    EXPECT_EQ(p["field"], c.field) << json::serialize(c.body);
  }
  auto broken = agent.Send("POST", "/api/v1/cases", "{\"title\":");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(Json(broken)["code"], "json.bad");
  auto list = Json(agent.Get("/api/v1/cases"));
  EXPECT_TRUE(list["items"].as_array().empty()) << "nothing half-written";
}

TEST(CasesApi, ReadAndEditWithEtagsAnd412OnStaleIfMatch) {
  Session agent("agent1");
  auto c = OpenCase(agent, "repair.simple", "换灯泡");
  auto get = agent.Get(CasePath(c));
  ASSERT_EQ(get.status, 200);
  const std::string etag = get.Header("ETag").value_or("");
  EXPECT_EQ(etag, "\"v1\"");
  auto patched =
      agent.Patch(CasePath(c), json::object{{"title", "换楼道灯泡"}}, {{"If-Match", etag}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["title"], "换楼道灯泡");
  EXPECT_EQ(patched.Header("ETag").value_or(""), "\"v2\"");
  auto stale = agent.Patch(CasePath(c), json::object{{"title", "旧版本"}}, {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "store.version_mismatch");
  EXPECT_EQ(Json(agent.Get(CasePath(c)))["title"], "换楼道灯泡")
      << "the stale edit changed nothing";
  auto readonly = agent.Patch(CasePath(c), json::object{{"status", "closed"}});
  EXPECT_EQ(readonly.status, 400);
  EXPECT_EQ(Json(readonly)["code"], "case.readonly_field");
  auto bad_etag = agent.Patch(CasePath(c), json::object{{"title", "x"}}, {{"If-Match", "v2"}});
  EXPECT_EQ(bad_etag.status, 400);
  EXPECT_EQ(agent.Get("/api/v1/cases/987654").status, 404);
  EXPECT_EQ(agent.Get("/api/v1/cases/abc").status, 404);
}

TEST(CasesApi, ChangingTheCategoryReplansTargets) {
  Session agent("agent1");
  auto c = OpenCase(agent, "complaint.attitude.ordinary", "态度");
  auto r = agent.Patch(
      CasePath(c),
      json::object{{"category_id", ApiServer::Get().CategoryId("complaint.attitude.serious")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Target(Json(r), "resolved").at("due_at"), "2026-03-04T10:00:00+08:00")
      << "2 days of 450 working minutes from Monday 10:00";
  auto other_type = agent.Patch(
      CasePath(c), json::object{{"category_id", ApiServer::Get().CategoryId("inquiry.general")}});
  EXPECT_EQ(other_type.status, 400);
  EXPECT_EQ(Json(other_type)["code"], "case.category_of_other_type");
}

TEST(CasesApi, IdempotencyKeyReplaysTheFirstResult) {
  Session agent("agent1");
  json::object body{{"category_id", ApiServer::Get().CategoryId("inquiry.fees")},
                    {"title", "物业费标准"}};
  auto first = agent.Post("/api/v1/cases", body, {{"Idempotency-Key", "call-0001"}});
  auto again = agent.Post("/api/v1/cases", body, {{"Idempotency-Key", "call-0001"}});
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("Idempotent-Replayed").value_or(""), "true");
  body["title"] = "另一个请求";
  auto reused = agent.Post("/api/v1/cases", body, {{"Idempotency-Key", "call-0001"}});
  EXPECT_EQ(reused.status, 409);
  EXPECT_EQ(Json(reused)["code"], "idempotency.key_reused");
  EXPECT_EQ(Json(agent.Get("/api/v1/cases"))["items"].as_array().size(), 1u);
}

TEST(CasesApi, QueuesFilterPaginateAndSearchChinese) {
  Session agent("agent1");
  for (int i = 0; i < 7; ++i) OpenCase(agent, "repair.other", "3栋卫生间漏水 " + std::to_string(i));
  OpenCase(agent, "inquiry.general", "电梯年检时间咨询");
  auto c = OpenCase(
      agent, "complaint.attitude.ordinary", "保安态度差",
      json::object{{"assignee_id", ApiServer::Get().UserId("agent1b")}, {"severity", "serious"}});
  std::set<int64_t> seen;
  std::string next = "/api/v1/cases?limit=4";
  int pages = 0;
  while (!next.empty()) {
    auto page = Json(agent.Get(next));
    for (const auto& item : page["items"].as_array())
      EXPECT_TRUE(seen.insert(item.as_object().at("id").as_int64()).second);
    next = page["next_cursor"].is_null()
               ? ""
               : "/api/v1/cases?limit=4&after=" + std::string(page["next_cursor"].as_string());
    ++pages;
  }
  EXPECT_EQ(seen.size(), 9u);
  EXPECT_EQ(pages, 3);
  auto count = [&](const std::string& query) {
    return Json(agent.Get("/api/v1/cases?" + query))["items"].as_array().size();
  };
  EXPECT_EQ(count("q=漏水"), 7u);
  EXPECT_EQ(count("q=漏"), 7u) << "one-character words are found";
  EXPECT_EQ(count("q=电梯"), 1u);
  EXPECT_EQ(count("q=态度"), 1u);
  EXPECT_EQ(count("q=水管"), 0u);
  EXPECT_EQ(count("q=%22%20OR%20*"), 0u) << "FTS syntax in the query is inert";
  EXPECT_EQ(count("assignee_id=" + std::to_string(ApiServer::Get().UserId("agent1b"))), 1u);
  EXPECT_EQ(count("severity=serious"), 1u);
  EXPECT_EQ(count("status=new"), 9u);
  EXPECT_EQ(count("category_id=" + std::to_string(ApiServer::Get().CategoryId("repair.other"))),
            7u);
  EXPECT_EQ(count("open=false"), 0u);
  EXPECT_EQ(count("breaching_within=400"), 2u)
      << "the 30-minute inquiry and the half-day complaint";
  EXPECT_EQ(count("overdue=true"), 0u);
  ApiServer::Get().clock().Advance(std::chrono::hours(6));
  EXPECT_EQ(count("overdue=true"), 2u);
  EXPECT_EQ(agent.Get("/api/v1/cases?severity=huge").status, 400);
  EXPECT_EQ(agent.Get("/api/v1/cases?limit=abc").status, 400);
  (void)c;
}

TEST(CasesApi, EachRoleSeesOnlyItsScope) {
  Session agent1("agent1"), agent2("agent2"), field1("field1"), manager1("manager1"),
      admin("admin"), auditor("auditor");
  auto p1 = OpenCase(agent1, "repair.simple", "P1 的工单");
  auto p1_assigned = OpenCase(agent1, "repair.simple", "派给维修工",
                              json::object{{"assignee_id", ApiServer::Get().UserId("field1")}});
  auto p2 = OpenCase(agent2, "repair.simple", "P2 的工单");
  EXPECT_EQ(agent2.Get(CasePath(p1)).status, 404) << "other projects' cases are not disclosed";
  EXPECT_EQ(manager1.Get(CasePath(p1)).status, 200);
  EXPECT_EQ(manager1.Get(CasePath(p2)).status, 404);
  EXPECT_EQ(admin.Get(CasePath(p2)).status, 200) << "HQ sees every project";
  EXPECT_EQ(auditor.Get(CasePath(p1)).status, 200);
  EXPECT_EQ(field1.Get(CasePath(p1)).status, 404) << "field staff see only their assignments";
  EXPECT_EQ(field1.Get(CasePath(p1_assigned)).status, 200);
  EXPECT_EQ(Json(field1.Get("/api/v1/cases"))["items"].as_array().size(), 1u);
  EXPECT_EQ(Json(agent2.Get("/api/v1/cases"))["items"].as_array().size(), 1u);
  EXPECT_EQ(Json(admin.Get("/api/v1/cases"))["items"].as_array().size(), 3u);
  auto auditor_write = auditor.Post(
      "/api/v1/cases",
      json::object{{"category_id", ApiServer::Get().CategoryId("repair.simple")}, {"title", "x"}});
  EXPECT_EQ(auditor_write.status, 403);
  EXPECT_EQ(Json(auditor_write)["code"], "auth.forbidden");
  auto foreign_unit = agent2.Post(
      "/api/v1/cases", json::object{{"category_id", ApiServer::Get().CategoryId("repair.simple")},
                                    {"title", "x"},
                                    {"org_unit_id", ApiServer::Get().UnitId("P1")}});
  EXPECT_EQ(foreign_unit.status, 403);
  EXPECT_EQ(agent2.Get("/api/v1/cases?org_unit_id=" + std::to_string(ApiServer::Get().UnitId("P1")))
                .status,
            403);
}

}  // namespace
}  // namespace csqm::test
