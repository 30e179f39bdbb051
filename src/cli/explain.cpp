#include "cli/explain.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "cli/common.hpp"

namespace csqm::cli {
namespace {

using std::chrono::days;

constexpr size_t kMaxLines = 400;

core::Date LocalDate(const core::Schedule& s, core::Instant t) {
  return core::Date(std::chrono::floor<days>(core::ToLocal(s.zone(), t).time_since_epoch()));
}

std::string LocalClock(const core::Schedule& s, core::Instant t) {
  const auto local = core::ToLocal(s.zone(), t).time_since_epoch();
  const auto in_day = local - std::chrono::floor<days>(local);
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(in_day).count();
  return secs % 60 ? fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
                   : fmt::format("{:02}:{:02}", secs / 3600, secs / 60 % 60);
}

bool IsHoliday(const core::CalendarSpec& spec, core::Date d) {
  return std::binary_search(spec.holidays.begin(), spec.holidays.end(), d);
}

bool IsExtraWorkday(const core::CalendarSpec& spec, core::Date d) {
  return std::any_of(spec.extra_workdays.begin(), spec.extra_workdays.end(),
                     [d](const auto& e) { return e.date == d; });
}

// "  跳过 skipped 2026-02-15 … 2026-02-23  节假日 holiday (9 天 days)" for closed runs in (a, b).
void AppendSkipped(std::string& out, const core::CalendarSpec& spec, core::Date a, core::Date b) {
  core::Date d = a + days(1);
  while (d < b) {
    const bool holiday = IsHoliday(spec, d);
    const auto& hours = core::HoursOn(spec, d);
    if (!hours.empty()) {
      d += days(1);
      continue;
    }
    core::Date last = d;
    while (last + days(1) < b && IsHoliday(spec, last + days(1)) == holiday &&
           core::HoursOn(spec, last + days(1)).empty()) {
      last += days(1);
    }
    const auto count = (last - d).count() + 1;
    out += fmt::format("  跳过 skipped  {}{}  {} ({} 天 days)\n", core::FormatDate(d),
                       last == d ? "" : " … " + core::FormatDate(last),
                       holiday ? "节假日 holiday" : "休息日 rest day", count);
    d = last + days(1);
  }
}

}  // namespace

std::string ExplainSpans(const core::Schedule& schedule, core::ClockKind clock, core::Instant from,
                         core::Instant to, std::span<const core::Span> pauses) {
  const auto& spec = schedule.spec();
  std::string out;
  for (const auto& p : core::NormalisePauses(pauses)) {
    out += fmt::format("  暂停 paused   {} – {}\n", FormatLocal(schedule, p.begin),
                       FormatLocal(schedule, p.end));
  }
  auto spans = core::CountedSpans(schedule, clock, std::min(from, to), std::max(from, to), pauses);
  if (!spans) return out + "  " + spans.error().OneLine() + "\n";
  core::Millis total{0};
  core::Date previous = LocalDate(schedule, std::min(from, to));
  size_t lines = 0;
  for (const auto& s : *spans) {
    if (++lines > kMaxLines) {
      out += fmt::format("  … 另有 {} 段 / {} more spans\n", spans->size() - kMaxLines,
                         spans->size() - kMaxLines);
      break;
    }
    const core::Date day = LocalDate(schedule, s.begin);
    if (clock != core::ClockKind::k24x7) AppendSkipped(out, spec, previous, day);
    total += s.end - s.begin;
    const core::Date end_day = LocalDate(schedule, s.end - core::Millis(1));
    out += fmt::format(
        "  计入 counted  {} {}–{}{}  {} min  累计 total {} min{}\n", core::FormatDate(day),
        LocalClock(schedule, s.begin), end_day == day ? "" : core::FormatDate(end_day) + " ",
        LocalClock(schedule, s.end), FormatMinutes(s.end - s.begin), FormatMinutes(total),
        IsExtraWorkday(spec, day) ? "  调休上班 make-up working day" : "");
    previous = end_day;
  }
  return out;
}

std::string ExplainWorkdays(const core::Schedule& schedule, core::Instant start,
                            core::Instant due) {
  const auto& spec = schedule.spec();
  const core::Date first = LocalDate(schedule, start);
  const core::Date last = LocalDate(schedule, due);
  std::string out =
      fmt::format("  起始日不计 start day not counted: {}\n", core::FormatDate(first));
  core::Date previous = first;
  int n = 0;
  for (core::Date d = first; d <= last; d += days(1)) {
    const auto& hours = core::HoursOn(spec, d);
    if (hours.empty() || (d == first && first != last)) continue;
    if (++n > int(kMaxLines)) {
      out += "  …\n";
      break;
    }
    AppendSkipped(out, spec, previous, d);
    out += fmt::format("  第 {} 个工作日 working day {}: {}  下班 closes {}{}\n", n, n,
                       core::FormatDate(d), core::FormatClockMinute(hours.back().end_minute),
                       IsExtraWorkday(spec, d) ? "  调休上班 make-up working day" : "");
    previous = d;
  }
  return out;
}

}  // namespace csqm::cli
