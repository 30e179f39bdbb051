// Calendars and helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/calendar.hpp"
#include "core/calendar_json.hpp"
#include "core/schedule.hpp"
#include "core/sla_clock.hpp"
#include "platform/tz_zones.hpp"

namespace csqm::testing {

inline core::DayHours Hours(std::initializer_list<std::pair<const char*, const char*>> list) {
  core::DayHours hours;
  for (const auto& [b, e] : list) {
    hours.push_back({*core::ParseClockMinute(b), *core::ParseClockMinute(e)});
  }
  return hours;
}

// Mon–Fri with the given hours, no holidays.
inline core::CalendarSpec Weekdays(const core::DayHours& hours, std::string tz = "Asia/Shanghai") {
  core::CalendarSpec spec;
  spec.tz = std::move(tz);
  for (int d = 0; d < 5; ++d) spec.week[size_t(d)] = hours;
  return spec;
}

inline std::shared_ptr<const core::Schedule> Compile(core::CalendarSpec spec) {
  auto s = core::Schedule::Compile(std::move(spec), platform::SystemZones());
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().OneLine());
  return s.ok() ? *s : nullptr;
}

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(CSQM_SOURCE_DIR) + "/" + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A shipped template from templates/calendars/.
inline std::shared_ptr<const core::Schedule> Template(const std::string& name) {
  auto spec = core::ParseCalendarJson(ReadSourceFile("templates/calendars/" + name));
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().OneLine());
  return spec.ok() ? Compile(*spec) : nullptr;
}

// Wall time in the schedule's zone.
inline core::Instant Local(const core::Schedule& s, const char* text) {
  auto local = core::ParseLocalTime(text);
  EXPECT_TRUE(local.ok()) << text;
  return s.zone().ToInstant(*local);
}

inline std::string Show(const core::Schedule& s, core::Instant t) {
  return core::FormatRfc3339(t, s.zone().OffsetAt(t));
}

inline std::string Show(const core::Schedule& s, const core::Result<core::Instant>& t) {
  return t.ok() ? Show(s, *t) : "error " + t.error().reason;
}

}  // namespace csqm::testing
