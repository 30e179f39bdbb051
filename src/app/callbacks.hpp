// Callbacks (回访, M2): rules that create callback tasks — after a case is resolved, after a
// customer event, routinely per customer segment, and as a reproducible monthly sample of
// resolved complaints — and the tasks themselves: attempts, evidence per channel, the outcome,
// and what an unhappy outcome causes (the case reopened or a linked complaint opened, its owner
// notified; a violation escalated to compliance, R1.9). Everything on the case timeline and in
// the audit log; one transaction per use case.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_config.hpp"
#include "app/context.hpp"
#include "app/ports/callbacks.hpp"

namespace csqm::app {

// --- rules (callback_rules.cpp) ------------------------------------------------------------
// Configurers (admin, quality manager) create and edit; every other role may read.
Result<std::vector<CallbackRule>> ListCallbackRules(Services& s, const Actor& actor);
Result<CallbackRule> GetCallbackRule(Services& s, const Actor& actor, Id rule_id);
// Validates the whole rule (kind, channel, clock and limit, filters, percent, attempts).
Result<CallbackRule> CreateCallbackRule(Services& s, const Actor& actor, CallbackRule rule);
Result<CallbackRule> UpdateCallbackRule(Services& s, const Actor& actor, CallbackRule rule,
                                        int64_t expected_version);

// --- creation hooks (callback_tasks.cpp), in the caller's transaction -----------------------
// A case just entered a resolved status: one task per matching case_resolved rule, exactly
// once per resolution (dedupe key of rule, case and case version). Cases without a customer get
// none.
Status CreateCallbacksOnResolve(Tx& tx, Services& s, const CaseConfig& config,
                                const CaseRecord& record, Instant now);
// A customer event ("customer_created"): one task per matching customer_event rule.
Status CreateCallbacksOnCustomerEvent(Tx& tx, Services& s, const Customer& customer,
                                      std::string_view event, Instant now);

// --- tasks (callback_tasks.cpp, callback_outcome.cpp) ---------------------------------------
struct CallbackTaskFilter {
  std::vector<std::string> statuses;
  std::optional<Id> assignee_id;
  std::optional<Id> case_id;
  std::optional<Id> rule_id;
  std::optional<Id> sample_id;
  std::optional<Instant> due_before;  // today's: the end of today; overdue: now
  std::optional<Id> after;
  int limit = 50;
};
// In the actor's organisation scope; field staff see only tasks assigned to them.
Result<Page<CallbackTask>> ListCallbackTasks(Services& s, const Actor& actor,
                                             const CallbackTaskFilter& f);

struct CallbackTaskView {
  CallbackTask task;
  std::vector<CallbackAttempt> attempts;
  std::string rule_name;
  std::string script;  // the rule's script for the call
};
Result<CallbackTaskView> GetCallbackTask(Services& s, const Actor& actor, Id task_id);

Result<CallbackTask> AssignCallbackTask(Services& s, const Actor& actor, Id task_id, Id assignee_id,
                                        int64_t expected_version);

// Cancels an open task (e.g. the customer declined, or the task is moot), with a reason:
// supervisors, managers, quality managers and administrators.
Result<CallbackTask> CancelCallbackTask(Services& s, const Actor& actor, Id task_id,
                                        const std::string& reason, int64_t expected_version);

// The customer could not be reached: the attempt is counted; under the rule's maximum the
// task waits until retry_minutes later, at the maximum it fails.
Result<CallbackTask> RecordUnreachable(Services& s, const Actor& actor, Id task_id,
                                       const std::string& note, int64_t expected_version);

struct CallbackOutcome {
  std::optional<std::string> channel;  // phone, visit, letter, email (default: the task's)
  std::string evidence_json = "{}";    // per channel; see docs/quality.md
  std::optional<bool> solved;          // required for a task about a case
  std::string satisfaction;            // satisfied, basically_satisfied, dissatisfied
  std::optional<int> score;            // 1–5
  std::string opinion;
  std::string suggestion;
  bool violation = false;
  std::string violation_note;
};
// Completes an open task. Not solved or dissatisfied: reopens the case (or opens a linked
// complaint, per rule, or when the case cannot be reopened) and notifies its owner. A
// violation notifies the quality managers (compliance) and is written on the timeline.
Result<CallbackTask> RecordCallbackOutcome(Services& s, const Actor& actor, Id task_id,
                                           const CallbackOutcome& outcome,
                                           int64_t expected_version);

// --- samples and jobs (callback_sampling.cpp) -----------------------------------------------
struct SampleCoverage {
  std::string stratum;
  Id category_id = 0;
  Id org_unit_id = 0;
  int population = 0;
  int major = 0;
  int quota = 0;
  int selected = 0;
  int done = 0;  // tasks completed with an outcome
};
struct CallbackSampleView {
  CallbackSample sample;
  std::vector<SampleCoverage> strata;
  int done = 0;
};
// Draws the month's sample of resolved complaints for a complaint_sample rule: each stratum
// (category × organisation unit) gets max(percent, every major one); one task per case. The
// seed (random when absent) is recorded; kConflict "callback.sample_exists" for a month drawn
// already. month is YYYYMM in the rule's calendar zone (Asia/Shanghai without one).
Result<CallbackSampleView> DrawComplaintSample(Services& s, const Actor* actor, Id rule_id,
                                               int month, std::optional<uint64_t> seed);
Result<CallbackSampleView> GetCallbackSample(Services& s, const Actor& actor, Id sample_id);
Result<std::vector<CallbackSample>> ListCallbackSamples(Services& s, const Actor& actor,
                                                        Id rule_id);

struct CallbackJobReport {
  int routine_rules = 0;  // routine rules run
  int tasks = 0;          // tasks they created
  int samples = 0;        // monthly samples drawn for the month just closed
};
// The background part: routine rules whose next run is due (claimed with the rule's version,
// so two runners never both run one) and last month's complaint samples not yet drawn.
Result<CallbackJobReport> RunCallbackJobs(Services& s);

// Internal helpers shared by the callback files.
namespace callbacks_detail {
// The checks CreateCallbackRule makes (the template loader uses them too).
Status ValidateRule(Tx& tx, const CallbackRule& rule);
// Due time of a task started at `start` under the rule's clock and limit: on the rule's calendar,
// else `fallback` (the case's calendar), else plain 24x7.
Result<Instant> TaskDue(Tx& tx, Services& s, const CallbackRule& rule,
                        const core::Schedule* fallback, Instant start);
std::vector<Id> IdList(const std::string& json);
// Asia/Shanghai, or the rule's calendar zone: for months.
Result<std::shared_ptr<const core::ZoneRules>> RuleZone(Tx& tx, Services& s,
                                                        const CallbackRule& rule);
Status Notify(Tx& tx, Id user_id, std::optional<Id> case_id, const std::string& kind,
              const std::string& title, const std::string& body, Instant now);
// A task the actor may see: in their organisation scope, or assigned to them (field staff);
// kNotFound "callback_task.not_found" otherwise.
Result<CallbackTask> LoadVisibleTask(Tx& tx, const Actor& actor, Id task_id);
// The same, and still open; kFailedPrecondition "callback.not_open" when it has ended.
Result<CallbackTask> LoadOpenTask(Tx& tx, const Actor& actor, Id task_id);
}  // namespace callbacks_detail

}  // namespace csqm::app
