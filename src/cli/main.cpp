// csqm's entry point: the only translation unit that includes CLI11 (a heavy header).
// Each sub-command fills a plain options struct and calls its Run… function.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/calendar_command.hpp"
#include "cli/copy_command.hpp"
#include "cli/report_command.hpp"
#include "cli/server_commands.hpp"
#include "cli/sla_command.hpp"

namespace {

constexpr int kUsageError = 2;

void AddDataOptions(CLI::App* cmd, csqm::cli::DataOptions* o) {
  cmd->add_option("--data", o->data_dir, "数据目录（默认 ./var） / data folder (default ./var)");
  cmd->add_option("--config", o->config_path, "配置文件 csqm.toml / configuration file");
  cmd->add_option(
      "--db", o->db,
      "数据库 postgresql://用户@主机:端口/库名 或 sqlite:路径（默认数据目录中的 SQLite）"
      " / database: postgresql://USER@HOST:PORT/DB or sqlite:PATH (default: SQLite "
      "in the data folder)");
}

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
  due_cmd->add_option("--calendar", due.calendar_path, "日历 JSON 文件 / calendar JSON file")
      ->required();
  due_cmd
      ->add_option("--start", due.start,
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
  ics_cmd->add_option(
      "--until-year", ics.until_year,
      "无结束的年度重复展开到此年 / expand open-ended yearly rules up to this year");

  DataOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "启动服务 / run the HTTP server");
  AddDataOptions(serve_cmd, &serve);
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT（默认 127.0.0.1:8080）");

  DataOptions migrate;
  auto* migrate_cmd = app.add_subcommand("migrate", "升级数据库结构 / bring the schema up to date");
  AddDataOptions(migrate_cmd, &migrate);

  auto* audit = app.add_subcommand("audit", "审计日志 / the audit log");
  audit->require_subcommand(1);
  DataOptions verify;
  auto* verify_cmd = audit->add_subcommand("verify", "校验哈希链 / verify the hash chain");
  AddDataOptions(verify_cmd, &verify);

  auto* user = app.add_subcommand("user", "用户 / users");
  user->require_subcommand(1);
  UserOptions add_user;
  auto* user_add = user->add_subcommand("add", "新建用户 / add a user");
  AddDataOptions(user_add, &add_user.data);
  user_add->add_option("LOGIN", add_user.login, "登录名 / login")->required();
  user_add->add_option("--name", add_user.display_name, "姓名 / display name");
  user_add->add_option("--role", add_user.role,
                       "admin|quality_manager|manager|supervisor|agent|field_staff|auditor");
  user_add->add_option("--org-unit", add_user.org_unit, "组织单元编码 / organisation unit code");
  user_add->add_option("--password", add_user.password,
                       "密码（或 CSQM_PASSWORD / 标准输入） / password (or CSQM_PASSWORD / stdin)");
  UserOptions passwd;
  auto* user_passwd = user->add_subcommand("passwd", "修改密码 / change a password");
  AddDataOptions(user_passwd, &passwd.data);
  user_passwd->add_option("LOGIN", passwd.login, "登录名 / login")->required();
  user_passwd->add_option("--password", passwd.password, "新密码 / new password");

  SeedOptions seed;
  auto* seed_cmd =
      app.add_subcommand("seed", "载入行业模板（及演示数据） / load a template (and demo data)");
  AddDataOptions(seed_cmd, &seed.data);
  seed_cmd
      ->add_option("--template", seed.template_name,
                   "模板名，如 property / template, e.g. property")
      ->required();
  seed_cmd->add_flag("--demo", seed.demo, "加入虚构的演示公司 / add a fictional demo company");

  auto* report = app.add_subcommand("report", "质量报告 / quality reports");
  report->require_subcommand(1);
  ReportOptions monthly;
  auto* monthly_cmd = report->add_subcommand("monthly", "质量月报 / the monthly quality report");
  AddDataOptions(monthly_cmd, &monthly.data);
  monthly_cmd
      ->add_option("--month", monthly.period,
                   "月份 YYYY-MM（也可为 2026-Q4、2026-W41、2026） / month (or another period)")
      ->required();
  monthly_cmd->add_option("--unit", monthly.unit_code, "组织单元编码 / organisation unit code");
  monthly_cmd->add_option("--xlsx", monthly.xlsx_path, "写出 Excel 文件 / write the .xlsx here");
  monthly_cmd->add_option("--html", monthly.html_path, "写出可打印网页 / write the HTML page here");
  monthly_cmd->add_flag("--json", monthly.json, "输出 JSON / print the report as JSON");
  DataOptions rebuild;
  auto* rebuild_cmd = report->add_subcommand(
      "rebuild", "从工单重建质量汇总 / recount the quality rollups from the cases");
  AddDataOptions(rebuild_cmd, &rebuild);

  CopyOptions copy;
  auto* copy_cmd = app.add_subcommand(
      "copy", "整库复制（如 SQLite → PostgreSQL），核对行数与审计链 / copy a whole database");
  copy_cmd->add_option("--from", copy.from, "源库 sqlite:路径 或 postgresql://… / source")
      ->required();
  copy_cmd->add_option("--to", copy.to, "目标库 postgresql://… 或 sqlite:路径 / target")
      ->required();
  copy_cmd->add_flag("--replace", copy.replace,
                     "目标库有数据时先清空 / empty a target that holds rows first");
  copy_cmd
      ->add_option("--batch", copy.batch_rows, "每条 INSERT 的行数（默认 1000） / rows per INSERT")
      ->check(CLI::Range(1, 100000));
  copy_cmd->add_flag("--quiet", copy.quiet, "不显示逐表进度 / no per-table progress");

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
    if (serve_cmd->parsed()) return RunServe(serve);
    if (copy_cmd->parsed()) return RunCopy(copy);
    if (monthly_cmd->parsed()) return RunReportMonthly(monthly);
    if (rebuild_cmd->parsed()) return RunReportRebuild(rebuild);
    if (migrate_cmd->parsed()) return RunMigrate(migrate);
    if (seed_cmd->parsed()) return RunSeed(seed);
    if (verify_cmd->parsed()) return RunAuditVerify(verify);
    if (user_add->parsed()) return RunUserAdd(add_user);
    if (user_passwd->parsed()) return RunUserPasswd(passwd);
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
