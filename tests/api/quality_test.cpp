// /api/v1/quality: indicators, targets, dashboard series, the report archive (JSON, HTML,
// .xlsx) and the report subscription, with their role checks.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string Unit(const char* code) { return std::to_string(ApiServer::Get().UnitId(code)); }

void OpenComplaint(Session& s) {
  auto r = s.Post(
      "/api/v1/cases",
      json::object{{"category_id", ApiServer::Get().CategoryId("complaint.attitude.ordinary")},
                   {"title", "保安态度差"},
                   {"description", "质量指标测试"}});
  ASSERT_EQ(r.status, 201) << r.body;
}

TEST(QualityApi, IndicatorsOfAMonthBySubtree) {
  Session agent("agent1");
  OpenComplaint(agent);
  OpenComplaint(agent);
  Session qm("qm");
  auto r = qm.Get("/api/v1/quality/indicators?period=2026-03&org_unit_id=" + Unit("HQ") +
                  "&group_by=org_unit");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r);
  EXPECT_EQ(body["period"], "2026-03");
  EXPECT_EQ(body["first_day"], "2026-03-01");
  EXPECT_EQ(body["last_day"], "2026-03-31");
  const auto& total = body["total"].as_object().at("indicators").as_object();
  EXPECT_GE(total.at("received").as_object().at("value").to_number<double>(), 2.0);
  EXPECT_DOUBLE_EQ(total.at("callback_rate").as_object().at("target").to_number<double>(), 0.5);
  bool p1 = false;
  for (const auto& g : body["groups"].as_array()) {
    if (g.as_object().at("group") == json::value(Unit("P1"))) {
      p1 = true;
      EXPECT_GE(g.as_object()
                    .at("indicators")
                    .as_object()
                    .at("received")
                    .as_object()
                    .at("value")
                    .to_number<double>(),
                2.0);
    }
  }
  EXPECT_TRUE(p1) << r.body;
  EXPECT_TRUE(body["early_warnings"].is_array());
}

TEST(QualityApi, IndicatorsRejectBadInputAndForeignUnits) {
  Session qm("qm");
  auto bad = qm.Get("/api/v1/quality/indicators?period=2026-13");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["code"], "quality.bad_period");
  auto group = qm.Get("/api/v1/quality/indicators?period=2026-03&group_by=planet");
  EXPECT_EQ(group.status, 400);
  EXPECT_EQ(Json(group)["code"], "quality.bad_group");
  EXPECT_EQ(qm.Get("/api/v1/quality/indicators").status, 400);
  Session agent("agent1");
  auto denied = agent.Get("/api/v1/quality/indicators?period=2026-03");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(Json(denied)["code"], "auth.forbidden");
  Session manager2("manager2");
  EXPECT_EQ(
      manager2.Get("/api/v1/quality/indicators?period=2026-03&org_unit_id=" + Unit("P1")).status,
      403);
  Session manager1("manager1");
  EXPECT_EQ(manager1
                .Get("/api/v1/quality/indicators?period=2026-Q1&org_unit_id=" + Unit("P1") +
                     "&group_by=category")
                .status,
            200);
  Session auditor("auditor");
  EXPECT_EQ(auditor.Get("/api/v1/quality/indicators?period=2026-W10&group_by=assignee").status,
            200);
}

