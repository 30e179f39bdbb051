// ConfigCache: parsed workflows, SLA policies and compiled calendars, keyed by record id and
// version so that a change (a new version) is picked up and the hot path parses nothing.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "app/ports/records.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"
#include "core/sla_policy.hpp"
#include "core/workflow.hpp"
#include "core/zone.hpp"

namespace csqm::app {

class ConfigCache {
 public:
  explicit ConfigCache(const core::ZoneDatabase& zones) : zones_(zones) {}

  core::Result<std::shared_ptr<const core::Workflow>> Workflow(const CaseType& type);
  core::Result<std::shared_ptr<const core::SlaPolicy>> Policy(const Category& category);
  core::Result<std::shared_ptr<const core::Schedule>> Schedule(const CalendarRecord& calendar);
  const core::ZoneDatabase& zones() const { return zones_; }

 private:
  using Key = std::pair<Id, int64_t>;
  const core::ZoneDatabase& zones_;
  std::mutex mutex_;
  std::map<Key, std::shared_ptr<const core::Workflow>> workflows_;
  std::map<Key, std::shared_ptr<const core::SlaPolicy>> policies_;
  std::map<Key, std::shared_ptr<const core::Schedule>> schedules_;
};

}  // namespace csqm::app
