// Loading the property-management template (templates/property/template.json) with LoadTemplate.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <functional>
#include <set>

#include "app/callbacks.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"
#include "core/sla_policy.hpp"
#include "core/workflow.hpp"

namespace csqm::app::testing {
namespace {

namespace json = boost::json;

// Table T1 (requirements.md), as the template must ship it.
struct T1Row {
  const char* key;
  const char* parent;
  const char* type;
  const char* calendar;
  const char* target;
  const char* clock;
  const char* limit;
  core::MetEvent met_by;
  std::vector<std::string> steps;
};

const std::vector<std::string> kOffice = {"75%", "breach", "breach+2h"};
const std::vector<std::string> kOnSite = {"50%", "breach", "breach+30m"};

const std::vector<T1Row>& T1() {
  using core::MetEvent;
  static const std::vector<T1Row> rows = {
      {"complaint.attitude.ordinary", "complaint", "complaint", "cn-office", "resolved", "business",
       "0.5d", MetEvent::kResolved, kOffice},
      {"complaint.attitude.serious", "complaint", "complaint", "cn-office", "resolved", "business",
       "2d", MetEvent::kResolved, kOffice},
      {"repair.home_urgent", "repair", "repair", "24x7", "on_site", "24x7", "10m",
       MetEvent::kArrival, kOnSite},
      {"repair.simple", "repair", "repair", "cn-office", "done", "business", "0.5d",
       MetEvent::kResolved, kOffice},
      {"repair.other", "repair", "repair", "cn-office", "done", "workdays", "7d",
       MetEvent::kResolved, kOffice},
      {"repair.public_urgent", "repair", "repair", "24x7", "on_site", "24x7", "10m",
       MetEvent::kArrival, kOnSite},
      {"repair.public_other", "repair", "repair", "cn-office", "done", "workdays", "3d",
       MetEvent::kResolved, kOffice},
      {"complaint.neighbour", "complaint", "complaint", "24x7", "on_site", "24x7", "15m",
       MetEvent::kArrival, kOnSite},
      {"complaint.other", "complaint", "complaint", "24x7", "on_site", "24x7", "8h",
       MetEvent::kArrival, kOnSite},
      {"inquiry.general", "inquiry", "inquiry", "cn-office", "answered", "business", "30m",
       MetEvent::kFirstPublicReply, kOffice},
      {"inquiry.fees", "inquiry", "inquiry", "cn-office", "answered", "business", "30m",
       MetEvent::kFirstPublicReply, kOffice},
      {"inquiry.outside_services", "inquiry", "inquiry", "cn-office", "answered", "business", "30m",
       MetEvent::kFirstPublicReply, kOffice},
      {"inquiry.other_departments", "inquiry", "inquiry", "cn-office", "answered", "workdays", "2d",
       MetEvent::kFirstPublicReply, kOffice},
  };
  return rows;
}

class SeedTest : public ::testing::Test {
 protected:
  SeedTest() : app_(At("2026-01-05T09:00:00+08:00")) {}

  struct Config {
    std::vector<CalendarRecord> calendars;
    std::vector<CaseType> types;
    std::vector<Category> categories;
  };
  Config ReadConfig() {
    Config c;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      c.calendars = Must(tx.Config().ListCalendars());
      c.types = Must(tx.Config().ListCaseTypes());
      c.categories = Must(tx.Config().ListCategories());
      return {};
    }));
    return c;
  }
  void ExpectNothingWritten() {
    EXPECT_EQ(app_.Count("callback_rules"), 0);
    EXPECT_EQ(app_.Count("calendars"), 0);
    EXPECT_EQ(app_.Count("case_types"), 0);
    EXPECT_EQ(app_.Count("categories"), 0);
    EXPECT_EQ(app_.Count("audit_log"), 0);
  }

  TestApp app_;
};

