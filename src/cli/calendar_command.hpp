// `csqm calendar check|import-ics`: validate calendar files and merge iCalendar holidays.
#pragma once

#include <string>

namespace csqm::cli {

struct CalendarCheckOptions {
  std::string calendar_path;
};

struct CalendarImportIcsOptions {
  std::string ics_path;
  std::string calendar_path;    // --into: merged in place, written atomically
  std::string as = "holidays";  // holidays | extra_workdays
  int until_year = 0;           // open-ended yearly rules expand up to this year; 0 = default
};

int RunCalendarCheck(const CalendarCheckOptions& options);
int RunCalendarImportIcs(const CalendarImportIcsOptions& options);

}  // namespace csqm::cli
