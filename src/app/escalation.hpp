// Firing the due-time table: breach markers and escalation steps, each exactly once — the
// claim of a timer and everything it causes (notifications, outbox rows, a severity raise,
// the timeline entry, the audit row) commit together or not at all, so restarts, clock jumps
// and several nodes never fire a step twice (R1.4).
#pragma once

#include "app/context.hpp"

namespace csqm::app {

struct TimerRunReport {
  int due = 0;      // timers found due
  int fired = 0;    // claimed and acted on
  int skipped = 0;  // claimed but moot (case closed, target met) or claimed elsewhere
};

// Fires every timer due at the clock's now, up to `batch` of them.
Result<TimerRunReport> RunDueTimers(Services& s, int batch = 200);

}  // namespace csqm::app
