#include "core/calendar_json.hpp"

#include <gtest/gtest.h>

#include "test_calendars.hpp"

namespace csqm::core {
namespace {

constexpr const char* kGood = R"({
  "name": "测试日历",
  "tz": "Asia/Shanghai",
  "week": {"mon": [["08:30","12:00"],["13:30","17:30"]], "sat": []},
  "holidays": ["2026-10-01", "2026-10-02"],
  "extra_workdays": ["2026-09-20", {"date": "2026-10-10", "hours": [["09:00","12:00"]]}],
  "day_minutes": 450, "half_day_minutes": 210
})";

TEST(ParseCalendarJson, ReadsEveryField) {
  auto spec = ParseCalendarJson(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().OneLine();
  EXPECT_EQ(spec->name, "测试日历");
  EXPECT_EQ(spec->tz, "Asia/Shanghai");
  EXPECT_EQ(spec->week[0], (DayHours{{510, 720}, {810, 1050}}));
  EXPECT_TRUE(spec->week[1].empty()) << "a missing weekday is closed";
  EXPECT_EQ(spec->holidays.size(), 2u);
  ASSERT_EQ(spec->extra_workdays.size(), 2u);
  EXPECT_FALSE(spec->extra_workdays[0].hours.has_value());
  EXPECT_EQ(*spec->extra_workdays[1].hours, (DayHours{{540, 720}}));
  EXPECT_EQ(spec->day_minutes, 450);
  EXPECT_EQ(spec->half_day_minutes, 210);
}

TEST(ParseCalendarJson, RoundTripsThroughCalendarToJson) {
  auto spec = ParseCalendarJson(kGood);
  ASSERT_TRUE(spec.ok());
  auto again = ParseCalendarJson(CalendarToJson(*spec));
  ASSERT_TRUE(again.ok()) << again.error().OneLine();
  EXPECT_EQ(*again, *spec);
}

TEST(ParseCalendarJson, ShippedTemplatesAreValid) {
  for (const char* name : {"china-0900-1700.json", "china-0830-1730-lunch.json", "24x7.json"}) {
    auto spec =
        ParseCalendarJson(testing::ReadSourceFile(std::string("templates/calendars/") + name));
    EXPECT_TRUE(spec.ok()) << name << ": " << (spec.ok() ? "" : spec.error().OneLine());
  }
}

TEST(ParseCalendarJson, ErrorsNameTheFieldAndTheProblem) {
  struct Case {
    const char* json;
    const char* reason;
    const char* field;
  } cases[] = {
      {R"({"tz":"Asia/Shanghai","week":{"mon":[["09:00","25:00"]]}})", "calendar.bad_time",
       "week.mon[0]"},
      {R"({"tz":"Asia/Shanghai","week":{"tue":[["17:00","09:00"]]}})", "calendar.reversed_interval",
       "week.tue[0]"},
      {R"({"tz":"Asia/Shanghai","week":{"wed":[["09:00","12:00"],["11:00","13:00"]]}})",
       "calendar.overlapping_intervals", "week.wed[1]"},
      {R"({"tz":"Asia/Shanghai","week":{"thu":[["13:00","17:00"],["09:00","12:00"]]}})",
       "calendar.overlapping_intervals", "week.thu[1]"},
      {R"({"tz":"Asia/Shanghai","holidays":["2026-10-01"],"extra_workdays":["2026-10-01"]})",
       "calendar.holiday_and_workday", "extra_workdays[0].date"},
      {R"({"tz":"Asia/Shanghai","holidays":["2026-02-30"]})", "time.bad_date", "holidays[0]"},
      {R"({"tz":"Asia/Shanghai","holidays":["2026/10/01"]})", "time.bad_date", "holidays[0]"},
      {R"({"tz":"Asia/Shanghai","holidays":["2026-10-02","2026-10-01"]})",
       "calendar.unsorted_dates", "holidays[1]"},
      {R"({"tz":"Asia/Shanghai","holiday":["2026-10-01"]})", "calendar.unknown_key", "holiday"},
      {R"({"tz":"Asia/Shanghai","week":{"monday":[]}})", "calendar.unknown_key", "week.monday"},
      {R"({"week":{}})", "calendar.missing_zone", "tz"},
      {R"({"tz":"Asia/Shanghai","week":{"mon":"09:00-17:00"}})", "calendar.wrong_type", "week.mon"},
      {R"({"tz":"Asia/Shanghai","week":{"mon":[["09:00"]]}})", "calendar.wrong_type",
       "week.mon[0]"},
      {R"({"tz":"Asia/Shanghai","extra_workdays":[{"hours":[]}]})", "calendar.missing_date",
       "extra_workdays[0]"},
      {R"({"tz":"Asia/Shanghai","day_minutes":0})", "calendar.bad_minutes", "day_minutes"},
      {R"({"tz":"Asia/Shanghai","half_day_minutes":500})", "calendar.bad_minutes",
       "half_day_minutes"},
      {R"({"tz":"Asia/Shanghai","day_minutes":1.5})", "calendar.wrong_type", "day_minutes"},
      {R"({"tz":"Asia/Shanghai",)", "calendar.bad_json", ""},
      {R"([1,2,3])", "calendar.wrong_type", ""},
      {R"("")", "calendar.wrong_type", ""},
  };
  for (const auto& c : cases) {
    auto spec = ParseCalendarJson(c.json);
    ASSERT_FALSE(spec.ok()) << c.json;
    EXPECT_EQ(spec.error().reason, c.reason) << c.json;
    EXPECT_EQ(spec.error().field, c.field) << c.json;
    EXPECT_FALSE(spec.error().message_zh.empty());
    EXPECT_FALSE(spec.error().message_en.empty());
  }
}

TEST(ScheduleCompile, UnknownZoneIsAnErrorOnFieldTz) {
  auto spec = ParseCalendarJson(R"({"tz":"Asia/Beijing"})");
  ASSERT_TRUE(spec.ok());
  auto s = Schedule::Compile(*spec, platform::SystemZones());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "calendar.unknown_zone");
  EXPECT_EQ(s.error().field, "tz");
}

