#include "core/calendar_json.hpp"

#include <boost/json.hpp>
#include <string>

namespace csqm::core {
namespace json = boost::json;
namespace {

Error Bad(std::string reason, std::string zh, std::string en, std::string field) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(zh), std::move(en),
                   std::move(field));
}

Error WrongType(const std::string& field, const char* zh_type, const char* en_type) {
  return Bad("calendar.wrong_type", std::string("应为") + zh_type,
             std::string("expected ") + en_type, field);
}

// Re-labels an error from a value parser with the field it came from.
Error At(Error error, const std::string& field) {
  error.field = field;
  return error;
}

Result<DayHours> ParseHours(const json::value& v, const std::string& field) {
  if (!v.is_array())
    return WrongType(field, "时段数组，如 [[\"09:00\",\"17:00\"]]",
                     "an array of intervals like [[\"09:00\",\"17:00\"]]");
  DayHours hours;
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const auto* pair = arr[i].if_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
      return WrongType(at, "[\"HH:MM\",\"HH:MM\"]", "[\"HH:MM\",\"HH:MM\"]");
    }
    auto begin = ParseClockMinute((*pair)[0].get_string());
    if (!begin) return At(begin.error(), at);
    auto end = ParseClockMinute((*pair)[1].get_string());
    if (!end) return At(end.error(), at);
    hours.push_back(WallInterval{*begin, *end});
  }
  return hours;
}

Result<int> ParseMinutes(const json::value& v, const std::string& field) {
  if (!v.is_int64() && !v.is_uint64())
    return WrongType(field, "整数（分钟）", "an integer (minutes)");
  const auto n =
      v.is_int64() ? v.get_int64() : int64_t(std::min<uint64_t>(v.get_uint64(), 1u << 30));
  if (n <= 0 || n > 24 * 60) {
    return Bad("calendar.bad_minutes", "应在 1 到 1440 分钟之间", "must be 1 to 1440 minutes",
               field);
  }
  return int(n);
}

Status ParseWeek(const json::value& v, CalendarSpec& spec) {
  if (!v.is_object()) return WrongType("week", "对象", "an object");
  for (const auto& [key, hours] : v.get_object()) {
    size_t day = 0;
    while (day < 7 && key != kWeekdayKeys[day]) ++day;
    const std::string field = "week." + std::string(key);
    if (day == 7) {
      return Bad("calendar.unknown_key", "未知的星期键，应为 mon…sun",
                 "unknown weekday key, expected mon…sun", field);
    }
    auto parsed = ParseHours(hours, field);
    if (!parsed) return parsed.error();
    spec.week[day] = std::move(*parsed);
  }
  return {};
}

Status ParseHolidays(const json::value& v, CalendarSpec& spec) {
  if (!v.is_array()) return WrongType("holidays", "日期数组", "an array of dates");
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = "holidays[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) return WrongType(at, "日期字符串", "a date string");
    auto date = ParseDate(arr[i].get_string());
    if (!date) return At(date.error(), at);
    spec.holidays.push_back(*date);
  }
  return {};
}

Result<ExtraWorkday> ParseExtra(const json::value& v, const std::string& at) {
  if (v.is_string()) {
    auto date = ParseDate(v.get_string());
    if (!date) return At(date.error(), at);
    return ExtraWorkday{*date, std::nullopt};
  }
  if (!v.is_object()) return WrongType(at, "日期或 {\"date\":…}", "a date or {\"date\":…}");
  ExtraWorkday extra{};
  bool has_date = false;
  for (const auto& [key, value] : v.get_object()) {
    const std::string field = at + "." + std::string(key);
    if (key == "date") {
      if (!value.is_string()) return WrongType(field, "日期字符串", "a date string");
      auto date = ParseDate(value.get_string());
      if (!date) return At(date.error(), field);
      extra.date = *date;
      has_date = true;
    } else if (key == "hours") {
      auto hours = ParseHours(value, field);
      if (!hours) return hours.error();
      extra.hours = std::move(*hours);
    } else if (key != "name" && key != "note") {
      return Bad("calendar.unknown_key", "未知的键", "unknown key", field);
    }
  }
  if (!has_date) return Bad("calendar.missing_date", "缺少 date", "date is missing", at);
  return extra;
}

