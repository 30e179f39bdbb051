// Working calendars as configuration: read by everyone signed in, changed by core::MayConfigure
// roles. A spec is validated by core::ParseCalendarJson, its zone looked up in the zone
// database and the whole compiled (core::Schedule) before it is stored, normalised
// (core::CalendarToJson). Holidays and make-up working days can be merged in from an
// iCalendar feed. A changed spec re-plans the open cases of every category using the
// calendar (replan.hpp), synchronously, after the change has committed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "core/ics.hpp"

namespace csqm::app {

Result<std::vector<CalendarRecord>> ListCalendars(Services& s, const Actor& actor);
Result<CalendarRecord> GetCalendar(Services& s, const Actor& actor, Id calendar_id);

struct NewCalendar {
  std::string key;        // unique: "calendar.bad_key", kConflict "store.constraint"
  std::string name;       // default: the spec's name, else the key
  std::string spec_json;  // errors under field "spec." (e.g. "spec.week.mon[0]", "spec.tz")
};

Result<CalendarRecord> CreateCalendar(Services& s, const Actor& actor, const NewCalendar& in);

struct CalendarUpdate {
  CalendarRecord calendar;
  int64_t replanned_cases = 0;
  core::ImportReport import;  // ImportIcs only
};

// Replaces the spec (and the name, when given) with optimistic concurrency, then re-plans.
Result<CalendarUpdate> ReplaceCalendar(Services& s, const Actor& actor, Id calendar_id,
                                       const std::optional<std::string>& name,
                                       const std::string& spec_json, int64_t expected_version);

// Merges the all-day events of an iCalendar text into the holidays or the extra working days,
// all or nothing: "ics.*" parse errors (field "line N"), kConflict "calendar.holiday_and_workday"
// when a date is already in the other list. Open-ended yearly rules expand five years past the
// current one. Re-plans when any date was added.
Result<CalendarUpdate> ImportIcs(Services& s, const Actor& actor, Id calendar_id,
                                 std::string_view ics_text, core::ImportAs as,
                                 int64_t expected_version);

}  // namespace csqm::app
