// Properties over random calendars and instants: whatever the calendar, a deadline and the
// working time up to it agree, and later limits never give earlier deadlines.
#include <gtest/gtest.h>

#include <random>

#include "test_calendars.hpp"

namespace csqm::core {
namespace {

constexpr const char* kZones[] = {
    "Asia/Shanghai",       "America/New_York", "Europe/Paris",     "UTC",
    "Australia/Lord_Howe", "Asia/Kolkata",     "America/Sao_Paulo"};

struct RandomWorld {
  std::mt19937_64 rng;
  explicit RandomWorld(uint64_t seed) : rng(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  DayHours RandomHours() {
    DayHours hours;
    int at = 0;
    const int n = Uniform(0, 3);
    for (int i = 0; i < n && at < 1440; ++i) {
      const int begin = Uniform(at, std::min(1439, at + 600));
      const int end = Uniform(begin + 1, std::min(1440, begin + 600));
      hours.push_back({begin, end});
      at = end + Uniform(0, 90);
    }
    return hours;
  }

  CalendarSpec RandomCalendar() {
    CalendarSpec spec;
    spec.tz = kZones[Uniform(0, std::size(kZones) - 1)];
    for (auto& day : spec.week) day = RandomHours();
    const Date base = *ParseDate("2025-01-01");
    for (int i = Uniform(0, 40); i > 0; --i) {
      spec.holidays.push_back(base + std::chrono::days(Uniform(0, 3 * 365)));
    }
    NormaliseCalendar(spec);
    for (int i = Uniform(0, 10); i > 0; --i) {
      const Date d = base + std::chrono::days(Uniform(0, 3 * 365));
      if (std::binary_search(spec.holidays.begin(), spec.holidays.end(), d)) continue;
      ExtraWorkday extra{d, std::nullopt};
      if (Uniform(0, 1)) extra.hours = RandomHours();
      spec.extra_workdays.push_back(extra);
    }
    NormaliseCalendar(spec);
    return spec;
  }

  Instant RandomInstant() {
    const auto begin = Instant(std::chrono::seconds(1735689600));  // 2025-01-01T00:00Z
    const int64_t range_ms = int64_t(3) * 365 * 86'400'000;
    const int64_t offset = std::uniform_int_distribution<int64_t>(0, range_ms)(rng);
    return begin + Millis(Uniform(0, 3) == 0 ? offset / 60000 * 60000 : offset);
  }

  Millis RandomSpan() {
    switch (Uniform(0, 3)) {
      case 0:
        return std::chrono::minutes(Uniform(0, 600));
      case 1:
        return Millis(std::uniform_int_distribution<int64_t>(0, 30LL * 86'400'000)(rng));
      case 2:
        return std::chrono::hours(Uniform(0, 24 * 200));
      default:
        return Millis(Uniform(0, 5000));
    }
  }
};

TEST(SlaProperty, ElapsedUpToTheDeadlineEqualsTheLimitAndDeadlinesAreMonotonic) {
  RandomWorld world(20261126);
  int checked = 0;
  for (int c = 0; c < 60; ++c) {
    const CalendarSpec spec = world.RandomCalendar();
    ASSERT_TRUE(ValidateCalendar(spec).ok());
    auto schedule = testing::Compile(spec);
    ASSERT_NE(schedule, nullptr);
    const Schedule& s = *schedule;
    for (int i = 0; i < 150; ++i) {
      const Instant start = world.RandomInstant();
      const Millis a = world.RandomSpan();
      const Millis b = a + world.RandomSpan();
      auto due_a = s.AddWorkingTime(start, a);
      auto due_b = s.AddWorkingTime(start, b);
      if (!due_a.ok() || !due_b.ok()) {
        // Only a calendar with hardly any working time may fail, and then only this way.
        ASSERT_EQ((due_a.ok() ? due_b : due_a).error().reason, "calendar.no_working_time");
        continue;
      }
      SCOPED_TRACE(spec.tz + " start " + testing::Show(s, start) + " span " +
                   std::to_string(a.count()));
      EXPECT_EQ(*s.WorkingTime(start, *due_a), a);
      EXPECT_EQ(*s.WorkingTime(start, *due_b), b);
      EXPECT_LE(*due_a, *due_b);
      EXPECT_GE(*due_a, start);
      // Backwards is the mirror image.
      auto back = s.AddWorkingTime(start, -a);
      if (a > Millis(0) && back.ok()) {
        EXPECT_EQ(*s.WorkingTime(*back, start), a);
        EXPECT_LE(*back, start);
      }
      // With pauses the clock counts exactly the limit outside them.
      std::vector<Span> pauses;
      for (int p = world.Uniform(0, 3); p > 0; --p) {
        const Instant pb = start + Millis(world.Uniform(-3'600'000, 40 * 3'600'000));
        pauses.push_back({pb, pb + Millis(world.Uniform(0, 48 * 3'600'000))});
      }
      auto paused = DueAt(s, start, Limit{ClockKind::kBusiness, a, 0}, pauses);
      if (paused.ok()) {
        EXPECT_EQ(*Elapsed(s, ClockKind::kBusiness, start, *paused, pauses), a);
        EXPECT_GE(*paused, *due_a);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 5000);
}

TEST(SlaProperty, WorkdayDeadlinesAreClosingsAndMonotonic) {
  RandomWorld world(7);
  for (int c = 0; c < 40; ++c) {
    auto schedule = testing::Compile(world.RandomCalendar());
    const Schedule& s = *schedule;
    for (int i = 0; i < 100; ++i) {
      const Instant start = world.RandomInstant();
      const int n = world.Uniform(0, 40);
      auto due = s.CloseOfWorkday(start, n);
      auto later = s.CloseOfWorkday(start, n + 1);
      if (!due.ok() || !later.ok()) continue;
      // n == 0 is today's close, or the next working day's when today is closed or over,
      // which is then also the close for n == 1.
      if (n == 0) {
        EXPECT_LE(*due, *later);
      } else {
        EXPECT_LT(*due, *later);
      }
      // A closing: working time just before it, none just after within the same minute.
      EXPECT_EQ(*s.WorkingTime(*due - Millis(1), *due), Millis(1));
      if (n > 0) {
        EXPECT_GT(*due, start);
      }
    }
  }
}

}  // namespace
}  // namespace csqm::core