template <class T>
const T* ByKey(const std::vector<T>& v, const std::string& key) {
  for (const auto& x : v) {
    if (x.key == key) return &x;
  }
  return nullptr;
}

TEST_F(SeedTest, Seed_PropertyTemplateLoadsEveryT1Category) {
  const SeedReport report = Must(LoadTemplate(app_.services(), PropertyTemplate()));
  EXPECT_EQ(report.template_key, "property");
  EXPECT_EQ(report.Count(SeedAction::kCreated), 2 + 4 + 18 + 5);  // + 5 default callback rules
  EXPECT_FALSE(report.Unchanged());

  const Config c = ReadConfig();
  ASSERT_EQ(c.calendars.size(), 2u);
  ASSERT_NE(ByKey(c.calendars, "cn-office"), nullptr);
  ASSERT_NE(ByKey(c.calendars, "24x7"), nullptr);
  EXPECT_NE(ByKey(c.calendars, "cn-office")->spec_json.find("2026-02-16"), std::string::npos);

  ASSERT_EQ(c.types.size(), 4u);
  const std::map<std::string, std::pair<std::string, std::set<std::string>>> types = {
      {"complaint",
       {"TS",
        {"new", "in_progress", "waiting_customer", "resolved", "pending_approval", "closed",
         "cancelled"}}},
      {"inquiry", {"ZX", {"new", "waiting_customer", "answered", "closed", "cancelled"}}},
      {"repair",
       {"BX",
        {"new", "dispatched", "in_progress", "waiting_parts", "done", "closed", "cancelled"}}}};
  for (const auto& [key, expected] : types) {
    SCOPED_TRACE(key);
    const CaseType* t = ByKey(c.types, key);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->prefix, expected.first);
    const core::Workflow w = Must(core::ParseWorkflowJson(t->workflow_json));
    std::set<std::string> statuses;
    for (const auto& s : w.statuses) {
      statuses.insert(s.key);
      EXPECT_FALSE(s.name_zh.empty() || s.name_en.empty()) << s.key;
    }
    EXPECT_EQ(statuses, expected.second);
    for (const auto& tr : w.transitions) EXPECT_FALSE(tr.name_zh.empty() || tr.name_en.empty());
  }
  // The approval step of a complaint: only supervisors and managers close it.
  const core::Workflow complaint =
      Must(core::ParseWorkflowJson(ByKey(c.types, "complaint")->workflow_json));
  EXPECT_EQ(complaint.Transition("approve_close")->roles,
            (std::vector<core::Role>{core::Role::kSupervisor, core::Role::kManager}));
  EXPECT_EQ(complaint.Transition("resolve")->required,
            (std::vector<std::string>{"resolution", "cause"}));
  EXPECT_TRUE(complaint.Status("waiting_customer")->pauses_sla);

  ASSERT_EQ(c.categories.size(), 18u);
  for (const char* root : {"complaint", "repair", "inquiry"}) {
    const Category* r = ByKey(c.categories, root);
    ASSERT_NE(r, nullptr) << root;
    EXPECT_FALSE(r->parent_id.has_value());
    EXPECT_TRUE(Must(core::ParseSlaPolicyJson(r->policy_json)).targets.empty());
  }
  for (const auto& row : T1()) {
    SCOPED_TRACE(row.key);
    const Category* cat = ByKey(c.categories, row.key);
    ASSERT_NE(cat, nullptr);
    EXPECT_FALSE(cat->name_zh.empty() || cat->name_en.empty());
    EXPECT_EQ(cat->parent_id, ByKey(c.categories, row.parent)->id);
    EXPECT_EQ(cat->case_type_id, ByKey(c.types, row.type)->id);
    EXPECT_EQ(cat->calendar_id, ByKey(c.calendars, row.calendar)->id);
    EXPECT_TRUE(cat->active);
    const core::SlaPolicy policy = Must(core::ParseSlaPolicyJson(cat->policy_json));
    ASSERT_EQ(policy.targets.size(), 1u);
    const core::SlaTarget& t = policy.targets[0];
    EXPECT_EQ(t.key, row.target);
    EXPECT_STREQ(core::ClockKindName(t.clock), row.clock);
    EXPECT_EQ(t.limit, row.limit);
    EXPECT_EQ(t.met_by.event, row.met_by);
    std::vector<std::string> labels;
    for (const auto& step : t.escalation) labels.push_back(step.label);
    EXPECT_EQ(labels, row.steps);
    const bool complaint_office = std::string(row.type) == "complaint" && row.steps == kOffice;
    EXPECT_EQ(t.escalation.back().raise_severity.has_value(), complaint_office);
  }
  EXPECT_EQ(app_.Count("audit_log", "action = 'category.create'"), 18);
  EXPECT_EQ(app_.Count("audit_log", "action = 'callback_rule.create'"), 5);
  EXPECT_EQ(app_.Count("audit_log"), 29);
}