Status ParseExtras(const json::value& v, CalendarSpec& spec) {
  if (!v.is_array()) return WrongType("extra_workdays", "数组", "an array");
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    auto extra = ParseExtra(arr[i], "extra_workdays[" + std::to_string(i) + "]");
    if (!extra) return extra.error();
    spec.extra_workdays.push_back(std::move(*extra));
  }
  return {};
}

json::array HoursToJson(const DayHours& hours) {
  json::array out;
  for (const auto& iv : hours) {
    out.push_back(json::array{json::string(FormatClockMinute(iv.begin_minute)),
                              json::string(FormatClockMinute(iv.end_minute))});
  }
  return out;
}

}  // namespace

Result<CalendarSpec> ParseCalendarJson(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 16;
  const json::value root =
      json::parse(json::string_view(text.data(), text.size()), ec, json::storage_ptr(), options);
  if (ec) {
    return Bad("calendar.bad_json", "不是有效的 JSON：" + ec.message(),
               "not valid JSON: " + ec.message(), "");
  }
  if (!root.is_object()) return WrongType("", "JSON 对象", "a JSON object");
  CalendarSpec spec;
  bool has_tz = false;
  for (const auto& [key, value] : root.get_object()) {
    const std::string field(key);
    Status st;
    if (key == "tz") {
      if (!value.is_string()) return WrongType(field, "IANA 时区名", "an IANA zone name");
      spec.tz = std::string(value.get_string());
      has_tz = true;
    } else if (key == "name") {
      if (!value.is_string()) return WrongType(field, "字符串", "a string");
      spec.name = std::string(value.get_string());
    } else if (key == "week") {
      st = ParseWeek(value, spec);
    } else if (key == "holidays") {
      st = ParseHolidays(value, spec);
    } else if (key == "extra_workdays") {
      st = ParseExtras(value, spec);
    } else if (key == "day_minutes" || key == "half_day_minutes") {
      auto minutes = ParseMinutes(value, field);
      if (!minutes) return minutes.error();
      (key == "day_minutes" ? spec.day_minutes : spec.half_day_minutes) = *minutes;
    } else if (key != "description" && key != "source") {
      return Bad("calendar.unknown_key", "未知的键", "unknown key", field);
    }
    if (!st) return st.error();
  }
  if (!has_tz) {
    return Bad("calendar.missing_zone", "缺少时区 tz", "time zone \"tz\" is missing", "tz");
  }
  if (auto st = ValidateCalendar(spec); !st) return st.error();
  return spec;
}

std::string CalendarToJson(const CalendarSpec& spec) {
  // Hand-laid so the file stays readable and diffs line by line.
  const auto quote = [](const std::string& s) { return json::serialize(json::string(s)); };
  std::string out = "{\n";
  if (!spec.name.empty()) out += "  \"name\": " + quote(spec.name) + ",\n";
  out += "  \"tz\": " + quote(spec.tz) + ",\n  \"week\": {\n";
  for (size_t d = 0; d < 7; ++d) {
    out += std::string("    \"") + kWeekdayKeys[d] +
           "\": " + json::serialize(HoursToJson(spec.week[d]));
    out += d < 6 ? ",\n" : "\n";
  }
  out += "  },\n  \"holidays\": [";
  for (size_t i = 0; i < spec.holidays.size(); ++i) {
    out += (i ? ",\n    \"" : "\n    \"") + FormatDate(spec.holidays[i]) + "\"";
  }
  out += spec.holidays.empty() ? "],\n" : "\n  ],\n";
  out += "  \"extra_workdays\": [";
  for (size_t i = 0; i < spec.extra_workdays.size(); ++i) {
    const auto& e = spec.extra_workdays[i];
    out += (i ? ",\n    " : "\n    ");
    out += "{\"date\": \"" + FormatDate(e.date) + "\"";
    if (e.hours) out += ", \"hours\": " + json::serialize(HoursToJson(*e.hours));
    out += "}";
  }
  out += spec.extra_workdays.empty() ? "],\n" : "\n  ],\n";
  out += "  \"day_minutes\": " + std::to_string(spec.day_minutes) + ",\n";
  out += "  \"half_day_minutes\": " + std::to_string(spec.half_day_minutes) + "\n}\n";
  return out;
}

}  // namespace csqm::core
