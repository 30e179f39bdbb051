#include "app/demo.hpp"

#include <algorithm>
#include <tuple>

#include "app/callbacks.hpp"
#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/demo_aftercare.hpp"
#include "app/demo_plan.hpp"
#include "app/demo_world.hpp"
#include "app/escalation.hpp"
#include "app/extensions.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
using demo::CasePlan;
using demo::Step;
using demo::StepKind;

constexpr const char* kCategoryKeys[] = {"complaint.attitude.ordinary",
                                         "complaint.attitude.serious",
                                         "complaint.neighbour",
                                         "complaint.other",
                                         "repair.home_urgent",
                                         "repair.simple",
                                         "repair.other",
                                         "repair.public_urgent",
                                         "repair.public_other",
                                         "inquiry.general",
                                         "inquiry.fees",
                                         "inquiry.outside_services",
                                         "inquiry.other_departments"};

core::Error BadOptions(const std::string& zh, const std::string& en, const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "demo.bad_options", zh, en, field);
}

Status CheckOptions(const Services& s, const DemoOptions& o) {
  if (static_cast<const Clock*>(&o.clock) != &s.clock) {
    return BadOptions("演示数据需要服务使用同一个手动时钟",
                      "the services must use the demo's manual clock", "clock");
  }
  if (o.cases < 60 || o.cases > 20000) {
    return BadOptions("工单数量应在 60 到 20000 之间", "cases must be 60 to 20000", "cases");
  }
  if (o.customers < 10 || o.customers > 5000) {
    return BadOptions("客户数量应在 10 到 5000 之间", "customers must be 10 to 5000", "customers");
  }
  if (o.days < 14 || o.days > 730) {
    return BadOptions("时间跨度应在 14 到 730 天之间", "days must be 14 to 730", "days");
  }
  return {};
}

// The property template's categories by key; refuses a database that has the demo already.
Result<std::map<std::string, Id>> Preconditions(Services& s) {
  std::map<std::string, Id> ids;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    for (const auto& u : *units) {
      if (u.code == demo::kCompanyCode) {
        return MakeError(ErrorCode::kFailedPrecondition, "demo.already_seeded",
                         "演示数据已存在（" + u.name + "），不能重复生成",
                         "the demo data exists already (" + u.name + "); it is made only once");
      }
    }
    for (const char* key : kCategoryKeys) {
      auto category = tx.Config().GetCategoryByKey(key);
      if (!category) {
        return MakeError(ErrorCode::kFailedPrecondition, "demo.template_missing",
                         std::string("缺少类别“") + key +
                             "”：请先加载物业管理模板（csqm seed --template property）",
                         std::string("category \"") + key +
                             "\" is missing: load the property template first "
                             "(csqm seed --template property)");
      }
      ids[key] = category->id;
    }
    return {};
  });
  if (!st) return st.error();
  return ids;
}

// Plays the plans through the use cases, in time order, firing due timers on the way.
class Player {
 public:
  Player(Services& s, const DemoOptions& o, const demo::World& w,
         const std::vector<CasePlan>& plans, std::map<std::string, Id> categories,
         const core::ZoneRules& zone, DemoReport& report)
      : s_(s),
        o_(o),
        w_(w),
        plans_(plans),
        categories_(std::move(categories)),
        report_(report),
        ids_(plans.size(), 0),
        status_(plans.size()),
        extension_(plans.size()),
        aftercare_(s, o, w, zone) {}

  Status Run() {
    std::vector<std::tuple<Instant, size_t, int>> events;  // (when, plan, step; -1 = open)
    for (size_t i = 0; i < plans_.size(); ++i) {
      events.emplace_back(plans_[i].received, i, -1);
      for (size_t j = 0; j < plans_[i].steps.size(); ++j) {
        events.emplace_back(plans_[i].received + plans_[i].steps[j].at, i, int(j));
      }
    }
    std::sort(events.begin(), events.end());
    aftercare_.Plan();
    const auto advance = [this](Instant t) { return Advance(t); };
    for (const auto& [at, i, j] : events) {
      if (auto st = aftercare_.RunUntil(at, advance); !st) return st;
      if (j >= 0 && aftercare_.reopened().count(i) > 0) continue;  // a callback reopened it
      if (auto st = Advance(at); !st) return st;
      auto st = j < 0 ? Open(i) : Do(i, plans_[i].steps[size_t(j)]);
      if (!st) return WithContext(st.error(), i, j);
      if (j >= 0 && plans_[i].steps[size_t(j)].kind == StepKind::kTransition) {
        if (auto after = aftercare_.AfterStep(i, plans_[i], size_t(j), ids_[i]); !after) {
          return WithContext(after.error(), i, j);
        }
      }
    }
    if (auto st = aftercare_.RunUntil(o_.now, advance); !st) return st;
    if (auto st = Advance(o_.now); !st) return st;
    if (auto st = Reread(); !st) return st;
    for (size_t i = 0; i < plans_.size(); ++i) {
      ++report_.cases_by_status[plans_[i].type + "/" + status_[i]];
      if (extension_[i]) ++report_.extensions_pending;
    }
    report_.cases = int(plans_.size());
    report_.aftercare = aftercare_.report;
    return {};
  }

