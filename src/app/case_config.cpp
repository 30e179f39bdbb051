#include "app/case_config.hpp"

namespace csqm::app {

Result<CaseConfig> LoadCaseConfig(Tx& tx, ConfigCache& cache, Id category_id) {
  CaseConfig config;
  auto category = tx.Config().GetCategory(category_id);
  if (!category) return category.error();
  config.category = std::move(*category);
  auto type = tx.Config().GetCaseType(config.category.case_type_id);
  if (!type) return type.error();
  config.type = std::move(*type);
  auto calendar = tx.Config().GetCalendar(config.category.calendar_id);
  if (!calendar) return calendar.error();
  config.calendar = std::move(*calendar);
  auto workflow = cache.Workflow(config.type);
  if (!workflow) return workflow.error();
  config.workflow = *workflow;
  auto policy = cache.Policy(config.category);
  if (!policy) return policy.error();
  config.policy = *policy;
  auto schedule = cache.Schedule(config.calendar);
  if (!schedule) return schedule.error();
  config.schedule = *schedule;
  return config;
}

int LocalMonth(const core::Schedule& schedule, Instant at) {
  const auto local = core::ToLocal(schedule.zone(), at);
  const std::chrono::year_month_day ymd(std::chrono::floor<std::chrono::days>(local));
  return int(ymd.year()) * 100 + int(unsigned(ymd.month()));
}

}  // namespace csqm::app
