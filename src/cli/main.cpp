// csqm's entry point: the only translation unit that includes CLI11 (a heavy header).
// Each sub-command fills a plain options struct and calls its Run… function.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/calendar_command.hpp"
#include "cli/sla_command.hpp"

namespace {

constexpr int kUsageError = 2;

void AddPauseOption(CLI::App* cmd, std::vector<std::string>* pauses) {
  cmd->add_option("--pause", *pauses,
                  "不计时区间 FROM/TO（可重复） / a paused interval FROM/TO (repeatable)");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace csqm::cli;
  CLI::App app{"csqm — 客户服务质量管理系统 / customer-service quality management"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "csqm 0.1.0");

  auto* sla = app.add_subcommand("sla", "时限计算 / time-limit arithmetic on a calendar");
  sla->require_subcommand(1);

  SlaDueOptions due;
  auto* due_cmd = sla->add_subcommand("due", "计算截止时间 / compute a deadline");
  due_cmd->add_option("--calendar", due.calendar_path, "日历 JSON 文件 / calendar JSON file")->required();
  due_cmd->add_option("--start", due.start,
                      "开始时间：日历时区的本地时间 YYYY-MM-DDTHH:MM[:SS] 或 RFC 3339 / start time")
      ->required();
  due_cmd->add_option("--clock", due.clock, "business | workdays | 24x7")->required();
  due_cmd->add_option("--limit", due.limit, "时限，如 30m、0.5d、2h、7d / limit")->required();
  AddPauseOption(due_cmd, &due.pauses);
  due_cmd->add_flag("--explain", due.explain, "列出计入的时段 / list the intervals counted");

  SlaElapsedOptions elapsed;
  auto* el_cmd = sla->add_subcommand("elapsed", "计算已用工作分钟 / working minutes between");
  el_cmd->add_option("--calendar", elapsed.calendar_path, "日历 JSON 文件 / calendar JSON file")
      ->required();
  el_cmd->add_option("--from", elapsed.from, "起始时间 / from")->required();
  el_cmd->add_option("--to", elapsed.to, "结束时间 / to")->required();
  el_cmd->add_option("--clock", elapsed.clock, "business | workdays | 24x7 (默认 business)");
  AddPauseOption(el_cmd, &elapsed.pauses);
  el_cmd->add_flag("--explain", elapsed.explain, "列出计入的时段 / list the intervals counted");

  auto* cal = app.add_subcommand("calendar", "工作日历 / working calendars");
  cal->require_subcommand(1);
  CalendarCheckOptions check;
  auto* check_cmd = cal->add_subcommand("check", "校验日历文件 / validate a calendar file");
  check_cmd->add_option("FILE", check.calendar_path, "日历 JSON 文件 / calendar JSON")->required();

  CalendarImportIcsOptions ics;
  auto* ics_cmd = cal->add_subcommand(
      "import-ics", "从 iCalendar 导入节假日或调休 / import all-day events from .ics");
  ics_cmd->add_option("FILE", ics.ics_path, ".ics 文件 / .ics file")->required();
  ics_cmd->add_option("--into", ics.calendar_path, "要合并进的日历 JSON / calendar to merge into")
      ->required();
  ics_cmd->add_option("--as", ics.as, "holidays | extra_workdays (默认 holidays)")
      ->check(CLI::IsMember({"holidays", "extra_workdays"}));
  ics_cmd->add_option("--until-year", ics.until_year,
                      "无结束的年度重复展开到此年 / expand open-ended yearly rules up to this year");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "命令行参数错误 / bad command line: %s\n", e.what());
    return kUsageError;
  }

  try {
    if (due_cmd->parsed()) return RunSlaDue(due);
    if (el_cmd->parsed()) return RunSlaElapsed(elapsed);
    if (check_cmd->parsed()) return RunCalendarCheck(check);
    if (ics_cmd->parsed()) return RunCalendarImportIcs(ics);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "内部错误 / internal error: %s\n", e.what());
    return 1;
  }
  return kUsageError;
}