TEST_F(SeedTest, Seed_RunningTwiceChangesNothing) {
  Must(LoadTemplate(app_.services(), PropertyTemplate()));
  const Config before = ReadConfig();
  const int64_t audit_rows = app_.Count("audit_log");
  app_.clock().Advance(std::chrono::hours(24));

  const SeedReport again = Must(LoadTemplate(app_.services(), PropertyTemplate()));
  EXPECT_TRUE(again.Unchanged());
  EXPECT_EQ(again.Count(SeedAction::kUnchanged), 29);
  EXPECT_EQ(app_.Count("callback_rules"), 5);
  for (const auto& item : again.items) EXPECT_EQ(item.version, 1) << item.key;
  EXPECT_EQ(app_.Count("audit_log"), audit_rows);
  const Config after = ReadConfig();
  ASSERT_EQ(after.calendars.size(), before.calendars.size());
  for (size_t i = 0; i < after.calendars.size(); ++i) {
    EXPECT_EQ(after.calendars[i].updated_at, before.calendars[i].updated_at);
    EXPECT_EQ(after.calendars[i].version, 1);
  }
}

TEST_F(SeedTest, Seed_ChangedTemplateUpdatesWithVersionPlusOne) {
  Must(LoadTemplate(app_.services(), PropertyTemplate()));
  TemplateFiles files = PropertyTemplate();
  json::value root = json::parse(files.template_json);
  auto& fees = root.at("categories").at(2).at("children").at(1).as_object();
  ASSERT_EQ(fees.at("key").as_string(), "inquiry.fees");
  fees["zh"] = "物业收费咨询";
  files.template_json = json::serialize(root);

  const SeedReport report = Must(LoadTemplate(app_.services(), files));
  EXPECT_EQ(report.Count(SeedAction::kUpdated), 1);
  EXPECT_EQ(report.Count(SeedAction::kUnchanged), 28);
  const Config c = ReadConfig();
  const Category* cat = ByKey(c.categories, "inquiry.fees");
  EXPECT_EQ(cat->name_zh, "物业收费咨询");
  EXPECT_EQ(cat->version, 2);
  EXPECT_EQ(app_.Count("audit_log", "action = 'category.update'"), 1);
}

