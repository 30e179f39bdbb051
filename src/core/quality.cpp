#include "core/quality.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace csqm::core {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

Error BadPeriod() {
  return MakeError(ErrorCode::kInvalidArgument, "quality.bad_period",
                   "期间格式应为 2026-10、2026-Q4、2026-W41、2026 或 2026-10-05",
                   "a period is 2026-10, 2026-Q4, 2026-W41, 2026 or 2026-10-05", "period");
}

std::optional<int> Digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  return v;
}

Date Ymd(int y, unsigned m, unsigned d) { return Date(year_month_day(year(y), month(m), day(d))); }

// Monday of ISO week 1 of an ISO year.
Date IsoWeekOne(int y) {
  const Date jan4 = Ymd(y, 1, 4);
  return jan4 - days(WeekdayIndex(jan4));
}

Period Make(PeriodKind kind, Date first, Date last, std::string key) {
  return Period{kind, DayKey(first), DayKey(last), std::move(key)};
}

std::string Pad(int v, int width) {
  std::string s = std::to_string(v);
  while (int(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

}  // namespace

int DayKey(Date date) {
  const year_month_day ymd(date);
  return int(ymd.year()) * 10000 + int(unsigned(ymd.month())) * 100 + int(unsigned(ymd.day()));
}

Date DayFromKey(int key) {
  return Ymd(key / 10000, unsigned(key / 100 % 100), unsigned(key % 100));
}

int LocalDayKey(const ZoneRules& zone, Instant at) {
  return DayKey(Date(std::chrono::floor<days>(ToLocal(zone, at)).time_since_epoch()));
}

std::string_view PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDay:
      return "day";
    case PeriodKind::kWeek:
      return "week";
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kQuarter:
      return "quarter";
    case PeriodKind::kYear:
      return "year";
  }
  return "month";
}

int Period::Days() const { return int((DayFromKey(last_day) - DayFromKey(first_day)).count()) + 1; }

Period PeriodContaining(PeriodKind kind, Date d) {
  const year_month_day ymd(d);
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month());
  switch (kind) {
    case PeriodKind::kDay:
      return Make(kind, d, d, FormatDate(d));
    case PeriodKind::kWeek: {
      const Date monday = d - days(WeekdayIndex(d));
      const int iso_year = int(year_month_day(monday + days(3)).year());
      const int week = int((monday - IsoWeekOne(iso_year)).count() / 7) + 1;
      return Make(kind, monday, monday + days(6), std::to_string(iso_year) + "-W" + Pad(week, 2));
    }
    case PeriodKind::kMonth: {
      const Date first = Ymd(y, m, 1);
      const Date last = Date(year_month_day(year(y) / month(m) / std::chrono::last));
      return Make(kind, first, last, std::to_string(y) + "-" + Pad(int(m), 2));
    }
    case PeriodKind::kQuarter: {
      const unsigned q = (m - 1) / 3;
      const Date first = Ymd(y, q * 3 + 1, 1);
      const Date last = Date(year_month_day(year(y) / month(q * 3 + 3) / std::chrono::last));
      return Make(kind, first, last, std::to_string(y) + "-Q" + std::to_string(q + 1));
    }
    case PeriodKind::kYear:
      return Make(kind, Ymd(y, 1, 1), Ymd(y, 12, 31), std::to_string(y));
  }
  return Make(kind, d, d, FormatDate(d));
}

Result<Period> ParsePeriod(std::string_view key) {
  auto y = Digits(key.substr(0, 4));
  if (key.size() < 4 || !y || *y < 1970 || *y > 9998) return BadPeriod();
  if (key.size() == 4) return PeriodContaining(PeriodKind::kYear, Ymd(*y, 1, 1));
  if (key[4] != '-') return BadPeriod();
  const std::string_view rest = key.substr(5);
  if (rest.size() == 2 && rest[0] == 'Q') {
    auto q = Digits(rest.substr(1));
    if (!q || *q < 1 || *q > 4) return BadPeriod();
    return PeriodContaining(PeriodKind::kQuarter, Ymd(*y, unsigned(*q * 3 - 2), 1));
  }
  if (rest.size() == 3 && rest[0] == 'W') {
    auto w = Digits(rest.substr(1));
    if (!w || *w < 1 || *w > 53) return BadPeriod();
    const Date monday = IsoWeekOne(*y) + days(7 * (*w - 1));
    Period p = PeriodContaining(PeriodKind::kWeek, monday);
    if (p.key != key) return BadPeriod();  // week 53 of a 52-week year
    return p;
  }
  if (rest.size() == 2) {
    auto m = Digits(rest);
    if (!m || *m < 1 || *m > 12) return BadPeriod();
    return PeriodContaining(PeriodKind::kMonth, Ymd(*y, unsigned(*m), 1));
  }
  auto date = ParseDate(key);
  if (!date) return BadPeriod();
  return PeriodContaining(PeriodKind::kDay, *date);
}

