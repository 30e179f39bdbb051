// Quality rollups, indicators and the monthly report through the use cases, on a real SQLite
// file with a manual clock: the rollups equal a recount from the raw case tables, an indicator
// below target raises exactly one improvement case, and the month-close job sends once.
#include <gtest/gtest.h>

#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/escalation.hpp"
#include "app/quality_report.hpp"
#include "app/quality_tracking.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"
#include "report/report_files.hpp"

namespace csqm::app::testing {
namespace {

struct Org {
  OrgUnit company, project;
  Actor agent, agent2, supervisor, manager, quality;
};

class QualityTest : public ::testing::Test {
 protected:
  // Monday 12 October 2026, after the National Day holiday (no SLA clock runs in it).
  QualityTest() : app_(At("2026-10-12T09:00:00+08:00")) {
    Must(LoadTemplate(app_.services(), PropertyTemplate()));
    org_ = MakeOrg();
    zone_ = Must(platform::SystemZones().Find("Asia/Shanghai"));
  }

  Org MakeOrg() {
    Org org;
    Must(app_.store().Write([&](Tx& tx) -> Status {
      const Instant now = app_.clock().Now();
      org.company =
          Must(tx.Org().InsertUnit({0, std::nullopt, "company", "C", "公司", "", now, 1}));
      org.project =
          Must(tx.Org().InsertUnit({0, org.company.id, "project", "P", "项目", "", now, 1}));
      const auto user = [&](const char* login, core::Role role, const OrgUnit& unit,
                            std::optional<Id> boss) {
        return InsertTestUser(tx, login, role, unit, boss, now,
                              std::string(login) + "@example.com");
      };
      org.quality = user("quality", core::Role::kQualityManager, org.company, std::nullopt);
      org.manager = user("manager", core::Role::kManager, org.project, std::nullopt);
      org.supervisor = user("supervisor", core::Role::kSupervisor, org.project, org.manager.id());
      org.agent = user("agent", core::Role::kAgent, org.project, org.supervisor.id());
      org.agent2 = user("agent2", core::Role::kAgent, org.project, org.supervisor.id());
      return {};
    }));
    return org;
  }

  Id CategoryId(const std::string& key) { return CategoryIdOf(app_.store(), key); }

  CaseRecord Open(const std::string& category,
                  core::Severity severity = core::Severity::kOrdinary) {
    OpenCaseInput in;
    in.category_id = CategoryId(category);
    in.title = "测试工单 " + category;
    in.assignee_id = org_.agent.id();
    in.severity = severity;
    return Must(OpenCase(app_.services(), org_.agent, in));
  }

  void Move(Id id, const std::string& transition, std::map<std::string, std::string> fields = {}) {
    Must(TransitionCase(app_.services(), org_.supervisor, id, {transition, fields, ""}, -1));
  }
  void Resolve(Id id) { Move(id, "resolve", {{"resolution", "已处理"}, {"cause", "原因"}}); }
  void Later(std::chrono::minutes m) { app_.clock().Advance(m); }

  // Totals of every rollup row, straight from the rollup tables: the monthly ones (whole
  // months) or the daily ones (a range that ends inside a month).
  RollupTotals RollupSum(bool monthly = true) {
    RollupTotals sum;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      RollupFilter f;
      f.first_day = 19700101;
      f.last_day = monthly ? 99991231 : 99991230;
      for (const auto& r : Must(tx.Quality().SumRollups(f, RollupGroup::kNone))) {
        sum.received += r.received;
        sum.resolved += r.resolved;
        sum.closed += r.closed;
        sum.on_time += r.on_time;
        sum.reopened += r.reopened;
        sum.handle_minutes += r.handle_minutes;
      }
      for (const auto& t : Must(tx.Quality().SumTargets(f, RollupGroup::kNone))) {
        sum.hist[0] += t.met_on_time;  // hist[0]: met on time, hist[1]: missed (test only)
        sum.hist[1] += t.missed;
      }
      return {};
    }));
    return sum;
  }

  TestApp app_;
  Org org_;
  std::shared_ptr<const core::ZoneRules> zone_;
  report::ReportFiles files_;
};

