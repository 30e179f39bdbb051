// Internal to src/store: the quality port (app/ports/quality.hpp) over a store::Connection, SQL
// written once for SQLite and PostgreSQL. Split over sql_quality_repository.cpp (facts,
// rollups, totals) and sql_quality_archive.cpp (targets, reports, subscriptions, improvements).
#pragma once

#include "app/ports/quality.hpp"
#include "store/db.hpp"
#include "store/sql_rows.hpp"

namespace csqm::store {

class SqlQualityRepository final : public app::QualityRepository {
 public:
  explicit SqlQualityRepository(Connection& conn) : conn_(conn) {}

  core::Result<std::optional<core::CaseFacts>> GetFacts(app::Id case_id) override;
  core::Status PutFacts(const core::CaseFacts& facts) override;
  core::Status ApplyDiff(const core::FactsDiff& diff) override;
  core::Status ClearRollups() override;

  core::Result<std::vector<app::RollupTotals>> SumRollups(const app::RollupFilter& f,
                                                          app::RollupGroup g) override;
  core::Result<std::vector<app::TargetTotals>> SumTargets(const app::RollupFilter& f,
                                                          app::RollupGroup g) override;
  core::Result<std::vector<app::CallbackTotals>> SumCallbacks(const app::CallbackFilter& f,
                                                              app::RollupGroup g) override;
  core::Result<app::SurveyTotals> SumSurveys(core::Instant from, core::Instant to,
                                             const std::vector<std::string>& unit_paths) override;
  core::Result<int64_t> CountCustomers(const std::vector<std::string>& unit_paths) override;

  core::Result<std::vector<app::IndicatorTarget>> ListTargets() override;
  core::Result<app::IndicatorTarget> PutTarget(const app::IndicatorTarget& t,
                                               int64_t expected_version) override;

  core::Result<app::QualityReportRecord> GetReport(app::Id id) override;
  core::Result<std::optional<app::QualityReportRecord>> FindReport(const std::string& period,
                                                                   app::Id org_unit_id) override;
  core::Result<app::QualityReportRecord> SaveReport(app::QualityReportRecord r) override;
  core::Result<bool> MarkReportSent(app::Id id, core::Instant at) override;
  core::Result<app::Page<app::QualityReportRecord>> ListReports(std::optional<app::Id> after,
                                                                int limit) override;

  core::Result<std::vector<app::Id>> Subscribers(const std::string& kind) override;
  core::Result<bool> IsSubscribed(app::Id user_id, const std::string& kind) override;
  core::Status Subscribe(app::Id user_id, const std::string& kind, core::Instant at) override;
  core::Status Unsubscribe(app::Id user_id, const std::string& kind) override;

  core::Result<std::optional<app::ImprovementRecord>> FindImprovement(const std::string& indicator,
                                                                      const std::string& period,
                                                                      app::Id org_unit_id) override;
  core::Status InsertImprovement(const app::ImprovementRecord& r) override;
  core::Result<std::vector<app::ImprovementRecord>> Improvements(
      const std::string& period) override;

 private:
  Connection& conn_;
};

}  // namespace csqm::store
