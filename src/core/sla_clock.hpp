// SLA clocks: how a time limit runs on a calendar (architecture.md "SLA model").
//   business  working time inside the calendar; "0.5d" = half_day_minutes, "2d" = 2 × day_minutes
//   workdays  N whole working days, due at the close of the N-th working day after the start day
//   24x7      plain elapsed time; "2d" = 48 h
// Pauses (e.g. waiting for the customer) are intervals that do not count on any clock.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"
#include "core/time_types.hpp"

namespace csqm::core {

enum class ClockKind { kBusiness, kWorkdays, k24x7 };

// "business", "workdays" or "24x7".
Result<ClockKind> ParseClockKind(std::string_view text);
const char* ClockKindName(ClockKind clock);

struct Limit {
  ClockKind clock = ClockKind::kBusiness;
  Millis span{0};    // business and 24x7; may be negative (counts backwards)
  int workdays = 0;  // workdays clock; >= 0
  friend bool operator==(const Limit&, const Limit&) = default;
};

// Units s, m, h, d with fractions and sums ("1h30m", "0.5d", "-2h"). In the business clock a
// day is day_minutes and half a day half_day_minutes; in 24x7 a day is 24 h; in workdays the
// limit is a whole number with or without "d" ("7", "7d"). Errors: "sla.bad_limit".
Result<Limit> ParseLimit(ClockKind clock, std::string_view text, const CalendarSpec& calendar);

// The deadline of a limit started at `start`, not counting `pauses` (any order, may overlap).
// Pauses apply to forward limits only ("sla.pause_backwards" otherwise).
Result<Instant> DueAt(const Schedule& schedule, Instant start, const Limit& limit,
                      std::span<const Span> pauses = {});

// Time counted by a clock between two instants, less pauses; negative when to < from. The
// workdays clock counts working time, as the business clock does.
Result<Millis> Elapsed(const Schedule& schedule, ClockKind clock, Instant from, Instant to,
                       std::span<const Span> pauses = {});

// The spans of time a clock counts between two instants (from <= to), pauses taken out:
// what --explain shows.
Result<std::vector<Span>> CountedSpans(const Schedule& schedule, ClockKind clock, Instant from,
                                       Instant to, std::span<const Span> pauses = {});

// Sorted, merged, non-empty pauses.
std::vector<Span> NormalisePauses(std::span<const Span> pauses);

}  // namespace csqm::core
