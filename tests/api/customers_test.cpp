// /api/v1/customers: profiles, Chinese and phone search, scope, masking of personal data,
// ETags, and a customer's case history.
#include <gtest/gtest.h>

#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string CustomerPath(int64_t id, const std::string& tail = "") {
  return "/api/v1/customers/" + std::to_string(id) + tail;
}

json::object CreateCustomer(Session& s, json::object body) {
  auto r = s.Post("/api/v1/customers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

json::object Wang(Session& s) {
  return CreateCustomer(
      s, json::object{
             {"name", "王建国"},
             {"phone", "13800000001"},
             {"unit", "3栋2单元501"},
             {"address", "幸福路 8 号"},
             {"tier", "vip"},
             {"contacts", json::array{json::object{
                              {"name", "王太太"}, {"phone", "13911112222"}, {"relation", "配偶"}}}},
             {"attributes", json::object{{"pets", "猫"}}}});
}

std::set<std::string> Names(const json::object& page) {
  std::set<std::string> names;
  for (const auto& c : page.at("items").as_array()) {
    names.insert(std::string(c.as_object().at("name").as_string()));
  }
  return names;
}

TEST(CustomersApi, CreateAndReadAProfile) {
  Session agent("agent1");
  auto r = agent.Post(
      "/api/v1/customers",
      json::object{{"name", "王建国"}, {"phone", "13800000001"}, {"kind", "individual"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("ETag").value_or(""), "\"v1\"");
  auto c = Json(r);
  EXPECT_EQ(r.Header("Location").value_or(""), CustomerPath(c["id"].as_int64()));
  EXPECT_EQ(c["org_unit_id"], ApiServer::Get().UnitId("P1")) << "defaults to the actor's unit";
  EXPECT_EQ(c["tier"], "ordinary");
  EXPECT_EQ(c["contacts"], json::array());
  auto full = Wang(agent);
  EXPECT_EQ(full["tier"], "vip");
  EXPECT_EQ(full["contacts"].as_array()[0].as_object()["relation"], "配偶");
  EXPECT_EQ(full["attributes"].as_object()["pets"], "猫");
  auto get = agent.Get(CustomerPath(full["id"].as_int64()));
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(Json(get)["phone"], "13800000001") << "agents contact customers: full number";
  EXPECT_EQ(Json(get)["unit"], "3栋2单元501");
  EXPECT_EQ(agent.Get(CustomerPath(987654)).status, 404);
}

TEST(CustomersApi, PhonesAreMaskedForRolesThatDoNotContactCustomers) {
  Session agent("agent1");
  auto c = Wang(agent);
  for (const char* login : {"auditor", "admin"}) {
    Session reader(login);
    auto r = Json(reader.Get(CustomerPath(c["id"].as_int64())));
    EXPECT_EQ(r["phone"], "138****0001") << login;
    EXPECT_EQ(r["contacts"].as_array()[0].as_object()["phone"], "139****2222") << login;
    auto list = Json(reader.Get("/api/v1/customers?q=13800"));
    ASSERT_FALSE(list["items"].as_array().empty()) << login;
    EXPECT_EQ(list["items"].as_array()[0].as_object()["phone"], "138****0001");
  }
  for (const char* login : {"manager1", "supervisor1", "qm"}) {
    Session reader(login);
    EXPECT_EQ(Json(reader.Get(CustomerPath(c["id"].as_int64())))["phone"], "13800000001") << login;
  }
}

TEST(CustomersApi, ChineseNameAndPhoneFragmentSearch) {
  Session agent("agent1");
  Wang(agent);
  CreateCustomer(
      agent, json::object{{"name", "李四"}, {"phone", "13700000002"}, {"address", "建设路 1 号"}});
  CreateCustomer(
      agent, json::object{
                 {"name", "华润置地有限公司"}, {"kind", "organisation"}, {"phone", "02088886666"}});
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=王"))), std::set<std::string>{"王建国"});
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=建国"))), std::set<std::string>{"王建国"});
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=13800"))), std::set<std::string>{"王建国"});
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=0000"))),
            (std::set<std::string>{"王建国", "李四"}));
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=建设路"))), std::set<std::string>{"李四"});
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers?q=华润"))),
            std::set<std::string>{"华润置地有限公司"});
  EXPECT_TRUE(Json(agent.Get("/api/v1/customers?q=赵"))["items"].as_array().empty());
  EXPECT_EQ(Names(Json(agent.Get("/api/v1/customers"))).size(), 3u);
}

TEST(CustomersApi, ScopeByUnitRolesAndFieldStaff) {
  Session agent("agent1"), other("agent2"), field("field1"), supervisor("supervisor1"),
      auditor("auditor");
  auto c = Wang(agent);
  const auto id = c["id"].as_int64();
  EXPECT_EQ(other.Get(CustomerPath(id)).status, 404) << "another project's customer";
  EXPECT_TRUE(Json(other.Get("/api/v1/customers?q=王"))["items"].as_array().empty());
  EXPECT_EQ(other.Patch(CustomerPath(id), json::object{{"name", "x"}}).status, 404);
  EXPECT_EQ(Json(auditor.Get("/api/v1/customers?q=王"))["items"].as_array().size(), 1u);
  auto p2 =
      other.Get("/api/v1/customers?org_unit_id=" + std::to_string(ApiServer::Get().UnitId("P1")));
  EXPECT_EQ(p2.status, 403);
  EXPECT_EQ(field.Get("/api/v1/customers").status, 403) << "field staff have no customer list";
  EXPECT_EQ(field.Get(CustomerPath(id)).status, 404) << "not one of their cases yet";
  OpenCase(supervisor, "repair.simple", "门锁坏了",
           json::object{{"customer_id", id}, {"assignee_id", ApiServer::Get().UserId("field1")}});
  auto served = field.Get(CustomerPath(id));
  EXPECT_EQ(served.status, 200) << "the customer of an assigned case";
  EXPECT_EQ(Json(served)["phone"], "13800000001") << "field staff call the customer";
  EXPECT_EQ(field.Patch(CustomerPath(id), json::object{{"name", "x"}}).status, 403);
  EXPECT_EQ(field.Post("/api/v1/customers", json::object{{"name", "x"}}).status, 403);
  auto ro = auditor.Post("/api/v1/customers", json::object{{"name", "审计员客户"}});
  EXPECT_EQ(ro.status, 403);
  EXPECT_EQ(Json(ro)["code"], "auth.forbidden");
  EXPECT_EQ(auditor.Patch(CustomerPath(id), json::object{{"tier", "ordinary"}}).status, 403);
  auto elsewhere =
      agent.Post("/api/v1/customers",
                 json::object{{"name", "x"}, {"org_unit_id", ApiServer::Get().UnitId("P2")}});
  EXPECT_EQ(elsewhere.status, 403);
}

TEST(CustomersApi, ValidationErrorsNameTheField) {
  Session agent("agent1");
  struct Bad {
    json::object body;
    const char* code;
    const char* field;
  } cases[] = {
      {json::object{{"phone", "13800000001"}}, "json.missing_field", "name"},
      {json::object{{"name", ""}}, "customer.bad_name", "name"},
      {json::object{{"name", "x"}, {"tier", "gold"}}, "customer.bad_tier", "tier"},
      {json::object{{"name", "x"}, {"kind", "robot"}}, "customer.bad_kind", "kind"},
      {json::object{{"name", "x"}, {"phone", "call me"}}, "customer.bad_phone", "phone"},
      {json::object{{"name", "x"}, {"phone", "138****0001"}}, "customer.bad_phone", "phone"},
      {json::object{{"name", "x"}, {"email", "nobody"}}, "customer.bad_email", "email"},
      {json::object{{"name", "x"}, {"contacts", "王太太"}}, "json.wrong_type", "contacts"},
      {json::object{
           {"name", "x"},
           {"contacts", json::array{json::object{{"phone", "1"}}, json::object{{"phone", "abc"}}}}},
       "customer.bad_phone", "contacts[1].phone"},
      {json::object{{"name", "x"}, {"contacts", json::array{"王太太"}}}, "customer.bad_contacts",
       "contacts[0]"},
      {json::object{{"name", "x"}, {"attributes", json::array{}}}, "json.wrong_type", "attributes"},
      {json::object{{"name", "x"}, {"org_unit_id", 987654}}, "customer.bad_org_unit",
       "org_unit_id"},
      {json::object{{"name", "x"}, {"dedicated_staff_id", 987654}}, "customer.bad_dedicated_staff",
       "dedicated_staff_id"},
      {json::object{{"name", "x"}, {"dedicated_staff_id", ApiServer::Get().UserId("auditor")}},
       "customer.bad_dedicated_staff", "dedicated_staff_id"},
  };
  for (const auto& c : cases) {
    auto r = agent.Post("/api/v1/customers", c.body);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body) << " → " << r.body;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(Json(r)["code"], c.code) << json::serialize(c.body) << " → " << r.body;
    EXPECT_EQ(Json(r)["field"], c.field) << json::serialize(c.body);
  }
  EXPECT_TRUE(Json(agent.Get("/api/v1/customers"))["items"].as_array().empty()) << "nothing stored";
}

TEST(CustomersApi, EditWithIfMatchAndMaskedPhonesSentBackKeepTheNumber) {
  Session agent("agent1"), admin("admin");
  auto c = Wang(agent);
  const auto path = CustomerPath(c["id"].as_int64());
  auto patched =
      agent.Patch(path,
                  json::object{{"tier", "key_account"},
                               {"dedicated_staff_id", ApiServer::Get().UserId("agent1b")}},
                  {{"If-Match", "\"v1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["tier"], "key_account");
  EXPECT_EQ(Json(patched)["dedicated_staff_id"], ApiServer::Get().UserId("agent1b"));
  EXPECT_EQ(patched.Header("ETag").value_or(""), "\"v2\"");
  auto stale = agent.Patch(path, json::object{{"tier", "ordinary"}}, {{"If-Match", "\"v1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "store.version_mismatch");
  // The admin only ever sees masked numbers; sending the form back unchanged keeps them.
  auto masked = Json(admin.Get(path));
  auto edit = admin.Patch(path, json::object{{"address", "幸福路 9 号"},
                                             {"phone", masked["phone"]},
                                             {"contacts", masked["contacts"]}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(Json(edit)["phone"], "138****0001");
  auto seen = Json(agent.Get(path));
  EXPECT_EQ(seen["phone"], "13800000001");
  EXPECT_EQ(seen["contacts"].as_array()[0].as_object()["phone"], "13911112222");
  EXPECT_EQ(seen["address"], "幸福路 9 号");
  auto clear = agent.Patch(path, json::object{{"dedicated_staff_id", nullptr}});
  EXPECT_TRUE(Json(clear)["dedicated_staff_id"].is_null());
  auto readonly = agent.Patch(path, json::object{{"created_at", "2020-01-01T00:00:00Z"}});
  EXPECT_EQ(Json(readonly)["code"], "customer.readonly_field");
}

TEST(CustomersApi, ListPaginatesWithCursors) {
  Session agent("agent1");
  for (int i = 0; i < 7; ++i) {
    CreateCustomer(agent, json::object{{"name", "业主" + std::to_string(i)},
                                       {"phone", "1380013" + std::to_string(1000 + i)}});
  }
  std::set<int64_t> seen;
  std::string next = "/api/v1/customers?limit=3";
  int pages = 0;
  while (!next.empty() && pages < 10) {
    auto page = Json(agent.Get(next));
    for (const auto& c : page["items"].as_array()) {
      EXPECT_TRUE(seen.insert(c.as_object().at("id").as_int64()).second);
    }
    next = page["next_cursor"].is_null()
               ? ""
               : "/api/v1/customers?limit=3&after=" + std::string(page["next_cursor"].as_string());
    ++pages;
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
}

TEST(CustomersApi, CaseHistoryOfACustomerIsScoped) {
  Session agent("agent1"), other("agent2"), field("field1"), supervisor("supervisor1");
  auto c = Wang(agent);
  const auto id = c["id"].as_int64();
  OpenCase(agent, "complaint.attitude.ordinary", "保安态度差", json::object{{"customer_id", id}});
  OpenCase(agent, "repair.simple", "门锁坏了",
           json::object{{"customer_id", id}, {"assignee_id", ApiServer::Get().UserId("field1")}});
  OpenCase(agent, "repair.simple", "别的业主", json::object{});
  auto history = agent.Get(CustomerPath(id, "/cases"));
  ASSERT_EQ(history.status, 200) << history.body;
  auto items = Json(history)["items"].as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].as_object().at("title"), "门锁坏了") << "newest first";
  EXPECT_FALSE(items[0].as_object().at("targets").as_array().empty());
  auto page = Json(agent.Get(CustomerPath(id, "/cases?limit=1")));
  EXPECT_EQ(page["items"].as_array().size(), 1u);
  EXPECT_FALSE(page["next_cursor"].is_null());
  EXPECT_EQ(other.Get(CustomerPath(id, "/cases")).status, 404);
  auto field_view = field.Get(CustomerPath(id, "/cases"));
  ASSERT_EQ(field_view.status, 200);
  EXPECT_EQ(Json(field_view)["items"].as_array().size(), 1u) << "only the field worker's own case";
  EXPECT_EQ(Json(Session("auditor").Get(CustomerPath(id, "/cases")))["items"].as_array().size(),
            2u);
}

}  // namespace
}  // namespace csqm::test
