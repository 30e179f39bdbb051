// iCalendar (RFC 5545) import: all-day VEVENTs of a holiday feed become dates, which are then
// merged into a CalendarSpec as holidays or extra working days. Pure: the caller reads the file.
//
// Understood: CRLF or LF line endings, folded lines, property parameters (quoted values too),
// VALUE=DATE and bare 8-digit dates, DTEND (exclusive) or DURATION (P<n>D, P<n>W), RRULE with
// FREQ=YEARLY|MONTHLY|WEEKLY|DAILY, INTERVAL, COUNT and UNTIL (date or date-time), redundant
// BYMONTH / BYMONTHDAY equal to DTSTART's, RDATE and EXDATE (comma lists of dates; a
// date-time counts by its date), RECURRENCE-ID overrides of one occurrence,
// STATUS:CANCELLED, and TEXT escapes in SUMMARY and UID. Other BY… parts, RSCALE (lunar
// rules) and sub-daily FREQs are errors ("ics.unsupported_rule"), never silently wrong dates.
// Invalid recurrence dates (31 April, 29 February in a common year) are skipped, as RFC 5545
// requires. Components other than VEVENT (VTIMEZONE, VALARM, VTODO …) are read past.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "core/time_types.hpp"

namespace csqm::core {

// One all-day VEVENT that was imported (timed and cancelled events are only counted).
struct IcsEvent {
  std::string uid;      // unescaped; may be empty
  std::string summary;  // unescaped; may be empty
  Date first;           // DTSTART
  int days = 1;         // length of every occurrence: DTEND − DTSTART, DURATION, or 1
  // Every date covered by the occurrences left after EXDATE and RECURRENCE-ID overrides,
  // sorted and unique. Empty when every occurrence was excluded.
  std::vector<Date> dates;
  int line = 0;             // line of its BEGIN:VEVENT
  bool open_ended = false;  // an RRULE with neither COUNT nor UNTIL
};

struct IcsParseOptions {
  // Open-ended rules expand through 31 December of this year (1 … 9999). DTSTART itself is
  // always an occurrence, even when it lies after this year.
  // Default: 0 = DTSTART's year + open_ended_years instead.
  int until_year = 0;
  // Used only when until_year is 0. Default: 0 = an open-ended rule is an error
  // ("ics.open_ended_rule"), so the caller must choose a horizon.
  int open_ended_years = 0;
  // The most dates all events together may expand to; more is "ics.too_many_dates", so that
  // a hostile file cannot exhaust memory. Default: 100000.
  size_t max_dates = 100000;
};

struct IcsCalendar {
  std::vector<IcsEvent> events;  // in file order
  int skipped_timed = 0;         // VEVENTs whose DTSTART has a time of day
  int skipped_cancelled = 0;     // VEVENTs with STATUS:CANCELLED
};

// Parses a whole .ics text. Never throws on bad input; errors are kInvalidArgument with
// reasons "ics.not_icalendar", "ics.bad_line", "ics.mismatched_end", "ics.unterminated_event",
// "ics.unterminated_calendar", "ics.outside_calendar", "ics.too_deep", "ics.missing_dtstart",
// "ics.duplicate_property", "ics.bad_date", "ics.bad_range", "ics.bad_duration",
// "ics.bad_rule", "ics.unsupported_rule", "ics.open_ended_rule", "ics.bad_until_year", and
// kOutOfRange "ics.too_many_dates" / "ics.date_out_of_range" (after 9999-12-31). The error's
// field is the line ("line 12", counted from 1 on the folded text) where one applies.
Result<IcsCalendar> ParseIcs(std::string_view text, const IcsParseOptions& options);

// All dates of all events, sorted and unique.
std::vector<Date> IcsDates(const IcsCalendar& calendar);

enum class ImportAs { kHolidays, kExtraWorkdays };

struct ImportReport {
  int added = 0;            // dates that were not in the target list before
  int already_present = 0;  // dates already there (left as they were, extra hours included)
};

// Adds `dates` (any order, repeats allowed) to spec.holidays or spec.extra_workdays (new
// extra working days get no hours, i.e. Monday's) and normalises the lists. All or nothing:
// on any error spec is left exactly as it was. Errors: kConflict "calendar.holiday_and_workday"
// when a date is already in the other list (the message names the date, the field its entry,
// e.g. "extra_workdays[3].date"); any ValidateCalendar error of the merged calendar.
Result<ImportReport> MergeIcsDates(CalendarSpec& spec, const std::vector<Date>& dates, ImportAs as);

}  // namespace csqm::core
