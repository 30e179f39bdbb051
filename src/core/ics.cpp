#include "core/ics.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

namespace csqm::core {
namespace {

using std::chrono::year_month_day;

constexpr size_t kMaxDepth = 32;
constexpr int kMaxYear = 9999;
constexpr Date kLastDate{std::chrono::year(kMaxYear) / 12 / 31};

Error Bad(std::string reason, std::string zh, std::string en, int line,
          ErrorCode code = ErrorCode::kInvalidArgument) {
  return MakeError(code, std::move(reason), std::move(zh), std::move(en),
                   "line " + std::to_string(line));
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal of 1 … 9 digits, else -1.
int64_t SmallNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return -1;
  int64_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "YYYYMMDD" naming a real date.
std::optional<Date> IcsDate(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  const int64_t n = SmallNumber(text.substr(0, 8));
  if (n < 0) return std::nullopt;
  const year_month_day ymd{std::chrono::year(int(n / 10000)),
                           std::chrono::month(unsigned(n / 100 % 100)),
                           std::chrono::day(unsigned(n % 100))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

// "YYYYMMDDTHHMMSS" with an optional trailing "Z".
bool IsIcsDateTime(std::string_view text) {
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) text.remove_suffix(1);
  if (text.size() != 15 || (text[8] != 'T' && text[8] != 't') || !IcsDate(text.substr(0, 8))) {
    return false;
  }
  const int64_t hh = SmallNumber(text.substr(9, 2));
  const int64_t mm = SmallNumber(text.substr(11, 2));
  const int64_t ss = SmallNumber(text.substr(13, 2));
  return hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59 && ss >= 0 && ss <= 60;
}

// TEXT unescaping (RFC 5545 3.3.11): \\ \; \, \n \N.
std::string Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[++i];
    out += (next == 'n' || next == 'N') ? '\n' : next;
  }
  return out;
}

void SortUnique(std::vector<Date>& dates) {
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
}

// Removes from `dates` every date in `sorted`.
void RemoveAll(std::vector<Date>& dates, const std::vector<Date>& sorted) {
  if (sorted.empty()) return;
  std::erase_if(dates, [&](Date d) { return std::binary_search(sorted.begin(), sorted.end(), d); });
}

// One unfolded content line: NAME;PARAM=VALUE;…:VALUE.
struct Property {
  std::string name;                                         // upper case
  std::vector<std::pair<std::string, std::string>> params;  // upper-case name, raw value
  std::string value;
  int line = 0;

  std::string Param(std::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key) return v;
    }
    return {};
  }
};

Error BadLine(int line, std::string_view why_zh, std::string_view why_en) {
  return Bad("ics.bad_line", "无法解析的内容行：" + std::string(why_zh),
             "malformed content line: " + std::string(why_en), line);
}

