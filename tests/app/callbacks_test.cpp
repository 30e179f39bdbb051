// Callback rules played through the use cases with a manual clock (M2): tasks created exactly
// once on resolution and on customer events, routine runs, retries after unreachable attempts,
// the reopen / linked complaint rules, compliance escalation and the monthly sample.
#include <gtest/gtest.h>

#include <set>

#include "app/callbacks.hpp"
#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/customers.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"

namespace csqm::app::testing {
namespace {

struct Org {
  Id company = 0, project = 0, desk = 0, other_project = 0;
  Actor agent, supervisor, manager, quality;
};

class CallbackTest : public ::testing::Test {
 protected:
  CallbackTest() : app_(At("2026-01-05T09:00:00+08:00")) {
    // The rules each test examines are its own.
    Must(LoadTemplate(app_.services(), WithoutCallbackRules(PropertyTemplate())));
    MakeOrg();
  }

  void MakeOrg() {
    Must(app_.store().Write([&](Tx& tx) -> Status {
      const Instant now = app_.clock().Now();
      const OrgUnit company =
          Must(tx.Org().InsertUnit({0, std::nullopt, "company", "C", "公司", "", now, 1}));
      const OrgUnit project =
          Must(tx.Org().InsertUnit({0, company.id, "project", "P", "项目", "", now, 1}));
      const OrgUnit other =
          Must(tx.Org().InsertUnit({0, company.id, "project", "P2", "二期", "", now, 1}));
      const OrgUnit desk =
          Must(tx.Org().InsertUnit({0, project.id, "department", "KF", "客服中心", "", now, 1}));
      org_.company = company.id;
      org_.project = project.id;
      org_.other_project = other.id;
      org_.desk = desk.id;
      const auto user = [&](const char* login, core::Role role, const OrgUnit& unit,
                            std::optional<Id> boss) {
        return InsertTestUser(tx, login, role, unit, boss, now);
      };
      org_.quality = user("quality", core::Role::kQualityManager, company, std::nullopt);
      org_.manager = user("manager", core::Role::kManager, company, std::nullopt);
      org_.supervisor = user("supervisor", core::Role::kSupervisor, company, org_.manager.id());
      org_.agent = user("agent", core::Role::kAgent, company, org_.supervisor.id());
      return {};
    }));
  }

  Id CategoryId(const std::string& key) { return CategoryIdOf(app_.store(), key); }
  Id CaseTypeId(const std::string& key) { return CaseTypeIdOf(app_.store(), key); }

  Customer NewCustomer(const std::string& name, Id unit,
                       core::CustomerTier tier = core::CustomerTier::kOrdinary) {
    CustomerInput in;
    in.name = name;
    in.org_unit_id = unit;
    in.tier = tier;
    return Must(CreateCustomer(app_.services(), org_.agent, in));
  }

  CallbackRule Rule(CallbackRule r) {
    return Must(CreateCallbackRule(app_.services(), org_.quality, std::move(r)));
  }

  CallbackRule ResolvedRule(const std::string& on_unsatisfied = "reopen") {
    CallbackRule r;
    r.name = "投诉解决后 24 小时内回访";
    r.kind = "case_resolved";
    r.case_type_ids_json = "[" + std::to_string(CaseTypeId("complaint")) + "]";
    r.clock = "24x7";
    r.limit_text = "24h";
    r.max_attempts = 3;
    r.retry_minutes = 120;
    r.on_unsatisfied = on_unsatisfied;
    r.script = "您好，这里是物业客服中心……";
    return Rule(r);
  }

  CaseRecord OpenComplaint(const Customer& c, const std::string& category = "complaint.other",
                           core::Severity severity = core::Severity::kOrdinary) {
    OpenCaseInput in;
    in.category_id = CategoryId(category);
    in.title = "投诉 " + c.name;
    in.customer_id = c.id;
    in.assignee_id = org_.agent.id();
    in.severity = severity;
    return Must(OpenCase(app_.services(), org_.agent, in));
  }

  CaseRecord Take(Id case_id, const std::string& transition, const Actor& who,
                  std::map<std::string, std::string> fields = {}) {
    TransitionInput in;
    in.transition = transition;
    in.fields = std::move(fields);
    return Must(TransitionCase(app_.services(), who, case_id, in, -1));
  }

