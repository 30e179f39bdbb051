// Quality indicators (M4): reporting periods on local days, handling-time histograms and their
// quantiles, indicator definitions with default targets, month-end projection, and what one
// case adds to the daily rollups. Pure: no I/O, `now` and zones passed in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time_types.hpp"
#include "core/zone.hpp"

namespace csqm::core {

// --- days and periods ----------------------------------------------------------------------
// A local day as the integer YYYYMMDD (how the rollups key days).
int DayKey(Date date);
Date DayFromKey(int key);
// The local day (YYYYMMDD) of an instant in a zone.
int LocalDayKey(const ZoneRules& zone, Instant at);

enum class PeriodKind { kDay, kWeek, kMonth, kQuarter, kYear };
std::string_view PeriodKindName(PeriodKind kind);

struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  int first_day = 0;  // YYYYMMDD, inclusive
  int last_day = 0;   // YYYYMMDD, inclusive
  std::string key;    // "2026-10-05", "2026-W41" (ISO week), "2026-10", "2026-Q4", "2026"
  int Days() const;
  friend bool operator==(const Period&, const Period&) = default;
};

// Parses any period key above: kInvalidArgument "quality.bad_period" (field "period").
Result<Period> ParsePeriod(std::string_view key);
// The period of a kind that contains a day.
Period PeriodContaining(PeriodKind kind, Date day);
// The period just before (same kind).
Period PreviousPeriod(const Period& period);
// The `count` periods ending with `last`, oldest first.
std::vector<Period> PeriodsEndingWith(const Period& last, int count);

// --- handling-time histogram ---------------------------------------------------------------
// Upper bucket edges in minutes; bucket i holds (edge[i-1], edge[i]]; the last bucket
// (index kHandleEdges.size()) holds everything longer than 30 days.
inline constexpr std::array<int64_t, 26> kHandleEdges = {
    5,   10,  15,   20,   30,   45,   60,   90,   120,   180,   240,   360,   480,
    720, 960, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 30240, 43200};
inline constexpr size_t kHandleBuckets = kHandleEdges.size() + 1;
using HandleHistogram = std::array<int64_t, kHandleBuckets>;

size_t HandleBucket(int64_t minutes);
// The q-quantile (0 < q < 1) of the counted durations, interpolated linearly inside the bucket
// that holds it (bucket 0 starts at 0; the open last bucket answers its lower edge). nullopt
// for an empty histogram. Resolution: the width of the bucket, at most half its upper edge.
std::optional<double> HistogramQuantile(const HandleHistogram& h, double q);

// --- indicators and targets ----------------------------------------------------------------
enum class Direction { kAtLeast, kAtMost };

struct IndicatorDef {
  std::string_view key;
  std::string_view name_zh;
  std::string_view name_en;
  std::string_view unit;  // "ratio", "minutes", "count", "score", "per_1000"
  Direction direction = Direction::kAtLeast;
  std::optional<double> default_target;
};

// Every indicator, in report order.
const std::vector<IndicatorDef>& Indicators();
const IndicatorDef* FindIndicator(std::string_view key);
// True when `value` meets `target` in the indicator's direction.
bool MeetsTarget(const IndicatorDef& def, double value, double target);

// Month-end projection of a ratio num/den: month-to-date plus the remaining days at the pace
// of the recent days (the last `recent_days` days, or the month so far when fewer). nullopt
// when no denominator is expected.
struct ProjectionInput {
  double mtd_num = 0, mtd_den = 0;        // month to date
  double recent_num = 0, recent_den = 0;  // the recent window
  int recent_days = 0;
  int remaining_days = 0;  // days of the month after today
};
std::optional<double> ProjectRatio(const ProjectionInput& in);

// --- what one case adds to the rollups ------------------------------------------------------
struct CaseDims {
  int64_t org_unit_id = 0, category_id = 0, case_type_id = 0, assignee_id = 0;
  std::string severity;
  friend bool operator==(const CaseDims&, const CaseDims&) = default;
};

struct TargetState {
  std::string key;
  std::optional<Instant> due;  // effective: the extended due time when there is one
  std::optional<Instant> met_at;
  std::optional<Instant> breached_at;
};

struct CaseState {
  CaseDims dims;
  Instant received_at;
  std::optional<Instant> resolved_at;  // first resolution; kept when reopened
  std::optional<Instant> closed_at;    // set when the case is final
  bool in_resolved = false;            // its status is a resolved one now
  std::vector<TargetState> targets;
};

struct TargetFact {
  std::string key;
  int day = 0;
  int outcome = 0;  // 1 met on time, 2 missed
  friend bool operator==(const TargetFact&, const TargetFact&) = default;
};

struct CaseFacts {
  int64_t case_id = 0;
  CaseDims dims;
  int received_day = 0, resolved_day = 0, closed_day = 0;
  bool on_time = false, reopened = false, in_resolved = false;
  int64_t handle_minutes = -1;  // -1: not resolved
  std::vector<TargetFact> targets;
  friend bool operator==(const CaseFacts&, const CaseFacts&) = default;
};

// The facts of a case now; `before` (its stored facts) carries the sticky reopen flag: a case
// that sat in a resolved status and no longer does has been reopened.
CaseFacts ComputeFacts(int64_t case_id, const CaseState& state, const ZoneRules& zone,
                       const std::optional<CaseFacts>& before);

// "key day outcome;…" and back (how quality_case_facts stores the targets).
std::string EncodeTargetFacts(const std::vector<TargetFact>& targets);
std::vector<TargetFact> DecodeTargetFacts(std::string_view text);

// One signed change to a rollup row.
struct RollupDelta {
  int day = 0;
  CaseDims dims;
  int64_t received = 0, resolved = 0, closed = 0, on_time = 0, reopened = 0, handle_minutes = 0;
  int bucket = -1;  // handling-time bucket to change by `resolved`, -1 none
};
struct TargetDelta {
  int day = 0;
  CaseDims dims;
  std::string key;
  int64_t met_on_time = 0, missed = 0;
};
struct FactsDiff {
  std::vector<RollupDelta> rollups;
  std::vector<TargetDelta> targets;
};
// What to add to the rollups to move a case from `before` to `after` (either may be absent).
FactsDiff DiffFacts(const std::optional<CaseFacts>& before, const std::optional<CaseFacts>& after);

}  // namespace csqm::core