bool IsNameChar(char c) {
  return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

Result<Property> ParseProperty(std::string_view text, int line) {
  Property prop;
  prop.line = line;
  size_t pos = 0;
  while (pos < text.size() && IsNameChar(text[pos])) ++pos;
  if (pos == 0) return BadLine(line, "缺少属性名", "a property name is missing");
  prop.name = Upper(text.substr(0, pos));
  while (pos < text.size() && text[pos] == ';') {
    const size_t begin = ++pos;
    while (pos < text.size() && IsNameChar(text[pos])) ++pos;
    if (pos == begin || pos == text.size() || text[pos] != '=') {
      return BadLine(line, "参数应写作 NAME=VALUE", "a parameter must be NAME=VALUE");
    }
    std::pair<std::string, std::string> param{Upper(text.substr(begin, pos - begin)), {}};
    do {
      if (text[pos] == ',') param.second += ',';
      ++pos;  // skips '=' or ','
      if (pos < text.size() && text[pos] == '"') {
        const size_t close = text.find('"', pos + 1);
        if (close == std::string_view::npos) {
          return BadLine(line, "参数值缺少右引号", "a quoted parameter value is not closed");
        }
        param.second += text.substr(pos + 1, close - pos - 1);
        pos = close + 1;
      } else {
        const size_t end = std::min(text.find_first_of(",;:", pos), text.size());
        param.second += text.substr(pos, end - pos);
        pos = end;
      }
    } while (pos < text.size() && text[pos] == ',');
    prop.params.push_back(std::move(param));
  }
  if (pos == text.size() || text[pos] != ':') {
    return BadLine(line, "属性名或参数后应有冒号", "expected ':' after the name and parameters");
  }
  prop.value = std::string(text.substr(pos + 1));
  return prop;
}

// The date of a DATE value; nullopt for a DATE-TIME value; an error for anything else.
Result<std::optional<Date>> DateOrTime(const Property& prop) {
  const std::string type = Upper(prop.Param("VALUE"));
  if (type != "DATE-TIME") {
    if (auto date = IcsDate(prop.value)) return std::optional<Date>(*date);
  }
  if (type != "DATE" && IsIcsDateTime(prop.value)) return std::optional<Date>();
  return Bad("ics.bad_date",
             prop.name + " 的值不是有效的日期（YYYYMMDD）或日期时间：“" + prop.value + "”",
             prop.name + " is not a valid date (YYYYMMDD) or date-time: \"" + prop.value + "\"",
             prop.line);
}

// A date, or the date of a date-time.
Result<Date> DatePart(std::string_view value, const Property& prop) {
  if (auto date = IcsDate(value)) return *date;
  if (IsIcsDateTime(value)) return *IcsDate(value.substr(0, 8));
  return Bad("ics.bad_date", prop.name + " 含无效的日期：“" + std::string(value) + "”",
             prop.name + " has an invalid date: \"" + std::string(value) + "\"", prop.line);
}

// The dates of a comma-separated DATE list (EXDATE, RDATE).
Result<std::vector<Date>> DateList(const Property& prop) {
  std::vector<Date> dates;
  std::string_view rest = prop.value;
  while (true) {
    const size_t comma = rest.find(',');
    auto date = DatePart(rest.substr(0, comma), prop);
    if (!date) return date.error();
    dates.push_back(*date);
    if (comma == std::string_view::npos) return dates;
    rest.remove_prefix(comma + 1);
  }
}

// "P<n>D" or "P<n>W" (a leading '+' allowed) as a number of days.
Result<int64_t> DurationDays(const Property& prop) {
  std::string_view text = prop.value;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char unit = text.empty() ? '\0' : char(text.back() | 0x20);
  const int64_t n =
      text.size() >= 3 && (text[0] == 'P' || text[0] == 'p') && (unit == 'd' || unit == 'w')
          ? SmallNumber(text.substr(1, text.size() - 2))
          : -1;
  if (n < 0) {
    return Bad("ics.bad_duration", "全天事件的 DURATION 应为 P<n>D 或 P<n>W：“" + prop.value + "”",
               "DURATION of an all-day event must be P<n>D or P<n>W: \"" + prop.value + "\"",
               prop.line);
  }
  return unit == 'w' ? n * 7 : n;
}

enum class Freq { kDaily, kWeekly, kMonthly, kYearly };

constexpr std::pair<std::string_view, Freq> kFreqs[] = {{"YEARLY", Freq::kYearly},
                                                        {"MONTHLY", Freq::kMonthly},
                                                        {"WEEKLY", Freq::kWeekly},
                                                        {"DAILY", Freq::kDaily}};

struct Rule {
  Freq freq = Freq::kYearly;
  int64_t interval = 1;
  int64_t count = 0;  // 0: no COUNT
  std::optional<Date> until;
};

Error BadRule(const Property& prop, std::string reason, const std::string& part_zh,
              const std::string& part_en) {
  const bool unsupported = reason == "ics.unsupported_rule";
  return Bad(std::move(reason),
             (unsupported ? "不支持的重复规则：" : "重复规则格式错误：") + part_zh + "（" +
                 prop.value + "）",
             (unsupported ? "unsupported recurrence rule: " : "malformed recurrence rule: ") +
                 part_en + " (" + prop.value + ")",
             prop.line);
}

Result<Rule> ParseRule(const Property& prop, Date dtstart) {
  const year_month_day first{dtstart};
  Rule rule;
  bool has_freq = false;
  std::vector<std::string> seen;
  std::string_view rest = prop.value;
  while (!rest.empty()) {
    const size_t semi = std::min(rest.find(';'), rest.size());
    const std::string part = Upper(rest.substr(0, semi));
    rest.remove_prefix(std::min(semi + 1, rest.size()));
    const size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0) {
      return BadRule(prop, "ics.bad_rule", "“" + part + "”应写作 NAME=VALUE",
                     "\"" + part + "\" must be NAME=VALUE");
    }
    const std::string key = part.substr(0, eq);
    const std::string value = part.substr(eq + 1);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return BadRule(prop, "ics.bad_rule", key + " 出现了两次", key + " appears twice");
    }
    seen.push_back(key);
    const int64_t number = SmallNumber(value);
    if (key == "FREQ") {
      const auto* freq = std::find_if(std::begin(kFreqs), std::end(kFreqs),
                                      [&](const auto& f) { return value == f.first; });
      if (freq == std::end(kFreqs)) return BadRule(prop, "ics.unsupported_rule", part, part);
      rule.freq = freq->second;
      has_freq = true;
    } else if (key == "INTERVAL" || key == "COUNT") {
      if (number <= 0) {
        return BadRule(prop, "ics.bad_rule", key + " 应为正整数",
                       key + " must be a positive integer");
      }
      (key == "COUNT" ? rule.count : rule.interval) = number;
    } else if (key == "UNTIL") {
      auto until = DatePart(value, prop);
      if (!until) return until.error();
      rule.until = *until;
    } else if ((key == "BYMONTH" && number == int64_t(unsigned(first.month()))) ||
               (key == "BYMONTHDAY" && number == int64_t(unsigned(first.day())))) {
      // Restates DTSTART: harmless, checked against FREQ below.
    } else if (key == "WKST" || key.starts_with("X-")) {
      // Irrelevant to the rules supported.
    } else if (key.starts_with("BY") || key == "RSCALE" || key == "SKIP") {
      return BadRule(prop, "ics.unsupported_rule", part, part);
    } else {
      return BadRule(prop, "ics.bad_rule", "未知的部分 " + key, "unknown part " + key);
    }
  }
  if (!has_freq) return BadRule(prop, "ics.bad_rule", "缺少 FREQ", "FREQ is missing");
  if (rule.count > 0 && rule.until) {
    return BadRule(prop, "ics.bad_rule", "COUNT 与 UNTIL 不能同时出现",
                   "COUNT and UNTIL must not both appear");
  }
  const bool by_month = std::find(seen.begin(), seen.end(), "BYMONTH") != seen.end();
  const bool by_day = std::find(seen.begin(), seen.end(), "BYMONTHDAY") != seen.end();
  if ((by_month && rule.freq != Freq::kYearly) ||
      (by_day && rule.freq != Freq::kYearly && rule.freq != Freq::kMonthly)) {
    return BadRule(prop, "ics.unsupported_rule", "BYMONTH/BYMONTHDAY 与 FREQ 组合",
                   "BYMONTH/BYMONTHDAY with this FREQ");
  }
  return rule;
}