  CaseRecord Resolve(Id case_id) {
    Take(case_id, "accept", org_.agent);
    return Take(case_id, "resolve", org_.agent, {{"resolution", "已处理"}, {"cause", "沟通不足"}});
  }

  std::vector<CallbackTask> Tasks(CallbackTaskFilter f = {}) {
    f.limit = 200;
    return Must(ListCallbackTasks(app_.services(), org_.quality, f)).items;
  }

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

  int Notifications(const Actor& user, const std::string& kind) {
    int n = 0;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      for (const auto& item :
           Must(tx.Notifications().List(user.id(), false, std::nullopt, 200)).items) {
        n += item.kind == kind ? 1 : 0;
      }
      return {};
    }));
    return n;
  }

  CaseRecord Case(Id id) {
    CaseRecord r;
    Must(app_.store().Read([&](Tx& tx) -> Status {
      r = Must(tx.Cases().Get(id));
      return {};
    }));
    return r;
  }

  CallbackOutcome Unhappy() {
    CallbackOutcome o;
    o.evidence_json = R"({"recording_ref":"rec-2026-0001"})";
    o.solved = false;
    o.satisfaction = "dissatisfied";
    o.score = 2;
    o.opinion = "漏水问题仍未解决";
    return o;
  }

  TestApp app_;
  Org org_;
};

TEST_F(CallbackTest, Callback_ResolutionCreatesOneTaskDueIn24Hours) {
  ResolvedRule();
  const Customer c = NewCustomer("王先生", org_.project);
  const CaseRecord opened = OpenComplaint(c);
  EXPECT_TRUE(Tasks().empty()) << "nothing before the resolution";
  app_.clock().Advance(std::chrono::hours(2));
  const Instant resolved_at = app_.clock().Now();
  Resolve(opened.id);
  auto tasks = Tasks();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].case_id, opened.id);
  EXPECT_EQ(tasks[0].customer_id, c.id);
  EXPECT_EQ(tasks[0].case_type, "complaint");
  EXPECT_EQ(tasks[0].status, "open");
  EXPECT_EQ(tasks[0].due_at, resolved_at + std::chrono::hours(24));
  EXPECT_EQ(TimelineKinds(opened.id)["callback_scheduled"], 1);
  // Moving on between resolved statuses is not a new resolution.
  Take(opened.id, "submit_close", org_.agent);
  EXPECT_EQ(Tasks().size(), 1u);
  // An inquiry (another case type) gets none.
  OpenCaseInput in;
  in.category_id = CategoryId("inquiry.general");
  in.title = "咨询";
  in.customer_id = c.id;
  const CaseRecord inquiry = Must(OpenCase(app_.services(), org_.agent, in));
  Take(inquiry.id, "answer", org_.agent, {{"answer", "已答复"}});
  EXPECT_EQ(Tasks().size(), 1u);
}

TEST_F(CallbackTest, Callback_BusinessClockDueFollowsTheCaseCalendar) {
  CallbackRule r;
  r.name = "工作时间半天内回访";
  r.kind = "case_resolved";
  r.clock = "business";
  r.limit_text = "4h";
  Rule(r);
  const Customer c = NewCustomer("李女士", org_.project);
  const CaseRecord opened = OpenComplaint(c, "complaint.attitude.ordinary");  // office hours
  app_.clock().Set(At("2026-01-09T16:30:00+08:00"));  // Friday, half an hour before closing
  Resolve(opened.id);
  auto tasks = Tasks();
  ASSERT_EQ(tasks.size(), 1u);
  // 1 h on Friday (to 17:30), the rest from Monday 08:30: 08:30–11:30.
  EXPECT_EQ(tasks[0].due_at, At("2026-01-12T11:30:00+08:00"));
}

