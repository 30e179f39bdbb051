// The monthly callback sample (篇14: ≥ 50 % of resolved complaints, 100 % of major ones),
// stratified by category × organisation unit, reproducible from its recorded seed, with its
// quota and coverage; drawn on demand or by the job once the month has closed.
#include <gtest/gtest.h>

#include <set>

#include "app/callbacks.hpp"
#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/seed.hpp"
#include "app_test_support.hpp"

namespace csqm::app::testing {
namespace {

class CallbackSampleTest : public ::testing::Test {
 protected:
  CallbackSampleTest() : app_(At("2026-01-05T09:00:00+08:00")) {
    // The rules each test examines are its own.
    Must(LoadTemplate(app_.services(), WithoutCallbackRules(PropertyTemplate())));
    Must(app_.store().Write([&](Tx& tx) -> Status {
      const Instant now = app_.clock().Now();
      const OrgUnit company =
          Must(tx.Org().InsertUnit({0, std::nullopt, "company", "C", "公司", "", now, 1}));
      p1_ = Must(tx.Org().InsertUnit({0, company.id, "project", "P1", "一期", "", now, 1})).id;
      p2_ = Must(tx.Org().InsertUnit({0, company.id, "project", "P2", "二期", "", now, 1})).id;
      const auto user = [&](const char* login, core::Role role) {
        User u;
        u.login = login;
        u.display_name = login;
        u.password_hash = "$argon2id$unused";
        u.role = role;
        u.org_unit_id = company.id;
        u.created_at = now;
        return Actor{Must(tx.Org().InsertUser(u)), company.path};
      };
      agent_ = user("agent", core::Role::kAgent);
      quality_ = user("quality", core::Role::kQualityManager);
      for (Id unit : {p1_, p2_}) {
        Customer c;
        c.name = "业主";
        c.org_unit_id = unit;
        c.created_at = now;
        customers_[unit] = Must(tx.Customers().Insert(c)).id;
      }
      category_other_ = Must(tx.Config().GetCategoryByKey("complaint.other")).id;
      category_neighbour_ = Must(tx.Config().GetCategoryByKey("complaint.neighbour")).id;
      complaint_type_ = Must(tx.Config().GetCaseTypeByKey("complaint")).id;
      return {};
    }));
  }

  CallbackRule SampleRule(const std::string& name) {
    CallbackRule r;
    r.name = name;
    r.kind = "complaint_sample";
    r.case_type_ids_json = "[" + std::to_string(complaint_type_) + "]";
    r.sample_percent = 50;
    r.limit_text = "7d";
    return Must(CreateCallbackRule(app_.services(), quality_, r));
  }

  // n resolved complaints in a stratum, the first `major` of them major.
  std::vector<Id> Resolved(Id category, Id unit, int n, int major) {
    std::vector<Id> ids;
    for (int i = 0; i < n; ++i) {
      OpenCaseInput in;
      in.category_id = category;
      in.title = "投诉";
      in.customer_id = customers_.at(unit);
      in.severity = i < major ? core::Severity::kMajor : core::Severity::kOrdinary;
      const CaseRecord c = Must(OpenCase(app_.services(), agent_, in));
      TransitionInput accept{"accept", {}, ""};
      Must(TransitionCase(app_.services(), agent_, c.id, accept, -1));
      TransitionInput resolve{"resolve", {{"resolution", "已处理"}, {"cause", "原因"}}, ""};
      Must(TransitionCase(app_.services(), agent_, c.id, resolve, -1));
      ids.push_back(c.id);
      if (i < major) majors_.insert(c.id);
    }
    return ids;
  }

  void ResolveJanuary() {
    Resolved(category_other_, p1_, 10, 2);
    Resolved(category_neighbour_, p1_, 5, 0);
    Resolved(category_other_, p2_, 3, 1);
    OpenCaseInput repair;  // not a complaint: outside the sample
    repair.category_id = [&] {
      Id id = 0;
      Must(app_.store().Read([&](Tx& tx) -> Status {
        id = Must(tx.Config().GetCategoryByKey("repair.simple")).id;
        return {};
      }));
      return id;
    }();
    repair.title = "换灯泡";
    repair.customer_id = customers_.at(p1_);
    Must(OpenCase(app_.services(), agent_, repair));
  }

  std::set<Id> SampledCases(Id sample_id) {
    CallbackTaskFilter f;
    f.sample_id = sample_id;
    f.limit = 200;
    std::set<Id> ids;
    for (const auto& t : Must(ListCallbackTasks(app_.services(), quality_, f)).items) {
      ids.insert(*t.case_id);
    }
    return ids;
  }

