#include "core/case_sla.hpp"

#include <algorithm>

namespace csqm::core {

Result<Limit> TargetLimit(const Schedule& schedule, const SlaTarget& target) {
  return ParseLimit(target.clock, target.limit, schedule.spec());
}

namespace {

// The instant `fraction` of the way through the limit, on the limit's own clock.
Result<Instant> PartWay(const Schedule& s, const Limit& limit, Instant start, Instant due,
                        int percent, std::span<const Span> pauses) {
  Limit part = limit;
  if (limit.clock == ClockKind::kWorkdays) {
    auto total = Elapsed(s, ClockKind::kBusiness, start, due, pauses);
    if (!total) return total.error();
    part = Limit{ClockKind::kBusiness, *total * percent / 100, 0};
  } else {
    part.span = limit.span * percent / 100;
  }
  return DueAt(s, start, part, pauses);
}

Result<Instant> AfterDue(const Schedule& s, const SlaTarget& target, Instant due,
                         const std::string& delay) {
  if (delay.empty()) return due;
  const ClockKind clock =
      target.clock == ClockKind::kWorkdays ? ClockKind::kBusiness : target.clock;
  auto d = ParseLimit(clock, delay, s.spec());
  if (!d) return d.error();
  return DueAt(s, due, *d);
}

}  // namespace

Result<TargetPlan> PlanTarget(const Schedule& schedule, const SlaTarget& target,
                              const TargetInputs& in) {
  TargetPlan plan;
  if (in.paused_since) return plan;
  auto limit = TargetLimit(schedule, target);
  if (!limit) return limit.error();
  auto computed = DueAt(schedule, in.started, *limit, in.pauses);
  if (!computed) return computed.error();
  const Instant due = in.extended_due ? *in.extended_due : *computed;
  plan.due = due;
  plan.timers.push_back({kBreachStep, due});
  for (size_t i = 0; i < target.escalation.size(); ++i) {
    const auto& step = target.escalation[i];
    Result<Instant> at =
        step.when == EscalationStep::When::kPercent
            ? PartWay(schedule, *limit, in.started, *computed, step.percent, in.pauses)
            : AfterDue(schedule, target, due, step.delay);
    if (!at) return at.error();
    Instant fire = *at;
    if (step.when == EscalationStep::When::kPercent) {
      fire = std::min(fire, due);
      if (!plan.warn || fire < *plan.warn) plan.warn = fire;
    }
    plan.timers.push_back({int(i), fire});
  }
  std::stable_sort(
      plan.timers.begin(), plan.timers.end(),
      [](const PlannedTimer& a, const PlannedTimer& b) { return a.fire_at < b.fire_at; });
  return plan;
}

}  // namespace csqm::core