TEST_F(CallbackTest, Callback_NotSatisfiedReopensCaseAndNotifiesOwner) {
  ResolvedRule("reopen");
  const CaseRecord opened = OpenComplaint(NewCustomer("王先生", org_.project));
  Resolve(opened.id);
  const CallbackTask task = Tasks().at(0);
  const CallbackTask done =
      Must(RecordCallbackOutcome(app_.services(), org_.agent, task.id, Unhappy(), task.version));
  EXPECT_EQ(done.status, "done");
  EXPECT_EQ(done.solved, false);
  EXPECT_EQ(done.satisfaction, "dissatisfied");
  const CaseRecord after = Case(opened.id);
  EXPECT_EQ(after.status, "in_progress") << "reopened";
  EXPECT_EQ(Notifications(org_.agent, "callback_unhappy"), 1) << "the owner hears of it";
  auto kinds = TimelineKinds(opened.id);
  EXPECT_EQ(kinds["callback"], 1);
  EXPECT_EQ(kinds["transition"], 3) << "accept, resolve, reopen";
  EXPECT_FALSE(done.follow_up_case_id);
  // Resolving again is a new resolution: a new callback.
  Take(opened.id, "resolve", org_.agent, {{"resolution", "更换阀门"}, {"cause", "阀门老化"}});
  EXPECT_EQ(Tasks().size(), 2u);
  // A finished task takes no second outcome.
  auto again = RecordCallbackOutcome(app_.services(), org_.agent, task.id, Unhappy(), -1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "callback.not_open");
}

TEST_F(CallbackTest, Callback_SatisfiedLeavesTheCaseAlone) {
  ResolvedRule();
  const CaseRecord opened = OpenComplaint(NewCustomer("王先生", org_.project));
  Resolve(opened.id);
  const CallbackTask task = Tasks().at(0);
  CallbackOutcome o;
  o.evidence_json = R"({"recording_ref":"rec-1"})";
  o.solved = true;
  o.satisfaction = "basically_satisfied";
  o.score = 4;
  Must(RecordCallbackOutcome(app_.services(), org_.agent, task.id, o, -1));
  EXPECT_EQ(Case(opened.id).status, "resolved");
  EXPECT_EQ(Notifications(org_.agent, "callback_unhappy"), 0);
}

TEST_F(CallbackTest, Callback_ClosedCaseGetsALinkedComplaintInstead) {
  ResolvedRule("reopen");
  const CaseRecord opened = OpenComplaint(NewCustomer("赵先生", org_.project));
  Resolve(opened.id);
  Take(opened.id, "submit_close", org_.agent);
  Take(opened.id, "approve_close", org_.supervisor);
  ASSERT_TRUE(Case(opened.id).status_final);
  const CallbackTask task = Tasks().at(0);
  const CallbackTask done =
      Must(RecordCallbackOutcome(app_.services(), org_.agent, task.id, Unhappy(), -1));
  ASSERT_TRUE(done.follow_up_case_id);
  const CaseRecord follow = Case(*done.follow_up_case_id);
  EXPECT_EQ(follow.customer_id, opened.customer_id);
  EXPECT_EQ(follow.owner_id, opened.owner_id) << "首问 stays with the first owner";
  EXPECT_EQ(follow.category_id, opened.category_id);
  std::vector<CaseLink> links;
  Must(app_.store().Read([&](Tx& tx) -> Status {
    links = Must(tx.Cases().Links(opened.id));
    return {};
  }));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].kind, "callback_follow_up");
  EXPECT_EQ(Notifications(org_.agent, "callback_unhappy"), 1);
}

TEST_F(CallbackTest, Callback_NewCaseRuleOpensALinkedComplaintEvenWhenReopenable) {
  ResolvedRule("new_case");
  const CaseRecord opened = OpenComplaint(NewCustomer("钱女士", org_.project));
  Resolve(opened.id);
  const CallbackTask done =
      Must(RecordCallbackOutcome(app_.services(), org_.agent, Tasks().at(0).id, Unhappy(), -1));
  EXPECT_TRUE(done.follow_up_case_id);
  EXPECT_EQ(Case(opened.id).status, "resolved");
}

