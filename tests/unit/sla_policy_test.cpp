#include "core/sla_policy.hpp"

#include <gtest/gtest.h>

#include "core/case_sla.hpp"
#include "core/roles.hpp"
#include "test_calendars.hpp"

namespace csqm::core {
namespace {

constexpr const char* kPolicy = R"({"targets":[
  {"key":"resolved","zh":"办结","en":"Resolved","clock":"business","limit":"0.5d","met_by":{"event":"resolved"},
   "escalation":[{"at":"75%","notify":["assignee"]},
                 {"at":"breach","notify":["assignee","owner_supervisor"]},
                 {"at":"breach+2h","notify":["owner_manager","role:quality_manager"],"raise_severity":"serious"}]},
  {"key":"on_site","clock":"24x7","limit":"10m","met_by":{"event":"arrival"},
   "escalation":[{"at":"50%","notify":["assignee"]}]},
  {"key":"done","clock":"workdays","limit":"3d","met_by":{"status":"done"}}]})";

TEST(SlaPolicy, ParsesTargetsStepsAndRecipients) {
  auto p = ParseSlaPolicyJson(kPolicy);
  ASSERT_TRUE(p.ok()) << p.error().OneLine();
  ASSERT_EQ(p->targets.size(), 3u);
  const auto& r = *p->Target("resolved");
  EXPECT_EQ(r.clock, ClockKind::kBusiness);
  ASSERT_EQ(r.escalation.size(), 3u);
  EXPECT_EQ(r.escalation[0].percent, 75);
  EXPECT_EQ(r.escalation[2].delay, "2h");
  EXPECT_EQ(r.escalation[2].raise_severity, Severity::kSerious);
  EXPECT_EQ(RecipientName(r.escalation[2].notify[1]), "role:quality_manager");
  EXPECT_EQ(p->Target("done")->met_by.event, MetEvent::kStatus);
  EXPECT_EQ(p->Target("done")->met_by.status, "done");
  auto again = ParseSlaPolicyJson(SlaPolicyToJson(*p));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SlaPolicyToJson(*again), SlaPolicyToJson(*p));
}

TEST(SlaPolicy, RejectsBadPoliciesNamingTheField) {
  struct Case {
    const char* json;
    const char* reason;
    const char* field;
  } cases[] = {
      {R"({"targets":[{"key":"a","clock":"weekly","limit":"1h"}]})", "sla.bad_clock",
       "targets[0].clock"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"soon"}]})", "sla.bad_limit",
       "targets[0].limit"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"-1h"}]})", "sla.bad_limit",
       "targets[0].limit"},
      {R"({"targets":[{"key":"a","clock":"workdays","limit":"1.5d"}]})", "sla.bad_limit",
       "targets[0].limit"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h"},{"key":"a","clock":"business","limit":"1h"}]})",
       "sla.duplicate_target", "targets[1]"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","met_by":{"event":"lunch"}}]})",
       "sla.bad_met_by", "targets[0].met_by.event"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"150%","notify":["owner"]}]}]})",
       "sla.bad_step", "targets[0].escalation[0].at"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"tomorrow","notify":["owner"]}]}]})",
       "sla.bad_step", "targets[0].escalation[0].at"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach+0m","notify":["owner"]}]}]})",
       "sla.bad_step", "targets[0].escalation[0].at"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach","notify":["boss"]}]}]})",
       "sla.bad_recipient", "targets[0].escalation[0].notify[0]"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach"}]}]})",
       "sla.empty_step", "targets[0].escalation[0]"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach","notify":["owner"]},{"at":"50%","notify":["owner"]}]}]})",
       "sla.step_order", "targets[0].escalation[1].at"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach+2h","notify":["owner"]},{"at":"breach+1h","notify":["owner"]}]}]})",
       "sla.step_order", "targets[0].escalation[1].at"},
      {R"({"targets":[{"key":"a","clock":"business","limit":"1h","escalation":[{"at":"breach","notify":["owner"],"raise_severity":"huge"}]}]})",
       "sla.bad_severity", "targets[0].escalation[0].raise_severity"},
      {R"({"targets":{}})", "json.wrong_type", "targets"},
  };
  for (const auto& c : cases) {
    auto p = ParseSlaPolicyJson(c.json);
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(p.error().reason, c.reason) << c.json;
    EXPECT_EQ(p.error().field, c.field) << c.json;
  }
}

