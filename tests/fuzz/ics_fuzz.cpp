// libFuzzer target for the iCalendar import: ParseIcs on arbitrary bytes must return a value or
// an Error (never crash, hang or exhaust memory), and merging its dates into a valid calendar
// must give a valid calendar, or fail and leave the calendar untouched.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/calendar.hpp"
#include "core/calendar_json.hpp"
#include "core/ics.hpp"

namespace {

using namespace csqm::core;

CalendarSpec SmallCalendar() {
  CalendarSpec spec;
  for (size_t d = 0; d < 5; ++d) spec.week[d] = {WallInterval{9 * 60, 17 * 60}};
  spec.holidays = {Date(std::chrono::year(2026) / 1 / 1), Date(std::chrono::year(2026) / 10 / 1)};
  spec.extra_workdays = {ExtraWorkday{Date(std::chrono::year(2026) / 1 / 4), std::nullopt},
                         ExtraWorkday{Date(std::chrono::year(2026) / 2 / 14),
                                      DayHours{WallInterval{9 * 60, 12 * 60}}}};
  return spec;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  IcsParseOptions options;
  options.until_year = 2100;
  auto calendar = ParseIcs(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!calendar.ok()) {
    Check(!calendar.error().reason.empty() && !calendar.error().message_en.empty());
    return 0;
  }
  const auto dates = IcsDates(*calendar);
  Check(dates.size() <= options.max_dates);
  for (ImportAs as : {ImportAs::kHolidays, ImportAs::kExtraWorkdays}) {
    CalendarSpec spec = SmallCalendar();
    const CalendarSpec before = spec;
    auto report = MergeIcsDates(spec, dates, as);
    if (!report.ok()) {
      Check(spec == before);  // all or nothing
      continue;
    }
    Check(ValidateCalendar(spec).ok());
    Check(size_t(report->added + report->already_present) == dates.size());
    auto again = ParseCalendarJson(CalendarToJson(spec));  // the file csqm would write
    Check(again.ok() && *again == spec);
  }
  return 0;
}
