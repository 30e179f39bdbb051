// The quality port: daily rollups of cases and SLA targets, per-case facts (what each case
// adds to the rollups), callback and survey totals, indicator targets, the report archive,
// report subscriptions and the improvement actions raised. Implemented in
// store/sql_quality_repository.cpp; runs inside the transaction of the Tx it came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/records.hpp"
#include "app/ports/store.hpp"
#include "core/quality.hpp"
#include "core/result.hpp"

namespace csqm::app {

struct RollupFilter {
  int first_day = 0;  // YYYYMMDD, inclusive
  int last_day = 0;
  std::vector<std::string> unit_paths;  // org subtrees ("/1/4/"); empty = all
  std::optional<Id> category_id;
  std::optional<Id> case_type_id;
  std::optional<Id> assignee_id;
  std::optional<std::string> severity;
};

// How totals are grouped: one row per value of this column ("" for kNone).
enum class RollupGroup {
  kNone,
  kOrgUnit,
  kCategory,
  kCaseType,
  kAssignee,
  kSeverity,
  kMonth,
  kDay
};

// One row per (group, case type, severity): callers merge what they need.
struct RollupTotals {
  std::string group;  // the group's value as text (an id, a severity, YYYYMM or YYYYMMDD)
  Id case_type_id = 0;
  std::string severity;
  int64_t received = 0, resolved = 0, closed = 0, on_time = 0, reopened = 0;
  int64_t handle_minutes = 0;
  core::HandleHistogram hist{};
};

struct TargetTotals {
  std::string group;
  std::string target_key;
  int64_t met_on_time = 0, missed = 0;
};

// Callback tasks completed in [from, to): complaint cases called back, satisfaction answers.
struct CallbackFilter {
  Instant from, to;
  std::vector<std::string> unit_paths;
  std::optional<Id> category_id;
  std::optional<std::string> case_type_key;
  std::optional<std::string> severity;
};
struct CallbackTotals {
  std::string group;
  int64_t complaints_called = 0;  // distinct complaint cases with a done callback
  int64_t major_called = 0;       // … of them major
  int64_t satisfied = 0, basically_satisfied = 0, dissatisfied = 0;
  int64_t score_sum = 0, score_count = 0;  // 1–5 scores given in callbacks
};
struct SurveyTotals {
  int64_t responses = 0;
  int64_t score_sum = 0, score_count = 0;  // rating answers
};

struct IndicatorTarget {
  std::string indicator;
  double target = 0;
  Instant updated_at;
  std::optional<Id> updated_by;
  int64_t version = 1;
};

struct QualityReportRecord {
  Id id = 0;
  std::string period;
  Id org_unit_id = 0;
  Instant generated_at;
  std::optional<Id> generated_by;  // absent: the month-close job
  std::string data_json;
  std::string html_sha256;
  std::string xlsx_sha256;
  std::optional<Instant> sent_at;
  int64_t version = 1;
};

struct ImprovementRecord {
  std::string indicator;
  std::string period;
  Id org_unit_id = 0;
  Id case_id = 0;
  double value = 0, target = 0;
  Instant created_at;
};

class QualityRepository {
 public:
  virtual ~QualityRepository() = default;

  // Per-case facts: nullopt when the case has none yet.
  virtual Result<std::optional<core::CaseFacts>> GetFacts(Id case_id) = 0;
  virtual Status PutFacts(const core::CaseFacts& facts) = 0;  // insert or replace
  // Adds the signed deltas to the rollup rows (creating them at zero).
  virtual Status ApplyDiff(const core::FactsDiff& diff) = 0;
  // Empties the rollups and the facts (for a rebuild in the same transaction).
  virtual Status ClearRollups() = 0;

  virtual Result<std::vector<RollupTotals>> SumRollups(const RollupFilter& f, RollupGroup g) = 0;
  virtual Result<std::vector<TargetTotals>> SumTargets(const RollupFilter& f, RollupGroup g) = 0;
  // Groups kNone, kOrgUnit, kCategory, kSeverity; other groups answer kNone totals.
  virtual Result<std::vector<CallbackTotals>> SumCallbacks(const CallbackFilter& f,
                                                           RollupGroup g) = 0;
  virtual Result<SurveyTotals> SumSurveys(Instant from, Instant to,
                                          const std::vector<std::string>& unit_paths) = 0;
  virtual Result<int64_t> CountCustomers(const std::vector<std::string>& unit_paths) = 0;

  // Stored targets (indicators without a row use their default).
  virtual Result<std::vector<IndicatorTarget>> ListTargets() = 0;
  // Insert or update; expected_version < 0 skips the check; kVersionMismatch otherwise.
  virtual Result<IndicatorTarget> PutTarget(const IndicatorTarget& t, int64_t expected_version) = 0;

  // kNotFound "quality_report.not_found".
  virtual Result<QualityReportRecord> GetReport(Id id) = 0;
  virtual Result<std::optional<QualityReportRecord>> FindReport(const std::string& period,
                                                                Id org_unit_id) = 0;
  // Inserts, or replaces the row of the same (period, org unit) (version + 1).
  virtual Result<QualityReportRecord> SaveReport(QualityReportRecord r) = 0;
  // False when it was already sent.
  virtual Result<bool> MarkReportSent(Id id, Instant at) = 0;
  virtual Result<Page<QualityReportRecord>> ListReports(std::optional<Id> after, int limit) = 0;

  virtual Result<std::vector<Id>> Subscribers(const std::string& kind) = 0;
  virtual Result<bool> IsSubscribed(Id user_id, const std::string& kind) = 0;
  virtual Status Subscribe(Id user_id, const std::string& kind, Instant at) = 0;  // idempotent
  virtual Status Unsubscribe(Id user_id, const std::string& kind) = 0;            // idempotent

  virtual Result<std::optional<ImprovementRecord>> FindImprovement(const std::string& indicator,
                                                                   const std::string& period,
                                                                   Id org_unit_id) = 0;
  // kConflict "store.constraint" when one exists for (indicator, period, unit).
  virtual Status InsertImprovement(const ImprovementRecord& r) = 0;
  virtual Result<std::vector<ImprovementRecord>> Improvements(const std::string& period) = 0;
};

}  // namespace csqm::app
