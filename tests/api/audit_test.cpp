// /api/v1/audit: the tamper-evident log for auditors, admins and the quality manager, with
// cursor pagination and a verification that notices an edited row.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"
#include "store/db.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::vector<json::object> AllRows(Session& s, int limit) {
  std::vector<json::object> rows;
  std::string next = "/api/v1/audit?limit=" + std::to_string(limit);
  while (!next.empty() && rows.size() < 10000) {
    auto r = s.Get(next);
    EXPECT_EQ(r.status, 200) << r.body;
    auto page = Json(r);
    for (const auto& row : page["items"].as_array()) rows.push_back(row.as_object());
    next = page["next_cursor"].is_null()
               ? ""
               : "/api/v1/audit?limit=" + std::to_string(limit) +
                     "&after=" + std::string(page["next_cursor"].as_string());
  }
  return rows;
}

TEST(AuditApi, AuditorsAdminsAndTheQualityManagerReadTheChain) {
  Session agent("agent1"), auditor("auditor");
  auto c = OpenCase(agent, "repair.simple", "审计测试");
  auto rows = AllRows(auditor, 3);
  ASSERT_GE(rows.size(), 3u);
  std::set<int64_t> ids;
  std::string prev;
  for (const auto& row : rows) {
    EXPECT_TRUE(ids.insert(row.at("id").as_int64()).second);
    for (const char* key :
         {"at", "actor_id", "action", "entity", "entity_id", "data", "hash", "prev_hash"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    EXPECT_EQ(std::string(row.at("prev_hash").as_string()), prev)
        << "each row links to the one before";
    prev = std::string(row.at("hash").as_string());
  }
  bool created = false;
  for (const auto& row : rows) {
    if (row.at("action") == "case.created" && row.at("entity_id") == c["id"]) {
      created = true;
      EXPECT_EQ(row.at("actor_id"), ApiServer::Get().UserId("agent1"));
      EXPECT_EQ(row.at("entity"), "case");
      EXPECT_TRUE(row.at("data").is_object());
      EXPECT_EQ(row.at("at"), "2026-03-02T10:00:00+08:00");
    }
  }
  EXPECT_TRUE(created);
  EXPECT_EQ(AllRows(auditor, 500).size(), rows.size());
  for (const char* login : {"admin", "qm"}) {
    Session allowed(login);
    EXPECT_EQ(allowed.Get("/api/v1/audit").status, 200) << login;
    EXPECT_EQ(allowed.Get("/api/v1/audit/verify").status, 200) << login;
  }
  for (const char* login : {"manager1", "supervisor1", "agent1", "field1"}) {
    Session denied(login);
    auto r = denied.Get("/api/v1/audit");
    EXPECT_EQ(r.status, 403) << login;
    EXPECT_EQ(Json(r)["code"], "auth.forbidden");
    EXPECT_EQ(denied.Get("/api/v1/audit/verify").status, 403) << login;
  }
  EXPECT_EQ(auditor.Get("/api/v1/audit?limit=x").status, 400);
}

TEST(AuditApi, VerifyFindsTheFirstEditedRow) {
  Session agent("agent1"), auditor("auditor");
  OpenCase(agent, "repair.simple", "篡改测试");
  auto ok = Json(auditor.Get("/api/v1/audit/verify"));
  EXPECT_EQ(ok["intact"], true);
  EXPECT_TRUE(ok["first_bad"].is_null());
  const auto rows = ok["rows"].as_int64();
  EXPECT_GE(rows, 2);
  const auto second = AllRows(auditor, 500).at(1).at("id").as_int64();
  // Edit the row behind csqm's back, on whichever database the server runs on.
  const core::Status forged =
      ApiServer::Get().runtime().database().Write([&](store::Connection& c) {
        return c.Exec("UPDATE audit_log SET data_json = '{\"forged\":true}' WHERE id = ?",
                      {store::Value(int64_t{second})});
      });
  ASSERT_TRUE(forged.ok()) << forged.error().OneLine();
  auto bad = Json(auditor.Get("/api/v1/audit/verify"));
  EXPECT_EQ(bad["intact"], false);
  EXPECT_EQ(bad["first_bad"], second);
  EXPECT_EQ(bad["reason"], "hash");
}

}  // namespace
}  // namespace csqm::test
