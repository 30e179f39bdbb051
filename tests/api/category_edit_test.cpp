// PATCH /api/v1/categories/{id} on the shipped property template (the web UI's T1 form sends
// the names and the whole policy back with every save).
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

TEST(CategoryEditApi, EveryShippedCategoryTakesItsOwnNamesAndPolicyBack) {
  Session qm("qm");
  const auto list = Json(qm.Get("/api/v1/categories"));
  ASSERT_FALSE(list.at("items").as_array().empty());
  for (const auto& item : list.at("items").as_array()) {
    const auto& c = item.as_object();
    const std::string path = "/api/v1/categories/" + std::to_string(c.at("id").as_int64());
    const std::string etag = "\"v" + std::to_string(c.at("version").as_int64()) + "\"";
    auto r = qm.Patch(path,
                      json::object{{"name_zh", c.at("name_zh")},
                                   {"name_en", c.at("name_en")},
                                   {"active", c.at("active")},
                                   {"calendar_id", c.at("calendar_id")},
                                   {"policy", c.at("policy")}},
                      {{"If-Match", etag}});
    EXPECT_EQ(r.status, 200) << c.at("key") << ": " << r.body;
  }
}

TEST(CategoryEditApi, NamesLongerThan200CharactersAreRefusedOnTheirField) {
  Session qm("qm");
  const auto list = Json(qm.Get("/api/v1/categories"));
  const auto& c = list.at("items").as_array().at(0).as_object();
  const std::string path = "/api/v1/categories/" + std::to_string(c.at("id").as_int64());
  auto r = qm.Patch(path, json::object{{"name_en", std::string(201, 'x')}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json(r)["code"], "category.bad_name");
  EXPECT_EQ(Json(r)["field"], "name_en");
  EXPECT_EQ(qm.Patch(path, json::object{{"name_en", std::string(200, 'x')}}).status, 200);
  EXPECT_EQ(qm.Patch(path, json::object{{"name_en", c.at("name_en")}}).status, 200);
}

}  // namespace
}  // namespace csqm::test