// The template's default callback rules (docs/callbacks.md), as CreateCallbackRule would store
// them: ids of the template's types, categories and calendars.
TEST_F(SeedTest, Seed_PropertyTemplateLoadsDefaultCallbackRules) {
  Must(LoadTemplate(app_.services(), PropertyTemplate()));
  const Config c = ReadConfig();
  std::vector<CallbackRule> rules;
  Must(app_.store().Read([&](Tx& tx) -> Status {
    rules = Must(tx.Callbacks().ListRules());
    return {};
  }));
  ASSERT_EQ(rules.size(), 5u);
  const auto id_json = [](Id id) { return "[" + std::to_string(id) + "]"; };
  const Id office = ByKey(c.calendars, "cn-office")->id;
  const Id complaint = ByKey(c.types, "complaint")->id;
  const Id repair = ByKey(c.types, "repair")->id;

  const CallbackRule& after_complaint = rules[0];
  EXPECT_EQ(after_complaint.kind, "case_resolved");
  EXPECT_EQ(after_complaint.case_type_ids_json, id_json(complaint));
  EXPECT_EQ(after_complaint.channel, "phone");
  EXPECT_EQ(after_complaint.clock, "business");
  EXPECT_EQ(after_complaint.calendar_id, office);
  EXPECT_EQ(after_complaint.on_unsatisfied, "reopen");
  EXPECT_EQ(after_complaint.followup_category_id, ByKey(c.categories, "complaint.other")->id);
  EXPECT_FALSE(after_complaint.script.empty());

  const CallbackRule& after_repair = rules[1];
  EXPECT_EQ(after_repair.kind, "case_resolved");
  EXPECT_EQ(after_repair.case_type_ids_json, id_json(repair));
  EXPECT_EQ(after_repair.clock, "workdays");
  EXPECT_EQ(after_repair.limit_text, "1");

  EXPECT_EQ(rules[2].kind, "customer_event");
  EXPECT_EQ(rules[2].event, "customer_created");
  EXPECT_EQ(rules[2].limit_text, "14d");

  EXPECT_EQ(rules[3].kind, "complaint_sample");
  EXPECT_EQ(rules[3].sample_percent, 50);
  EXPECT_EQ(rules[3].case_type_ids_json, id_json(complaint));

  EXPECT_EQ(rules[4].kind, "routine");
  EXPECT_EQ(rules[4].tiers_json, R"(["key_account"])");
  EXPECT_EQ(rules[4].interval_days, 30);
  EXPECT_EQ(rules[4].next_run_at, app_.clock().Now());
  for (const auto& r : rules) EXPECT_TRUE(r.active) << r.name;
}

// An edited rule is put back as the template has it; an administrator's deactivation stays.
TEST_F(SeedTest, Seed_ReloadRestoresEditedCallbackRuleKeepsActiveFlag) {
  Must(LoadTemplate(app_.services(), PropertyTemplate()));
  Must(app_.store().Write([&](Tx& tx) -> Status {
    CallbackRule r = Must(tx.Callbacks().ListRules())[3];
    r.sample_percent = 80;
    r.active = false;
    Must(tx.Callbacks().UpdateRule(r, r.version));
    return {};
  }));
  const SeedReport again = Must(LoadTemplate(app_.services(), PropertyTemplate()));
  EXPECT_EQ(again.Count(SeedAction::kUpdated), 1);
  Must(app_.store().Read([&](Tx& tx) -> Status {
    const CallbackRule r = Must(tx.Callbacks().ListRules())[3];
    EXPECT_EQ(r.sample_percent, 50);
    EXPECT_FALSE(r.active);
    EXPECT_EQ(r.version, 3);
    return {};
  }));
  EXPECT_EQ(app_.Count("callback_rules"), 5);
}

struct Breakage {
  const char* name;
  std::function<void(TemplateFiles&)> apply;
  const char* reason;
  const char* field;  // a prefix of the error's field
};

