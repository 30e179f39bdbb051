// The demo company (SeedDemo): made once for the suite, then examined through the store.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/callbacks.hpp"
#include "app/demo.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"
#include "core/workflow.hpp"

namespace csqm::app::testing {
namespace {

const Instant kNow = At("2026-03-20T16:00:00+08:00");

std::vector<CaseRecord> AllCases(Store& store) {
  std::vector<CaseRecord> all;
  CaseQuery q;
  q.limit = 200;
  for (;;) {
    Page<CaseRecord> page;
    Must(store.Read([&](Tx& tx) -> Status {
      page = Must(tx.Cases().List(q));
      return {};
    }));
    all.insert(all.end(), page.items.begin(), page.items.end());
    if (!page.next_cursor) return all;
    q.after = page.next_cursor;
  }
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new TestApp(At("2026-03-20T08:00:00+08:00"));
    Must(LoadTemplate(app_->services(), PropertyTemplate()));
    report_ = new DemoReport(Must(SeedDemo(app_->services(), DemoOptions{app_->clock(), kNow})));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete app_;
  }

  static TestApp* app_;
  static DemoReport* report_;
};
TestApp* DemoTest::app_ = nullptr;
DemoReport* DemoTest::report_ = nullptr;

TEST_F(DemoTest, Demo_CreatesStaffOfEveryRoleAndCasesInEveryStatus) {
  Store& store = app_->store();
  EXPECT_EQ(app_->clock().Now(), kNow);
  EXPECT_EQ(report_->seed, 20260214u);
  EXPECT_EQ(report_->password, "csqm-demo-2026");

  // Organisation: every unit marked as demo data.
  std::vector<OrgUnit> units;
  std::vector<User> users;
  Must(store.Read([&](Tx& tx) -> Status {
    units = Must(tx.Org().ListUnits());
    users = Must(tx.Org().ListUsers(std::nullopt, 200)).items;
    return {};
  }));
  ASSERT_EQ(units.size(), 7u);
  for (const auto& u : units) EXPECT_TRUE(u.name.ends_with("（演示）")) << u.name;

  // Staff of every role, with agent → supervisor → manager chains.
  std::set<core::Role> roles;
  std::map<Id, User> by_id;
  for (const auto& u : users) {
    roles.insert(u.role);
    by_id[u.id] = u;
    EXPECT_TRUE(u.login.starts_with("demo.")) << u.login;
  }
  EXPECT_EQ(roles.size(), std::size(core::kAllRoles));
  ASSERT_EQ(report_->logins.size(), users.size());
  EXPECT_EQ(report_->logins.front().login, "demo.admin");
  for (const auto& u : users) {
    if (u.role != core::Role::kAgent && u.role != core::Role::kFieldStaff) continue;
    ASSERT_TRUE(u.supervisor_id) << u.login;
    const User& boss = by_id.at(*u.supervisor_id);
    EXPECT_EQ(boss.role, core::Role::kSupervisor);
    ASSERT_TRUE(boss.supervisor_id);
    EXPECT_EQ(by_id.at(*boss.supervisor_id).role, core::Role::kManager);
  }
  auto login = Login(app_->services(), "demo.agent1", "csqm-demo-2026");
  ASSERT_TRUE(login.ok()) << login.error().OneLine();

  // Customers: fictional phone numbers, some VIP, key accounts and dedicated assistants.
  EXPECT_EQ(app_->Count("customers"), 300);
  EXPECT_EQ(app_->Count("customers", "phone NOT LIKE '1380000____' OR length(phone) != 11"), 0);
  EXPECT_GT(app_->Count("customers", "tier = 'vip'"), 0);
  EXPECT_GT(app_->Count("customers", "tier = 'key_account'"), 0);
  EXPECT_GT(app_->Count("customers", "dedicated_staff_id IS NOT NULL"), 0);

  // Cases: every status of every workflow, within the demo's months.
  std::map<Id, std::pair<std::string, core::Workflow>> types;
  Must(store.Read([&](Tx& tx) -> Status {
    for (const auto& t : Must(tx.Config().ListCaseTypes())) {
      types[t.id] = {t.key, Must(core::ParseWorkflowJson(t.workflow_json))};
    }
    return {};
  }));
  const auto cases = AllCases(store);
  EXPECT_EQ(int(cases.size()), 400);
  EXPECT_EQ(report_->cases, 400);
  std::map<std::string, int> seen;
  for (const auto& c : cases) {
    ++seen[types.at(c.case_type_id).first + "/" + c.status];
    EXPECT_GE(c.received_at, kNow - std::chrono::days(121));
    EXPECT_LT(c.received_at, kNow);
  }
  EXPECT_EQ(seen, report_->cases_by_status);
  for (const auto& [id, type] : types) {
    if (type.first == "improvement") continue;  // raised by quality reports, not by the demo
    for (const auto& status : type.second.statuses) {
      EXPECT_GT(seen[type.first + "/" + status.key], 0) << type.first << "/" << status.key;
    }
  }
  EXPECT_GT(seen["complaint/closed"] + seen["inquiry/closed"] + seen["repair/closed"],
            int(cases.size()) / 2);

  // What happened to them.
  EXPECT_GT(app_->Count("timeline", "kind = 'comment' AND visibility = 'public'"), 0);
  EXPECT_GT(app_->Count("timeline", "kind = 'comment' AND visibility = 'internal'"), 0);
  EXPECT_GT(app_->Count("timeline", "kind = 'assigned'"), 0);
  EXPECT_GT(app_->Count("timeline", "kind = 'arrival'"), 0);
  EXPECT_GT(app_->Count("timeline", "kind = 'escalation'"), 0);
  EXPECT_GT(app_->Count("timeline", "kind = 'breach'"), 0);
  EXPECT_GT(app_->Count("case_links"), 0);
  EXPECT_GT(app_->Count("notifications", "kind = 'escalation'"), 0);
  for (const char* status : {"pending", "approved", "rejected"}) {
    EXPECT_GT(app_->Count("extension_requests", std::string("status = '") + status + "'"), 0)
        << status;
  }
  EXPECT_EQ(app_->Count("extension_requests", "status = 'pending'"), report_->extensions_pending);
  EXPECT_GE(report_->overdue_open_cases, 4);
  EXPECT_GT(report_->open_cases, report_->overdue_open_cases);
  // Nothing is left due: every timer up to now has fired.
  EXPECT_EQ(app_->Count("timers", "fired_at IS NULL AND fire_at <= " +
                                      std::to_string(kNow.time_since_epoch().count())),
            0);
}

TEST_F(DemoTest, Demo_RefusesToRunTwice) {
  const int64_t cases = app_->Count("cases");
  const int64_t audit = app_->Count("audit_log");
  auto again = SeedDemo(app_->services(), DemoOptions{app_->clock(), kNow});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().reason, "demo.already_seeded");
  EXPECT_EQ(app_->Count("cases"), cases);
  EXPECT_EQ(app_->Count("audit_log"), audit);
}