Error TooManyDates(size_t max_dates, int line) {
  return Bad("ics.too_many_dates", "展开后的日期超过上限 " + std::to_string(max_dates) + " 个",
             "the events expand to more than " + std::to_string(max_dates) + " dates", line,
             ErrorCode::kOutOfRange);
}

// Appends the occurrences after DTSTART, up to `limit` (inclusive) and rule.count, at most
// `room` in all. Invalid dates (31 April, 29 February in a common year) are skipped and not
// counted, as RFC 5545 requires.
Status Expand(const Rule& rule, Date dtstart, Date limit, size_t room, size_t max_dates, int line,
              std::vector<Date>& starts) {
  const year_month_day first{dtstart};
  const int64_t first_month = int64_t(int(first.year())) * 12 + unsigned(first.month()) - 1;
  const int64_t limit_days = (limit - dtstart).count();
  int64_t produced = 1;  // DTSTART
  for (int64_t k = 1; rule.count == 0 || produced < rule.count; ++k) {
    Date date;
    if (rule.freq == Freq::kDaily || rule.freq == Freq::kWeekly) {
      const int64_t offset = k * rule.interval * (rule.freq == Freq::kWeekly ? 7 : 1);
      if (offset > limit_days) break;
      date = dtstart + std::chrono::days(offset);
    } else {
      const int64_t month = first_month + k * rule.interval * (rule.freq == Freq::kYearly ? 12 : 1);
      if (month / 12 > kMaxYear) break;
      const year_month_day ymd{std::chrono::year(int(month / 12)),
                               std::chrono::month(unsigned(month % 12 + 1)), first.day()};
      if (!ymd.ok()) continue;
      date = Date(ymd);
      if (date > limit) break;
    }
    if (starts.size() >= room) return TooManyDates(max_dates, line);
    starts.push_back(date);
    ++produced;
  }
  return {};
}

