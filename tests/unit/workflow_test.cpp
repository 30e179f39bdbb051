#include "core/workflow.hpp"

#include <gtest/gtest.h>

namespace csqm::core {
namespace {

constexpr const char* kComplaint = R"({
  "initial": "new",
  "statuses": [
    {"key": "new", "zh": "新建", "en": "New"},
    {"key": "in_progress", "zh": "处理中", "en": "In progress"},
    {"key": "waiting_customer", "zh": "等待客户", "en": "Waiting", "pauses_sla": true},
    {"key": "resolved", "zh": "已解决", "en": "Resolved", "resolved": true},
    {"key": "closed", "zh": "已关闭", "en": "Closed", "final": true, "resolved": true}
  ],
  "transitions": [
    {"key": "accept", "from": ["new"], "to": "in_progress", "roles": ["agent", "supervisor"]},
    {"key": "wait", "from": ["in_progress"], "to": "waiting_customer", "required": ["reason"]},
    {"key": "resolve", "from": ["in_progress"], "to": "resolved", "required": ["resolution", "cause"]},
    {"key": "close", "from": ["resolved"], "to": "closed", "roles": ["supervisor", "manager"]},
    {"key": "note", "to": "in_progress"}
  ]
})";

Workflow Parse() {
  auto w = ParseWorkflowJson(kComplaint);
  EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().OneLine());
  return *w;
}

TEST(Workflow, ParsesStatusesFlagsAndTransitions) {
  const auto w = Parse();
  EXPECT_EQ(w.initial, "new");
  EXPECT_TRUE(w.Status("waiting_customer")->pauses_sla);
  EXPECT_TRUE(w.Status("closed")->final);
  EXPECT_EQ(w.Transition("close")->roles, (std::vector<Role>{Role::kSupervisor, Role::kManager}));
  auto again = ParseWorkflowJson(WorkflowToJson(w));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(WorkflowToJson(*again), WorkflowToJson(w));
}

TEST(Workflow, AvailableTransitionsDependOnStatusAndRole) {
  const auto w = Parse();
  auto keys = [&](const char* status, Role role) {
    std::vector<std::string> out;
    for (const auto* t : w.Available(status, role)) out.push_back(t->key);
    return out;
  };
  EXPECT_EQ(keys("new", Role::kAgent), (std::vector<std::string>{"accept", "note"}));
  EXPECT_EQ(keys("new", Role::kFieldStaff), (std::vector<std::string>{"note"}));
  EXPECT_EQ(keys("resolved", Role::kAgent), (std::vector<std::string>{"note"}));
  EXPECT_EQ(keys("resolved", Role::kManager), (std::vector<std::string>{"close", "note"}));
  EXPECT_TRUE(keys("closed", Role::kManager).empty()) << "final: nothing out";
  EXPECT_TRUE(keys("new", Role::kAuditor).empty()) << "auditors never write";
}

TEST(CheckTransition, ExplainsEveryRefusal) {
  const auto w = Parse();
  struct Case {
    const char* status;
    const char* transition;
    Role role;
    std::vector<std::string> fields;
    const char* reason;  // "" = allowed
    const char* field;
  } cases[] = {
      {"new", "accept", Role::kAgent, {}, "", ""},
      {"new", "teleport", Role::kAgent, {}, "workflow.unknown_transition", "transition"},
      {"in_progress", "accept", Role::kAgent, {}, "workflow.not_from_status", "transition"},
      {"closed", "note", Role::kAgent, {}, "workflow.not_from_status", "transition"},
      {"new", "accept", Role::kFieldStaff, {}, "workflow.role_not_allowed", "transition"},
      {"new", "accept", Role::kAuditor, {}, "workflow.role_not_allowed", "transition"},
      {"in_progress", "resolve", Role::kAgent, {"resolution"}, "workflow.missing_field", "cause"},
      {"in_progress", "resolve", Role::kAgent, {"cause", "resolution"}, "", ""},
      {"resolved", "close", Role::kAgent, {}, "workflow.role_not_allowed", "transition"},
  };
  for (const auto& c : cases) {
    auto r = CheckTransition(w, c.status, c.transition, c.role, c.fields);
    if (std::string(c.reason).empty()) {
      EXPECT_TRUE(r.ok()) << c.status << " " << c.transition;
    } else {
      ASSERT_FALSE(r.ok()) << c.status << " " << c.transition;
      EXPECT_EQ(r.error().reason, c.reason);
      EXPECT_EQ(r.error().field, c.field);
    }
  }
}

TEST(ParseWorkflowJson, RejectsInconsistentWorkflowsNamingTheField) {
  struct Case {
    const char* json;
    const char* reason;
    const char* field;
  } cases[] = {
      {R"({"initial":"x","statuses":[{"key":"a"}],"transitions":[]})", "workflow.unknown_status",
       "initial"},
      {R"({"initial":"a","statuses":[{"key":"a"},{"key":"a"}],"transitions":[]})",
       "workflow.duplicate_key", "statuses[1]"},
      {R"({"initial":"a","statuses":[{"key":"a"}],"transitions":[{"key":"t","to":"b"}]})",
       "workflow.unknown_status", "transitions[0].to"},
      {R"({"initial":"a","statuses":[{"key":"a"}],"transitions":[{"key":"t","from":["z"],"to":"a"}]})",
       "workflow.unknown_status", "transitions[0].from[0]"},
      {R"({"initial":"a","statuses":[{"key":"a","final":true}],"transitions":[{"key":"t","from":["a"],"to":"a"}]})",
       "workflow.leaves_final", "transitions[0].from[0]"},
      {R"({"initial":"a","statuses":[{"key":"a"}],"transitions":[{"key":"t","to":"a","roles":["boss"]}]})",
       "workflow.unknown_role", "transitions[0].roles[0]"},
      {R"({"initial":"a","statuses":[{"key":"a"}],"transitions":[{"key":"t","to":"a"},{"key":"t","to":"a"}]})",
       "workflow.duplicate_key", "transitions[1]"},
      {R"({"initial":"a","statuses":{},"transitions":[]})", "json.wrong_type", "statuses"},
      {R"({"initial":"a","statuses":[{"key":"a","final":"yes"}],"transitions":[]})",
       "json.wrong_type", "statuses[0].final"},
      {R"([)", "json.bad", ""},
  };
  for (const auto& c : cases) {
    auto w = ParseWorkflowJson(c.json);
    ASSERT_FALSE(w.ok()) << c.json;
    EXPECT_EQ(w.error().reason, c.reason) << c.json;
    EXPECT_EQ(w.error().field, c.field) << c.json;
  }
}

}  // namespace
}  // namespace csqm::core