  TestApp app_;
  Actor agent_, quality_;
  Id p1_ = 0, p2_ = 0, category_other_ = 0, category_neighbour_ = 0, complaint_type_ = 0;
  std::map<Id, Id> customers_;
  std::set<Id> majors_;
};

TEST_F(CallbackSampleTest, Sample_MeetsQuotaPerStratumWithEveryMajorComplaint) {
  const CallbackRule rule = SampleRule("投诉抽样回访");
  ResolveJanuary();
  app_.clock().Set(At("2026-02-02T09:00:00+08:00"));
  const auto view = Must(DrawComplaintSample(app_.services(), &quality_, rule.id, 202601, 12345));
  EXPECT_EQ(view.sample.seed, "12345");
  EXPECT_EQ(view.sample.population, 18);
  EXPECT_EQ(view.sample.major_population, 3);
  EXPECT_EQ(view.sample.selected, 5 + 3 + 2);
  ASSERT_EQ(view.strata.size(), 3u);
  for (const auto& s : view.strata) {
    EXPECT_GE(2 * s.selected, s.population) << s.stratum << ": ≥ 50 %";
    EXPECT_GE(s.selected, s.major) << s.stratum;
    EXPECT_EQ(s.done, 0);
  }
  const auto sampled = SampledCases(view.sample.id);
  EXPECT_EQ(int(sampled.size()), view.sample.selected);
  for (Id major : majors_) EXPECT_TRUE(sampled.count(major)) << "major case " << major;

  auto again = DrawComplaintSample(app_.services(), &quality_, rule.id, 202601, 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "callback.sample_exists");
}

TEST_F(CallbackSampleTest, Sample_SameSeedDrawsTheSameCases) {
  const CallbackRule a = SampleRule("抽样 A");
  const CallbackRule b = SampleRule("抽样 B");
  ResolveJanuary();
  app_.clock().Set(At("2026-02-02T09:00:00+08:00"));
  const auto first = Must(DrawComplaintSample(app_.services(), &quality_, a.id, 202601, 777));
  const auto second = Must(DrawComplaintSample(app_.services(), &quality_, b.id, 202601, 777));
  EXPECT_EQ(SampledCases(first.sample.id), SampledCases(second.sample.id));
}

TEST_F(CallbackSampleTest, Sample_CoverageCountsCompletedCallbacks) {
  const CallbackRule rule = SampleRule("投诉抽样回访");
  ResolveJanuary();
  app_.clock().Set(At("2026-02-02T09:00:00+08:00"));
  const auto view = Must(DrawComplaintSample(app_.services(), &quality_, rule.id, 202601, 5));
  CallbackTaskFilter f;
  f.sample_id = view.sample.id;
  const auto task = Must(ListCallbackTasks(app_.services(), quality_, f)).items.at(0);
  CallbackOutcome o;
  o.evidence_json = R"({"recording_ref":"r1"})";
  o.solved = true;
  o.satisfaction = "satisfied";
  o.score = 5;
  Must(RecordCallbackOutcome(app_.services(), agent_, task.id, o, -1));
  const auto after = Must(GetCallbackSample(app_.services(), quality_, view.sample.id));
  EXPECT_EQ(after.done, 1);
  int done = 0;
  for (const auto& s : after.strata) done += s.done;
  EXPECT_EQ(done, 1);
}

TEST_F(CallbackSampleTest, Sample_OnlyClosedMonthsAndTheJobDrawsLastMonthOnce) {
  const CallbackRule rule = SampleRule("每月自动抽样");
  ResolveJanuary();
  auto early = DrawComplaintSample(app_.services(), &quality_, rule.id, 202601, 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().reason, "callback.month_not_closed");
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).samples, 0) << "January is still open";
  app_.clock().Set(At("2026-02-01T00:30:00+08:00"));
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).samples, 1);
  EXPECT_EQ(Must(RunCallbackJobs(app_.services())).samples, 0) << "once per month";
  const auto samples = Must(ListCallbackSamples(app_.services(), quality_, rule.id));
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].month, 202601);
  EXPECT_FALSE(samples[0].seed.empty()) << "the random seed is recorded";
  EXPECT_EQ(samples[0].selected, 10);
  auto denied = DrawComplaintSample(app_.services(), &agent_, rule.id, 202512, 1);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().reason, "auth.forbidden");
}

}  // namespace
}  // namespace csqm::app::testing
