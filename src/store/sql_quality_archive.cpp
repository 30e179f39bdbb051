// Indicator targets, the report archive, report subscriptions and improvement actions.
#include "store/sql_quality_repository.hpp"

namespace csqm::store {
namespace {

constexpr const char* kReportColumns =
    "id, period, org_unit_id, generated_at, generated_by, data_json, html_sha256, xlsx_sha256, "
    "sent_at, version";

app::QualityReportRecord ReportFromRow(const Row& r) {
  app::QualityReportRecord q;
  q.id = r.Int(0);
  q.period = r.Text(1);
  q.org_unit_id = r.Int(2);
  q.generated_at = InstantAt(r, 3);
  q.generated_by = r.OptInt(4);
  q.data_json = r.Text(5);
  q.html_sha256 = r.Text(6);
  q.xlsx_sha256 = r.Text(7);
  q.sent_at = OptInstantAt(r, 8);
  q.version = r.Int(9);
  return q;
}

core::Error ReportNotFound() {
  return NotFound("quality_report.not_found", "质量报告不存在", "quality report not found");
}

}  // namespace

core::Result<std::vector<app::IndicatorTarget>> SqlQualityRepository::ListTargets() {
  return MapRows<app::IndicatorTarget>(
      conn_.Query("SELECT indicator, target, updated_at, updated_by, version FROM "
                  "quality_targets ORDER BY indicator"),
      [](const Row& r) -> core::Result<app::IndicatorTarget> {
        return app::IndicatorTarget{r.Text(0), r.Real(1), InstantAt(r, 2), r.OptInt(3), r.Int(4)};
      });
}

core::Result<app::IndicatorTarget> SqlQualityRepository::PutTarget(const app::IndicatorTarget& t,
                                                                   int64_t expected_version) {
  auto current = conn_.QueryOne("SELECT version FROM quality_targets WHERE indicator = ?",
                                Params(t.indicator));
  if (!current) return current.error();
  app::IndicatorTarget out = t;
  if (!*current) {
    if (expected_version > 1) return VersionMismatch();
    auto st = conn_.Exec(
        "INSERT INTO quality_targets (indicator, target, updated_at, updated_by, version) "
        "VALUES (?, ?, ?, ?, 1)",
        Params(t.indicator, t.target, t.updated_at, t.updated_by));
    if (!st) return st.error();
    out.version = 1;
    return out;
  }
  const int64_t version = (*current)->Int(0);
  if (expected_version >= 0 && expected_version != version) return VersionMismatch();
  auto st = conn_.Exec(
      "UPDATE quality_targets SET target = ?, updated_at = ?, updated_by = ?, version = version "
      "+ 1 WHERE indicator = ?",
      Params(t.target, t.updated_at, t.updated_by, t.indicator));
  if (!st) return st.error();
  out.version = version + 1;
  return out;
}

core::Result<app::QualityReportRecord> SqlQualityRepository::GetReport(app::Id id) {
  auto row = conn_.QueryOne(
      std::string("SELECT ") + kReportColumns + " FROM quality_reports WHERE id = ?", Params(id));
  if (!row) return row.error();
  if (!*row) return ReportNotFound();
  return ReportFromRow(**row);
}

core::Result<std::optional<app::QualityReportRecord>> SqlQualityRepository::FindReport(
    const std::string& period, app::Id org_unit_id) {
  auto row = conn_.QueryOne(std::string("SELECT ") + kReportColumns +
                                " FROM quality_reports WHERE period = ? AND org_unit_id = ?",
                            Params(period, org_unit_id));
  if (!row) return row.error();
  if (!*row) return std::optional<app::QualityReportRecord>();
  return std::optional<app::QualityReportRecord>(ReportFromRow(**row));
}

core::Result<app::QualityReportRecord> SqlQualityRepository::SaveReport(
    app::QualityReportRecord r) {
  auto existing = FindReport(r.period, r.org_unit_id);
  if (!existing) return existing.error();
  if (!*existing) {
    auto id = conn_.InsertId(
        "INSERT INTO quality_reports (period, org_unit_id, generated_at, generated_by, "
        "data_json, html_sha256, xlsx_sha256, sent_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "1)",
        Params(r.period, r.org_unit_id, r.generated_at, r.generated_by, r.data_json, r.html_sha256,
               r.xlsx_sha256, r.sent_at));
    if (!id) return id.error();
    r.id = *id;
    r.version = 1;
    return r;
  }
  r.id = (*existing)->id;
  r.version = (*existing)->version + 1;
  r.sent_at = (*existing)->sent_at;
  auto st = conn_.Exec(
      "UPDATE quality_reports SET generated_at = ?, generated_by = ?, data_json = ?, "
      "html_sha256 = ?, xlsx_sha256 = ?, version = ? WHERE id = ?",
      Params(r.generated_at, r.generated_by, r.data_json, r.html_sha256, r.xlsx_sha256, r.version,
             r.id));
  if (!st) return st.error();
  return r;
}

