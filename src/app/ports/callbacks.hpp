// Callback ports (M2): rules, tasks, attempts and monthly samples, and the two reads the
// sample and the routine rules need (a month's resolved cases, a customer segment). Same
// conventions as store.hpp: misses are kNotFound, stale versions kVersionMismatch, every method
// runs in the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/store.hpp"

namespace csqm::app {

struct CallbackRule {
  Id id = 0;
  std::string name;
  std::string kind;  // case_resolved, customer_event, routine, complaint_sample
  bool active = true;
  std::string case_type_ids_json = "[]";
  std::string category_ids_json = "[]";
  std::string event;  // customer_event: customer_created
  std::string tiers_json = "[]";
  std::optional<Id> segment_org_unit_id;
  int interval_days = 30;
  int sample_percent = 50;
  std::string channel = "phone";
  std::optional<Id> calendar_id;
  std::string clock = "24x7";
  std::string limit_text = "24h";
  int max_attempts = 3;
  int retry_minutes = 120;
  std::string on_unsatisfied = "reopen";  // reopen, new_case
  std::optional<Id> followup_category_id;
  std::string script;
  std::optional<Instant> next_run_at;
  Instant created_at;
  Instant updated_at;
  int64_t version = 1;
};

struct CallbackTask {
  Id id = 0;
  Id rule_id = 0;
  std::optional<Id> sample_id;
  std::optional<Id> case_id;
  Id customer_id = 0;
  Id org_unit_id = 0;
  std::optional<Id> category_id;
  std::string case_type;  // "" = NULL
  std::string severity;   // "" = NULL
  std::string channel = "phone";
  std::string status = "open";  // open, done, failed, cancelled
  std::optional<Id> assignee_id;
  Instant created_at;
  Instant due_at;
  std::optional<Instant> next_attempt_at;
  int attempts = 0;
  int max_attempts = 3;
  std::optional<Instant> completed_at;
  std::optional<Id> completed_by;
  std::optional<bool> solved;
  std::string satisfaction;  // satisfied, basically_satisfied, dissatisfied; "" = NULL
  std::optional<int> score;  // 1–5
  std::string opinion;
  std::string suggestion;
  bool violation = false;
  std::string violation_note;
  std::string evidence_json = "{}";
  std::optional<Id> follow_up_case_id;
  std::string dedupe_key;
  int64_t version = 1;
};

struct CallbackAttempt {
  Id id = 0;
  Id task_id = 0;
  Instant at;
  std::optional<Id> actor_id;
  std::string result;  // unreachable, reached
  std::string note;
};

struct CallbackSample {
  Id id = 0;
  Id rule_id = 0;
  int month = 0;     // YYYYMM
  std::string seed;  // decimal uint64
  int percent = 50;
  int population = 0;
  int major_population = 0;
  int selected = 0;
  std::string strata_json = "[]";
  std::optional<Id> created_by;
  Instant created_at;
};

struct CallbackTaskQuery {
  std::vector<std::string> statuses;
  std::optional<Id> assignee_id;
  std::optional<Id> case_id;
  std::optional<Id> rule_id;
  std::optional<Id> sample_id;
  std::optional<Instant> due_before;    // due_at < this
  std::vector<std::string> unit_paths;  // scope; empty = all
  std::optional<Id> after;              // cursor: ids above this (oldest first)
  int limit = 50;
};

// A resolved case as the monthly sample sees it.
struct SampleCase {
  Id case_id = 0;
  Id category_id = 0;
  Id org_unit_id = 0;
  std::string case_type;
  std::string severity;
  std::optional<Id> customer_id;
};

// A customer as a segment (tier × organisation unit) sees it.
struct SegmentCustomer {
  Id id = 0;
  Id org_unit_id = 0;
  std::string tier;
};

class CallbackRepository {
 public:
  virtual ~CallbackRepository() = default;
  virtual Result<CallbackRule> GetRule(Id id) = 0;
  virtual Result<std::vector<CallbackRule>> ListRules() = 0;
  // Active rules of one kind, in id order.
  virtual Result<std::vector<CallbackRule>> ActiveRules(const std::string& kind) = 0;
  virtual Result<CallbackRule> InsertRule(CallbackRule rule) = 0;
  virtual Result<CallbackRule> UpdateRule(const CallbackRule& rule, int64_t expected_version) = 0;

  // Inserts unless a task with the same dedupe_key exists: nullopt then (exactly once).
  virtual Result<std::optional<CallbackTask>> InsertTask(CallbackTask task) = 0;
  virtual Result<CallbackTask> GetTask(Id id) = 0;
  virtual Result<CallbackTask> UpdateTask(const CallbackTask& task, int64_t expected_version) = 0;
  // Oldest first (by id), cursor `after`.
  virtual Result<Page<CallbackTask>> ListTasks(const CallbackTaskQuery& query) = 0;

  virtual Result<CallbackAttempt> AddAttempt(CallbackAttempt attempt) = 0;
  virtual Result<std::vector<CallbackAttempt>> Attempts(Id task_id) = 0;

  // kConflict "store.constraint" when the rule already has a sample for the month.
  virtual Result<CallbackSample> InsertSample(CallbackSample sample) = 0;
  virtual Result<CallbackSample> GetSample(Id id) = 0;
  virtual Result<std::vector<CallbackSample>> Samples(Id rule_id) = 0;

  // Cases resolved in [from, to) of these case types (empty = all) with a customer.
  virtual Result<std::vector<SampleCase>> ResolvedCases(Instant from, Instant to,
                                                        const std::vector<Id>& case_type_ids) = 0;
  // Customers of these tiers (empty = all) in these org subtrees (empty = all), id > after.
  virtual Result<std::vector<SegmentCustomer>> SegmentCustomers(
      const std::vector<std::string>& tiers, const std::vector<std::string>& unit_paths, Id after,
      int limit) = 0;
};

}  // namespace csqm::app
