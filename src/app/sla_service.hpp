// Keeps a case's SLA targets and its rows in the due-time table in step with the case:
// planned on opening, re-planned on pause/resume, category or calendar change and extension;
// met by events; each step fired once by RunDueTimers (escalation.hpp).
#pragma once

#include <string_view>

#include "app/case_config.hpp"
#include "app/context.hpp"

namespace csqm::app {

// (Re)plans every target of the case's policy. Keeps met, breached and extended values of
// targets that already exist; drops targets the policy no longer has. `fresh`: a case just
// inserted (nothing to read back, its timers are added). `planned`, when given, receives the
// targets as stored.
Status ReplanTargets(Tx& tx, const CaseConfig& config, const CaseRecord& record, bool fresh = false,
                     std::vector<TargetRecord>* planned = nullptr);

// Marks the unmet targets met by this event at `at` and cancels their timers. For kResolved
// and kStatus, `status` is the status the case just entered.
Status MeetTargets(Tx& tx, const CaseConfig& config, const CaseRecord& record, core::MetEvent event,
                   std::string_view status, Instant at);

// Status change bookkeeping: entering a pausing status opens a pause (clocks stop, timers
// cancelled); leaving one closes it and re-plans. Updates record.paused_since in place (the
// caller stores the record).
Status ApplyPauseChange(Tx& tx, const CaseConfig& config, CaseRecord& record,
                        std::string_view old_status, Instant at);

}  // namespace csqm::app
