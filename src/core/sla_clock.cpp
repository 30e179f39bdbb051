#include "core/sla_clock.hpp"

#include <algorithm>
#include <cmath>

namespace csqm::core {
namespace {

Error BadLimit(std::string_view text, const std::string& zh_why, const std::string& en_why) {
  return MakeError(ErrorCode::kInvalidArgument, "sla.bad_limit",
                   "时限“" + std::string(text) + "”无效：" + zh_why,
                   "invalid limit \"" + std::string(text) + "\": " + en_why, "limit");
}

// One "<number><unit>" term: integer and fraction digits kept exact.
struct Term {
  int64_t whole = 0;
  int64_t frac = 0;        // fraction digits as an integer
  int64_t frac_scale = 1;  // 10^(number of fraction digits)
  char unit = 0;
};

Result<std::vector<Term>> SplitTerms(std::string_view text, std::string_view body) {
  std::vector<Term> terms;
  size_t i = 0;
  while (i < body.size()) {
    Term term;
    size_t digits = 0;
    for (; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i, ++digits) {
      if (digits >= 9) return BadLimit(text, "数值过大", "number too large");
      term.whole = term.whole * 10 + (body[i] - '0');
    }
    if (i < body.size() && body[i] == '.') {
      ++i;
      size_t frac_digits = 0;
      for (; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i, ++frac_digits) {
        if (frac_digits >= 6) return BadLimit(text, "小数位过多", "too many decimals");
        term.frac = term.frac * 10 + (body[i] - '0');
        term.frac_scale *= 10;
      }
      digits += frac_digits;
    }
    if (digits == 0) return BadLimit(text, "缺少数值", "a number is missing");
    term.unit = i < body.size() ? body[i++] : 0;
    terms.push_back(term);
  }
  if (terms.empty()) return BadLimit(text, "为空", "it is empty");
  return terms;
}

// ms for value × unit_ms, rounded to the nearest millisecond.
int64_t Scale(int64_t whole, int64_t frac, int64_t frac_scale, int64_t unit_ms) {
  return whole * unit_ms + (frac * unit_ms + frac_scale / 2) / frac_scale;
}

Result<Millis> TermMillis(std::string_view text, const Term& t, ClockKind clock,
                          const CalendarSpec& cal) {
  switch (t.unit) {
    case 's':
      return Millis(Scale(t.whole, t.frac, t.frac_scale, 1000));
    case 'm':
      return Millis(Scale(t.whole, t.frac, t.frac_scale, 60'000));
    case 'h':
      return Millis(Scale(t.whole, t.frac, t.frac_scale, 3'600'000));
    case 'd': {
      if (clock == ClockKind::k24x7)
        return Millis(Scale(t.whole, t.frac, t.frac_scale, 86'400'000));
      const int64_t day = int64_t(cal.day_minutes) * 60'000;
      // Half a day (半天) is the calendar's half_day_minutes, not half of day_minutes.
      if (t.frac * 2 == t.frac_scale) {
        return Millis(t.whole * day + int64_t(cal.half_day_minutes) * 60'000);
      }
      return Millis(Scale(t.whole, t.frac, t.frac_scale, day));
    }
    case 0:
      return BadLimit(text, "缺少单位（s、m、h、d）", "a unit is missing (s, m, h or d)");
    default:
      return BadLimit(text, "未知单位“" + std::string(1, t.unit) + "”，应为 s、m、h、d",
                      "unknown unit '" + std::string(1, t.unit) + "', expected s, m, h or d");
  }
}

// Working time counted by a clock; both instants inside the computable range.
Result<Millis> RawElapsed(const Schedule& s, ClockKind clock, Instant from, Instant to) {
  if (clock == ClockKind::k24x7) return to - from;
  return s.WorkingTime(from, to);
}

Result<Instant> RawAdvance(const Schedule& s, ClockKind clock, Instant from, Millis span) {
  if (clock == ClockKind::k24x7) return from + span;
  return s.AddWorkingTime(from, span);
}

}  // namespace

Result<ClockKind> ParseClockKind(std::string_view text) {
  if (text == "business") return ClockKind::kBusiness;
  if (text == "workdays") return ClockKind::kWorkdays;
  if (text == "24x7") return ClockKind::k24x7;
  return MakeError(
      ErrorCode::kInvalidArgument, "sla.bad_clock",
      "计时方式“" + std::string(text) + "”无效，应为 business、workdays 或 24x7",
      "invalid clock \"" + std::string(text) + "\", expected business, workdays or 24x7", "clock");
}

const char* ClockKindName(ClockKind clock) {
  switch (clock) {
    case ClockKind::kBusiness:
      return "business";
    case ClockKind::kWorkdays:
      return "workdays";
    case ClockKind::k24x7:
      return "24x7";
  }
  return "?";
}

Result<Limit> ParseLimit(ClockKind clock, std::string_view text, const CalendarSpec& cal) {
  Limit limit{clock, Millis(0), 0};
  std::string_view body = text;
  while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
  while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
  const bool negative = !body.empty() && body.front() == '-';
  if (negative || (!body.empty() && body.front() == '+')) body.remove_prefix(1);
  auto terms = SplitTerms(text, body);
  if (!terms) return terms.error();

  if (clock == ClockKind::kWorkdays) {
    const Term& t = terms->front();
    if (negative) return BadLimit(text, "工作日时限不能为负数", "working days cannot be negative");
    if (terms->size() != 1 || t.frac_scale != 1 || (t.unit != 0 && t.unit != 'd')) {
      return BadLimit(text, "工作日时限应为整数天，如 7 或 7d",
                      "working days must be a whole number such as 7 or 7d");
    }
    if (t.whole > 100000) return BadLimit(text, "数值过大", "number too large");
    limit.workdays = int(t.whole);
    return limit;
  }
  for (const Term& t : *terms) {
    auto ms = TermMillis(text, t, clock, cal);
    if (!ms) return ms.error();
    limit.span += *ms;
  }
  if (negative) limit.span = -limit.span;
  return limit;
}

std::vector<Span> NormalisePauses(std::span<const Span> pauses) {
  std::vector<Span> merged;
  merged.reserve(pauses.size());
  for (const Span& p : pauses) {
    if (p.begin < p.end) merged.push_back(p);
  }
  std::sort(merged.begin(), merged.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  size_t out = 0;  // merge in place
  for (size_t i = 0; i < merged.size(); ++i) {
    if (out > 0 && merged[i].begin <= merged[out - 1].end) {
      merged[out - 1].end = std::max(merged[out - 1].end, merged[i].end);
    } else {
      merged[out++] = merged[i];
    }
  }
  merged.resize(out);
  return merged;
}

Result<Instant> DueAt(const Schedule& schedule, Instant start, const Limit& limit,
                      std::span<const Span> pauses) {
  ClockKind clock = limit.clock;
  Millis remaining = limit.span;
  if (clock == ClockKind::kWorkdays) {
    auto close = schedule.CloseOfWorkday(start, limit.workdays);
    if (!close || pauses.empty()) return close;
    // With pauses, the limit becomes the working time up to the undisturbed deadline, and
    // paused working time pushes it out like a business clock.
    auto work = schedule.WorkingTime(start, *close);
    if (!work) return work.error();
    clock = ClockKind::kBusiness;
    remaining = *work;
  }
  const auto merged = NormalisePauses(pauses);
  if (merged.empty()) return RawAdvance(schedule, clock, start, remaining);
  if (remaining < Millis(0)) {
    return MakeError(ErrorCode::kInvalidArgument, "sla.pause_backwards",
                     "向前倒推的时限不能带暂停区间", "pauses apply to forward limits only");
  }
  Instant cur = start;
  for (const Span& p : merged) {
    if (p.end <= cur) continue;
    if (p.begin <= cur) {  // starts inside a pause: the clock waits for its end
      cur = p.end;
      continue;
    }
    auto candidate = RawAdvance(schedule, clock, cur, remaining);
    if (!candidate) return candidate;
    if (*candidate <= p.begin) return candidate;
    auto used = RawElapsed(schedule, clock, cur, p.begin);
    if (!used) return used.error();
    remaining -= *used;
    cur = p.end;
  }
  return RawAdvance(schedule, clock, cur, remaining);
}

Result<Millis> Elapsed(const Schedule& schedule, ClockKind clock, Instant from, Instant to,
                       std::span<const Span> pauses) {
  if (to < from) {
    auto reversed = Elapsed(schedule, clock, to, from, pauses);
    if (!reversed) return reversed;
    return -*reversed;
  }
  auto total = RawElapsed(schedule, clock, from, to);
  if (!total) return total;
  Millis sum = *total;
  for (const Span& p : NormalisePauses(pauses)) {
    const Instant b = std::max(p.begin, from);
    const Instant e = std::min(p.end, to);
    if (b >= e) continue;
    auto paused = RawElapsed(schedule, clock, b, e);
    if (!paused) return paused;
    sum -= *paused;
  }
  return sum;
}

Result<std::vector<Span>> CountedSpans(const Schedule& schedule, ClockKind clock, Instant from,
                                       Instant to, std::span<const Span> pauses) {
  std::vector<Span> base;
  if (clock == ClockKind::k24x7) {
    if (from < to) base.push_back(Span{from, to});
  } else {
    auto spans = schedule.WorkingSpans(from, to);
    if (!spans) return spans;
    base = std::move(*spans);
  }
  const auto merged = NormalisePauses(pauses);
  std::vector<Span> out;
  size_t p = 0;
  for (Span s : base) {
    while (p < merged.size() && merged[p].end <= s.begin) ++p;
    for (size_t q = p; q < merged.size() && merged[q].begin < s.end; ++q) {
      if (merged[q].begin > s.begin) out.push_back(Span{s.begin, merged[q].begin});
      s.begin = std::max(s.begin, merged[q].end);
    }
    if (s.begin < s.end) out.push_back(s);
  }
  return out;
}

}  // namespace csqm::core
