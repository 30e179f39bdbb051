// Schedule: a CalendarSpec compiled against its time zone for fast, exact arithmetic.
//
// Each local calendar year becomes a table of its working intervals as UTC instants with
// cumulative working time, so "add 30 working days" is a binary search, not a walk. Tables
// are built on first use and then shared; a Schedule is immutable and thread-safe.
// Working time is real elapsed time inside working intervals: a 25-hour DST day counts 25 h.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "core/time_types.hpp"
#include "core/zone.hpp"

namespace csqm::core {

inline constexpr int kFirstYear = 1971;  // local calendar years a Schedule can compute in
inline constexpr int kLastYear = 2199;

class Schedule {
 public:
  // Validates the spec (ValidateCalendar) and binds it to its zone.
  static Result<std::shared_ptr<const Schedule>> Compile(CalendarSpec spec,
                                                         std::shared_ptr<const ZoneRules> zone);
  // Looks the zone up by spec.tz: "calendar.unknown_zone" (field "tz") when it does not exist.
  static Result<std::shared_ptr<const Schedule>> Compile(CalendarSpec spec,
                                                         const ZoneDatabase& zones);
  ~Schedule();
  Schedule(const Schedule&) = delete;
  Schedule& operator=(const Schedule&) = delete;

  const CalendarSpec& spec() const { return spec_; }
  const ZoneRules& zone() const { return *zone_; }

  // Working time inside [from, to); negative when to < from. kOutOfRange outside the years
  // kFirstYear…kLastYear.
  Result<Millis> WorkingTime(Instant from, Instant to) const;

  // span > 0: the earliest instant t with WorkingTime(start, t) == span — a deadline that
  // lands on a closing time stays there. span < 0: the latest t with WorkingTime(t, start)
  // == -span (an opening stays an opening). span == 0: NextOpening(start).
  // kFailedPrecondition when the calendar has no working time for ten years in a row.
  Result<Instant> AddWorkingTime(Instant start, Millis span) const;

  // `at` itself when it is inside working time, else the next opening.
  Result<Instant> NextOpening(Instant at) const;

  // The close (end of the last working interval) of the n-th working day after the local
  // date of `start`; the start day is not counted. n == 0: the close of the start day when it
  // is a working day not yet closed at `start`, else of the next working day.
  Result<Instant> CloseOfWorkday(Instant start, int n) const;

  // Working intervals overlapping [from, to), clipped to it, in order.
  Result<std::vector<Span>> WorkingSpans(Instant from, Instant to) const;

  struct YearTable;

 private:
  Schedule(CalendarSpec spec, std::shared_ptr<const ZoneRules> zone);
  Result<const YearTable*> Table(int year) const;
  Result<int> YearOf(Instant at) const;
  std::unique_ptr<YearTable> Build(int year) const;

  CalendarSpec spec_;
  std::shared_ptr<const ZoneRules> zone_;
  mutable std::array<std::atomic<const YearTable*>, kLastYear - kFirstYear + 1> tables_{};
  mutable std::mutex build_mutex_;
  mutable std::vector<std::unique_ptr<YearTable>> owned_;  // guarded by build_mutex_
};

}  // namespace csqm::core
