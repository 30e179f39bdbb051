// Quality indicators (M4): per period, organisation subtree, category, case type, staff member
// and severity, read from the daily rollups, callbacks and surveys; indicator targets; the
// month-end early warning; dashboard series. Who may read: admin, quality_manager and auditor
// (any unit), managers (their own subtree); targets are set by admin and quality_manager.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/ports/quality.hpp"
#include "core/quality_indicators.hpp"

namespace csqm::app {

struct IndicatorQuery {
  std::string period;             // "2026-10", "2026-Q4", "2026-W41", "2026", "2026-10-05"
  std::optional<Id> org_unit_id;  // the subtree; default: the actor's unit
  std::optional<Id> category_id, case_type_id, assignee_id;
  std::optional<std::string> severity;
  RollupGroup group = RollupGroup::kNone;  // kOrgUnit: the unit's child subtrees
};

struct TargetAttainment {
  std::string target_key;
  int64_t met_on_time = 0, missed = 0;
  std::optional<double> rate;
};

struct IndicatorSet {
  std::string group;  // "" for the total
  std::string group_name;
  core::IndicatorInputs inputs;
  std::vector<core::IndicatorValue> values;
  std::vector<TargetAttainment> attainment;
  const core::IndicatorValue* Find(std::string_view key) const;
};

// Projection of the current month (core::ProjectRatio: month to date plus the remaining days
// at the pace of the last 7 days) for a targeted ratio that is projected to miss.
struct EarlyWarning {
  std::string indicator;
  double month_to_date = 0;
  double projected = 0;
  double target = 0;
};

struct IndicatorResult {
  core::Period period;
  Id org_unit_id = 0;
  std::string org_unit_name;
  IndicatorSet total;
  std::vector<IndicatorSet> groups;
  std::vector<EarlyWarning> warnings;  // only for the month that contains today
};

// `zone`: the reporting zone (Asia/Shanghai) that turns local days into instants.
Result<IndicatorResult> QueryIndicators(Services& s, const Actor& actor, const IndicatorQuery& q,
                                        const core::ZoneRules& zone);
// The same inside a caller's read transaction, without the access check.
Result<IndicatorResult> ComputeIndicatorsIn(Tx& tx, const Services& s, const IndicatorQuery& q,
                                            const core::ZoneRules& zone, Instant now);

struct TargetView {
  std::string indicator;
  double target = 0;
  bool is_default = true;
  int64_t version = 0;  // 0 for a default not yet stored
};
Result<std::vector<TargetView>> ListIndicatorTargets(Services& s, const Actor& actor);
// kInvalidArgument "quality.unknown_indicator" / "quality.bad_target"; audited.
Result<TargetView> SetIndicatorTarget(Services& s, const Actor& actor, const std::string& indicator,
                                      double target, int64_t expected_version);

// Month by month for the last `months` months up to `last_month` (a "YYYY-MM"): totals, SLA
// attainment per target, satisfaction; the Pareto of complaint categories of the last month.
struct DashboardPoint {
  std::string month;
  IndicatorSet set;
};
struct ParetoItem {
  Id category_id = 0;
  std::string name;
  int64_t count = 0;
  double cumulative_share = 0;
};
struct Dashboard {
  Id org_unit_id = 0;
  std::vector<DashboardPoint> months;
  std::vector<ParetoItem> pareto;
  std::vector<EarlyWarning> warnings;
};
Result<Dashboard> QueryDashboard(Services& s, const Actor& actor, std::optional<Id> org_unit_id,
                                 const std::string& last_month, int months,
                                 const core::ZoneRules& zone);

// Complaints received in a period by category, most first, with the cumulative share.
Result<std::vector<ParetoItem>> ComplaintPareto(Tx& tx, const core::Period& period,
                                                const std::string& unit_path);

// May the actor read indicators of that unit? (see the header comment)
Status CheckQualityReader(const Actor& actor, const OrgUnit& unit);

}  // namespace csqm::app
