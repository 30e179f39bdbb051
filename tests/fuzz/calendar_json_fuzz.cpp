// Fuzzes the calendar JSON parser and, for every calendar it accepts, the schedule built
// from it: parsing never crashes, accepted calendars round-trip, and deadlines agree with
// the working time up to them.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/calendar_json.hpp"
#include "core/schedule.hpp"
#include "core/sla_clock.hpp"
#include "platform/tz_zones.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace csqm::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = ParseCalendarJson(text);
  if (!spec) {
    Check(!spec.error().reason.empty() && !spec.error().message_en.empty());
    return 0;
  }
  auto again = ParseCalendarJson(CalendarToJson(*spec));
  Check(again.ok() && *again == *spec);

  auto schedule = Schedule::Compile(*spec, csqm::platform::SystemZones());
  if (!schedule) return 0;  // unknown zone
  const Schedule& s = **schedule;
  const Instant start = Instant(std::chrono::seconds(1771034400));  // 2026-02-14T02:00Z
  for (const Millis span : {Millis(3'600'000), Millis(3 * 86'400'000LL), Millis(-7'200'000)}) {
    auto due = s.AddWorkingTime(start, span);
    if (!due) continue;
    auto worked = s.WorkingTime(start, *due);
    Check(worked.ok() && *worked == span);
  }
  auto close = s.CloseOfWorkday(start, 3);
  if (close) Check(*close > start);
  return 0;
}
