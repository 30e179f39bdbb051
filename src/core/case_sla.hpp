// The SLA clock of one target on one case: when it is due and when each escalation step
// fires, given when it started, its pauses and an approved extension. Pure: the caller
// (app/) stores the plan in the due-time table and fires it.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/schedule.hpp"
#include "core/sla_policy.hpp"

namespace csqm::core {

inline constexpr int kBreachStep = -1;  // the implicit step that records a breach

struct PlannedTimer {
  int step = kBreachStep;  // index into SlaTarget::escalation, or kBreachStep
  Instant fire_at;
};

struct TargetPlan {
  std::optional<Instant> due;        // absent while paused
  std::optional<Instant> warn;       // the first percentage step, if any
  std::vector<PlannedTimer> timers;  // breach marker + every step, ascending fire_at
};

struct TargetInputs {
  Instant started;                      // the case's received_at
  std::vector<Span> pauses;             // closed pauses
  std::optional<Instant> paused_since;  // an open pause: the clock is stopped
  std::optional<Instant> extended_due;  // an approved extension replaces the due time
};

// Plans a target. While paused there is no due time and no timer (they are re-planned on
// resume). Errors come from the calendar (e.g. "calendar.no_working_time").
Result<TargetPlan> PlanTarget(const Schedule& schedule, const SlaTarget& target,
                              const TargetInputs& in);

// The limit of a target on a schedule (day lengths come from the calendar).
Result<Limit> TargetLimit(const Schedule& schedule, const SlaTarget& target);

}  // namespace csqm::core
