#include "core/schedule.hpp"

#include <algorithm>

namespace csqm::core {

using std::chrono::days;
using std::chrono::minutes;

// One local calendar year: working intervals as UTC milliseconds, with cumulative time.
struct Schedule::YearTable {
  int64_t begin = 0;              // UTC ms of local Jan 1 00:00
  int64_t end = 0;                // UTC ms of local Jan 1 00:00 of the next year
  std::vector<int64_t> starts;    // interval starts, ascending
  std::vector<int64_t> ends;      // interval ends, ascending, ends[i] > starts[i]
  std::vector<int64_t> cum;       // cum[i]: working ms before interval i; cum[n] = total
  std::vector<int32_t> workdays;  // local dates (days since epoch) with working hours
  std::vector<int64_t> closes;    // UTC ms of each working day's last closing

  int64_t total() const { return cum.back(); }
  size_t size() const { return starts.size(); }
  // Working ms from the table's begin to t (begin <= t <= end).
  int64_t CumAt(int64_t t) const {
    const size_t i = size_t(std::upper_bound(ends.begin(), ends.end(), t) - ends.begin());
    if (i == size()) return total();
    return cum[i] + std::max<int64_t>(0, t - starts[i]);
  }
};

namespace {

constexpr int kEmptyYearsLimit = 10;

Error OutOfRange() {
  return MakeError(ErrorCode::kOutOfRange, "time.out_of_range",
                   "时间超出可计算范围（1971–2199 年）",
                   "time outside the computable range (years 1971–2199)");
}

Error NoWorkingTime() {
  return MakeError(ErrorCode::kFailedPrecondition, "calendar.no_working_time",
                   "日历连续十年没有工作时间，无法计算时限",
                   "the calendar has no working time for ten years in a row");
}

int CivilYear(int64_t days_since_epoch) {
  return int(std::chrono::year_month_day(Date(days(days_since_epoch))).year());
}

int64_t Ms(Instant t) { return t.time_since_epoch().count(); }
Instant At(int64_t ms) { return Instant(Millis(ms)); }

}  // namespace

Schedule::Schedule(CalendarSpec spec, std::shared_ptr<const ZoneRules> zone)
    : spec_(std::move(spec)), zone_(std::move(zone)) {}

Schedule::~Schedule() = default;

Result<std::shared_ptr<const Schedule>> Schedule::Compile(CalendarSpec spec,
                                                          std::shared_ptr<const ZoneRules> zone) {
  if (auto st = ValidateCalendar(spec); !st) return st.error();
  if (!zone) {
    return MakeError(ErrorCode::kInvalidArgument, "calendar.unknown_zone", "未知时区",
                     "unknown time zone", "tz");
  }
  return std::shared_ptr<const Schedule>(new Schedule(std::move(spec), std::move(zone)));
}

Result<std::shared_ptr<const Schedule>> Schedule::Compile(CalendarSpec spec,
                                                          const ZoneDatabase& zones) {
  auto zone = zones.Find(spec.tz);
  if (!zone) {
    Error e = zone.error();
    e.field = "tz";
    return e;
  }
  return Compile(std::move(spec), std::move(*zone));
}

std::unique_ptr<Schedule::YearTable> Schedule::Build(int year) const {
  auto table = std::make_unique<YearTable>();
  const auto first = Date(std::chrono::year(year) / 1 / 1);
  const auto next = Date(std::chrono::year(year + 1) / 1 / 1);
  const auto to_utc = [this](Date d, int minute) {
    return Ms(zone_->ToInstant(LocalTime(d.time_since_epoch() + minutes(minute))));
  };
  table->begin = to_utc(first, 0);
  table->end = to_utc(next, 0);
  table->cum.push_back(0);
  for (Date d = first; d < next; d += days(1)) {
    int64_t close = -1;
    for (const auto& iv : HoursOn(spec_, d)) {
      int64_t s = to_utc(d, iv.begin_minute);
      const int64_t e = to_utc(d, iv.end_minute);
      if (table->size() > 0) s = std::max(s, table->ends.back());
      if (e <= s) continue;  // swallowed by a DST gap
      close = e;
      if (table->size() > 0 && s == table->ends.back()) {  // adjacent: merge
        table->cum.back() += e - table->ends.back();
        table->ends.back() = e;
        continue;
      }
      table->starts.push_back(s);
      table->ends.push_back(e);
      table->cum.push_back(table->cum.back() + (e - s));
    }
    if (close >= 0) {
      table->workdays.push_back(int32_t(d.time_since_epoch().count()));
      table->closes.push_back(close);
    }
  }
  return table;
}

Result<const Schedule::YearTable*> Schedule::Table(int year) const {
  if (year < kFirstYear || year > kLastYear) return OutOfRange();
  auto& slot = tables_[size_t(year - kFirstYear)];
  if (const YearTable* t = slot.load(std::memory_order_acquire)) return t;
  std::lock_guard lock(build_mutex_);
  if (const YearTable* t = slot.load(std::memory_order_acquire)) return t;
  owned_.push_back(Build(year));
  slot.store(owned_.back().get(), std::memory_order_release);
  return owned_.back().get();
}

Result<int> Schedule::YearOf(Instant at) const {
  const int64_t ms = Ms(at);
  int year = CivilYear(std::chrono::floor<days>(at.time_since_epoch()).count());
  auto table = Table(year);
  if (!table) return table.error();
  if (ms < (*table)->begin) {
    --year;
  } else if (ms >= (*table)->end) {
    ++year;
  }
  if (year < kFirstYear || year > kLastYear) return OutOfRange();
  return year;
}

Result<Millis> Schedule::WorkingTime(Instant from, Instant to) const {
  if (to < from) {
    auto reversed = WorkingTime(to, from);
    if (!reversed) return reversed;
    return -*reversed;
  }
  auto y1 = YearOf(from);
  if (!y1) return y1.error();
  auto y2 = YearOf(to);
  if (!y2) return y2.error();
  const YearTable* first = *Table(*y1);
  if (*y1 == *y2) return Millis(first->CumAt(Ms(to)) - first->CumAt(Ms(from)));
  int64_t sum = first->total() - first->CumAt(Ms(from));
  for (int y = *y1 + 1; y < *y2; ++y) sum += (*Table(y))->total();
  sum += (*Table(*y2))->CumAt(Ms(to));
  return Millis(sum);
}

Result<Instant> Schedule::NextOpening(Instant at) const {
  auto year = YearOf(at);
  if (!year) return year.error();
  for (int y = *year, empty = 0; empty < kEmptyYearsLimit; ++y) {
    auto table = Table(y);
    if (!table) return table.error();
    const YearTable& t = **table;
    const auto i = size_t(std::upper_bound(t.ends.begin(), t.ends.end(), Ms(at)) - t.ends.begin());
    if (i < t.size()) return At(std::max(t.starts[i], Ms(at)));
    empty = t.size() == 0 ? empty + 1 : 0;
  }
  return NoWorkingTime();
}

Result<Instant> Schedule::AddWorkingTime(Instant start, Millis span) const {
  if (span.count() == 0) return NextOpening(start);
  auto year = YearOf(start);
  if (!year) return year.error();
  const YearTable* t = *Table(*year);
  int64_t target = t->CumAt(Ms(start)) + span.count();
  int y = *year;
  int empty = 0;
  if (span.count() > 0) {
    while (target > t->total()) {
      target -= t->total();
      empty = t->size() == 0 ? empty + 1 : 0;
      if (empty >= kEmptyYearsLimit) return NoWorkingTime();
      auto next = Table(++y);
      if (!next) return next.error();
      t = *next;
    }
    // First interval k whose end reaches the target: cum[k + 1] >= target.
    const auto k =
        size_t(std::lower_bound(t->cum.begin() + 1, t->cum.end(), target) - (t->cum.begin() + 1));
    return At(t->starts[k] + (target - t->cum[k]));
  }
  while (target < 0) {
    empty = t->size() == 0 ? empty + 1 : 0;
    if (empty >= kEmptyYearsLimit) return NoWorkingTime();
    auto prev = Table(--y);
    if (!prev) return prev.error();
    t = *prev;
    target += t->total();
  }
  // Last interval k that starts at or before the target: cum[k] <= target.
  const auto n = std::ptrdiff_t(t->size());
  const auto k =
      size_t(std::upper_bound(t->cum.begin(), t->cum.begin() + n, target) - t->cum.begin() - 1);
  return At(t->starts[k] + (target - t->cum[k]));
}

Result<Instant> Schedule::CloseOfWorkday(Instant start, int n) const {
  if (n < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "sla.negative_workdays", "工作日时限不能为负数",
                     "a working-day limit cannot be negative");
  }
  const auto local_day = std::chrono::floor<days>(ToLocal(*zone_, start).time_since_epoch());
  const auto day = int32_t(local_day.count());
  int y = CivilYear(day);
  auto table = Table(y);
  if (!table) return table.error();
  const YearTable* t = *table;
  size_t i = 0;
  int remaining = n;
  if (n == 0) {
    i = size_t(std::lower_bound(t->workdays.begin(), t->workdays.end(), day) - t->workdays.begin());
    if (i < t->workdays.size() && t->workdays[i] == day && t->closes[i] <= Ms(start)) ++i;
    remaining = 1;
  } else {
    i = size_t(std::upper_bound(t->workdays.begin(), t->workdays.end(), day) - t->workdays.begin());
  }
  // Now the answer is the remaining-th working day counting from index i (1-based).
  int empty = 0;
  while (i + size_t(remaining) > t->workdays.size()) {
    remaining -= int(t->workdays.size() - i);
    i = 0;
    empty = t->workdays.empty() ? empty + 1 : 0;
    if (empty >= kEmptyYearsLimit) return NoWorkingTime();
    auto next = Table(++y);
    if (!next) return next.error();
    t = *next;
  }
  return At(t->closes[i + size_t(remaining) - 1]);
}

Result<std::vector<Span>> Schedule::WorkingSpans(Instant from, Instant to) const {
  std::vector<Span> spans;
  if (to <= from) return spans;
  auto y1 = YearOf(from);
  if (!y1) return y1.error();
  auto y2 = YearOf(to);
  if (!y2) return y2.error();
  for (int y = *y1; y <= *y2; ++y) {
    const YearTable& t = **Table(y);
    auto i = size_t(std::upper_bound(t.ends.begin(), t.ends.end(), Ms(from)) - t.ends.begin());
    for (; i < t.size() && t.starts[i] < Ms(to); ++i) {
      spans.push_back(Span{At(std::max(t.starts[i], Ms(from))), At(std::min(t.ends[i], Ms(to)))});
    }
  }
  return spans;
}

}  // namespace csqm::core