// One VEVENT before RECURRENCE-ID overrides are applied.
struct Draft {
  IcsEvent event;
  std::vector<Date> starts;  // occurrence starts
  std::optional<Date> recurrence_id;
  bool skipped = false;  // timed or cancelled
};

class Parser {
 public:
  explicit Parser(const IcsParseOptions& options) : options_(options) {}

  Status AddEvent(int line, const std::vector<Property>& props);
  Result<IcsCalendar> Finish();

 private:
  Status Occurrences(const Property* rrule, const std::vector<const Property*>& rdates,
                     const std::vector<const Property*>& exdates, Draft& draft);

  const IcsParseOptions& options_;
  std::vector<Draft> drafts_;
  size_t used_ = 0;  // dates expanded so far, all events together
  int skipped_timed_ = 0;
  int skipped_cancelled_ = 0;
};

Status Parser::AddEvent(int line, const std::vector<Property>& props) {
  const Property* single[6] = {};
  static constexpr const char* kSingle[6] = {"DTSTART", "DTEND",         "DURATION",
                                             "RRULE",   "RECURRENCE-ID", "STATUS"};
  const Property* uid = nullptr;
  const Property* summary = nullptr;
  std::vector<const Property*> rdates;
  std::vector<const Property*> exdates;
  for (const auto& prop : props) {
    for (int i = 0; i < 6; ++i) {
      if (prop.name != kSingle[i]) continue;
      if (single[i]) {
        return Bad("ics.duplicate_property", "同一事件中 " + prop.name + " 出现了两次",
                   prop.name + " appears twice in one event", prop.line);
      }
      single[i] = &prop;
    }
    if (prop.name == "UID" && !uid) uid = &prop;
    if (prop.name == "SUMMARY" && !summary) summary = &prop;
    if (prop.name == "RDATE") rdates.push_back(&prop);
    if (prop.name == "EXDATE") exdates.push_back(&prop);
  }
  const auto [dtstart, dtend, duration, rrule, recurrence_id, status] = single;
  if (!dtstart) {
    return Bad("ics.missing_dtstart", "事件缺少 DTSTART", "the event has no DTSTART", line);
  }
  Draft draft;
  draft.event.line = line;
  if (uid) draft.event.uid = Unescape(uid->value);
  if (summary) draft.event.summary = Unescape(summary->value);
  if (recurrence_id) {
    auto date = DatePart(recurrence_id->value, *recurrence_id);
    if (!date) return date.error();
    draft.recurrence_id = *date;
  }
  auto start = DateOrTime(*dtstart);
  if (!start) return start.error();
  draft.skipped = true;
  if (!*start) {
    ++skipped_timed_;
  } else if (status && Upper(status->value) == "CANCELLED") {
    ++skipped_cancelled_;
  } else {
    draft.skipped = false;
  }
  if (draft.skipped) {
    drafts_.push_back(std::move(draft));  // may still cancel an occurrence of its master
    return {};
  }
  draft.event.first = **start;
  int64_t days = 1;
  if (dtend && duration) {
    return Bad("ics.bad_range", "DTEND 与 DURATION 不能同时出现",
               "DTEND and DURATION must not both appear", duration->line);
  }
  if (dtend) {
    auto end = DateOrTime(*dtend);
    if (!end) return end.error();
    if (!*end || **end < draft.event.first) {
      return Bad("ics.bad_range", "全天事件的 DTEND 应为不早于 DTSTART 的日期",
                 "DTEND of an all-day event must be a date not before DTSTART", dtend->line);
    }
    days = std::max<int64_t>(1, (**end - draft.event.first).count());  // DTEND is exclusive
  } else if (duration) {
    auto length = DurationDays(*duration);
    if (!length) return length.error();
    days = std::max<int64_t>(1, *length);
  }
  if (size_t(days) > options_.max_dates) return TooManyDates(options_.max_dates, line);
  if (draft.event.first > kLastDate - std::chrono::days(days - 1)) {
    return Bad("ics.date_out_of_range", "事件超出 9999-12-31", "the event ends after 9999-12-31",
               line, ErrorCode::kOutOfRange);
  }
  draft.event.days = int(days);
  if (auto st = Occurrences(rrule, rdates, exdates, draft); !st) return st;
  drafts_.push_back(std::move(draft));
  return {};
}

