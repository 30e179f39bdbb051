#include "cli/sla_command.hpp"

#include <fmt/core.h>

#include "cli/common.hpp"
#include "cli/explain.hpp"
#include "core/sla_clock.hpp"

namespace csqm::cli {

int RunSlaDue(const SlaDueOptions& options) {
  auto schedule = LoadSchedule(options.calendar_path);
  if (!schedule) return ReportError(schedule.error());
  const core::Schedule& s = **schedule;
  auto clock = core::ParseClockKind(options.clock);
  if (!clock) return ReportError(clock.error());
  auto start = ParseTimeArg(s, options.start, "--start");
  if (!start) return ReportError(start.error());
  auto limit = core::ParseLimit(*clock, options.limit, s.spec());
  if (!limit) return ReportError(limit.error());
  auto pauses = ParsePauseArgs(s, options.pauses);
  if (!pauses) return ReportError(pauses.error());
  auto due = core::DueAt(s, *start, *limit, *pauses);
  if (!due) return ReportError(due.error());

  fmt::print("{}\n", FormatLocal(s, *due));
  if (options.explain) {
    fmt::print("  开始 start    {}  ({} {})\n", FormatLocal(s, *start), core::ClockKindName(*clock),
               options.limit);
    if (*clock == core::ClockKind::kWorkdays && pauses->empty()) {
      fmt::print("{}", ExplainWorkdays(s, *start, *due));
    } else {
      const auto shown = *clock == core::ClockKind::kWorkdays ? core::ClockKind::kBusiness : *clock;
      fmt::print("{}", ExplainSpans(s, shown, *start, *due, *pauses));
    }
    fmt::print("  截止 due      {}\n", FormatLocal(s, *due));
  }
  return 0;
}

int RunSlaElapsed(const SlaElapsedOptions& options) {
  auto schedule = LoadSchedule(options.calendar_path);
  if (!schedule) return ReportError(schedule.error());
  const core::Schedule& s = **schedule;
  auto clock = core::ParseClockKind(options.clock);
  if (!clock) return ReportError(clock.error());
  auto from = ParseTimeArg(s, options.from, "--from");
  if (!from) return ReportError(from.error());
  auto to = ParseTimeArg(s, options.to, "--to");
  if (!to) return ReportError(to.error());
  auto pauses = ParsePauseArgs(s, options.pauses);
  if (!pauses) return ReportError(pauses.error());
  auto elapsed = core::Elapsed(s, *clock, *from, *to, *pauses);
  if (!elapsed) return ReportError(elapsed.error());

  fmt::print("{}\n", FormatMinutes(*elapsed));
  if (options.explain) {
    const auto shown = *clock == core::ClockKind::kWorkdays ? core::ClockKind::kBusiness : *clock;
    fmt::print("{}", ExplainSpans(s, shown, *from, *to, *pauses));
  }
  return 0;
}

}  // namespace csqm::cli
