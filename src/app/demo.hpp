// Demo data (`csqm seed --demo`, `make run`): a fictional property-management company with
// staff of every role, a few hundred owners and several hundred cases over the last months,
// made through the same use cases people use (OpenCase, TransitionCase, AssignCase, AddComment,
// RecordArrival, RequestExtension, DecideExtension, LinkCases, RunDueTimers) while a manual
// clock moves forward — so timelines, SLA targets, escalations and the audit chain are what
// the system itself would have recorded. The property template's callback rules turn the
// resolutions into callback tasks, worked on the way (demo_aftercare.hpp), with a monthly
// sample, a satisfaction survey and suggestion-book entries. Every organisation unit name ends in
// "（演示）"; logins start with "demo."; phone numbers are in the fictional range 1380000xxxx.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace csqm::app {

struct DemoOptions {
  // The clock `services` was built with: the demo moves it from `now` - `days` to `now` and
  // leaves it at `now`.
  ManualClock& clock;
  Instant now;                              // the demo's "today"
  std::string password = "csqm-demo-2026";  // every demo login's password
  uint32_t seed = 20260214;                 // std::mt19937 seed: same seed, same data
  int customers = 300;                      // owners and tenants, over both projects
  int cases = 400;                          // at least 60, to show every status
  int days = 120;                           // cases arrive over this many days before `now`
};

struct DemoLogin {
  std::string login;
  std::string display_name;
  core::Role role = core::Role::kAgent;
  std::string unit_name;
};

// What the demo's after-care did (demo_aftercare.cpp): callback tasks and their ends, the
// monthly sample, the survey and the suggestion book.
struct DemoAftercareReport {
  int callback_tasks = 0, callbacks_done = 0, callbacks_failed = 0, callbacks_open = 0;
  int unreachable_attempts = 0, reopened_cases = 0, sample_tasks = 0, routine_tasks = 0;
  int survey_invitations = 0, survey_responses = 0, suggestions = 0;
};

struct DemoReport {
  uint32_t seed = 0;
  std::string password;
  std::vector<DemoLogin> logins;  // every demo user, admin first
  Id company_id = 0;
  Instant from, to;  // the span the demo's events cover
  int org_units = 0, users = 0, customers = 0, cases = 0;
  int transitions = 0, transfers = 0, comments = 0, arrivals = 0, links = 0;
  int extensions_pending = 0, extensions_approved = 0, extensions_rejected = 0;
  int timers_fired = 0;  // breach markers and escalation steps fired on the way
  int open_cases = 0, overdue_open_cases = 0;
  std::map<std::string, int> cases_by_status;  // "complaint/closed" → count
  DemoAftercareReport aftercare;
};

// Needs the property template loaded (LoadTemplate) and `services.clock` to be
// `options.clock`. Errors: kFailedPrecondition "demo.already_seeded" when the demo company
// exists, "demo.template_missing" when a property category is missing; kInvalidArgument
// "demo.bad_options" (another clock; cases, customers or days out of range) and
// "auth.weak_password"; errors of the use cases (which would be bugs: the data is generated to
// be valid). The organisation, staff and customers are written in one transaction first; each
// case action is its own transaction, so a failure part-way leaves a partial demo (which then
// counts as seeded). Takes about 20 s for the default 400 cases on SQLite.
Result<DemoReport> SeedDemo(Services& services, const DemoOptions& options);

}  // namespace csqm::app
