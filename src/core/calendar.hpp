// CalendarSpec: a working calendar as data — zone, weekly hours, holidays, extra working days.
// Plain data plus validation; Schedule (schedule.hpp) compiles it for arithmetic.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time_types.hpp"

namespace csqm::core {

using DayHours = std::vector<WallInterval>;  // sorted, non-overlapping

// A date-specific override: a make-up working day (调休/补班) or changed hours on a weekday.
struct ExtraWorkday {
  Date date;
  std::optional<DayHours> hours;  // absent: Monday's hours
  friend bool operator==(const ExtraWorkday&, const ExtraWorkday&) = default;
};

struct CalendarSpec {
  std::string name;                          // optional label, e.g. "中国 2026 标准工时"
  std::string tz = "Asia/Shanghai";          // IANA zone name
  std::array<DayHours, 7> week;              // 0 = Monday … 6 = Sunday
  std::vector<Date> holidays;                // closed dates, sorted and unique
  std::vector<ExtraWorkday> extra_workdays;  // sorted by date, unique dates
  int day_minutes = 480;                     // business "1d"
  int half_day_minutes = 240;                // business "0.5d" (半天)
  friend bool operator==(const CalendarSpec&, const CalendarSpec&) = default;
};

inline constexpr std::array<const char*, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};

// Checks everything but the zone name (which needs a ZoneDatabase): interval order and
// overlap, sorted unique dates, a date both holiday and extra working day, minute settings.
// Errors name the field, e.g. "week.mon[1]" or "extra_workdays[2].date".
Status ValidateCalendar(const CalendarSpec& spec);

// Sorts and de-duplicates holidays and extra working days (the later entry for a date wins).
void NormaliseCalendar(CalendarSpec& spec);

// The working hours that apply on a date: none on a holiday, the override's on an extra
// working day, else the weekday's.
const DayHours& HoursOn(const CalendarSpec& spec, Date date);

}  // namespace csqm::core