TEST_F(DemoTest, Demo_AuditChainVerifies) {
  const AuditVerdict verdict = Must(VerifyAudit(app_->store(), app_->services().crypto));
  EXPECT_FALSE(verdict.first_bad.has_value()) << verdict.reason << " at " << *verdict.first_bad;
  EXPECT_EQ(verdict.rows, app_->Count("audit_log"));
  EXPECT_GT(verdict.rows, 1000);
  EXPECT_GT(app_->Count("audit_log", "action = 'case.created'"), 0);
}

// After-care through the callback and survey use cases: the template's rules made tasks as the
// cases were resolved; most were reached, some not, a few unhappy ones reopened their case.
TEST_F(DemoTest, Demo_CallbackTasksAreWorkedAndSomeAreStillOpen) {
  const DemoAftercareReport& a = report_->aftercare;
  EXPECT_EQ(app_->Count("callback_tasks"), a.callback_tasks);
  EXPECT_EQ(app_->Count("callback_tasks", "status = 'done'"), a.callbacks_done);
  EXPECT_EQ(app_->Count("callback_tasks", "status = 'failed'"), a.callbacks_failed);
  EXPECT_EQ(app_->Count("callback_tasks", "status = 'open'"), a.callbacks_open);
  EXPECT_GT(a.callbacks_done, a.callback_tasks / 2);
  EXPECT_GE(a.callbacks_failed, 2);
  EXPECT_GE(a.callbacks_open, 5);
  EXPECT_GT(a.routine_tasks, 0);  // key accounts, today
  EXPECT_EQ(app_->Count("callback_attempts", "result = 'unreachable'"), a.unreachable_attempts);
  EXPECT_GT(a.unreachable_attempts, a.callbacks_failed * 3 - 1);
  const auto done = [&](const std::string& satisfaction) {
    return app_->Count("callback_tasks",
                       "status = 'done' AND satisfaction = '" + satisfaction + "'");
  };
  EXPECT_GT(done("satisfied"), done("basically_satisfied"));
  EXPECT_GT(done("basically_satisfied"), 0);
  EXPECT_GE(done("dissatisfied"), 1);
  EXPECT_EQ(done("dissatisfied"), a.reopened_cases);
  EXPECT_EQ(app_->Count("timeline", "kind = 'callback'"), a.callbacks_done);
  // Open tasks: some due by today's end, some overdue already.
  const std::string now_ms = std::to_string(kNow.time_since_epoch().count());
  EXPECT_GT(app_->Count("callback_tasks", "status = 'open' AND due_at < " + now_ms), 0);
  EXPECT_GT(app_->Count("callback_tasks", "status = 'open' AND due_at >= " + now_ms), 0);
  // Every completed task has its evidence and was done before "now".
  EXPECT_EQ(app_->Count("callback_tasks",
                        "status = 'done' AND (evidence_json NOT LIKE '%recording_ref%' OR "
                        "completed_at > " +
                            now_ms + ")"),
            0);
  // February's complaint sample, drawn with the demo seed.
  EXPECT_EQ(app_->Count("callback_samples", "month = 202602 AND seed = '20260214'"), 1);
  EXPECT_EQ(app_->Count("callback_tasks", "sample_id IS NOT NULL"), a.sample_tasks);
  EXPECT_GT(a.sample_tasks, 0);
}