Period PreviousPeriod(const Period& p) {
  return PeriodContaining(p.kind, DayFromKey(p.first_day) - days(1));
}

std::vector<Period> PeriodsEndingWith(const Period& last, int count) {
  std::vector<Period> out;
  Period p = last;
  for (int i = 0; i < count; ++i) {
    out.push_back(p);
    p = PreviousPeriod(p);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

size_t HandleBucket(int64_t minutes) {
  auto it = std::lower_bound(kHandleEdges.begin(), kHandleEdges.end(), minutes);
  return size_t(it - kHandleEdges.begin());
}

std::optional<double> HistogramQuantile(const HandleHistogram& h, double q) {
  int64_t total = 0;
  for (auto n : h) total += n;
  if (total <= 0) return std::nullopt;
  const double rank = q * double(total);  // the rank-th smallest, continuous
  double seen = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    if (h[i] <= 0) continue;
    if (seen + double(h[i]) >= rank) {
      const double lo = i == 0 ? 0.0 : double(kHandleEdges[i - 1]);
      if (i == kHandleEdges.size()) return lo;
      const double hi = double(kHandleEdges[i]);
      return lo + (hi - lo) * std::clamp((rank - seen) / double(h[i]), 0.0, 1.0);
    }
    seen += double(h[i]);
  }
  return double(kHandleEdges.back());
}

const std::vector<IndicatorDef>& Indicators() {
  using D = Direction;
  static const std::vector<IndicatorDef> defs = {
      {"received", "受理量", "cases received", "count", D::kAtMost, std::nullopt},
      {"closed", "办结量", "cases closed", "count", D::kAtLeast, std::nullopt},
      {"on_time_rate", "按时办结率", "on-time rate", "ratio", D::kAtLeast, 0.90},
      {"sla_attainment", "时限达成率", "SLA attainment", "ratio", D::kAtLeast, 0.90},
      {"median_handling_minutes", "处理时长中位数（分钟）", "median handling time (min)", "minutes",
       D::kAtMost, std::nullopt},
      {"p90_handling_minutes", "处理时长 P90（分钟）", "p90 handling time (min)", "minutes",
       D::kAtMost, std::nullopt},
      {"reopen_rate", "重开率", "reopen rate", "ratio", D::kAtMost, 0.05},
      {"callback_rate", "投诉回访率", "complaint callback rate", "ratio", D::kAtLeast, 0.50},
      {"major_callback_rate", "重大投诉回访率", "major-complaint callback rate", "ratio",
       D::kAtLeast, 1.00},
      {"satisfaction_rate", "满意率", "satisfaction rate", "ratio", D::kAtLeast, 0.90},
      {"survey_score", "问卷平均分（1–5）", "survey score (1–5)", "score", D::kAtLeast, 4.0},
      {"complaints_per_1000", "千户投诉量", "complaints per 1,000 customers", "per_1000",
       D::kAtMost, std::nullopt},
  };
  return defs;
}

const IndicatorDef* FindIndicator(std::string_view key) {
  for (const auto& d : Indicators())
    if (d.key == key) return &d;
  return nullptr;
}

bool MeetsTarget(const IndicatorDef& def, double value, double target) {
  constexpr double kEps = 1e-9;
  return def.direction == Direction::kAtLeast ? value + kEps >= target : value - kEps <= target;
}

std::optional<double> ProjectRatio(const ProjectionInput& in) {
  double num = in.mtd_num, den = in.mtd_den;
  if (in.recent_days > 0 && in.remaining_days > 0) {
    num += in.recent_num / in.recent_days * in.remaining_days;
    den += in.recent_den / in.recent_days * in.remaining_days;
  }
  if (den <= 0) return std::nullopt;
  return num / den;
}

CaseFacts ComputeFacts(int64_t case_id, const CaseState& s, const ZoneRules& zone,
                       const std::optional<CaseFacts>& before) {
  CaseFacts f;
  f.case_id = case_id;
  f.dims = s.dims;
  f.received_day = LocalDayKey(zone, s.received_at);
  f.in_resolved = s.in_resolved;
  f.reopened = before && (before->reopened || (before->in_resolved && !s.in_resolved));
  bool all_on_time = true;
  for (const auto& t : s.targets) {
    if (!t.due) continue;
    int outcome = 0;
    if (t.met_at) {
      outcome = *t.met_at <= *t.due ? 1 : 2;
    } else if (t.breached_at) {
      outcome = 2;
    }
    if (outcome != 1) all_on_time = false;
    if (outcome != 0) f.targets.push_back({t.key, LocalDayKey(zone, *t.due), outcome});
  }
  if (s.resolved_at) {
    f.resolved_day = LocalDayKey(zone, *s.resolved_at);
    f.handle_minutes = std::max<int64_t>(0, (*s.resolved_at - s.received_at).count() / 60000);
    f.on_time = all_on_time;
  }
  if (s.closed_at) f.closed_day = LocalDayKey(zone, *s.closed_at);
  return f;
}

std::string EncodeTargetFacts(const std::vector<TargetFact>& targets) {
  std::string out;
  for (const auto& t : targets) {
    if (!out.empty()) out += ';';
    out += t.key + ' ' + std::to_string(t.day) + ' ' + std::to_string(t.outcome);
  }
  return out;
}

std::vector<TargetFact> DecodeTargetFacts(std::string_view text) {
  std::vector<TargetFact> out;
  while (!text.empty()) {
    const size_t end = std::min(text.find(';'), text.size());
    const std::string_view item = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    const size_t a = item.find(' ');
    const size_t b = item.rfind(' ');
    if (a == std::string_view::npos || a == b) continue;
    auto day_v = Digits(item.substr(a + 1, b - a - 1));
    auto outcome = Digits(item.substr(b + 1));
    if (!day_v || !outcome) continue;
    out.push_back({std::string(item.substr(0, a)), *day_v, *outcome});
  }
  return out;
}

namespace {

void AddFacts(FactsDiff& diff, const CaseFacts& f, int64_t sign) {
  RollupDelta received;
  received.day = f.received_day;
  received.dims = f.dims;
  received.received = sign;
  diff.rollups.push_back(received);
  if (f.resolved_day) {
    RollupDelta r;
    r.day = f.resolved_day;
    r.dims = f.dims;
    r.resolved = sign;
    r.on_time = f.on_time ? sign : 0;
    r.reopened = f.reopened ? sign : 0;
    r.handle_minutes = sign * f.handle_minutes;
    r.bucket = int(HandleBucket(f.handle_minutes));
    diff.rollups.push_back(r);
  }
  if (f.closed_day) {
    RollupDelta c;
    c.day = f.closed_day;
    c.dims = f.dims;
    c.closed = sign;
    diff.rollups.push_back(c);
  }
  for (const auto& t : f.targets) {
    TargetDelta d;
    d.day = t.day;
    d.dims = f.dims;
    d.key = t.key;
    (t.outcome == 1 ? d.met_on_time : d.missed) = sign;
    diff.targets.push_back(d);
  }
}

}  // namespace

FactsDiff DiffFacts(const std::optional<CaseFacts>& before, const std::optional<CaseFacts>& after) {
  FactsDiff diff;
  if (before && after && *before == *after) return diff;
  if (before) AddFacts(diff, *before, -1);
  if (after) AddFacts(diff, *after, +1);
  // Cancel pairs that touch the same row with opposite signs (most of an update).
  auto same = [](const RollupDelta& a, const RollupDelta& b) {
    return a.day == b.day && a.dims == b.dims && a.bucket == b.bucket;
  };
  std::vector<RollupDelta> merged;
  for (const auto& d : diff.rollups) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](auto& m) { return same(m, d); });
    if (it == merged.end()) {
      merged.push_back(d);
      continue;
    }
    it->received += d.received;
    it->resolved += d.resolved;
    it->closed += d.closed;
    it->on_time += d.on_time;
    it->reopened += d.reopened;
    it->handle_minutes += d.handle_minutes;
  }
  std::erase_if(merged, [](const RollupDelta& d) {
    return !d.received && !d.resolved && !d.closed && !d.on_time && !d.reopened &&
           !d.handle_minutes;
  });
  diff.rollups = std::move(merged);
  std::vector<TargetDelta> targets;
  for (const auto& d : diff.targets) {
    auto it = std::find_if(targets.begin(), targets.end(), [&](auto& m) {
      return m.day == d.day && m.dims == d.dims && m.key == d.key;
    });
    if (it == targets.end()) {
      targets.push_back(d);
      continue;
    }
    it->met_on_time += d.met_on_time;
    it->missed += d.missed;
  }
  std::erase_if(targets, [](const TargetDelta& d) { return !d.met_on_time && !d.missed; });
  diff.targets = std::move(targets);
  return diff;
}

}  // namespace csqm::core
