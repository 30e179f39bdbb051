// Instants, wall times and dates used throughout csqm. Instants are UTC milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace csqm::core {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Millis>;
// A wall-clock time in some zone, not yet tied to an instant.
using LocalTime = std::chrono::local_time<Millis>;
// A civil date as days since 1970-01-01 (zone-less).
using Date = std::chrono::sys_days;

// [begin, end) between two instants.
struct Span {
  Instant begin;
  Instant end;
  friend bool operator==(const Span&, const Span&) = default;
};

// Minutes since local midnight; 0 … 1440 (1440 only as an interval end, "24:00").
struct WallInterval {
  int begin_minute = 0;
  int end_minute = 0;
  friend bool operator==(const WallInterval&, const WallInterval&) = default;
};

// "YYYY-MM-DD" with a real calendar date.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);
// "HH:MM", 00:00 … 24:00.
Result<int> ParseClockMinute(std::string_view text);
std::string FormatClockMinute(int minute);
// "YYYY-MM-DDTHH:MM[:SS[.fff]]" (a space may stand for T).
Result<LocalTime> ParseLocalTime(std::string_view text);
// RFC 3339 with "Z" or "±HH:MM": the instant it names.
Result<Instant> ParseRfc3339(std::string_view text);
// True when the text ends in Z or an offset, i.e. names an instant rather than a wall time.
bool HasUtcOffset(std::string_view text);
// "2026-02-14T11:00:00+08:00" (".123" when milliseconds are not zero).
std::string FormatRfc3339(Instant instant, std::chrono::seconds utc_offset);
// The same text written into `out` (no allocation: many instants per answer); returns its
// length, at most kRfc3339MaxLength.
inline constexpr size_t kRfc3339MaxLength = 32;
size_t FormatRfc3339To(char (&out)[kRfc3339MaxLength], Instant instant,
                       std::chrono::seconds utc_offset);

// 0 = Monday … 6 = Sunday.
int WeekdayIndex(Date date);

}  // namespace csqm::core
