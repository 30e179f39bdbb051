#include "core/time_types.hpp"

#include <charconv>
#include <cstdlib>

namespace csqm::core {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `width` decimal digits at text[pos]; -1 when they are not all digits.
int Digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

Error BadDate(std::string_view text) {
  return MakeError(
      ErrorCode::kInvalidArgument, "time.bad_date",
      "日期格式错误，应为 YYYY-MM-DD 的真实日期：“" + std::string(text) + "”",
      "malformed date, expected a real date as YYYY-MM-DD: \"" + std::string(text) + "\"");
}

Error BadLocalTime(std::string_view text) {
  return MakeError(ErrorCode::kInvalidArgument, "time.bad_time",
                   "时间格式错误，应为 YYYY-MM-DDTHH:MM[:SS] 或带时区偏移的 RFC 3339：“" +
                       std::string(text) + "”",
                   "malformed time, expected YYYY-MM-DDTHH:MM[:SS] or RFC 3339 with an "
                   "offset: \"" +
                       std::string(text) + "\"");
}

// Parses "YYYY-MM-DD[T ]HH:MM[:SS[.f…]]" and returns the number of characters read.
Result<std::pair<LocalTime, size_t>> ParseWallPrefix(std::string_view text) {
  if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return BadLocalTime(text);
  }
  auto date = ParseDate(text.substr(0, 10));
  if (!date) return BadLocalTime(text);
  const int hh = Digits(text, 11, 2);
  const int mm = Digits(text, 14, 2);
  if (text[13] != ':' || hh < 0 || hh > 23 || mm < 0 || mm > 59) return BadLocalTime(text);
  size_t pos = 16;
  int ss = 0;
  int64_t ms = 0;
  if (pos < text.size() && text[pos] == ':') {
    ss = Digits(text, pos + 1, 2);
    if (ss < 0 || ss > 59) return BadLocalTime(text);
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) ms = ms * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return BadLocalTime(text);
      for (int i = digits; i < 3; ++i) ms *= 10;
    }
  }
  const LocalTime local{date->time_since_epoch() + hours(hh) + minutes(mm) + seconds(ss) +
                        Millis(ms)};
  return std::pair{local, pos};
}

}  // namespace

Result<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return BadDate(text);
  const int y = Digits(text, 0, 4);
  const int m = Digits(text, 5, 2);
  const int d = Digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return BadDate(text);
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                        std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return BadDate(text);
  return Date(ymd);
}

std::string FormatDate(Date date) {
  const std::chrono::year_month_day ymd(date);
  char buf[16];
  auto put = [&buf](size_t at, unsigned value, size_t width) {
    for (size_t i = width; i-- > 0; value /= 10) buf[at + i] = char('0' + value % 10);
  };
  put(0, unsigned(int(ymd.year())), 4);
  buf[4] = '-';
  put(5, unsigned(ymd.month()), 2);
  buf[7] = '-';
  put(8, unsigned(ymd.day()), 2);
  return std::string(buf, 10);
}

Result<int> ParseClockMinute(std::string_view text) {
  const int hh = Digits(text, 0, 2);
  const int mm = Digits(text, 3, 2);
  if (text.size() != 5 || text[2] != ':' || hh < 0 || mm < 0 || mm > 59 || hh > 24 ||
      (hh == 24 && mm != 0)) {
    return MakeError(
        ErrorCode::kInvalidArgument, "calendar.bad_time",
        "时刻格式错误，应为 00:00 至 24:00 的 HH:MM：“" + std::string(text) + "”",
        "malformed time of day, expected HH:MM from 00:00 to 24:00: \"" + std::string(text) + "\"");
  }
  return hh * 60 + mm;
}

std::string FormatClockMinute(int minute) {
  const int hh = minute / 60;
  const int mm = minute % 60;
  return std::string{char('0' + hh / 10), char('0' + hh % 10), ':', char('0' + mm / 10),
                     char('0' + mm % 10)};
}

Result<LocalTime> ParseLocalTime(std::string_view text) {
  auto parsed = ParseWallPrefix(text);
  if (!parsed) return parsed.error();
  if (parsed->second != text.size()) return BadLocalTime(text);
  return parsed->first;
}

bool HasUtcOffset(std::string_view text) {
  if (text.empty()) return false;
  if (text.back() == 'Z' || text.back() == 'z') return true;
  return text.size() > 19 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
         text[text.size() - 3] == ':';
}

Result<Instant> ParseRfc3339(std::string_view text) {
  auto parsed = ParseWallPrefix(text);
  if (!parsed) return parsed.error();
  const auto [local, pos] = *parsed;
  const std::string_view rest = text.substr(pos);
  seconds offset{0};
  if (rest == "Z" || rest == "z") {
    offset = seconds(0);
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    const int oh = Digits(rest, 1, 2);
    const int om = Digits(rest, 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return BadLocalTime(text);
    offset = hours(oh) + minutes(om);
    if (rest[0] == '-') offset = -offset;
  } else {
    return BadLocalTime(text);
  }
  return Instant{local.time_since_epoch() - offset};
}

size_t FormatRfc3339To(char (&out)[kRfc3339MaxLength], Instant instant, seconds utc_offset) {
  const auto local = instant.time_since_epoch() + utc_offset;
  const auto day = std::chrono::floor<days>(local);
  const Millis in_day = local - day;
  const std::chrono::year_month_day ymd{Date(day)};
  size_t n = 0;
  const auto put = [&out, &n](int64_t value, size_t width) {
    for (size_t i = width; i-- > 0; value /= 10) out[n + i] = char('0' + value % 10);
    n += width;
  };
  const auto ch = [&out, &n](char c) { out[n++] = c; };
  put(unsigned(int(ymd.year())) % 10000, 4);  // RFC 3339 years: 0000-9999
  ch('-');
  put(unsigned(ymd.month()), 2);
  ch('-');
  put(unsigned(ymd.day()), 2);
  ch('T');
  put(in_day.count() / 3600000, 2);
  ch(':');
  put(in_day.count() / 60000 % 60, 2);
  ch(':');
  put(in_day.count() / 1000 % 60, 2);
  if (const int64_t ms = in_day.count() % 1000; ms != 0) {
    ch('.');
    put(ms, 3);
  }
  const int64_t off_min = utc_offset.count() / 60;
  ch(off_min < 0 ? '-' : '+');
  put(std::llabs(off_min) / 60 % 100, 2);
  ch(':');
  put(std::llabs(off_min) % 60, 2);
  return n;
}

std::string FormatRfc3339(Instant instant, seconds utc_offset) {
  char buffer[kRfc3339MaxLength];
  return std::string(buffer, FormatRfc3339To(buffer, instant, utc_offset));
}

int WeekdayIndex(Date date) {
  // iso_encoding: Monday = 1 … Sunday = 7.
  return int(std::chrono::weekday(date).iso_encoding()) - 1;
}

}  // namespace csqm::core
