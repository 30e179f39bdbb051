// Re-planning the open cases of categories after their calendar changed (a holiday added, new
// working hours, another calendar chosen): every unmet target gets its due time, warning time
// and timers recomputed (sla_service.hpp ReplanTargets). Runs in batches, each its own write
// transaction, so that a big database is never locked for long; a crash half-way leaves some
// cases on the old plan until the next change re-plans them (the calendar change itself is
// already committed).
#pragma once

#include <vector>

#include "app/context.hpp"

namespace csqm::app {

inline constexpr int kReplanBatch = 200;

// The ids of the categories whose calendar is `calendar_id`.
Result<std::vector<Id>> CategoriesUsingCalendar(Services& s, Id calendar_id);

// Re-plans every open case of these categories, `batch` cases per transaction. Returns how
// many cases were re-planned.
Result<int64_t> ReplanOpenCases(Services& s, const std::vector<Id>& category_ids,
                                int batch = kReplanBatch);

}  // namespace csqm::app