TEST(QualityApi, TargetsReadByReadersSetByQualityManagers) {
  Session auditor("auditor");
  auto list = auditor.Get("/api/v1/quality/targets");
  ASSERT_EQ(list.status, 200) << list.body;
  bool satisfaction = false;
  const auto targets = Json(list);
  for (const auto& t : targets.at("items").as_array()) {
    if (t.as_object().at("indicator") == "satisfaction_rate") {
      satisfaction = true;
      EXPECT_EQ(t.as_object().at("direction"), "at_least");
    }
  }
  EXPECT_TRUE(satisfaction);
  EXPECT_EQ(auditor.Send("PUT", "/api/v1/quality/targets/reopen_rate", R"({"target":0.04})").status,
            403);
  Session qm("qm");
  auto put = qm.Send("PUT", "/api/v1/quality/targets/reopen_rate", R"({"target":0.04})");
  ASSERT_EQ(put.status, 200) << put.body;
  const std::string etag = put.Header("ETag").value_or("");
  auto stale = qm.Send("PUT", "/api/v1/quality/targets/reopen_rate", R"({"target":0.03})",
                       {{"If-Match", "\"v99\""}});
  EXPECT_EQ(stale.status, 412);
  auto again = qm.Send("PUT", "/api/v1/quality/targets/reopen_rate", R"({"target":0.03})",
                       {{"If-Match", etag}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(qm.Send("PUT", "/api/v1/quality/targets/no_such", R"({"target":1})").status, 404);
  auto range = qm.Send("PUT", "/api/v1/quality/targets/satisfaction_rate", R"({"target":90})");
  EXPECT_EQ(range.status, 400);
  EXPECT_EQ(Json(range)["code"], "quality.bad_target");
  EXPECT_EQ(qm.Send("PUT", "/api/v1/quality/targets/satisfaction_rate", R"({"target":"x"})").status,
            400);
}

TEST(QualityApi, DashboardSeriesAndPareto) {
  Session agent("agent1");
  OpenComplaint(agent);
  Session qm("qm");
  auto r = qm.Get("/api/v1/quality/dashboard?month=2026-03&months=3");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r);
  ASSERT_EQ(body["months"].as_array().size(), 3u);
  EXPECT_EQ(body["months"].as_array()[2].as_object().at("month"), "2026-03");
  ASSERT_FALSE(body["pareto"].as_array().empty());
  EXPECT_DOUBLE_EQ(
      body["pareto"].as_array().back().as_object().at("cumulative_share").to_number<double>(), 1.0);
  EXPECT_EQ(qm.Get("/api/v1/quality/dashboard?month=2026-Q1").status, 400);
  EXPECT_EQ(qm.Get("/api/v1/quality/dashboard").status, 400);
  Session field("field1");
  EXPECT_EQ(field.Get("/api/v1/quality/dashboard?month=2026-03").status, 403);
}

TEST(QualityApi, ReportsAreGeneratedArchivedAndDownloaded) {
  Session agent("agent1");
  OpenComplaint(agent);
  Session auditor("auditor");
  EXPECT_EQ(auditor.Post("/api/v1/quality/reports", json::object{{"period", "2026-03"}}).status,
            403);
  Session qm("qm");
  auto created =
      qm.Post("/api/v1/quality/reports",
              json::object{{"period", "2026-03"}, {"org_unit_id", ApiServer::Get().UnitId("HQ")}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto report = Json(created);
  const std::string path = "/api/v1/quality/reports/" + std::to_string(report["id"].as_int64());
  EXPECT_EQ(created.Header("Location").value_or(""), path);
  EXPECT_EQ(report["period"], "2026-03");
  EXPECT_TRUE(report["report"].as_object().contains("pareto"));

  auto list = auditor.Get("/api/v1/quality/reports");
  ASSERT_EQ(list.status, 200);
  EXPECT_FALSE(Json(list)["items"].as_array().empty());
  auto got = auditor.Get(path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(Json(got)["report"].as_object().at("period"), "2026-03");
  auto html = auditor.Get(path + "/html");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.Header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(html.body.find("质量报告"), std::string::npos);
  EXPECT_NE(html.body.find("@media print"), std::string::npos);
  auto xlsx = auditor.Get(path + "/xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.body.find("xl/charts/chart1.xml"), std::string::npos);
  Session agent_reader("agent1");
  EXPECT_EQ(agent_reader.Get(path).status, 403);
  EXPECT_EQ(auditor.Get("/api/v1/quality/reports/999999").status, 404);
  EXPECT_EQ(qm.Post("/api/v1/quality/reports", json::object{{"period", "March"}}).status, 400);
}

TEST(QualityApi, SubscriptionIsPerUser) {
  Session qm("qm");
  auto off = qm.Get("/api/v1/quality/subscription");
  ASSERT_EQ(off.status, 200);
  auto on = qm.Send("PUT", "/api/v1/quality/subscription", R"({"subscribed":true})");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(Json(on)["subscribed"], true);
  EXPECT_EQ(Json(qm.Get("/api/v1/quality/subscription"))["subscribed"], true);
  Session manager("manager1");
  EXPECT_EQ(Json(manager.Get("/api/v1/quality/subscription"))["subscribed"], false);
  EXPECT_EQ(qm.Send("PUT", "/api/v1/quality/subscription", R"({})").status, 400);
  Session agent("agent1");
  EXPECT_EQ(agent.Send("PUT", "/api/v1/quality/subscription", R"({"subscribed":true})").status,
            403);
}

}  // namespace
}  // namespace csqm::test
