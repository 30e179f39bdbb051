#include "app/demo_aftercare.hpp"

#include <algorithm>
#include <cstdint>

#include "app/callbacks.hpp"

namespace csqm::app::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

Result<std::vector<CallbackTask>> Tasks(Services& s, CallbackTaskQuery q) {
  std::vector<CallbackTask> out;
  q.limit = 200;
  for (;;) {
    Page<CallbackTask> page;
    auto st = s.store.Read([&](Tx& tx) -> Status {
      auto found = tx.Callbacks().ListTasks(q);
      if (!found) return found.error();
      page = std::move(*found);
      return {};
    });
    if (!st) return st.error();
    out.insert(out.end(), page.items.begin(), page.items.end());
    if (!page.next_cursor) return out;
    q.after = page.next_cursor;
  }
}

}  // namespace

Aftercare::Aftercare(Services& s, const DemoOptions& o, const World& w, const core::ZoneRules& zone)
    : s_(s), o_(o), w_(w), zone_(zone), rng_(o.seed ^ 0x6b1dc0deu) {}

// Office work: moved into 09:00–20:00 local time (the next morning when later).
Instant Aftercare::Office(Instant t) {
  const auto local = core::ToLocal(zone_, t);
  const auto day = std::chrono::floor<days>(local);
  const auto minute = std::chrono::duration_cast<minutes>(local - day).count();
  if (minute >= 9 * 60 && minute < 20 * 60) return t;
  const auto next =
      (minute < 9 * 60 ? day : day + days(1)) + minutes(9 * 60) + minutes(Uniform(rng_, 0, 120));
  return zone_.ToInstant(std::chrono::time_point_cast<core::Millis>(next));
}

// Who calls the customer back: an agent of the project's 客服中心, or the engineering
// supervisor for tasks of the 工程部; the administrator otherwise.
size_t Aftercare::DeskActor(Id org_unit_id) {
  for (const auto& p : w_.projects) {
    if (p.desk.id == org_unit_id && !p.agents.empty()) return PickOne(rng_, p.agents);
    if (p.engineering.id == org_unit_id) return p.eng_supervisor;
  }
  return w_.admin;
}

void Aftercare::Plan() {
  const auto local_now = core::ToLocal(zone_, o_.now);
  const auto today = std::chrono::floor<days>(local_now);
  // Last month's complaint sample, drawn by the quality department on the 1st at 09:30.
  const std::chrono::year_month_day ymd{std::chrono::sys_days(today.time_since_epoch())};
  const auto first = std::chrono::local_days(ymd.year() / ymd.month() / 1);
  const Instant draw =
      zone_.ToInstant(std::chrono::time_point_cast<core::Millis>(first + minutes(9 * 60 + 30)));
  if (draw > o_.now - days(o_.days - 35) && draw < o_.now) {
    events_.emplace(draw, Event{Event::kSample});
  }
  // The survey, three weeks before today; suggestions over the last two months.
  const Instant survey = zone_.ToInstant(std::chrono::time_point_cast<core::Millis>(
      today - days(std::min(21, o_.days / 2)) + hours(10)));
  events_.emplace(survey, Event{Event::kSurvey});
  const int suggestions = int(SuggestionTexts().size());
  for (int i = 0; i < suggestions; ++i) {
    const Instant at = Office(o_.now - days(Uniform(rng_, 1, std::min(60, o_.days - 1))) -
                              hours(Uniform(rng_, 0, 8)));
    if (at < o_.now) events_.emplace(at, Event{Event::kSuggestion, 0, SIZE_MAX, 0, "", i});
  }
}

void Aftercare::Schedule(Id task_id, Instant created, std::optional<Instant> next_step, size_t plan,
                         bool may_be_unhappy, size_t actor) {
  ++report.callback_tasks;
  const bool recent = created > o_.now - days(2);
  Instant t = Office(created + minutes(Uniform(rng_, 30, 300)));
  if (next_step && t >= *next_step) t = std::max(created + minutes(1), *next_step - minutes(1));
  const int roll = Uniform(rng_, 0, 99);
  const auto add = [&](Instant at, Event e) {
    if (at < o_.now) events_.emplace(at, std::move(e));
  };
  // Now and then the customer is not satisfied: the callback, soon after the resolution and
  // before the plan's next step, reopens the case (and the plan stops there).
  const Instant soon = created + minutes(Uniform(rng_, 10, 40));
  if (may_be_unhappy && reopened_.size() < 6 && roll < 5 && soon < o_.now &&
      (!next_step || soon < *next_step)) {
    add(soon, Event{Event::kOutcome, task_id, plan, actor, "dissatisfied"});
    reopened_.insert(plan);
    return;
  }
  if ((recent && roll < 55) || (!recent && roll < 3)) {  // still open today
    if (roll % 3 == 0) add(t, Event{Event::kUnreachable, task_id, plan, actor});
    return;
  }
  if (roll < 8) {  // never reached: fails after the rule's three attempts
    for (int n = 0; n < 3; ++n) {
      add(t, Event{Event::kUnreachable, task_id, plan, actor});
      t = Office(t + minutes(120 + Uniform(rng_, 5, 90)));
    }
    return;
  }
  if (roll < 24) {  // not at home the first time
    add(t, Event{Event::kUnreachable, task_id, plan, actor});
    t = Office(t + minutes(120 + Uniform(rng_, 5, 180)));
  }
  std::string satisfaction = Chance(rng_, 78) ? "satisfied" : "basically_satisfied";
  add(t, Event{Event::kOutcome, task_id, plan, actor, satisfaction});
}