TEST_F(CallbackTest, Callback_UnreachableRetriesLaterThenFails) {
  ResolvedRule();
  const CaseRecord opened = OpenComplaint(NewCustomer("孙先生", org_.project));
  Resolve(opened.id);
  const Id task_id = Tasks().at(0).id;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const Instant now = app_.clock().Now();
    const CallbackTask t =
        Must(RecordUnreachable(app_.services(), org_.agent, task_id, "无人接听", -1));
    EXPECT_EQ(t.status, "open") << attempt;
    EXPECT_EQ(t.attempts, attempt);
    EXPECT_EQ(t.next_attempt_at, now + std::chrono::minutes(120));
    app_.clock().Advance(std::chrono::hours(2));
  }
  const CallbackTask failed =
      Must(RecordUnreachable(app_.services(), org_.agent, task_id, "仍无人接听", -1));
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.attempts, 3);
  EXPECT_TRUE(failed.completed_at);
  EXPECT_EQ(TimelineKinds(opened.id)["callback_attempt"], 3);
  auto view = Must(GetCallbackTask(app_.services(), org_.agent, task_id));
  EXPECT_EQ(view.attempts.size(), 3u);
  EXPECT_EQ(view.script, "您好，这里是物业客服中心……");
  auto more = RecordUnreachable(app_.services(), org_.agent, task_id, "", -1);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().reason, "callback.not_open");
}

TEST_F(CallbackTest, Callback_ViolationIsEscalatedToCompliance) {
  ResolvedRule();
  const CaseRecord opened = OpenComplaint(NewCustomer("周先生", org_.project));
  Resolve(opened.id);
  CallbackOutcome o;
  o.evidence_json = R"({"recording_ref":"rec-9"})";
  o.solved = true;
  o.satisfaction = "satisfied";
  o.violation = true;
  auto missing = RecordCallbackOutcome(app_.services(), org_.agent, Tasks().at(0).id, o, -1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "violation_note");
  o.violation_note = "维修人员收取了额外费用";
  Must(RecordCallbackOutcome(app_.services(), org_.agent, Tasks().at(0).id, o, -1));
  EXPECT_EQ(Notifications(org_.quality, "callback_violation"), 1);
  EXPECT_EQ(TimelineKinds(opened.id)["callback_violation"], 1);
}

TEST_F(CallbackTest, Callback_EvidenceIsCheckedPerChannel) {
  ResolvedRule();
  const CaseRecord opened = OpenComplaint(NewCustomer("吴先生", org_.project));
  Resolve(opened.id);
  const Id task_id = Tasks().at(0).id;
  CallbackOutcome o;
  o.solved = true;
  o.satisfaction = "satisfied";
  struct Case {
    const char* channel;
    const char* evidence;
    const char* field;
  } cases[] = {
      {"phone", "{}", "evidence.recording_ref"},
      {"visit", R"({"place":"3栋"})", "evidence.signature_sha256"},
      {"visit",
       R"({"signature_sha256":"00000000000000000000000000000000000000000000000000000000000000ab","place":"3栋"})",
       "evidence.signature_sha256"},  // not an attachment of the case
      {"letter", R"({"received_at":"2026-01-06T10:00:00+08:00"})", "evidence.sent_at"},
      {"email", R"({"sent_at":"yesterday"})", "evidence.sent_at"},
  };
  for (const auto& c : cases) {
    o.channel = c.channel;
    o.evidence_json = c.evidence;
    auto r = RecordCallbackOutcome(app_.services(), org_.agent, task_id, o, -1);
    ASSERT_FALSE(r.ok()) << c.channel << " " << c.evidence;
    EXPECT_EQ(r.error().field, c.field) << c.channel << " " << c.evidence;
  }
  o.channel = "email";
  o.evidence_json = R"({"sent_at":"2026-01-06T10:00:00+08:00","mailbox":"callback@example.cn"})";
  EXPECT_EQ(Must(RecordCallbackOutcome(app_.services(), org_.agent, task_id, o, -1)).channel,
            "email");
}

TEST_F(CallbackTest, Callback_NewCustomerGetsACallbackWithinTwoWeeks) {
  CallbackRule r;
  r.name = "新客户两周内回访";
  r.kind = "customer_event";
  r.event = "customer_created";
  r.limit_text = "14d";
  Rule(r);
  const Instant now = app_.clock().Now();
  const Customer c = NewCustomer("新业主", org_.project);
  auto tasks = Tasks();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].customer_id, c.id);
  EXPECT_FALSE(tasks[0].case_id);
  EXPECT_EQ(tasks[0].due_at, now + std::chrono::days(14));
  // Today's queue does not hold it; the overdue queue will, after two weeks.
  CallbackTaskFilter overdue;
  overdue.statuses = {"open"};
  overdue.due_before = now + std::chrono::days(15);
  EXPECT_EQ(Tasks(overdue).size(), 1u);
  overdue.due_before = now + std::chrono::days(1);
  EXPECT_TRUE(Tasks(overdue).empty());
}

