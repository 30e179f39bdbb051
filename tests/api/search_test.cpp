// /api/v1/search: one box over cases and customers, scoped and masked like the lists.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::set<std::string> Field(const json::object& result, const char* list, const char* field) {
  std::set<std::string> values;
  for (const auto& v : result.at(list).as_array()) {
    values.insert(std::string(v.as_object().at(field).as_string()));
  }
  return values;
}

json::object Search(Session& s, const std::string& q) {
  auto r = s.Get("/api/v1/search?q=" + q);
  EXPECT_EQ(r.status, 200) << r.body;
  return Json(r);
}

TEST(SearchApi, OneBoxFindsCasesAndCustomersInChinese) {
  Session agent("agent1");
  auto wang =
      agent.Post("/api/v1/customers", json::object{{"name", "王建国"}, {"phone", "13800000001"}});
  ASSERT_EQ(wang.status, 201);
  agent.Post("/api/v1/customers", json::object{{"name", "李四"}, {"phone", "13700000002"}});
  OpenCase(agent, "repair.simple", "王先生家门锁损坏",
           json::object{{"customer_id", Json(wang)["id"]}});
  OpenCase(agent, "inquiry.general", "电梯年检时间");
  auto r = Search(agent, "%E7%8E%8B");  // 王
  EXPECT_EQ(Field(r, "customers", "name"), std::set<std::string>{"王建国"});
  EXPECT_EQ(Field(r, "cases", "title"), std::set<std::string>{"王先生家门锁损坏"});
  EXPECT_FALSE(r["cases"].as_array()[0].as_object().at("targets").as_array().empty());
  auto phone = Search(agent, "13800");
  EXPECT_EQ(Field(phone, "customers", "name"), std::set<std::string>{"王建国"});
  EXPECT_TRUE(phone["cases"].as_array().empty());
  auto lift = Search(agent, "%E7%94%B5%E6%A2%AF");  // 电梯
  EXPECT_EQ(Field(lift, "cases", "title"), std::set<std::string>{"电梯年检时间"});
  EXPECT_TRUE(lift["customers"].as_array().empty());
  auto empty = agent.Get("/api/v1/search?q=%20%EF%BC%8C");  // a space and a full-width comma
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(Json(empty)["code"], "search.empty_query");
  EXPECT_EQ(Json(empty)["field"], "q");
  EXPECT_EQ(agent.Get("/api/v1/search").status, 400);
}

TEST(SearchApi, ResultsAreCappedScopedAndMasked) {
  Session agent("agent1"), other("agent2"), auditor("auditor"), field("field1");
  for (int i = 0; i < 12; ++i) {
    agent.Post("/api/v1/customers", json::object{{"name", "王" + std::to_string(i)},
                                                 {"phone", "1380000" + std::to_string(1000 + i)}});
    OpenCase(agent, "repair.simple", "王家报修 " + std::to_string(i));
  }
  auto capped = Search(agent, "%E7%8E%8B");
  EXPECT_EQ(capped["customers"].as_array().size(), 10u);
  EXPECT_EQ(capped["cases"].as_array().size(), 10u);
  EXPECT_EQ(capped["more_customers"], true);
  EXPECT_EQ(capped["more_cases"], true);
  EXPECT_EQ(Search(agent, "%E7%8E%8B&limit=3")["cases"].as_array().size(), 3u);
  auto elsewhere = Search(other, "%E7%8E%8B");
  EXPECT_TRUE(elsewhere["customers"].as_array().empty()) << "P2 does not see P1's customers";
  EXPECT_TRUE(elsewhere["cases"].as_array().empty());
  auto masked = Search(auditor, "13800001000");
  ASSERT_EQ(masked["customers"].as_array().size(), 1u);
  EXPECT_EQ(masked["customers"].as_array()[0].as_object()["phone"], "138****1000");
  auto full = Search(agent, "13800001000");
  EXPECT_EQ(full["customers"].as_array()[0].as_object()["phone"], "13800001000");
  auto field_view = Search(field, "%E7%8E%8B");
  EXPECT_TRUE(field_view["customers"].as_array().empty()) << "field staff have no customer list";
  EXPECT_TRUE(field_view["cases"].as_array().empty()) << "none of these cases is theirs";
}

}  // namespace
}  // namespace csqm::test