Status Parser::Occurrences(const Property* rrule, const std::vector<const Property*>& rdates,
                           const std::vector<const Property*>& exdates, Draft& draft) {
  IcsEvent& event = draft.event;
  const size_t room =
      (options_.max_dates - std::min(used_, options_.max_dates)) / size_t(event.days);
  if (room == 0) return TooManyDates(options_.max_dates, event.line);
  const Date last_start = kLastDate - std::chrono::days(event.days - 1);
  draft.starts.push_back(event.first);
  if (rrule) {
    auto rule = ParseRule(*rrule, event.first);
    if (!rule) return rule.error();
    Date limit = last_start;
    if (rule->until) {
      limit = std::min(limit, *rule->until);
    } else if (rule->count == 0) {
      event.open_ended = true;
      int64_t year = options_.until_year;
      if (year == 0 && options_.open_ended_years > 0) {
        year = int64_t(int(year_month_day(event.first).year())) + options_.open_ended_years;
      }
      if (year == 0) {
        return Bad("ics.open_ended_rule", "重复规则没有 COUNT 或 UNTIL，且未指定展开到哪一年",
                   "the recurrence rule has neither COUNT nor UNTIL and no year to expand to "
                   "was given",
                   rrule->line);
      }
      limit = std::min(limit,
                       Date(std::chrono::year(int(std::min<int64_t>(year, kMaxYear))) / 12 / 31));
    }
    if (auto st =
            Expand(*rule, event.first, limit, room, options_.max_dates, rrule->line, draft.starts);
        !st) {
      return st;
    }
  }
  for (const Property* rdate : rdates) {
    auto dates = DateList(*rdate);
    if (!dates) return dates.error();
    for (Date date : *dates) {
      if (date > last_start) {
        return Bad("ics.date_out_of_range", "RDATE 超出 9999-12-31", "RDATE ends after 9999-12-31",
                   rdate->line, ErrorCode::kOutOfRange);
      }
      if (draft.starts.size() >= room) return TooManyDates(options_.max_dates, rdate->line);
      draft.starts.push_back(date);
    }
  }
  used_ += draft.starts.size() * size_t(event.days);
  SortUnique(draft.starts);
  std::vector<Date> excluded;
  for (const Property* exdate : exdates) {
    auto dates = DateList(*exdate);
    if (!dates) return dates.error();
    excluded.insert(excluded.end(), dates->begin(), dates->end());
  }
  SortUnique(excluded);
  RemoveAll(draft.starts, excluded);
  return {};
}

