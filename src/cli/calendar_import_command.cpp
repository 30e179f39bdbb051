#include "cli/calendar_command.hpp"

#include <fmt/core.h>

namespace csqm::cli {

// Placeholder until the iCalendar importer lands (issue 2, in progress).
int RunCalendarImportIcs(const CalendarImportIcsOptions&) {
  fmt::print(stderr, "错误 / error: 尚未实现 / not implemented yet\n");
  return 2;
}

}  // namespace csqm::cli