TEST_F(QualityTest, RollupsEqualARecountFromTheCaseTables) {
  using std::chrono::minutes;
  const auto a = Open("complaint.attitude.ordinary");
  const auto b = Open("complaint.attitude.serious", core::Severity::kMajor);
  const auto c = Open("inquiry.general");
  const auto d = Open("complaint.neighbour");
  Move(a.id, "accept");
  Later(minutes(60));
  Resolve(a.id);  // on time
  Move(b.id, "accept");
  Must(AssignCase(app_.services(), org_.supervisor, b.id, org_.agent2.id(), "换人处理", -1));
  Later(minutes(60 * 24 * 3));
  Must(RunDueTimers(app_.services()));  // c and d breach
  Resolve(b.id);                        // late
  Move(a.id, "reopen", {{"reason", "业主不满意"}});
  Later(minutes(30));
  Resolve(a.id);
  Move(a.id, "submit_close");
  Move(a.id, "approve_close");
  Must(RecordArrival(app_.services(), org_.agent, d.id, std::nullopt, "现场"));  // late arrival
  Must(AddComment(app_.services(), org_.agent, c.id, "已答复业主", "public"));
  Move(c.id, "cancel", {{"reason", "重复"}});

  const RollupTotals incremental = RollupSum();
  const RollupTotals daily = RollupSum(false);
  EXPECT_EQ(daily.received, incremental.received);
  EXPECT_EQ(daily.resolved, incremental.resolved);
  EXPECT_EQ(daily.closed, incremental.closed);
  EXPECT_EQ(daily.on_time, incremental.on_time);
  EXPECT_EQ(daily.reopened, incremental.reopened);
  EXPECT_EQ(daily.handle_minutes, incremental.handle_minutes);
  EXPECT_EQ(daily.hist, incremental.hist);
  // The recount, in plain SQL over cases, case_targets and timeline.
  auto scalar = [&](const std::string& sql) { return app_.Count("(" + sql + ")"); };
  EXPECT_EQ(incremental.received, app_.Count("cases"));
  EXPECT_EQ(incremental.resolved, app_.Count("cases", "resolved_at IS NOT NULL"));
  EXPECT_EQ(incremental.closed, app_.Count("cases", "status_final = 1"));
  EXPECT_EQ(incremental.reopened,
            scalar("SELECT DISTINCT case_id FROM timeline WHERE kind = 'transition' AND "
                   "data_json LIKE '%\"transition\":\"reopen\"%'"));
  EXPECT_EQ(incremental.hist[0],
            app_.Count("case_targets",
                       "met_at IS NOT NULL AND met_at <= COALESCE(extended_due, "
                       "due_at)"));
  EXPECT_EQ(incremental.hist[1],
            app_.Count("case_targets",
                       "(met_at IS NOT NULL AND met_at > COALESCE(extended_due, "
                       "due_at)) OR (met_at IS NULL AND breached_at IS NOT NULL)"));
  EXPECT_EQ(incremental.resolved, 2);
  EXPECT_EQ(incremental.reopened, 1);
  EXPECT_EQ(incremental.closed, 2);  // a closed, c cancelled
  EXPECT_GE(incremental.hist[1], 2);

  // A rebuild from the tables gives the same rollups.
  const auto rebuilt = Must(RebuildRollups(app_.services()));
  EXPECT_EQ(rebuilt.cases, 4);
  const RollupTotals again = RollupSum();
  EXPECT_EQ(again.received, incremental.received);
  EXPECT_EQ(again.resolved, incremental.resolved);
  EXPECT_EQ(again.closed, incremental.closed);
  EXPECT_EQ(again.on_time, incremental.on_time);
  EXPECT_EQ(again.reopened, incremental.reopened);
  EXPECT_EQ(again.handle_minutes, incremental.handle_minutes);
  EXPECT_EQ(again.hist, incremental.hist);

  // The indicators of October read the same counts, by assignee too.
  IndicatorQuery q;
  q.period = "2026-10";
  q.org_unit_id = org_.company.id;
  q.group = RollupGroup::kAssignee;
  const auto r = Must(QueryIndicators(app_.services(), org_.quality, q, *zone_));
  EXPECT_EQ(r.total.inputs.received, 4);
  EXPECT_EQ(r.total.inputs.complaints_received, 3);
  int64_t by_assignee = 0;
  for (const auto& g : r.groups) by_assignee += g.inputs.received;
  EXPECT_EQ(by_assignee, 4);
  EXPECT_EQ(r.groups.size(), 2u);  // agent and agent2 (after the transfer)
}