Status Aftercare::AfterStep(size_t plan_index, const CasePlan& plan, size_t step, Id case_id) {
  CallbackTaskQuery q;
  q.case_id = case_id;
  q.statuses = {"open"};
  auto tasks = Tasks(s_, q);
  if (!tasks) return tasks.error();
  std::optional<Instant> next;
  if (step + 1 < plan.steps.size()) next = plan.received + plan.steps[step + 1].at;
  for (const auto& t : *tasks) {
    if (!seen_.insert(t.id).second) continue;
    Schedule(t.id, t.created_at, next, plan_index, plan.type != "inquiry",
             DeskActor(t.org_unit_id));
  }
  return {};
}

Status Aftercare::RunUntil(Instant t, const Advance& advance) {
  while (!events_.empty() && events_.begin()->first < t) {
    const auto [at, event] = *events_.begin();
    events_.erase(events_.begin());
    if (auto st = advance(at); !st) return st;
    if (auto st = Do(event); !st) return st;
  }
  return {};
}

Status Aftercare::Do(const Event& e) {
  const Actor& actor = w_.staff[e.actor];
  switch (e.kind) {
    case Event::kUnreachable: {
      auto task = RecordUnreachable(s_, actor, e.task_id, PickOne(rng_, UnreachableNotes()), -1);
      if (!task) return task.error();
      ++report.unreachable_attempts;
      if (task->status == "failed") ++report.callbacks_failed;
      return {};
    }
    case Event::kOutcome:
      return Outcome(e);
    case Event::kSample:
      return DrawSample();
    case Event::kSurvey:
      return Survey();
    case Event::kLinkAnswer:
    case Event::kAgentAnswer:
      return Answer(e);
    case Event::kSuggestion:
      return Suggestion(e);
  }
  return {};
}

Status Aftercare::Outcome(const Event& e) {
  CallbackOutcome out;
  out.evidence_json = R"({"recording_ref":"DEMO-REC-)" + std::to_string(e.task_id) + R"("})";
  out.satisfaction = e.satisfaction;
  const bool unhappy = e.satisfaction == "dissatisfied";
  out.solved = !unhappy || Chance(rng_, 30);
  out.score = unhappy                         ? Uniform(rng_, 1, 2)
              : e.satisfaction == "satisfied" ? Uniform(rng_, 4, 5)
                                              : Uniform(rng_, 3, 4);
  out.opinion = PickOne(rng_, CallbackOpinions(e.satisfaction));
  if (Chance(rng_, 20)) out.suggestion = PickOne(rng_, CallbackSuggestions());
  auto done = RecordCallbackOutcome(s_, w_.staff[e.actor], e.task_id, out, -1);
  if (!done) return done.error();
  ++report.callbacks_done;
  if (unhappy) ++report.reopened_cases;
  return {};
}

Status Aftercare::DrawSample() {
  std::optional<Id> rule_id;
  auto st = s_.store.Read([&](Tx& tx) -> Status {
    auto rules = tx.Callbacks().ActiveRules("complaint_sample");
    if (!rules) return rules.error();
    if (!rules->empty()) rule_id = rules->front().id;
    return {};
  });
  if (!st) return st;
  if (!rule_id) return {};  // a template without a sampling rule
  const auto local = std::chrono::floor<days>(core::ToLocal(zone_, s_.clock.Now()) - days(1));
  const std::chrono::year_month_day ymd{std::chrono::sys_days(local.time_since_epoch())};
  const int month = int(ymd.year()) * 100 + int(unsigned(ymd.month()));
  auto sample = DrawComplaintSample(s_, &w_.staff[w_.quality], *rule_id, month, o_.seed);
  if (!sample) return sample.error();
  CallbackTaskQuery q;
  q.sample_id = sample->sample.id;
  auto tasks = Tasks(s_, q);
  if (!tasks) return tasks.error();
  for (const auto& t : *tasks) {
    seen_.insert(t.id);
    ++report.sample_tasks;
    Schedule(t.id, t.created_at + days(Uniform(rng_, 0, 4)), std::nullopt, SIZE_MAX, false,
             DeskActor(t.org_unit_id));
  }
  return {};
}

}  // namespace csqm::app::demo