 private:
  // Fires every timer due by `t` at its own time, then moves the clock to `t`.
  Status Advance(Instant t) {
    for (;;) {
      std::optional<Instant> next;
      auto st = s_.store.Read([&](Tx& tx) -> Status {
        auto due = tx.Cases().DueTimers(t, 1);
        if (!due) return due.error();
        if (!due->empty()) next = due->front().fire_at;
        return {};
      });
      if (!st) return st;
      if (!next) break;
      if (*next > o_.clock.Now()) o_.clock.Set(*next);
      auto run = RunDueTimers(s_);
      if (!run) return run.error();
      report_.timers_fired += run->fired;
      if (run->due == 0) break;
    }
    if (t > o_.clock.Now()) o_.clock.Set(t);
    return {};
  }

  // Cases a callback reopened are no longer where their plan left them.
  Status Reread() {
    return s_.store.Read([&](Tx& tx) -> Status {
      for (size_t i : aftercare_.reopened()) {
        auto record = tx.Cases().Get(ids_[i]);
        if (!record) return record.error();
        status_[i] = record->status;
      }
      return {};
    });
  }

  core::Error WithContext(core::Error e, size_t i, int j) const {
    const CasePlan& plan = plans_[i];
    std::string what = plan.category + " \"" + plan.title + "\"";
    if (j >= 0) what += " step " + std::to_string(j) + " " + plan.steps[size_t(j)].transition;
    e.message_zh += "（演示工单 " + what + "）";
    e.message_en += " (demo case " + what + ")";
    return e;
  }

  const Actor& Staff(size_t index) const { return w_.staff[index]; }

  Status Open(size_t i) {
    const CasePlan& plan = plans_[i];
    OpenCaseInput in;
    in.category_id = categories_.at(plan.category);
    in.title = plan.title;
    in.description = plan.description;
    in.channel = plan.channel;
    in.severity = plan.severity;
    if (plan.customer) in.customer_id = w_.customers[*plan.customer].id;
    if (plan.assignee) in.assignee_id = Staff(*plan.assignee).id();
    in.org_unit_id = Staff(plan.owner).user.org_unit_id;
    auto opened = OpenCase(s_, Staff(plan.owner), in);
    if (!opened) return opened.error();
    ids_[i] = opened->id;
    status_[i] = opened->status;
    return {};
  }

  Status Do(size_t i, const Step& step) {
    const Actor& actor = Staff(step.actor);
    const Id id = ids_[i];
    switch (step.kind) {
      case StepKind::kTransition: {
        auto moved = TransitionCase(s_, actor, id, {step.transition, step.fields, ""}, -1);
        if (!moved) return moved.error();
        status_[i] = moved->status;
        ++report_.transitions;
        return {};
      }
      case StepKind::kAssign: {
        auto assigned = AssignCase(s_, actor, id, Staff(step.assignee).id(), step.text, -1);
        if (!assigned) return assigned.error();
        ++report_.transfers;
        return {};
      }
      case StepKind::kComment: {
        auto added =
            AddComment(s_, actor, id, step.text, step.visible_to_customer ? "public" : "internal");
        if (!added) return added.error();
        ++report_.comments;
        return {};
      }
      case StepKind::kArrival: {
        auto arrived = RecordArrival(s_, actor, id, std::nullopt, step.text);
        if (!arrived) return arrived.error();
        ++report_.arrivals;
        return {};
      }
      case StepKind::kRequestExtension:
        return Request(i, step);
      case StepKind::kDecideExtension: {
        auto decided = DecideExtension(s_, actor, extension_[i]->id, step.approve, step.text, -1);
        if (!decided) return decided.error();
        ++(step.approve ? report_.extensions_approved : report_.extensions_rejected);
        extension_[i].reset();
        return {};
      }
      case StepKind::kLink: {
        auto linked = LinkCases(s_, actor, id, ids_[step.other_case], step.link_kind);
        if (!linked) return linked.error();
        ++report_.links;
        return {};
      }
    }
    return {};
  }

