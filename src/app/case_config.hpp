// Everything a case's rules depend on: its type's workflow, its category's SLA policy and the
// category's calendar, loaded in the caller's transaction and parsed through the cache.
#pragma once

#include <memory>

#include "app/config_cache.hpp"
#include "app/ports/store.hpp"

namespace csqm::app {

struct CaseConfig {
  CaseType type;
  Category category;
  CalendarRecord calendar;
  std::shared_ptr<const core::Workflow> workflow;
  std::shared_ptr<const core::SlaPolicy> policy;
  std::shared_ptr<const core::Schedule> schedule;
};

// kNotFound "category.not_found" for an unknown category.
Result<CaseConfig> LoadCaseConfig(Tx& tx, ConfigCache& cache, Id category_id);

// Local YYYYMM of an instant in the schedule's zone.
int LocalMonth(const core::Schedule& schedule, Instant at);

}  // namespace csqm::app
