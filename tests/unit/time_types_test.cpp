#include "core/time_types.hpp"

#include <gtest/gtest.h>

namespace csqm::core {
namespace {

TEST(ParseDate, AcceptsRealDatesAndRejectsEverythingElse) {
  struct Case {
    const char* text;
    bool ok;
  } cases[] = {
      {"2026-02-14", true},  {"2028-02-29", true},  {"2026-02-29", false}, {"2026-13-01", false},
      {"2026-00-10", false}, {"2026-1-01", false},  {"20260214", false},   {"2026-02-14x", false},
      {"", false},           {"abcd-ef-gh", false}, {"2026-04-31", false}, {"1900-02-29", false},
  };
  for (const auto& c : cases) {
    auto d = ParseDate(c.text);
    EXPECT_EQ(d.ok(), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(FormatDate(*d), c.text);
    } else {
      EXPECT_EQ(d.error().reason, "time.bad_date");
    }
  }
}

TEST(ParseClockMinute, AcceptsZeroToTwentyFourHundred) {
  EXPECT_EQ(*ParseClockMinute("00:00"), 0);
  EXPECT_EQ(*ParseClockMinute("08:30"), 510);
  EXPECT_EQ(*ParseClockMinute("24:00"), 1440);
  for (const char* bad : {"25:00", "24:01", "12:60", "9:00", "09-00", "0900", "", "ab:cd"}) {
    auto m = ParseClockMinute(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().reason, "calendar.bad_time");
  }
  EXPECT_EQ(FormatClockMinute(510), "08:30");
  EXPECT_EQ(FormatClockMinute(1440), "24:00");
}

TEST(ParseLocalTime, ReadsMinutesSecondsAndFractions) {
  const auto base = Date(std::chrono::year(2026) / 2 / 14).time_since_epoch();
  EXPECT_EQ(ParseLocalTime("2026-02-14T09:05")->time_since_epoch(),
            base + std::chrono::hours(9) + std::chrono::minutes(5));
  EXPECT_EQ(ParseLocalTime("2026-02-14 09:05:07")->time_since_epoch(),
            base + std::chrono::hours(9) + std::chrono::minutes(5) + std::chrono::seconds(7));
  EXPECT_EQ(ParseLocalTime("2026-02-14T09:05:07.25")->time_since_epoch(),
            base + std::chrono::hours(9) + std::chrono::minutes(5) + Millis(7250));
  for (const char* bad : {"2026-02-14", "2026-02-14T24:00", "2026-02-14T09:5", "2026-02-14T09:05:",
                          "2026-02-14T09:05:60", "2026-02-30T09:00", "2026-02-14T09:05Z"}) {
    EXPECT_FALSE(ParseLocalTime(bad).ok()) << bad;
  }
}

TEST(ParseRfc3339, AppliesTheOffsetAndRoundTrips) {
  auto z = ParseRfc3339("2026-02-14T03:00:00Z");
  auto cst = ParseRfc3339("2026-02-14T11:00:00+08:00");
  auto ny = ParseRfc3339("2026-02-13T22:00:00-05:00");
  ASSERT_TRUE(z.ok() && cst.ok() && ny.ok());
  EXPECT_EQ(*z, *cst);
  EXPECT_EQ(*z, *ny);
  EXPECT_EQ(FormatRfc3339(*z, std::chrono::hours(8)), "2026-02-14T11:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(*z, -std::chrono::hours(5)), "2026-02-13T22:00:00-05:00");
  EXPECT_EQ(FormatRfc3339(*z + Millis(5), std::chrono::seconds(0)),
            "2026-02-14T03:00:00.005+00:00");
  EXPECT_EQ(FormatRfc3339(*z, std::chrono::minutes(330)), "2026-02-14T08:30:00+05:30");
  EXPECT_FALSE(ParseRfc3339("2026-02-14T03:00:00+8:00").ok());
  EXPECT_FALSE(ParseRfc3339("2026-02-14T03:00:00+24:00").ok());
  EXPECT_TRUE(HasUtcOffset("2026-02-14T03:00:00Z"));
  EXPECT_TRUE(HasUtcOffset("2026-02-14T03:00:00-05:00"));
  EXPECT_FALSE(HasUtcOffset("2026-02-14T03:00:00"));
  EXPECT_FALSE(HasUtcOffset("2026-02-14T03:00"));
}

TEST(Rfc3339, FormatIntoABufferWritesTheSameTextRoundTripping) {
  const Instant start = *ParseRfc3339("1970-01-01T00:00:00Z");
  uint64_t state = 42;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    // Instants from 1970 to about 2100, milliseconds and offsets of -12:00 to +14:00 included.
    const Instant t = start + Millis(int64_t(state >> 22) % 4'102'444'800'000LL);
    const auto offset = std::chrono::minutes(int64_t(state % 1561) - 720);
    char buffer[kRfc3339MaxLength];
    const std::string_view text(buffer, FormatRfc3339To(buffer, t, offset));
    ASSERT_EQ(text, FormatRfc3339(t, offset));
    ASSERT_EQ(*ParseRfc3339(text), t) << text;
  }
  char buffer[kRfc3339MaxLength];
  const Instant last = *ParseRfc3339("9999-12-31T23:59:59.999+14:00");
  EXPECT_EQ(std::string_view(buffer, FormatRfc3339To(buffer, last, std::chrono::hours(14))),
            "9999-12-31T23:59:59.999+14:00");
}

TEST(WeekdayIndex, MondayIsZeroSundayIsSix) {
  EXPECT_EQ(WeekdayIndex(*ParseDate("2026-02-16")), 0);
  EXPECT_EQ(WeekdayIndex(*ParseDate("2026-02-14")), 5);
  EXPECT_EQ(WeekdayIndex(*ParseDate("2026-02-15")), 6);
}

}  // namespace
}  // namespace csqm::core
