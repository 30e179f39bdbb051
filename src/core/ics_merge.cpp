// Dates from a parsed iCalendar file, and merging them into a calendar (all or nothing).
#include <algorithm>

#include "core/ics.hpp"

namespace csqm::core {
namespace {

void SortUnique(std::vector<Date>& dates) {
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
}

}  // namespace

std::vector<Date> IcsDates(const IcsCalendar& calendar) {
  std::vector<Date> dates;
  for (const auto& event : calendar.events) {
    dates.insert(dates.end(), event.dates.begin(), event.dates.end());
  }
  SortUnique(dates);
  return dates;
}

Result<ImportReport> MergeIcsDates(CalendarSpec& spec, const std::vector<Date>& dates,
                                   ImportAs as) {
  std::vector<Date> wanted = dates;
  SortUnique(wanted);
  CalendarSpec merged = spec;
  NormaliseCalendar(merged);
  const bool holidays = as == ImportAs::kHolidays;
  ImportReport report;
  std::vector<std::pair<Date, std::string>> conflicts;  // date, field of the other entry
  std::vector<Date> added;
  for (Date date : wanted) {
    const auto hol = std::lower_bound(merged.holidays.begin(), merged.holidays.end(), date);
    const bool in_holidays = hol != merged.holidays.end() && *hol == date;
    const auto extra =
        std::lower_bound(merged.extra_workdays.begin(), merged.extra_workdays.end(), date,
                         [](const ExtraWorkday& e, Date d) { return e.date < d; });
    const bool in_extra = extra != merged.extra_workdays.end() && extra->date == date;
    if (holidays ? in_holidays : in_extra) {
      ++report.already_present;
    } else if (holidays ? in_extra : in_holidays) {
      conflicts.emplace_back(
          date, holidays ? "extra_workdays[" +
                               std::to_string(extra - merged.extra_workdays.begin()) + "].date"
                         : "holidays[" + std::to_string(hol - merged.holidays.begin()) + "]");
    } else {
      ++report.added;
      added.push_back(date);
    }
  }
  if (!conflicts.empty()) {
    const std::string day = FormatDate(conflicts.front().first);
    const std::string more =
        conflicts.size() > 1 ? std::to_string(conflicts.size()) : std::string();
    return MakeError(
        ErrorCode::kConflict, "calendar.holiday_and_workday",
        day +
            (holidays ? " 已是调休工作日，不能再导入为节假日"
                      : " 已是节假日，不能再导入为调休工作日") +
            (more.empty() ? "" : "（共 " + more + " 个冲突日期）") + "；日历未修改",
        day +
            (holidays ? " is already an extra working day and cannot also be a holiday"
                      : " is already a holiday and cannot also be an extra working day") +
            (more.empty() ? "" : " (" + more + " conflicting dates)") +
            "; the calendar was not changed",
        conflicts.front().second);
  }
  for (Date date : added) {
    if (holidays) {
      merged.holidays.push_back(date);
    } else {
      merged.extra_workdays.push_back(ExtraWorkday{date, std::nullopt});
    }
  }
  NormaliseCalendar(merged);
  if (auto st = ValidateCalendar(merged); !st) return st.error();
  spec = std::move(merged);
  return report;
}

}  // namespace csqm::core