TEST_F(SeedTest, Seed_BrokenTemplateWritesNothing) {
  const auto edit = [](std::function<void(json::value&)> f) {
    return [f](TemplateFiles& files) {
      json::value root = json::parse(files.template_json);
      f(root);
      files.template_json = json::serialize(root);
    };
  };
  const auto last_category = [](json::value& root) -> json::object& {
    return root.at("categories").at(2).at("children").at(3).as_object();
  };
  const std::vector<Breakage> cases = {
      {"not json", [](TemplateFiles& f) { f.template_json.erase(f.template_json.rfind('}')); },
       "json.bad", ""},
      {"calendar file not read", [](TemplateFiles& f) { f.calendar_json_by_key.erase("24x7"); },
       "template.calendar_missing", "calendars[1].file"},
      {"bad calendar",
       [](TemplateFiles& f) { f.calendar_json_by_key["24x7"] = R"({"tz":"Mars/Base"})"; },
       "calendar.unknown_zone", "calendars[1].file"},
      {"unknown calendar",
       edit([&](json::value& r) { last_category(r)["calendar"] = "nine-to-five"; }),
       "template.unknown_calendar", "categories[2].children[3].calendar"},
      {"bad limit", edit([&](json::value& r) {
         last_category(r)["policy"].at("targets").at(0).as_object()["limit"] = "2x";
       }),
       "sla.bad_limit", "categories[2].children[3].policy.targets[0].limit"},
      {"transition to nowhere", edit([](json::value& r) {
         r.at("case_types").at(2).at("workflow").at("transitions").at(0).as_object()["to"] = "gone";
       }),
       "workflow.unknown_status", "case_types[2].workflow.transitions[0].to"},
      {"status without English name", edit([](json::value& r) {
         r.at("case_types").at(0).at("workflow").at("statuses").at(1).as_object().erase("en");
       }),
       "template.missing_name", "case_types[0].workflow.statuses[1]"},
      {"duplicate category",
       edit([&](json::value& r) { last_category(r)["key"] = "inquiry.general"; }),
       "template.duplicate_key", "categories[2].children[3].key"},
      {"child of another type",
       edit([&](json::value& r) { last_category(r)["case_type"] = "repair"; }),
       "template.child_of_other_type", "categories[2].children[3].case_type"},
      {"misspelt key", edit([](json::value& r) { r.as_object()["categorys"] = json::array(); }),
       "template.unknown_key", "categorys"},
      {"callback rule for an unknown category", edit([](json::value& r) {
         r.at("callback_rules").at(1).as_object()["categories"] = json::array{"repair.roof"};
       }),
       "template.unknown_category", "callback_rules[1].categories[0]"},
      {"callback rule sampling under 50 %", edit([](json::value& r) {
         r.at("callback_rules").at(3).as_object()["sample_percent"] = 30;
       }),
       "template.bad_number", "callback_rules[3].sample_percent"},
      {"callback rule with a bad limit",
       edit([](json::value& r) { r.at("callback_rules").at(0).as_object()["limit"] = "soon"; }),
       "sla.bad_limit", "callback_rules[0].limit"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TemplateFiles files = PropertyTemplate();
    c.apply(files);
    auto loaded = LoadTemplate(app_.services(), files);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().reason, c.reason) << loaded.error().OneLine();
    EXPECT_EQ(loaded.error().field.rfind(c.field, 0), 0u) << loaded.error().field;
    ExpectNothingWritten();
  }
}

// A template that passes every check but fails while writing leaves no trace: one transaction.
TEST_F(SeedTest, Seed_FailureWhileWritingRollsBackEverything) {
  Must(app_.store().Write([&](Tx& tx) -> Status {
    Must(tx.Config().InsertCaseType(
        CaseType{0, "legacy", "TS", "旧投诉", "Old complaint", "{}", 1}));
    return {};
  }));
  auto loaded = LoadTemplate(app_.services(), PropertyTemplate());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().reason, "template.prefix_taken");
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(app_.Count("calendars"), 0);
  EXPECT_EQ(app_.Count("case_types"), 1);
  EXPECT_EQ(app_.Count("audit_log"), 0);
}

TEST(SeedFiles, Seed_MissingCalendarFileIsNamed) {
  TempDir dir;
  const std::string path = dir.File("template.json");
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"key":"x","calendars":[{"key":"a","file":"nope.json"}]})", f);
  std::fclose(f);
  auto files = platform::ReadTemplateFiles(path);
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().reason, "file.not_found");
  EXPECT_EQ(files.error().field, "calendars[0].file");
}

}  // namespace
}  // namespace csqm::app::testing
