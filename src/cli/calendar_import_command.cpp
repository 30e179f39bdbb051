// `csqm calendar import-ics FILE --into CAL.json [--as holidays|extra_workdays]
// [--until-year N]`: merges the all-day events of an iCalendar file into a calendar file.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "cli/calendar_command.hpp"
#include "cli/common.hpp"
#include "core/calendar_json.hpp"
#include "core/ics.hpp"
#include "platform/files.hpp"

namespace csqm::cli {
namespace {

// Open-ended yearly rules in a calendar without any dated entries expand this many years
// past their DTSTART.
constexpr int kDefaultOpenEndedYears = 10;

// The latest year among the calendar's holidays and extra working days; 0 when it has none.
int LatestYear(const core::CalendarSpec& spec) {
  core::Date latest{};
  bool any = false;
  for (core::Date date : spec.holidays) {
    latest = any ? std::max(latest, date) : date;
    any = true;
  }
  for (const auto& extra : spec.extra_workdays) {
    latest = any ? std::max(latest, extra.date) : extra.date;
    any = true;
  }
  return any ? int(std::chrono::year_month_day(latest).year()) : 0;
}

}  // namespace

int RunCalendarImportIcs(const CalendarImportIcsOptions& options) {
  const bool holidays = options.as == "holidays";
  if (!holidays && options.as != "extra_workdays") {
    return ReportError(
        core::MakeError(core::ErrorCode::kInvalidArgument, "cli.bad_import_target",
                        "--as 只能是 holidays 或 extra_workdays：“" + options.as + "”",
                        "--as must be holidays or extra_workdays: \"" + options.as + "\"", "--as"));
  }
  if (options.until_year < 0 || options.until_year > 9999) {
    return ReportError(core::MakeError(core::ErrorCode::kInvalidArgument, "ics.bad_until_year",
                                       "应在 1 到 9999 之间", "must be 1 to 9999", "--until-year"));
  }
  auto text = platform::ReadFile(options.ics_path);
  if (!text) return ReportError(text.error());
  auto spec = LoadCalendarSpec(options.calendar_path);
  if (!spec) return ReportError(spec.error());

  core::IcsParseOptions parse_options;
  parse_options.until_year = options.until_year != 0 ? options.until_year : LatestYear(*spec);
  if (parse_options.until_year == 0) parse_options.open_ended_years = kDefaultOpenEndedYears;
  auto calendar = core::ParseIcs(*text, parse_options);
  if (!calendar) return ReportError(calendar.error(), options.ics_path);

  const auto dates = core::IcsDates(*calendar);
  const auto as = holidays ? core::ImportAs::kHolidays : core::ImportAs::kExtraWorkdays;
  auto report = core::MergeIcsDates(*spec, dates, as);
  if (!report) return ReportError(report.error(), options.calendar_path);
  if (report->added > 0) {
    auto written = platform::WriteFileAtomic(options.calendar_path, core::CalendarToJson(*spec));
    if (!written.ok()) return ReportError(written.error());
  }

  std::string notes_zh;  // skipped events, expansion horizon
  std::string notes_en;
  if (calendar->skipped_timed > 0) {
    notes_zh += fmt::format("，跳过 {} 个非全天事件", calendar->skipped_timed);
    notes_en += fmt::format(", skipped {} timed event{}", calendar->skipped_timed,
                            calendar->skipped_timed == 1 ? "" : "s");
  }
  if (calendar->skipped_cancelled > 0) {
    notes_zh += fmt::format("，跳过 {} 个已取消事件", calendar->skipped_cancelled);
    notes_en += fmt::format(", skipped {} cancelled event{}", calendar->skipped_cancelled,
                            calendar->skipped_cancelled == 1 ? "" : "s");
  }
  const bool open_ended = std::any_of(calendar->events.begin(), calendar->events.end(),
                                      [](const core::IcsEvent& e) { return e.open_ended; });
  if (open_ended && parse_options.until_year > 0) {
    notes_zh += fmt::format("，无结束的重复规则展开到 {} 年", parse_options.until_year);
    notes_en += fmt::format(", open-ended rules expanded through {}", parse_options.until_year);
  } else if (open_ended) {
    notes_zh += fmt::format("，无结束的重复规则展开到起始年后 {} 年", kDefaultOpenEndedYears);
    notes_en += fmt::format(", open-ended rules expanded {} years past their start",
                            kDefaultOpenEndedYears);
  }
  fmt::print(
      "导入 {} 个日期（新增 {}，已有 {}）到 {}{} / imported {} date{} ({} new, {} already "
      "present) into {}{}: {}\n",
      dates.size(), report->added, report->already_present, options.as, notes_zh, dates.size(),
      dates.size() == 1 ? "" : "s", report->added, report->already_present, options.as, notes_en,
      options.calendar_path);
  return 0;
}

}  // namespace csqm::cli
