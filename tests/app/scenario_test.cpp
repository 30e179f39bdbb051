// Table T1 played through the use cases with a manual clock: deadlines, pauses across the
// Spring Festival, and escalation steps that fire exactly once (R1.3, R1.4).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/audit.hpp"
#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/escalation.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"

namespace csqm::app::testing {
namespace {

// A project with a 客服中心: agent → supervisor → manager, and a quality manager above.
struct Org {
  Actor agent, supervisor, manager, quality;
};

class ScenarioTest : public ::testing::Test {
 protected:
  ScenarioTest() : app_(At("2026-01-05T09:00:00+08:00")) {
    Must(LoadTemplate(app_.services(), PropertyTemplate()));
    org_ = MakeOrg();
  }

  Org MakeOrg() {
    Org org;
    Must(app_.store().Write([&](Tx& tx) -> Status {
      const Instant now = app_.clock().Now();
      const OrgUnit company =
          Must(tx.Org().InsertUnit({0, std::nullopt, "company", "C", "公司", "", now, 1}));
      const OrgUnit project =
          Must(tx.Org().InsertUnit({0, company.id, "project", "P", "项目", "", now, 1}));
      const OrgUnit desk =
          Must(tx.Org().InsertUnit({0, project.id, "department", "KF", "客服中心", "", now, 1}));
      const auto user = [&](const char* login, core::Role role, const OrgUnit& unit,
                            std::optional<Id> boss) {
        return InsertTestUser(tx, login, role, unit, boss, now);
      };
      org.quality = user("quality", core::Role::kQualityManager, company, std::nullopt);
      org.manager = user("manager", core::Role::kManager, project, std::nullopt);
      org.supervisor = user("supervisor", core::Role::kSupervisor, desk, org.manager.id());
      org.agent = user("agent", core::Role::kAgent, desk, org.supervisor.id());
      return {};
    }));
    return org;
  }

  Id CategoryId(const std::string& key) { return CategoryIdOf(app_.store(), key); }

  CaseRecord Open(const std::string& category) {
    OpenCaseInput in;
    in.category_id = CategoryId(category);
    in.title = "测试工单 " + category;
    in.assignee_id = org_.agent.id();
    return Must(OpenCase(app_.services(), org_.agent, in));
  }

  TargetRecord Target(Id case_id) {
    std::vector<TargetRecord> targets;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      targets = Must(tx.Cases().Targets(case_id));
      return {};
    }));
    EXPECT_EQ(targets.size(), 1u);
    return targets.at(0);
  }

  std::vector<TimerRecord> Timers(Id case_id) {
    std::vector<TimerRecord> timers;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      timers = Must(tx.Cases().Timers(case_id));
      return {};
    }));
    return timers;
  }

  // How many timeline entries of each kind the case has.
  std::map<std::string, int> TimelineKinds(Id case_id) {
    std::map<std::string, int> kinds;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      for (const auto& e : Must(tx.Cases().Timeline(case_id, true, std::nullopt, 500)).items) {
        ++kinds[e.kind];
      }
      return {};
    }));
    return kinds;
  }

  int EscalationsOf(const Actor& user) {
    int n = 0;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      for (const auto& item :
           Must(tx.Notifications().List(user.id(), false, std::nullopt, 200)).items) {
        n += item.kind == "escalation" ? 1 : 0;
      }
      return {};
    }));
    return n;
  }

  int Fire() { return Must(RunDueTimers(app_.services())).fired; }

  TestApp app_;
  Org org_;
};

// One line of tests/scenarios/sla/t1_property_management_2026.sla: "due START CLOCK LIMIT => DUE".
struct DueLine {
  std::string start, clock, limit, due;
};

