// The JSON form of a calendar (architecture.md "SLA model"):
//   {"name":"…","tz":"Asia/Shanghai",
//    "week":{"mon":[["08:30","12:00"],["13:30","17:30"]],…,"sun":[]},
//    "holidays":["2026-10-01",…],
//    "extra_workdays":[{"date":"2026-09-20"},{"date":"2026-12-31","hours":[["09:00","12:00"]]}],
//    "day_minutes":480,"half_day_minutes":240}
// Missing weekdays are closed; "extra_workdays" entries may also be plain date strings.
#pragma once

#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/result.hpp"

namespace csqm::core {

// Parses and validates. Errors name the field (e.g. "week.tue[0]") and never throw;
// unknown keys are rejected so that a misspelt "holiday" is not silently ignored.
Result<CalendarSpec> ParseCalendarJson(std::string_view text);

// Pretty-printed JSON, one holiday per line; ParseCalendarJson(ToJson(s)) == s.
std::string CalendarToJson(const CalendarSpec& spec);

}  // namespace csqm::core
