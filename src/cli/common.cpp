#include "cli/common.hpp"

#include <fmt/core.h>

#include "core/calendar_json.hpp"
#include "platform/files.hpp"
#include "platform/tz_zones.hpp"

namespace csqm::cli {

int ReportError(const core::Error& error, const std::string& context) {
  std::string line = error.OneLine();
  if (!context.empty()) line = context + ": " + line;
  fmt::print(stderr, "错误 / error: {}\n", line);
  return kExitBadInput;
}

core::Result<core::CalendarSpec> LoadCalendarSpec(const std::string& path) {
  auto text = platform::ReadFile(path);
  if (!text) return text.error();
  auto spec = core::ParseCalendarJson(*text);
  if (!spec) {
    core::Error e = spec.error();
    e.field = path + (e.field.empty() ? "" : " " + e.field);
    return e;
  }
  return spec;
}

core::Result<std::shared_ptr<const core::Schedule>> LoadSchedule(const std::string& path) {
  auto spec = LoadCalendarSpec(path);
  if (!spec) return spec.error();
  auto schedule = core::Schedule::Compile(std::move(*spec), platform::SystemZones());
  if (!schedule) {
    core::Error e = schedule.error();
    e.field = path + " " + e.field;
    return e;
  }
  return schedule;
}

core::Result<core::Instant> ParseTimeArg(const core::Schedule& schedule, const std::string& text,
                                         const std::string& field) {
  if (core::HasUtcOffset(text)) {
    auto instant = core::ParseRfc3339(text);
    if (!instant) {
      core::Error e = instant.error();
      e.field = field;
      return e;
    }
    return instant;
  }
  auto local = core::ParseLocalTime(text);
  if (!local) {
    core::Error e = local.error();
    e.field = field;
    return e;
  }
  return schedule.zone().ToInstant(*local);
}

core::Result<std::vector<core::Span>> ParsePauseArgs(const core::Schedule& schedule,
                                                     const std::vector<std::string>& pauses) {
  std::vector<core::Span> spans;
  for (const auto& text : pauses) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "sla.bad_pause",
                             "暂停区间应写作 FROM/TO：“" + text + "”",
                             "a pause is written FROM/TO: \"" + text + "\"", "--pause");
    }
    auto from = ParseTimeArg(schedule, text.substr(0, slash), "--pause");
    if (!from) return from.error();
    auto to = ParseTimeArg(schedule, text.substr(slash + 1), "--pause");
    if (!to) return to.error();
    if (*to < *from) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "sla.bad_pause",
                             "暂停区间的结束早于开始：“" + text + "”",
                             "a pause ends before it begins: \"" + text + "\"", "--pause");
    }
    spans.push_back(core::Span{*from, *to});
  }
  return spans;
}

std::string FormatMinutes(core::Millis ms) {
  if (ms.count() % 60000 == 0) return std::to_string(ms.count() / 60000);
  std::string text = fmt::format("{:.5f}", double(ms.count()) / 60000.0);
  while (text.back() == '0') text.pop_back();
  return text;
}

std::string FormatLocal(const core::Schedule& schedule, core::Instant instant) {
  return core::FormatRfc3339(instant, schedule.zone().OffsetAt(instant));
}

}  // namespace csqm::cli