TEST_F(QualityTest, IndicatorBelowTargetRaisesExactlyOneImprovementCase) {
  using std::chrono::minutes;
  const auto late = Open("complaint.attitude.ordinary");
  Move(late.id, "accept");
  Later(minutes(60 * 24 * 2));
  Resolve(late.id);  // on-time rate 0 % < 90 %
  ReportEnv env{files_, *zone_};
  const auto first =
      Must(GenerateReport(app_.services(), env, org_.quality, "2026-10", org_.company.id, false));
  EXPECT_GT(first.improvements_raised, 0);
  const int64_t cases_after_first = app_.Count("cases");
  EXPECT_EQ(app_.Count("quality_improvements",
                       "indicator = 'on_time_rate' AND period = '2026-10' AND org_unit_id = " +
                           std::to_string(org_.company.id)),
            1);
  // The improvement case: type improvement, assigned to the unit's manager.
  const auto improvement = [&](const OrgUnit& unit, const Actor& assignee) {
    return app_.Count(
        "cases c JOIN case_types t ON t.id = c.case_type_id JOIN "
        "quality_improvements i ON i.case_id = c.id",
        "t.key = 'improvement' AND i.indicator = 'on_time_rate' AND c.assignee_id = " +
            std::to_string(assignee.id()) + " AND c.org_unit_id = " + std::to_string(unit.id));
  };
  EXPECT_EQ(improvement(org_.project, org_.manager), 1);  // the project's manager
  EXPECT_EQ(improvement(org_.company, org_.quality), 1);  // no manager above: quality manager
  const auto second =
      Must(GenerateReport(app_.services(), env, org_.quality, "2026-10", org_.company.id, false));
  EXPECT_EQ(second.improvements_raised, 0);
  EXPECT_EQ(app_.Count("cases"), cases_after_first);
  EXPECT_EQ(second.record.id, first.record.id);  // one archive row per period, replaced
  EXPECT_EQ(second.record.version, 2);
  EXPECT_FALSE(second.report.improvements.empty());
  // Archived files are there.
  EXPECT_NE(Must(app_.services().blobs.Get(second.record.html_sha256)).find("质量报告"),
            std::string::npos);
  EXPECT_EQ(Must(app_.services().blobs.Get(second.record.xlsx_sha256)).substr(0, 2), "PK");
}

TEST_F(QualityTest, MonthCloseJobSendsOnceAcrossRestarts) {
  Open("inquiry.general");
  Must(SetSubscription(app_.services(), org_.quality, true));
  ReportEnv env{files_, *zone_};
  EXPECT_EQ(Must(RunMonthClose(app_.services(), env)), 1);  // September (empty) closes
  app_.clock().Set(At("2026-11-01T00:05:00+08:00"));
  EXPECT_EQ(Must(RunMonthClose(app_.services(), env)), 1);  // October
  EXPECT_EQ(Must(RunMonthClose(app_.services(), env)), 0);
  app_.Restart();
  EXPECT_EQ(Must(RunMonthClose(app_.services(), env)), 0);
  EXPECT_EQ(app_.Count("quality_reports", "period = '2026-10' AND sent_at IS NOT NULL"), 1);
  EXPECT_EQ(app_.Count("notifications", "kind = 'quality_report' AND user_id = " +
                                            std::to_string(org_.quality.id())),
            2);
  EXPECT_EQ(app_.Count("outbox", "recipient = 'quality@example.com'"), 2);
  app_.clock().Set(At("2026-12-01T08:00:00+08:00"));
  EXPECT_EQ(Must(RunMonthClose(app_.services(), env)), 1);  // November
}

TEST_F(QualityTest, ManagerReadsOwnSubtreeOnlyAndAgentsNot) {
  IndicatorQuery q;
  q.period = "2026-10";
  q.org_unit_id = org_.company.id;
  auto denied = QueryIndicators(app_.services(), org_.manager, q, *zone_);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().reason, "auth.forbidden");
  q.org_unit_id = org_.project.id;
  EXPECT_TRUE(QueryIndicators(app_.services(), org_.manager, q, *zone_).ok());
  EXPECT_FALSE(QueryIndicators(app_.services(), org_.agent, q, *zone_).ok());
  auto bad = SetIndicatorTarget(app_.services(), org_.quality, "satisfaction_rate", 1.5, -1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "quality.bad_target");
  EXPECT_FALSE(
      SetIndicatorTarget(app_.services(), org_.manager, "satisfaction_rate", 0.95, -1).ok());
  EXPECT_EQ(Must(SetIndicatorTarget(app_.services(), org_.quality, "satisfaction_rate", 0.95, -1))
                .version,
            1);
}

TEST_F(QualityTest, EarlyWarningWhenTheMonthIsProjectedToMiss) {
  using std::chrono::minutes;
  for (int i = 0; i < 3; ++i) {
    const auto c = Open("complaint.attitude.ordinary");
    Move(c.id, "accept");
    Later(minutes(60 * 24 * 2));
    Resolve(c.id);  // late every time
  }
  IndicatorQuery q;
  q.period = "2026-10";
  q.org_unit_id = org_.company.id;
  const auto r = Must(QueryIndicators(app_.services(), org_.quality, q, *zone_));
  const auto it = std::find_if(r.warnings.begin(), r.warnings.end(),
                               [](const auto& w) { return w.indicator == "on_time_rate"; });
  ASSERT_NE(it, r.warnings.end());
  EXPECT_DOUBLE_EQ(it->month_to_date, 0.0);
  EXPECT_LT(it->projected, it->target);
  q.period = "2026-09";  // a closed month never warns
  EXPECT_TRUE(Must(QueryIndicators(app_.services(), org_.quality, q, *zone_)).warnings.empty());
}

}  // namespace
}  // namespace csqm::app::testing