Result<IcsCalendar> Parser::Finish() {
  // A RECURRENCE-ID override replaces (or, when cancelled, removes) one occurrence of the
  // event with the same UID and no RECURRENCE-ID.
  std::map<std::string, std::vector<Date>> overridden;  // UID → RECURRENCE-IDs
  for (const Draft& draft : drafts_) {
    if (draft.recurrence_id) overridden[draft.event.uid].push_back(*draft.recurrence_id);
  }
  for (auto& [uid, dates] : overridden) SortUnique(dates);
  for (Draft& draft : drafts_) {
    auto it = draft.recurrence_id ? overridden.end() : overridden.find(draft.event.uid);
    if (it != overridden.end()) RemoveAll(draft.starts, it->second);
  }
  IcsCalendar calendar;
  calendar.skipped_timed = skipped_timed_;
  calendar.skipped_cancelled = skipped_cancelled_;
  for (Draft& draft : drafts_) {
    if (draft.skipped) continue;
    for (Date start : draft.starts) {
      for (int d = 0; d < draft.event.days; ++d) {
        draft.event.dates.push_back(start + std::chrono::days(d));
      }
    }
    SortUnique(draft.event.dates);
    calendar.events.push_back(std::move(draft.event));
  }
  return calendar;
}

// An open component: its name, the line of its BEGIN, and (for a VEVENT) its properties.
struct Component {
  std::string name;
  int line = 0;
  std::vector<Property> props;
};

// A component left open: the first VEVENT from stack[from] on, else the innermost one.
Error Unclosed(const std::vector<Component>& stack, size_t from) {
  auto open = std::find_if(stack.begin() + std::ptrdiff_t(from), stack.end(),
                           [](const Component& c) { return c.name == "VEVENT"; });
  if (open != stack.end()) {
    return Bad("ics.unterminated_event",
               "第 " + std::to_string(open->line) + " 行开始的 VEVENT 没有 END:VEVENT",
               "the VEVENT begun on line " + std::to_string(open->line) + " has no END:VEVENT",
               open->line);
  }
  const Component& last = stack.back();
  return Bad(
      "ics.unterminated_calendar",
      "第 " + std::to_string(last.line) + " 行的 BEGIN:" + last.name + " 没有对应的 END",
      "BEGIN:" + last.name + " on line " + std::to_string(last.line) + " has no matching END",
      last.line);
}