TEST_F(DemoTest, Demo_SurveyHasAnswersByLinkAndByAgentAndSuggestions) {
  const DemoAftercareReport& a = report_->aftercare;
  EXPECT_EQ(app_->Count("surveys", "kind = 'questionnaire' AND status = 'open'"), 1);
  const std::string ours = "survey_id IN (SELECT id FROM surveys WHERE kind = 'questionnaire')";
  EXPECT_EQ(app_->Count("survey_questions", ours), 8);
  for (const char* kind : {"rating", "single", "multiple", "text"}) {
    EXPECT_GT(app_->Count("survey_questions", ours + " AND kind = '" + kind + "'"), 0) << kind;
  }
  EXPECT_EQ(app_->Count("survey_invitations"), a.survey_invitations);
  EXPECT_GT(a.survey_invitations, 30);
  EXPECT_GE(a.survey_responses, 24);
  EXPECT_GT(app_->Count("survey_responses", "channel = 'link'"), 10);
  EXPECT_GT(app_->Count("survey_responses", "channel = 'agent'"), 5);
  EXPECT_EQ(app_->Count("survey_responses", "channel IN ('link', 'agent')"), a.survey_responses);
  EXPECT_EQ(app_->Count("survey_invitations", "answered_at IS NOT NULL"),
            app_->Count("survey_responses", "channel = 'link'"));
  EXPECT_GE(a.suggestions, 5);
  EXPECT_EQ(app_->Count("survey_responses", "channel = 'suggestion'"), a.suggestions);
}

TEST(DemoOnly, Demo_NeedsThePropertyTemplate) {
  TestApp app(kNow);
  auto seeded = SeedDemo(app.services(), DemoOptions{app.clock(), kNow});
  ASSERT_FALSE(seeded.ok());
  EXPECT_EQ(seeded.error().reason, "demo.template_missing");
  EXPECT_EQ(app.Count("org_units"), 0);
}

TEST(DemoOnly, Demo_SameSeedSameData) {
  std::vector<std::vector<std::string>> runs;
  for (int run = 0; run < 2; ++run) {
    TestApp app(kNow);
    Must(LoadTemplate(app.services(), PropertyTemplate()));
    DemoOptions options{app.clock(), kNow};
    options.cases = 60;
    options.customers = 20;
    options.days = 30;
    Must(SeedDemo(app.services(), options));
    std::vector<std::string> rows;
    for (const auto& c : AllCases(app.store())) {
      rows.push_back(c.number + " " + c.title + " " + c.status + " " +
                     std::to_string(c.received_at.time_since_epoch().count()));
    }
    Must(app.store().Read([&](Tx& tx) -> Status {
      CallbackTaskQuery q;
      q.limit = 500;
      for (const auto& t : Must(tx.Callbacks().ListTasks(q)).items) {
        rows.push_back("callback " + std::to_string(t.case_id.value_or(0)) + " " + t.status + " " +
                       t.satisfaction + " " + std::to_string(t.attempts) + " " +
                       std::to_string(t.due_at.time_since_epoch().count()));
      }
      return {};
    }));
    rows.push_back("responses " + std::to_string(app.Count("survey_responses")) + " answers " +
                   std::to_string(app.Count("survey_answers")));
    runs.push_back(rows);
  }
  EXPECT_EQ(std::count_if(runs[0].begin(), runs[0].end(),
                          [](const std::string& r) {
                            return r.starts_with("TS-") || r.starts_with("BX-") ||
                                   r.starts_with("ZX-");
                          }),
            60);
  EXPECT_GT(runs[0].size(), 70u);  // callback tasks too
  EXPECT_EQ(runs[0], runs[1]);
}

}  // namespace
}  // namespace csqm::app::testing
