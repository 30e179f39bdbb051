#include "core/calendar.hpp"

#include <algorithm>
#include <string>

namespace csqm::core {
namespace {

Status ValidateHours(const DayHours& hours, const std::string& field) {
  for (size_t i = 0; i < hours.size(); ++i) {
    const auto& iv = hours[i];
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (iv.begin_minute < 0 || iv.end_minute > 24 * 60 || iv.begin_minute >= 24 * 60) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.bad_time", "时段超出 00:00–24:00",
                       "interval outside 00:00–24:00", at);
    }
    if (iv.begin_minute >= iv.end_minute) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.reversed_interval",
                       "时段的结束时间必须晚于开始时间（" + FormatClockMinute(iv.begin_minute) +
                           "–" + FormatClockMinute(iv.end_minute) + "）",
                       "interval must end after it begins (" + FormatClockMinute(iv.begin_minute) +
                           "–" + FormatClockMinute(iv.end_minute) + ")",
                       at);
    }
    if (i > 0 && iv.begin_minute < hours[i - 1].end_minute) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.overlapping_intervals",
                       "时段与前一时段重叠或顺序颠倒",
                       "interval overlaps or precedes the one before it", at);
    }
  }
  return {};
}

}  // namespace

Status ValidateCalendar(const CalendarSpec& spec) {
  if (spec.tz.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "calendar.missing_zone", "缺少时区",
                     "time zone is missing", "tz");
  }
  for (size_t d = 0; d < 7; ++d) {
    if (auto st = ValidateHours(spec.week[d], std::string("week.") + kWeekdayKeys[d]); !st) {
      return st;
    }
  }
  for (size_t i = 1; i < spec.holidays.size(); ++i) {
    if (spec.holidays[i] <= spec.holidays[i - 1]) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.unsorted_dates",
                       "节假日重复或未按日期排序", "holidays repeat or are not in date order",
                       "holidays[" + std::to_string(i) + "]");
    }
  }
  for (size_t i = 0; i < spec.extra_workdays.size(); ++i) {
    const auto& extra = spec.extra_workdays[i];
    const std::string at = "extra_workdays[" + std::to_string(i) + "]";
    if (i > 0 && extra.date <= spec.extra_workdays[i - 1].date) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.unsorted_dates",
                       "调休工作日重复或未按日期排序",
                       "extra working days repeat or are not in date order", at + ".date");
    }
    if (std::binary_search(spec.holidays.begin(), spec.holidays.end(), extra.date)) {
      return MakeError(ErrorCode::kInvalidArgument, "calendar.holiday_and_workday",
                       FormatDate(extra.date) + " 既是节假日又是调休工作日",
                       FormatDate(extra.date) + " is both a holiday and an extra working day",
                       at + ".date");
    }
    if (extra.hours) {
      if (auto st = ValidateHours(*extra.hours, at + ".hours"); !st) return st;
    }
  }
  if (spec.day_minutes <= 0 || spec.day_minutes > 24 * 60) {
    return MakeError(ErrorCode::kInvalidArgument, "calendar.bad_minutes",
                     "day_minutes 必须在 1 到 1440 之间", "day_minutes must be 1 to 1440",
                     "day_minutes");
  }
  if (spec.half_day_minutes <= 0 || spec.half_day_minutes > spec.day_minutes) {
    return MakeError(ErrorCode::kInvalidArgument, "calendar.bad_minutes",
                     "half_day_minutes 必须大于 0 且不超过 day_minutes",
                     "half_day_minutes must be positive and at most day_minutes",
                     "half_day_minutes");
  }
  return {};
}

void NormaliseCalendar(CalendarSpec& spec) {
  std::sort(spec.holidays.begin(), spec.holidays.end());
  spec.holidays.erase(std::unique(spec.holidays.begin(), spec.holidays.end()), spec.holidays.end());
  auto& extra = spec.extra_workdays;
  std::stable_sort(extra.begin(), extra.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  // Keep the last entry for each date.
  std::vector<ExtraWorkday> unique;
  for (auto& e : extra) {
    if (!unique.empty() && unique.back().date == e.date) {
      unique.back() = std::move(e);
    } else {
      unique.push_back(std::move(e));
    }
  }
  extra = std::move(unique);
}

const DayHours& HoursOn(const CalendarSpec& spec, Date date) {
  static const DayHours kClosed;
  if (std::binary_search(spec.holidays.begin(), spec.holidays.end(), date)) return kClosed;
  auto it = std::lower_bound(spec.extra_workdays.begin(), spec.extra_workdays.end(), date,
                             [](const ExtraWorkday& e, Date d) { return e.date < d; });
  if (it != spec.extra_workdays.end() && it->date == date) {
    return it->hours ? *it->hours : spec.week[0];
  }
  return spec.week[size_t(WeekdayIndex(date))];
}

}  // namespace csqm::core