// The `due` lines of the file's first calendar section (china-0830-1730-lunch.json: the
// template's cn-office), in T1 order.
std::vector<DueLine> T1DueLines() {
  std::ifstream in(std::string(CSQM_SOURCE_DIR) +
                   "/tests/scenarios/sla/t1_property_management_2026.sla");
  EXPECT_TRUE(in.good());
  std::vector<DueLine> lines;
  int calendars = 0;
  for (std::string text; std::getline(in, text);) {
    std::istringstream words(text);
    std::string verb, arrow;
    words >> verb;
    if (verb == "calendar") {
      EXPECT_TRUE(++calendars > 1 || text.find("china-0830-1730-lunch.json") != std::string::npos);
      continue;
    }
    if (verb != "due" || calendars != 1) continue;
    DueLine line;
    words >> line.start >> line.clock >> line.limit >> arrow >> line.due;
    lines.push_back(line);
  }
  return lines;
}

TEST_F(ScenarioTest, Scenario_EachT1CategoryGetsItsDeadline) {
  const std::vector<std::string> t1 = {"complaint.attitude.ordinary",
                                       "complaint.attitude.serious",
                                       "repair.home_urgent",
                                       "repair.simple",
                                       "repair.other",
                                       "repair.public_urgent",
                                       "repair.public_other",
                                       "complaint.neighbour",
                                       "complaint.other",
                                       "inquiry.general",
                                       "inquiry.fees",
                                       "inquiry.outside_services",
                                       "inquiry.other_departments"};
  const auto lines = T1DueLines();
  ASSERT_EQ(lines.size(), t1.size());
  for (size_t i = 0; i < t1.size(); ++i) {
    SCOPED_TRACE(t1[i] + " opened at " + lines[i].start);
    app_.clock().Set(At(lines[i].start + ":00+08:00"));
    const CaseRecord c = Open(t1[i]);
    EXPECT_EQ(c.received_at, app_.clock().Now());
    const TargetRecord t = Target(c.id);
    EXPECT_EQ(t.clock, lines[i].clock);
    EXPECT_EQ(t.limit_text, lines[i].limit);
    ASSERT_TRUE(t.due_at.has_value());
    EXPECT_EQ(core::FormatRfc3339(*t.due_at, std::chrono::hours(8)), lines[i].due);
  }
}

TEST_F(ScenarioTest, Scenario_PauseAndResumeAcrossSpringFestivalMovesTheDeadline) {
  // Serious attitude complaint: 2 business days (900 working minutes on this calendar).
  app_.clock().Set(At("2026-02-13T10:00:00+08:00"));
  const CaseRecord c = Open("complaint.attitude.serious");
  EXPECT_EQ(Target(c.id).due_at, At("2026-02-24T10:00:00+08:00"));  // as in the .sla file

  app_.clock().Set(At("2026-02-13T10:30:00+08:00"));
  Must(TransitionCase(app_.services(), org_.agent, c.id, {"accept", {}, ""}, -1));
  app_.clock().Set(At("2026-02-13T11:00:00+08:00"));  // 60 working minutes used
  Must(TransitionCase(app_.services(), org_.agent, c.id,
                      {"wait_customer", {{"reason", "业主春节回老家，节后面谈"}}, ""}, -1));
  EXPECT_FALSE(Target(c.id).due_at.has_value());  // the clock stands still
  for (const auto& timer : Timers(c.id)) EXPECT_TRUE(timer.fired_at.has_value());

  // Past the original deadline, nothing fires while paused.
  app_.clock().Set(At("2026-02-24T12:00:00+08:00"));
  EXPECT_EQ(Fire(), 0);

  app_.clock().Set(At("2026-02-25T09:00:00+08:00"));
  Must(TransitionCase(app_.services(), org_.agent, c.id, {"resume", {}, ""}, -1));
  // 840 minutes left: 02-25 09:00–12:00, 13:30–17:30 (420), 02-26 08:30–12:00, 13:30–17:00.
  const TargetRecord t = Target(c.id);
  EXPECT_EQ(t.due_at, At("2026-02-26T17:00:00+08:00"));
  EXPECT_FALSE(t.breached_at.has_value());
  bool breach_timer = false;
  for (const auto& timer : Timers(c.id)) {
    if (timer.step == -1) {
      breach_timer = true;
      EXPECT_EQ(timer.fire_at, *t.due_at);
      EXPECT_FALSE(timer.fired_at.has_value());
    }
  }
  EXPECT_TRUE(breach_timer);
  EXPECT_EQ(TimelineKinds(c.id).count("breach"), 0u);
}