core::Result<bool> SqlQualityRepository::MarkReportSent(app::Id id, core::Instant at) {
  auto n = conn_.ExecCount(
      "UPDATE quality_reports SET sent_at = ? WHERE id = ? AND sent_at IS NULL", Params(at, id));
  if (!n) return n.error();
  return *n == 1;
}

core::Result<app::Page<app::QualityReportRecord>> SqlQualityRepository::ListReports(
    std::optional<app::Id> after, int limit) {
  limit = ClampLimit(limit);
  auto items = MapRows<app::QualityReportRecord>(
      conn_.Query(std::string("SELECT ") + kReportColumns +
                      " FROM quality_reports WHERE id < ? ORDER BY id DESC LIMIT ?",
                  Params(after.value_or(INT64_MAX), limit + 1)),
      [](const Row& r) -> core::Result<app::QualityReportRecord> { return ReportFromRow(r); });
  if (!items) return items.error();
  return MakePage(std::move(*items), limit);
}

core::Result<std::vector<app::Id>> SqlQualityRepository::Subscribers(const std::string& kind) {
  return MapRows<app::Id>(
      conn_.Query("SELECT user_id FROM quality_report_subscriptions WHERE kind = ? ORDER BY "
                  "user_id",
                  Params(kind)),
      [](const Row& r) -> core::Result<app::Id> { return r.Int(0); });
}

core::Result<bool> SqlQualityRepository::IsSubscribed(app::Id user_id, const std::string& kind) {
  auto row =
      conn_.QueryOne("SELECT 1 FROM quality_report_subscriptions WHERE user_id = ? AND kind = ?",
                     Params(user_id, kind));
  if (!row) return row.error();
  return row->has_value();
}

core::Status SqlQualityRepository::Subscribe(app::Id user_id, const std::string& kind,
                                             core::Instant at) {
  return conn_.Exec(
      "INSERT INTO quality_report_subscriptions (user_id, kind, created_at) VALUES (?, ?, ?) ON "
      "CONFLICT (user_id, kind) DO NOTHING",
      Params(user_id, kind, at));
}

core::Status SqlQualityRepository::Unsubscribe(app::Id user_id, const std::string& kind) {
  return conn_.Exec("DELETE FROM quality_report_subscriptions WHERE user_id = ? AND kind = ?",
                    Params(user_id, kind));
}

core::Result<std::optional<app::ImprovementRecord>> SqlQualityRepository::FindImprovement(
    const std::string& indicator, const std::string& period, app::Id org_unit_id) {
  auto row = conn_.QueryOne(
      "SELECT case_id, value, target, created_at FROM quality_improvements WHERE indicator = ? "
      "AND period = ? AND org_unit_id = ?",
      Params(indicator, period, org_unit_id));
  if (!row) return row.error();
  if (!*row) return std::optional<app::ImprovementRecord>();
  const Row& r = **row;
  return std::optional<app::ImprovementRecord>(app::ImprovementRecord{
      indicator, period, org_unit_id, r.Int(0), r.Real(1), r.Real(2), InstantAt(r, 3)});
}

core::Status SqlQualityRepository::InsertImprovement(const app::ImprovementRecord& r) {
  return conn_.Exec(
      "INSERT INTO quality_improvements (indicator, period, org_unit_id, case_id, value, target, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      Params(r.indicator, r.period, r.org_unit_id, r.case_id, r.value, r.target, r.created_at));
}

core::Result<std::vector<app::ImprovementRecord>> SqlQualityRepository::Improvements(
    const std::string& period) {
  return MapRows<app::ImprovementRecord>(
      conn_.Query("SELECT indicator, org_unit_id, case_id, value, target, created_at FROM "
                  "quality_improvements WHERE period = ? ORDER BY org_unit_id, indicator",
                  Params(period)),
      [&](const Row& r) -> core::Result<app::ImprovementRecord> {
        return app::ImprovementRecord{r.Text(0), period,    r.Int(1),       r.Int(2),
                                      r.Real(3), r.Real(4), InstantAt(r, 5)};
      });
}

}  // namespace csqm::store