TEST(PlanTarget, DueWarnAndTimersInTimeOrder) {
  auto schedule = testing::Template("china-0830-1730-lunch.json");
  auto p = *ParseSlaPolicyJson(kPolicy);
  const Instant start = testing::Local(*schedule, "2026-02-13T10:00");
  auto plan = PlanTarget(*schedule, *p.Target("resolved"), TargetInputs{start, {}, {}, {}});
  ASSERT_TRUE(plan.ok()) << plan.error().OneLine();
  EXPECT_EQ(testing::Show(*schedule, *plan->due), "2026-02-13T15:30:00+08:00");
  // 75% of 240 working minutes = 180: 10:00–12:00 and 13:30–14:30.
  EXPECT_EQ(testing::Show(*schedule, *plan->warn), "2026-02-13T14:30:00+08:00");
  ASSERT_EQ(plan->timers.size(), 4u);
  EXPECT_EQ(plan->timers[0].step, 0);
  EXPECT_EQ(plan->timers[1].step, kBreachStep);
  EXPECT_EQ(testing::Show(*schedule, plan->timers[3].fire_at), "2026-02-13T17:30:00+08:00")
      << "breach+2h in working time";
}

TEST(PlanTarget, PausedHasNoDueAndNoTimers) {
  auto schedule = testing::Template("china-0830-1730-lunch.json");
  auto p = *ParseSlaPolicyJson(kPolicy);
  const Instant start = testing::Local(*schedule, "2026-02-13T10:00");
  auto plan = PlanTarget(*schedule, *p.Target("resolved"), TargetInputs{start, {}, start, {}});
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->due);
  EXPECT_TRUE(plan->timers.empty());
}

TEST(PlanTarget, ClosedPausesPushTheDueAndExtensionsReplaceIt) {
  auto schedule = testing::Template("china-0830-1730-lunch.json");
  auto p = *ParseSlaPolicyJson(kPolicy);
  const Instant start = testing::Local(*schedule, "2026-02-13T10:00");
  std::vector<Span> pauses = {{testing::Local(*schedule, "2026-02-13T11:00"),
                               testing::Local(*schedule, "2026-02-24T08:30")}};
  auto paused = PlanTarget(*schedule, *p.Target("resolved"), TargetInputs{start, pauses, {}, {}});
  EXPECT_EQ(testing::Show(*schedule, *paused->due), "2026-02-24T11:30:00+08:00");
  const Instant extended = testing::Local(*schedule, "2026-02-27T17:30");
  auto ext = PlanTarget(*schedule, *p.Target("resolved"), TargetInputs{start, {}, {}, extended});
  EXPECT_EQ(*ext->due, extended);
  EXPECT_LE(ext->timers.front().fire_at, extended) << "warnings never after the due time";
}

TEST(PlanTarget, WorkdaysPercentStepsUseWorkingTime) {
  auto schedule = testing::Template("china-0900-1700.json");
  auto p = *ParseSlaPolicyJson(R"({"targets":[{"key":"done","clock":"workdays","limit":"2",
      "escalation":[{"at":"50%","notify":["assignee"]},{"at":"breach+1h","notify":["owner"]}]}]})");
  const Instant start = testing::Local(*schedule, "2026-03-02T09:00");
  auto plan = PlanTarget(*schedule, p.targets[0], TargetInputs{start, {}, {}, {}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(testing::Show(*schedule, *plan->due), "2026-03-04T17:00:00+08:00");
  EXPECT_EQ(testing::Show(*schedule, *plan->warn), "2026-03-03T13:00:00+08:00")
      << "half of the 24 working hours from Monday 09:00";
  EXPECT_EQ(testing::Show(*schedule, plan->timers.back().fire_at), "2026-03-05T10:00:00+08:00");
}

TEST(Roles, NamesRoundTripAndPhonesAreMasked) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("boss"));
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("02162345678"), "021****5678");
  EXPECT_EQ(MaskPhone("12345"), "***45");
  EXPECT_EQ(MaskPhone("1"), "*");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_FALSE(SeesFullPhone(Role::kAuditor));
  EXPECT_TRUE(SeesFullPhone(Role::kAgent));
  EXPECT_FALSE(MayWriteCases(Role::kAuditor));
  EXPECT_TRUE(MayApproveExtension(Role::kManager));
  EXPECT_FALSE(MayApproveExtension(Role::kAgent));
}

}  // namespace
}  // namespace csqm::core