TEST_F(ScenarioTest, Scenario_EachEscalationStepFiresOnce) {
  // Ordinary attitude complaint, half a day: due 14:30; 75% at 12:00; breach+2h at 16:30.
  app_.clock().Set(At("2026-03-02T09:00:00+08:00"));
  const CaseRecord c = Open("complaint.attitude.ordinary");
  EXPECT_EQ(Target(c.id).due_at, At("2026-03-02T14:30:00+08:00"));
  EXPECT_EQ(Target(c.id).warn_at, At("2026-03-02T12:00:00+08:00"));

  const auto check = [&](int agent, int supervisor, int manager, int escalations, int breaches) {
    EXPECT_EQ(EscalationsOf(org_.agent), agent);
    EXPECT_EQ(EscalationsOf(org_.supervisor), supervisor);
    EXPECT_EQ(EscalationsOf(org_.manager), manager);
    EXPECT_EQ(EscalationsOf(org_.quality), 0);
    auto kinds = TimelineKinds(c.id);
    EXPECT_EQ(kinds["escalation"], escalations);
    EXPECT_EQ(kinds["breach"], breaches);
  };

  app_.clock().Set(At("2026-03-02T11:59:59+08:00"));
  EXPECT_EQ(Fire(), 0);
  app_.clock().Set(At("2026-03-02T12:00:00+08:00"));
  EXPECT_EQ(Fire(), 1);  // 75%: the assignee
  EXPECT_EQ(Fire(), 0);
  EXPECT_EQ(Fire(), 0);
  check(1, 0, 0, 1, 0);

  app_.clock().Set(At("2026-03-02T14:30:00+08:00"));
  EXPECT_EQ(Fire(), 2);  // the breach marker and the breach step: assignee and supervisor
  EXPECT_EQ(Fire(), 0);
  EXPECT_EQ(Fire(), 0);
  check(2, 1, 0, 2, 1);
  EXPECT_EQ(Target(c.id).breached_at, At("2026-03-02T14:30:00+08:00"));

  app_.clock().Set(At("2026-03-02T16:30:00+08:00"));
  EXPECT_EQ(Fire(), 1);  // breach+2h: the manager, and the complaint becomes serious
  EXPECT_EQ(Fire(), 0);
  EXPECT_EQ(Fire(), 0);
  check(2, 1, 1, 3, 1);
  EXPECT_EQ(Must(GetCase(app_.services(), org_.agent, c.id)).record.severity,
            core::Severity::kSerious);

  // A restart: new services over the same database file fire nothing again.
  app_.Restart();
  EXPECT_EQ(Fire(), 0);
  check(2, 1, 1, 3, 1);

  // The clock jumps back before the first step, then far forward: still nothing twice.
  app_.clock().Set(At("2026-03-02T10:00:00+08:00"));
  EXPECT_EQ(Fire(), 0);
  app_.clock().Set(At("2026-03-09T10:00:00+08:00"));
  EXPECT_EQ(Fire(), 0);
  check(2, 1, 1, 3, 1);
  for (const auto& timer : Timers(c.id)) EXPECT_TRUE(timer.fired_at.has_value()) << timer.step;
  EXPECT_EQ(Timers(c.id).size(), 4u);

  const AuditVerdict verdict = Must(VerifyAudit(app_.store(), app_.services().crypto));
  EXPECT_FALSE(verdict.first_bad.has_value());
}

}  // namespace
}  // namespace csqm::app::testing
