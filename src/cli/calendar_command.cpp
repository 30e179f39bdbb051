#include "cli/calendar_command.hpp"

#include <fmt/core.h>

#include "cli/common.hpp"

namespace csqm::cli {

int RunCalendarCheck(const CalendarCheckOptions& options) {
  auto schedule = LoadSchedule(options.calendar_path);
  if (!schedule) return ReportError(schedule.error());
  const auto& spec = (*schedule)->spec();
  int weekly = 0;
  for (const auto& day : spec.week) {
    for (const auto& iv : day) weekly += iv.end_minute - iv.begin_minute;
  }
  fmt::print("ok: {} ({})\n", options.calendar_path, spec.name.empty() ? spec.tz : spec.name);
  fmt::print("  时区 zone {}; 每周工作 {} 分钟 / {} working minutes a week\n", spec.tz, weekly,
             weekly);
  fmt::print("  节假日 holidays {}; 调休工作日 extra working days {}\n", spec.holidays.size(),
             spec.extra_workdays.size());
  fmt::print("  1d = {} min, 0.5d = {} min\n", spec.day_minutes, spec.half_day_minutes);
  return 0;
}

}  // namespace csqm::cli
