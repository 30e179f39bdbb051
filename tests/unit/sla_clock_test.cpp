#include "core/sla_clock.hpp"

#include <gtest/gtest.h>

#include <map>

#include "test_calendars.hpp"

namespace csqm::core {
namespace {

using testing::Compile;
using testing::Hours;
using testing::Local;
using testing::Show;

// The calendars the tables below refer to by key.
const Schedule& Cal(const std::string& key) {
  static const auto* all = [] {
    auto* m = new std::map<std::string, std::shared_ptr<const Schedule>>;
    (*m)["cn9"] = testing::Template("china-0900-1700.json");
    (*m)["cnl"] = testing::Template("china-0830-1730-lunch.json");
    (*m)["24x7"] = testing::Template("24x7.json");
    (*m)["plain"] = Compile(testing::Weekdays(Hours({{"09:00", "17:00"}})));
    // Every day 00:00–24:00 in New York, and Sunday 01:00–04:00 in Paris: DST at work.
    CalendarSpec ny;
    ny.tz = "America/New_York";
    for (auto& d : ny.week) d = Hours({{"00:00", "24:00"}});
    (*m)["ny"] = Compile(ny);
    CalendarSpec ny_office = testing::Weekdays(Hours({{"09:00", "17:00"}}), "America/New_York");
    ny_office.week[6] = Hours({{"01:00", "04:00"}});
    (*m)["ny-office"] = Compile(ny_office);
    CalendarSpec paris = testing::Weekdays(Hours({{"09:00", "17:00"}}), "Europe/Paris");
    paris.week[6] = Hours({{"01:00", "04:00"}});
    (*m)["paris"] = Compile(paris);
    return m;
  }();
  return *all->at(key);
}

struct DueCase {
  const char* what;
  const char* cal;
  const char* start;
  const char* clock;
  const char* limit;
  const char* due;
};

// Each row: the deadline csqm must compute, with the reason in words.
const DueCase kDueCases[] = {
    // Working hours, lunch breaks, closings.
    {"stays at closing", "cn9", "2026-03-02T13:00", "business", "4h", "2026-03-02T17:00:00+08:00"},
    {"stays at lunch start", "cnl", "2026-03-02T10:00", "business", "2h",
     "2026-03-02T12:00:00+08:00"},
    {"resumes after lunch", "cnl", "2026-03-02T10:00", "business", "2h1m",
     "2026-03-02T13:31:00+08:00"},
    {"started in lunch", "cnl", "2026-03-02T12:30", "business", "30m", "2026-03-02T14:00:00+08:00"},
    {"started at night", "cn9", "2026-03-02T20:00", "business", "1h", "2026-03-03T10:00:00+08:00"},
    {"started before opening", "cn9", "2026-03-02T07:00", "business", "1h",
     "2026-03-02T10:00:00+08:00"},
    {"started at closing", "cn9", "2026-03-02T17:00", "business", "1h",
     "2026-03-03T10:00:00+08:00"},
    {"started on Saturday", "cn9", "2026-03-07T10:00", "business", "1h",
     "2026-03-09T10:00:00+08:00"},
    {"to the second", "cn9", "2026-03-02T16:59:30", "business", "45s", "2026-03-03T09:00:15+08:00"},
    {"half day is 240 min", "cn9", "2026-03-02T09:00", "business", "0.5d",
     "2026-03-02T13:00:00+08:00"},
    {"half day over lunch", "cnl", "2026-03-02T08:30", "business", "0.5d",
     "2026-03-02T14:00:00+08:00"},
    {"two days of 480", "cn9", "2026-03-02T13:00", "business", "2d", "2026-03-04T13:00:00+08:00"},
    {"two days of 450", "cnl", "2026-03-02T08:30", "business", "2d", "2026-03-03T17:30:00+08:00"},
    {"fractional hours", "cn9", "2026-03-02T09:00", "business", "1.5h",
     "2026-03-02T10:30:00+08:00"},
    // Zero and negative durations.
    {"zero inside hours", "cn9", "2026-03-02T10:00", "business", "0m", "2026-03-02T10:00:00+08:00"},
    {"zero at night moves to opening", "cn9", "2026-03-02T20:00", "business", "0m",
     "2026-03-03T09:00:00+08:00"},
    {"zero 24x7", "24x7", "2026-03-02T20:00", "24x7", "0s", "2026-03-02T20:00:00+08:00"},
    {"backwards", "cn9", "2026-03-03T10:00", "business", "-2h", "2026-03-02T16:00:00+08:00"},
    {"backwards stays at opening", "cn9", "2026-03-03T11:00", "business", "-2h",
     "2026-03-03T09:00:00+08:00"},
    {"backwards from night", "cn9", "2026-03-02T22:00", "business", "-1h",
     "2026-03-02T16:00:00+08:00"},
    {"backwards over Spring Festival", "cn9", "2026-02-24T10:00", "business", "-2h",
     "2026-02-14T16:00:00+08:00"},
    {"backwards 24x7", "24x7", "2026-03-02T20:00", "24x7", "-1d", "2026-03-01T20:00:00+08:00"},
    // Holidays and make-up days (调休).
    {"Spring Festival eve to make-up Saturday", "cn9", "2026-02-13T16:00", "business", "2h",
     "2026-02-14T10:00:00+08:00"},
    {"make-up Saturday over Spring Festival", "cn9", "2026-02-14T16:00", "business", "2h",
     "2026-02-24T10:00:00+08:00"},
    {"make-up Saturday 28 Feb", "cn9", "2026-02-27T16:00", "business", "2h",
     "2026-02-28T10:00:00+08:00"},
    {"National Day 2026", "cn9", "2026-09-30T16:00", "business", "2h", "2026-10-08T10:00:00+08:00"},
    {"make-up Sunday 20 Sep 2026", "cn9", "2026-09-18T16:00", "business", "2h",
     "2026-09-20T10:00:00+08:00"},
    {"Mid-Autumn 2026", "cn9", "2026-09-24T16:00", "business", "2h", "2026-09-28T10:00:00+08:00"},
    {"make-up Sunday 26 Jan 2025", "cn9", "2025-01-24T16:00", "business", "2h",
     "2025-01-26T10:00:00+08:00"},
    {"Spring Festival 2025", "cn9", "2025-01-27T16:00", "business", "2h",
     "2025-02-05T10:00:00+08:00"},
    {"National Day 2025", "cn9", "2025-09-30T16:00", "business", "2h", "2025-10-09T10:00:00+08:00"},
    {"make-up Sunday 28 Sep 2025", "cn9", "2025-09-26T16:00", "business", "2h",
     "2025-09-28T10:00:00+08:00"},
    {"New Year 2026 and make-up Sunday", "cn9", "2025-12-31T16:00", "business", "2h",
     "2026-01-04T10:00:00+08:00"},
    {"holiday start counts from reopening", "cn9", "2026-10-03T10:00", "business", "30m",
     "2026-10-08T09:30:00+08:00"},
    // Working days.
    {"workdays skip National Day", "cn9", "2026-09-24T10:00", "workdays", "7d",
     "2026-10-12T17:00:00+08:00"},
    {"workdays bare number", "cnl", "2026-02-13T10:00", "workdays", "3",
     "2026-02-25T17:30:00+08:00"},
    {"workdays start day not counted", "cn9", "2026-03-02T08:00", "workdays", "1",
     "2026-03-03T17:00:00+08:00"},
    {"workdays from Saturday", "cn9", "2026-03-07T10:00", "workdays", "1d",
     "2026-03-09T17:00:00+08:00"},
    {"workdays zero is today's close", "cn9", "2026-03-02T10:00", "workdays", "0",
     "2026-03-02T17:00:00+08:00"},
    {"workdays zero after close", "cn9", "2026-03-02T18:00", "workdays", "0",
     "2026-03-03T17:00:00+08:00"},
    {"workdays across years", "cn9", "2025-12-30T10:00", "workdays", "2",
     "2026-01-04T17:00:00+08:00"},
    // 24x7.
    {"24x7 ignores holidays", "cn9", "2026-02-17T23:55", "24x7", "10m",
     "2026-02-18T00:05:00+08:00"},
    {"24x7 days are 24 h", "cn9", "2026-02-13T10:00", "24x7", "2d", "2026-02-15T10:00:00+08:00"},
    // Daylight saving time.
    {"DST gap day has 23 h", "ny", "2026-03-08T00:00", "business", "23h",
     "2026-03-09T00:00:00-04:00"},
    {"DST fall-back day has 25 h", "ny", "2026-11-01T00:00", "business", "25h",
     "2026-11-02T00:00:00-05:00"},
    {"24x7 is real time over DST", "ny", "2026-03-07T12:00", "24x7", "1d",
     "2026-03-08T13:00:00-04:00"},
    {"interval over the gap is 2 h", "ny-office", "2026-03-08T01:00", "business", "2h",
     "2026-03-08T04:00:00-04:00"},
    {"start inside the gap moves forward", "ny-office", "2026-03-08T02:30", "business", "30m",
     "2026-03-08T04:00:00-04:00"},
    {"interval over fall-back is 4 h", "ny-office", "2026-11-01T01:00", "business", "4h",
     "2026-11-01T04:00:00-05:00"},
    {"Paris spring forward", "paris", "2026-03-29T01:00", "business", "2h",
     "2026-03-29T04:00:00+02:00"},
    {"Paris fall back", "paris", "2026-10-25T01:00", "business", "4h", "2026-10-25T04:00:00+01:00"},
    // Leap days and long spans.
    {"leap day is a working day", "plain", "2028-02-28T16:00", "business", "2h",
     "2028-02-29T10:00:00+08:00"},
    {"leap day workday", "plain", "2028-02-28T10:00", "workdays", "1", "2028-02-29T17:00:00+08:00"},
    {"one year of working days", "plain", "2026-01-01T09:00", "workdays", "260",
     "2026-12-31T17:00:00+08:00"},
    {"two years of business time", "plain", "2026-01-01T09:00", "business", "522d",
     "2027-12-31T17:00:00+08:00"},
    {"three years backwards", "plain", "2029-01-01T09:00", "business", "-782d",
     "2026-01-01T09:00:00+08:00"},
};

TEST(DueAt, TableOfDeadlines) {
  for (const auto& c : kDueCases) {
    SCOPED_TRACE(c.what);
    const Schedule& s = Cal(c.cal);
    auto clock = ParseClockKind(c.clock);
    ASSERT_TRUE(clock.ok());
    auto limit = ParseLimit(*clock, c.limit, s.spec());
    ASSERT_TRUE(limit.ok()) << limit.error().OneLine();
    EXPECT_EQ(Show(s, DueAt(s, Local(s, c.start), *limit)), c.due);
  }
}

TEST(DueAt, BusinessDeadlineAndElapsedAgree) {
  for (const auto& c : kDueCases) {
    if (std::string(c.clock) != "business") continue;
    SCOPED_TRACE(c.what);
    const Schedule& s = Cal(c.cal);
    auto limit = *ParseLimit(ClockKind::kBusiness, c.limit, s.spec());
    const Instant start = Local(s, c.start);
    auto due = DueAt(s, start, limit);
    ASSERT_TRUE(due.ok());
    EXPECT_EQ(*Elapsed(s, ClockKind::kBusiness, start, *due), limit.span);
  }
}

struct PauseCase {
  const char* what;
  const char* start;
  const char* clock;
  const char* limit;
  std::vector<std::pair<const char*, const char*>> pauses;
  const char* due;
};

TEST(DueAt, PausesDoNotCount) {
  const Schedule& s = Cal("cn9");
  const PauseCase cases[] = {
      {"pause inside the day",
       "2026-03-02T10:00",
       "business",
       "4h",
       {{"2026-03-02T11:00", "2026-03-02T13:00"}},
       "2026-03-02T16:00:00+08:00"},
      {"pause across Spring Festival",
       "2026-02-12T10:00",
       "business",
       "2d",
       {{"2026-02-13T09:00", "2026-02-24T09:00"}},
       "2026-02-25T10:00:00+08:00"},
      {"pause ending after the plain deadline",
       "2026-03-02T10:00",
       "business",
       "1h",
       {{"2026-03-02T10:30", "2026-03-02T15:00"}},
       "2026-03-02T15:30:00+08:00"},
      {"deadline right at pause start",
       "2026-03-02T10:00",
       "business",
       "1h",
       {{"2026-03-02T11:00", "2026-03-02T12:00"}},
       "2026-03-02T11:00:00+08:00"},
      {"started inside a pause",
       "2026-03-02T10:00",
       "business",
       "1h",
       {{"2026-03-02T09:00", "2026-03-02T14:00"}},
       "2026-03-02T15:00:00+08:00"},
      {"overlapping pauses merge",
       "2026-03-02T10:00",
       "business",
       "2h",
       {{"2026-03-02T11:00", "2026-03-02T12:00"}, {"2026-03-02T11:30", "2026-03-02T13:00"}},
       "2026-03-02T14:00:00+08:00"},
      {"pauses in any order",
       "2026-03-02T09:00",
       "business",
       "3h",
       {{"2026-03-02T14:00", "2026-03-02T15:00"}, {"2026-03-02T10:00", "2026-03-02T11:00"}},
       "2026-03-02T13:00:00+08:00"},
      {"pause outside working time costs nothing",
       "2026-03-02T16:00",
       "business",
       "2h",
       {{"2026-03-02T18:00", "2026-03-03T08:00"}},
       "2026-03-03T10:00:00+08:00"},
      {"24x7 pause",
       "2026-03-02T10:00",
       "24x7",
       "10m",
       {{"2026-03-02T10:05", "2026-03-02T11:00"}},
       "2026-03-02T11:05:00+08:00"},
      {"workdays extended by a paused working day",
       "2026-03-02T10:00",
       "workdays",
       "3",
       {{"2026-03-03T09:00", "2026-03-04T09:00"}},
       "2026-03-06T17:00:00+08:00"},
      {"workdays pause after the deadline",
       "2026-03-02T10:00",
       "workdays",
       "3",
       {{"2026-03-06T09:00", "2026-03-07T09:00"}},
       "2026-03-05T17:00:00+08:00"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    std::vector<Span> pauses;
    for (const auto& [b, e] : c.pauses) pauses.push_back({Local(s, b), Local(s, e)});
    auto limit = *ParseLimit(*ParseClockKind(c.clock), c.limit, s.spec());
    EXPECT_EQ(Show(s, DueAt(s, Local(s, c.start), limit, pauses)), c.due);
  }
}

TEST(Elapsed, WorkingMinutesBetweenInstants) {
  const Schedule& s = Cal("cn9");
  const auto minutes = [&](const char* a, const char* b, ClockKind clock = ClockKind::kBusiness) {
    return std::chrono::duration_cast<std::chrono::minutes>(
               *Elapsed(s, clock, Local(s, a), Local(s, b)))
        .count();
  };
  EXPECT_EQ(minutes("2026-02-13T16:00", "2026-02-24T10:00"), 60 + 480 + 60);
  EXPECT_EQ(minutes("2026-02-24T10:00", "2026-02-13T16:00"), -600) << "reversed is negative";
  EXPECT_EQ(minutes("2026-03-07T00:00", "2026-03-09T00:00"), 0) << "a weekend";
  EXPECT_EQ(minutes("2026-10-01T00:00", "2026-10-08T00:00"), 0) << "National Day";
  EXPECT_EQ(minutes("2026-03-02T10:00", "2026-03-02T10:00"), 0);
  EXPECT_EQ(minutes("2026-02-13T16:00", "2026-02-24T10:00", ClockKind::k24x7), 10 * 1440 + 18 * 60);
  EXPECT_EQ(minutes("2025-01-01T00:00", "2027-01-01T00:00"), (248 + 248) * 480)
      << "working days 2025 (248) and 2026 (248) in the official schedules";
  const Schedule& ny = Cal("ny");
  EXPECT_EQ(*Elapsed(ny, ClockKind::kBusiness, Local(ny, "2026-11-01T00:00"),
                     Local(ny, "2026-11-02T00:00")),
            std::chrono::hours(25));
}

TEST(Elapsed, SubtractsPauses) {
  const Schedule& s = Cal("cn9");
  std::vector<Span> pauses = {{Local(s, "2026-03-02T11:00"), Local(s, "2026-03-02T12:00")},
                              {Local(s, "2026-03-02T11:30"), Local(s, "2026-03-02T20:00")}};
  EXPECT_EQ(*Elapsed(s, ClockKind::kBusiness, Local(s, "2026-03-02T09:00"),
                     Local(s, "2026-03-03T10:00"), pauses),
            std::chrono::hours(3));
}

TEST(ParseLimit, UnitsFractionsAndErrors) {
  const auto spec = Cal("cnl").spec();  // day 450 min, half day 240
  const auto ms = [&](ClockKind clock, const char* text) { return ParseLimit(clock, text, spec); };
  using std::chrono::minutes;
  EXPECT_EQ(ms(ClockKind::kBusiness, "30m")->span, minutes(30));
  EXPECT_EQ(ms(ClockKind::kBusiness, "0.5d")->span, minutes(240));
  EXPECT_EQ(ms(ClockKind::kBusiness, "1.5d")->span, minutes(450 + 240));
  EXPECT_EQ(ms(ClockKind::kBusiness, "2d")->span, minutes(900));
  EXPECT_EQ(ms(ClockKind::kBusiness, "0.25d")->span, Millis(450 * 60000 / 4));
  EXPECT_EQ(ms(ClockKind::kBusiness, "1h30m")->span, minutes(90));
  EXPECT_EQ(ms(ClockKind::kBusiness, "-2h")->span, -minutes(120));
  EXPECT_EQ(ms(ClockKind::kBusiness, "1.5s")->span, Millis(1500));
  EXPECT_EQ(ms(ClockKind::k24x7, "2d")->span, std::chrono::hours(48));
  EXPECT_EQ(ms(ClockKind::k24x7, "0.5d")->span, std::chrono::hours(12));
  EXPECT_EQ(ms(ClockKind::kWorkdays, "7d")->workdays, 7);
  EXPECT_EQ(ms(ClockKind::kWorkdays, "7")->workdays, 7);
  for (auto [clock, text] :
       std::vector<std::pair<ClockKind, const char*>>{{ClockKind::kBusiness, "30"},
                                                      {ClockKind::kBusiness, "30x"},
                                                      {ClockKind::kBusiness, ""},
                                                      {ClockKind::kBusiness, "h"},
                                                      {ClockKind::kBusiness, "1..5h"},
                                                      {ClockKind::kBusiness, "25:00"},
                                                      {ClockKind::kBusiness, "9999999999h"},
                                                      {ClockKind::kWorkdays, "1.5d"},
                                                      {ClockKind::kWorkdays, "-1"},
                                                      {ClockKind::kWorkdays, "3h"},
                                                      {ClockKind::kWorkdays, "1d2d"},
                                                      {ClockKind::k24x7, "--1h"}}) {
    auto limit = ParseLimit(clock, text, spec);
    ASSERT_FALSE(limit.ok()) << text;
    EXPECT_EQ(limit.error().reason, "sla.bad_limit") << text;
  }
  EXPECT_EQ(ParseClockKind("weekly").error().reason, "sla.bad_clock");
}

TEST(DueAt, CalendarWithoutWorkingTimeIsAnErrorNotAHang) {
  CalendarSpec closed;
  auto s = Compile(closed);
  auto limit = *ParseLimit(ClockKind::kBusiness, "1h", closed);
  auto due = DueAt(*s, Local(*s, "2026-03-02T10:00"), limit);
  ASSERT_FALSE(due.ok());
  EXPECT_EQ(due.error().reason, "calendar.no_working_time");
  auto workdays = DueAt(*s, Local(*s, "2026-03-02T10:00"), Limit{ClockKind::kWorkdays, {}, 3});
  EXPECT_EQ(workdays.error().reason, "calendar.no_working_time");
}

TEST(DueAt, OutsideTheComputableYearsIsOutOfRange) {
  const Schedule& s = Cal("plain");
  auto limit = *ParseLimit(ClockKind::kBusiness, "1h", s.spec());
  EXPECT_EQ(DueAt(s, Local(s, "2199-12-31T16:30"), limit).error().reason, "time.out_of_range");
  EXPECT_EQ(DueAt(s, Local(s, "1960-01-04T10:00"), limit).error().reason, "time.out_of_range");
}

TEST(DueAt, BackwardsWithPausesIsRejected) {
  const Schedule& s = Cal("plain");
  auto limit = *ParseLimit(ClockKind::kBusiness, "-1h", s.spec());
  std::vector<Span> pauses = {{Local(s, "2026-03-02T09:00"), Local(s, "2026-03-02T09:30")}};
  EXPECT_EQ(DueAt(s, Local(s, "2026-03-02T12:00"), limit, pauses).error().reason,
            "sla.pause_backwards");
}

TEST(CountedSpans, ListsWorkingIntervalsWithoutPauses) {
  const Schedule& s = Cal("cnl");
  std::vector<Span> pauses = {{Local(s, "2026-03-02T09:00"), Local(s, "2026-03-02T10:00")}};
  auto spans = CountedSpans(s, ClockKind::kBusiness, Local(s, "2026-03-02T08:00"),
                            Local(s, "2026-03-03T09:00"), pauses);
  ASSERT_TRUE(spans.ok());
  std::vector<std::string> shown;
  for (const auto& sp : *spans) shown.push_back(Show(s, sp.begin) + "/" + Show(s, sp.end));
  EXPECT_EQ(shown, (std::vector<std::string>{
                       "2026-03-02T08:30:00+08:00/2026-03-02T09:00:00+08:00",
                       "2026-03-02T10:00:00+08:00/2026-03-02T12:00:00+08:00",
                       "2026-03-02T13:30:00+08:00/2026-03-02T17:30:00+08:00",
                       "2026-03-03T08:30:00+08:00/2026-03-03T09:00:00+08:00",
                   }));
}

}  // namespace
}  // namespace csqm::core
