#include "app/config_cache.hpp"

#include "core/calendar_json.hpp"

namespace csqm::app {
namespace {

// Looks up (id, version); on a miss parses outside the lock and stores the result.
template <class T, class Parse>
core::Result<std::shared_ptr<const T>> Cached(
    std::mutex& mutex, std::map<std::pair<Id, int64_t>, std::shared_ptr<const T>>& map,
    std::pair<Id, int64_t> key, Parse parse) {
  {
    std::lock_guard lock(mutex);
    if (auto it = map.find(key); it != map.end()) return it->second;
  }
  core::Result<std::shared_ptr<const T>> parsed = parse();
  if (!parsed) return parsed;
  std::lock_guard lock(mutex);
  // Drop older versions of the same record.
  for (auto it = map.begin(); it != map.end();) {
    it = it->first.first == key.first ? map.erase(it) : std::next(it);
  }
  map.emplace(key, *parsed);
  return parsed;
}

}  // namespace

core::Result<std::shared_ptr<const core::Workflow>> ConfigCache::Workflow(const CaseType& type) {
  return Cached<core::Workflow>(mutex_, workflows_, {type.id, type.version},
                                [&]() -> core::Result<std::shared_ptr<const core::Workflow>> {
                                  auto w = core::ParseWorkflowJson(type.workflow_json);
                                  if (!w) return w.error();
                                  return std::make_shared<const core::Workflow>(std::move(*w));
                                });
}

core::Result<std::shared_ptr<const core::SlaPolicy>> ConfigCache::Policy(const Category& category) {
  return Cached<core::SlaPolicy>(mutex_, policies_, {category.id, category.version},
                                 [&]() -> core::Result<std::shared_ptr<const core::SlaPolicy>> {
                                   auto p = core::ParseSlaPolicyJson(category.policy_json);
                                   if (!p) return p.error();
                                   return std::make_shared<const core::SlaPolicy>(std::move(*p));
                                 });
}

core::Result<std::shared_ptr<const core::Schedule>> ConfigCache::Schedule(
    const CalendarRecord& calendar) {
  return Cached<core::Schedule>(mutex_, schedules_, {calendar.id, calendar.version},
                                [&]() -> core::Result<std::shared_ptr<const core::Schedule>> {
                                  auto spec = core::ParseCalendarJson(calendar.spec_json);
                                  if (!spec) return spec.error();
                                  return core::Schedule::Compile(std::move(*spec), zones_);
                                });
}

}  // namespace csqm::app