// Handles BEGIN/END and collects VEVENT properties into the component stack.
Status Structure(Property prop, bool& seen_calendar, std::vector<Component>& stack,
                 Parser& parser) {
  const bool begin = prop.name == "BEGIN";
  const bool end = prop.name == "END";
  std::string component = (begin || end) ? Upper(prop.value) : std::string();
  while (!component.empty() && (component.back() == ' ' || component.back() == '\t')) {
    component.pop_back();  // tolerated: "END:VEVENT " from hand-edited files
  }
  if (stack.empty() && !(begin && component == "VCALENDAR")) {
    if (!seen_calendar) {
      return Bad("ics.not_icalendar", "不是 iCalendar 文件：应以 BEGIN:VCALENDAR 开头",
                 "not an iCalendar file: it must begin with BEGIN:VCALENDAR", prop.line);
    }
    return Bad("ics.outside_calendar", "END:VCALENDAR 之后还有内容", "content after END:VCALENDAR",
               prop.line);
  }
  if (begin) {
    if (component.empty() || (component == "VCALENDAR" && !stack.empty())) {
      return BadLine(prop.line, "BEGIN 后缺少组件名，或 VCALENDAR 嵌套",
                     "a component name is missing after BEGIN, or VCALENDAR is nested");
    }
    if (stack.size() >= kMaxDepth) {
      return Bad("ics.too_deep", "组件嵌套过深", "components are nested too deeply", prop.line);
    }
    if (component == "VEVENT") {
      const auto open = std::find_if(stack.begin(), stack.end(),
                                     [](const Component& c) { return c.name == "VEVENT"; });
      if (open != stack.end()) return Unclosed(stack, size_t(open - stack.begin()));
    }
    seen_calendar = true;
    stack.push_back(Component{component, prop.line, {}});
    return {};
  }
  if (end) {
    if (component != stack.back().name) {
      const auto outer = std::find_if(stack.rbegin(), stack.rend(),
                                      [&](const Component& c) { return c.name == component; });
      if (outer != stack.rend()) return Unclosed(stack, size_t(stack.rend() - outer));
      return Bad("ics.mismatched_end",
                 "END:" + prop.value + " 与第 " + std::to_string(stack.back().line) +
                     " 行的 BEGIN:" + stack.back().name + " 不匹配",
                 "END:" + prop.value + " does not close BEGIN:" + stack.back().name + " on line " +
                     std::to_string(stack.back().line),
                 prop.line);
    }
    Component closed = std::move(stack.back());
    stack.pop_back();
    if (closed.name == "VEVENT") return parser.AddEvent(closed.line, closed.props);
    return {};
  }
  if (stack.back().name == "VEVENT") stack.back().props.push_back(std::move(prop));
  return {};
}

}  // namespace

Result<IcsCalendar> ParseIcs(std::string_view text, const IcsParseOptions& options) {
  if (options.until_year < 0 || options.until_year > kMaxYear || options.open_ended_years < 0 ||
      options.open_ended_years > kMaxYear) {
    return MakeError(ErrorCode::kInvalidArgument, "ics.bad_until_year",
                     "展开年份应在 1 到 9999 之间", "the year to expand to must be 1 to 9999",
                     "until_year");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  Parser parser(options);
  std::vector<Component> stack;
  bool seen_calendar = false;
  std::string logical;  // the content line being unfolded
  int logical_line = 0;
  int line = 0;
  const auto flush = [&]() -> Status {
    if (logical_line == 0) return {};
    auto prop = ParseProperty(logical, logical_line);
    const int at = logical_line;
    logical_line = 0;
    if (!prop && !seen_calendar) {
      return Bad("ics.not_icalendar", "不是 iCalendar 文件：应以 BEGIN:VCALENDAR 开头",
                 "not an iCalendar file: it must begin with BEGIN:VCALENDAR", at);
    }
    if (!prop) return prop.error();
    return Structure(std::move(*prop), seen_calendar, stack, parser);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t newline = std::min(text.find('\n', pos), text.size());
    std::string_view physical = text.substr(pos, newline - pos);
    pos = newline + 1;
    ++line;
    if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
    if (!physical.empty() && (physical[0] == ' ' || physical[0] == '\t') && logical_line != 0) {
      logical.append(physical.substr(1));  // a folded continuation
      continue;
    }
    if (auto st = flush(); !st) return st.error();
    if (physical.empty()) continue;
    logical.assign(physical);
    logical_line = line;
  }
  if (auto st = flush(); !st) return st.error();
  if (!seen_calendar) {
    return Bad("ics.not_icalendar", "不是 iCalendar 文件：没有 BEGIN:VCALENDAR",
               "not an iCalendar file: there is no BEGIN:VCALENDAR", std::max(line, 1));
  }
  if (!stack.empty()) return Unclosed(stack, 0);
  return parser.Finish();
}

}  // namespace csqm::core
