// The quality report (质量月报): indicators beside the previous period and the target, per
// organisation unit, the Pareto of complaint categories, SLA attainment per target, callback and
// survey findings, and the improvement actions raised. Generated on demand for any period and
// by the month-close job after each month; archived per (period, unit) with its HTML and .xlsx
// in the blob store; sent once to subscribers (in-app notification + outbox e-mail).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/report_renderer.hpp"
#include "app/quality.hpp"

namespace csqm::app {

struct ImprovementView {
  ImprovementRecord record;
  std::string case_number;
  std::string unit_name;
};

struct QualityReport {
  std::string period;
  std::string previous_period;
  Id org_unit_id = 0;
  std::string org_unit_name;
  Instant generated_at;
  IndicatorSet current;  // the whole unit
  IndicatorSet previous;
  std::vector<IndicatorSet> units;       // its child units (subtrees)
  std::vector<IndicatorSet> categories;  // by category
  std::vector<ParetoItem> pareto;
  std::vector<EarlyWarning> warnings;
  std::vector<ImprovementView> improvements;
  int64_t survey_responses = 0;
};

struct ReportEnv {
  const ReportRenderer& renderer;
  const core::ZoneRules& zone;
};

struct GeneratedReport {
  QualityReportRecord record;
  QualityReport report;
  int improvements_raised = 0;  // by this call
  int notified = 0;             // subscribers notified by this call
};

// Builds the report (a monthly one also raises its improvement actions, once per indicator,
// period and unit, assigned to the unit's manager), renders and archives it. `send` notifies the
// subscribers unless the archived report was already sent. actor absent: the month-close job.
Result<GeneratedReport> GenerateReport(Services& s, const ReportEnv& env,
                                       const std::optional<Actor>& actor, const std::string& period,
                                       std::optional<Id> org_unit_id, bool send);

// The month-close job: for every top-level unit, generates and sends last month's report unless
// it was sent already. Returns how many reports it sent (0 when nothing was due).
Result<int> RunMonthClose(Services& s, const ReportEnv& env);

Result<Page<QualityReportRecord>> ListReports(Services& s, const Actor& actor,
                                              std::optional<Id> after, int limit);
Result<QualityReportRecord> GetReport(Services& s, const Actor& actor, Id id);
// The archived HTML or .xlsx ("html" | "xlsx").
Result<std::string> ReportFile(Services& s, const Actor& actor, Id id, const std::string& format);

Result<bool> GetSubscription(Services& s, const Actor& actor);
Status SetSubscription(Services& s, const Actor& actor, bool subscribed);

// The report as JSON text (what the archive keeps and the API returns).
std::string ReportJson(const QualityReport& r);

}  // namespace csqm::app