TEST(NormaliseCalendar, SortsAndKeepsTheLastOverrideForADate) {
  CalendarSpec spec;
  spec.holidays = {*ParseDate("2026-10-02"), *ParseDate("2026-10-01"), *ParseDate("2026-10-02")};
  spec.extra_workdays = {{*ParseDate("2026-10-10"), std::nullopt},
                         {*ParseDate("2026-09-20"), std::nullopt},
                         {*ParseDate("2026-10-10"), DayHours{{540, 720}}}};
  NormaliseCalendar(spec);
  EXPECT_EQ(spec.holidays, (std::vector<Date>{*ParseDate("2026-10-01"), *ParseDate("2026-10-02")}));
  ASSERT_EQ(spec.extra_workdays.size(), 2u);
  EXPECT_EQ(spec.extra_workdays[1].hours, (DayHours{{540, 720}}));
  EXPECT_TRUE(ValidateCalendar(spec).ok());
}

TEST(HoursOn, HolidayClosedOverrideWinsElseWeekday) {
  auto spec = *ParseCalendarJson(kGood);
  EXPECT_TRUE(HoursOn(spec, *ParseDate("2026-10-01")).empty());
  EXPECT_EQ(HoursOn(spec, *ParseDate("2026-09-20")), spec.week[0]) << "defaults to Monday's";
  EXPECT_EQ(HoursOn(spec, *ParseDate("2026-10-10")), (DayHours{{540, 720}}));
  EXPECT_EQ(HoursOn(spec, *ParseDate("2026-10-12")), spec.week[0]);
  EXPECT_TRUE(HoursOn(spec, *ParseDate("2026-10-13")).empty());
}

}  // namespace
}  // namespace csqm::core
