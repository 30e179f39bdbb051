// /api/v1/directory: every signed-in user (an agent choosing a handler, field staff reading a
// timeline) gets the names of the active users of their company, without contact details.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

TEST(DirectoryApi, AnAgentSeesNamesAndRolesAcrossTheCompanyWithoutContactDetails) {
  auto& server = ApiServer::Get();
  Session agent("agent1");
  auto r = agent.Get("/api/v1/directory");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = Json(r);
  const auto& items = body.at("items").as_array();
  bool saw_other_project = false, saw_field = false;
  for (const auto& v : items) {
    const auto& o = v.as_object();
    EXPECT_FALSE(o.contains("phone")) << "no contact details";
    EXPECT_FALSE(o.contains("email"));
    EXPECT_FALSE(o.contains("login"));
    EXPECT_FALSE(o.contains("password_hash"));
    if (o.at("id").as_int64() == server.UserId("agent2")) {
      saw_other_project = true;
      EXPECT_EQ(o.at("display_name"), "测试 agent2");
      EXPECT_EQ(o.at("role"), "agent");
      EXPECT_EQ(o.at("unit_name"), "项目 P2");
    }
    if (o.at("id").as_int64() == server.UserId("field1")) {
      saw_field = true;
      EXPECT_EQ(o.at("role"), "field_staff");
    }
  }
  EXPECT_TRUE(saw_other_project) << "a transfer may go to another project of the company";
  EXPECT_TRUE(saw_field);
}

TEST(DirectoryApi, FieldStaffMayReadItButNotTheUserList) {
  Session field("field1");
  EXPECT_EQ(field.Get("/api/v1/users").status, 403);
  auto r = field.Get("/api/v1/directory");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Json(r)["items"].as_array().empty());
  EXPECT_EQ(Session::Anonymous().Get("/api/v1/directory").status, 401);
}

}  // namespace
}  // namespace csqm::test

namespace csqm::test {
namespace {

TEST(SessionApi, TellsTheUiHowFarBackATimeOfReceiptMayGo) {
  Session agent("agent1");
  auto r = agent.Get("/api/v1/session");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["max_backdating_minutes"].as_int64(),
            std::chrono::duration_cast<std::chrono::minutes>(
                ApiServer::Get().services().settings.max_backdating)
                .count());
  EXPECT_GT(Json(r)["max_backdating_minutes"].as_int64(), 0);
}

}  // namespace
}  // namespace csqm::test