TEST_F(CallbackTest, Callback_UnhappyCustomerWithoutACaseGetsANewComplaintPerRule) {
  CallbackRule r;
  r.name = "新客户回访";
  r.kind = "customer_event";
  r.event = "customer_created";
  r.limit_text = "14d";
  r.followup_category_id = CategoryId("complaint.other");
  Rule(r);
  const Customer c = NewCustomer("新业主乙", org_.project);
  const CallbackTask task = Tasks().at(0);
  CallbackOutcome o;
  o.channel = "visit";
  o.evidence_json = R"({"signature_sha256":")" + std::string(64, 'a') + R"(","place":"3栋"})";
  o.satisfaction = "dissatisfied";
  o.opinion = "入住手续太慢";
  auto done = Must(RecordCallbackOutcome(app_.services(), org_.agent, task.id, o, -1));
  ASSERT_TRUE(done.follow_up_case_id) << "a complaint for the customer";
  const CaseRecord opened = Case(*done.follow_up_case_id);
  EXPECT_EQ(opened.customer_id, c.id);
  EXPECT_EQ(opened.owner_id, org_.agent.id());
  EXPECT_EQ(opened.description, "入住手续太慢");
}

TEST_F(CallbackTest, Callback_CaseWithoutACustomerGetsNoTask) {
  ResolvedRule();
  OpenCaseInput in;
  in.category_id = CategoryId("complaint.other");
  in.title = "匿名投诉";
  in.assignee_id = org_.agent.id();
  const CaseRecord anonymous = Must(OpenCase(app_.services(), org_.agent, in));
  Resolve(anonymous.id);
  EXPECT_TRUE(Tasks().empty());
}

TEST_F(CallbackTest, Callback_RoutineRuleRunsOncePerInterval) {
  for (int i = 0; i < 3; ++i)
    NewCustomer("VIP " + std::to_string(i), org_.project, core::CustomerTier::kVip);
  NewCustomer("普通", org_.project);
  NewCustomer("二期 VIP", org_.other_project, core::CustomerTier::kVip);
  CallbackRule r;
  r.name = "VIP 每月例行回访";
  r.kind = "routine";
  r.tiers_json = R"(["vip"])";
  r.segment_org_unit_id = org_.project;
  r.interval_days = 30;
  r.limit_text = "7d";
  Rule(r);
  auto first = Must(RunCallbackJobs(app_.services()));
  EXPECT_EQ(first.routine_rules, 1);
  EXPECT_EQ(first.tasks, 3) << "the VIPs of the project only";
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).tasks, 0) << "not again within the month";
  app_.clock().Advance(std::chrono::days(29));
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).tasks, 0);
  app_.clock().Advance(std::chrono::days(1));
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).tasks, 3);
  EXPECT_EQ(Tasks().size(), 6u);
}

TEST_F(CallbackTest, Callback_RulesAreValidatedAndOnlyConfigurersEditThem) {
  CallbackRule r;
  r.name = "抽样";
  r.kind = "complaint_sample";
  r.sample_percent = 30;
  auto low = CreateCallbackRule(app_.services(), org_.quality, r);
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().field, "sample_percent");
  r.sample_percent = 50;
  auto denied = CreateCallbackRule(app_.services(), org_.agent, r);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().reason, "auth.forbidden");
  r.clock = "business";
  auto needs = CreateCallbackRule(app_.services(), org_.quality, r);
  ASSERT_FALSE(needs.ok());
  EXPECT_EQ(needs.error().field, "calendar_id");
  r.clock = "24x7";
  r.limit_text = "soon";
  auto bad_limit = CreateCallbackRule(app_.services(), org_.quality, r);
  ASSERT_FALSE(bad_limit.ok());
  EXPECT_EQ(bad_limit.error().field, "limit");
}

}  // namespace
}  // namespace csqm::app::testing