  // Asks for `extend_by` more than the target's current due time.
  Status Request(size_t i, const Step& step) {
    const Instant now = o_.clock.Now();
    Instant due = now;
    auto st = s_.store.Read([&](Tx& tx) -> Status {
      auto targets = tx.Cases().Targets(ids_[i]);
      if (!targets) return targets.error();
      for (const auto& t : *targets) {
        if (t.target_key == step.target && t.due_at) due = std::max(due, *t.due_at);
      }
      return {};
    });
    if (!st) return st;
    auto requested = RequestExtension(s_, Staff(step.actor), ids_[i], step.target,
                                      due + step.extend_by, step.text);
    if (!requested) return requested.error();
    extension_[i] = std::move(*requested);
    return {};
  }

  Services& s_;
  const DemoOptions& o_;
  const demo::World& w_;
  const std::vector<CasePlan>& plans_;
  const std::map<std::string, Id> categories_;
  DemoReport& report_;
  std::vector<Id> ids_;
  std::vector<std::string> status_;
  std::vector<std::optional<ExtensionRequest>> extension_;
  demo::Aftercare aftercare_;
};

Result<int> CountOverdue(Services& s, const std::string& unit_path, Instant now, int& open) {
  int overdue = 0;
  for (bool only_overdue : {false, true}) {
    CaseQuery q;
    q.open = true;
    q.unit_paths = {unit_path};
    if (only_overdue) q.overdue_at = now;
    q.limit = 200;
    int count = 0;
    for (;;) {
      Page<CaseRecord> page;
      auto st = s.store.Read([&](Tx& tx) -> Status {
        auto found = tx.Cases().List(q);
        if (!found) return found.error();
        page = std::move(*found);
        return {};
      });
      if (!st) return st.error();
      count += int(page.items.size());
      if (!page.next_cursor) break;
      q.after = page.next_cursor;
    }
    (only_overdue ? overdue : open) = count;
  }
  return overdue;
}

void ListLogins(const demo::World& w, DemoReport& report) {
  for (const auto& actor : w.staff) {
    std::string unit;
    for (const auto& u : w.units) {
      if (u.id == actor.user.org_unit_id) unit = u.name;
    }
    report.logins.push_back({actor.user.login, actor.user.display_name, actor.role(), unit});
  }
}

}  // namespace

Result<DemoReport> SeedDemo(Services& s, const DemoOptions& o) {
  if (auto st = CheckOptions(s, o); !st) return st.error();
  auto categories = Preconditions(s);
  if (!categories) return categories.error();
  auto zone = s.config.zones().Find("Asia/Shanghai");
  if (!zone) return zone.error();
  auto hash = s.crypto.HashPassword(o.password);
  if (!hash) return hash.error();

  DemoReport report;
  report.seed = o.seed;
  report.password = o.password;
  report.from = o.now - std::chrono::days(o.days + 1);
  report.to = o.now;
  std::mt19937 rng(o.seed);

  o.clock.Set(report.from);
  auto world = demo::CreateOrganisation(s, *hash);
  if (!world) return world.error();
  if (auto st = demo::CreateCustomers(s, *world, rng, o.customers); !st) return st.error();
  report.company_id = world->company.id;
  report.org_units = int(world->units.size());
  report.users = int(world->staff.size());
  report.customers = int(world->customers.size());
  ListLogins(*world, report);

  const auto plans = demo::PlanCases(*world, o, rng, **zone);
  Player player(s, o, *world, plans, std::move(*categories), **zone, report);
  if (auto st = player.Run(); !st) return st.error();
  o.clock.Set(o.now);
  // Today's routine callbacks (key accounts), as the job runner would make them.
  auto jobs = RunCallbackJobs(s);
  if (!jobs) return jobs.error();
  report.aftercare.routine_tasks = jobs->tasks;
  report.aftercare.callback_tasks += jobs->tasks;
  report.aftercare.callbacks_open = report.aftercare.callback_tasks -
                                    report.aftercare.callbacks_done -
                                    report.aftercare.callbacks_failed;
  auto overdue = CountOverdue(s, world->company.path, o.now, report.open_cases);
  if (!overdue) return overdue.error();
  report.overdue_open_cases = *overdue;
  return report;
}

}  // namespace csqm::app
