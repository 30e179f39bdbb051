// `csqm seed --template NAME [--demo]`: loads an industry template (case types, workflows,
// categories with their time limits, calendars) and, with --demo, a fictional company.
#include <fmt/core.h>

#include <filesystem>

#include "app/demo.hpp"
#include "app/seed.hpp"
#include "cli/common.hpp"
#include "cli/runtime.hpp"
#include "cli/server_commands.hpp"
#include "platform/adapters.hpp"
#include "platform/log.hpp"
#include "platform/template_files.hpp"

namespace csqm::cli {
namespace {

// NAME is a folder under ./templates, or a path to a template folder.
std::string TemplatePath(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  return "templates/" + name;
}

}  // namespace

int RunSeed(const SeedOptions& options) {
  auto config = platform::LoadConfig(options.data.config_path, platform::CsqmEnvironment());
  if (!config) return ReportError(config.error());
  if (options.data.data_dir) config->data_dir = *options.data.data_dir;
  if (options.data.db) config->db = *options.data.db;
  platform::InitJsonLogging(config->log_level);
  auto files = platform::ReadTemplateFiles(TemplatePath(options.template_name));
  if (!files) return ReportError(files.error(), "--template");

  const auto now = platform::SystemClock().Now();
  app::ManualClock clock(now);
  auto runtime = Runtime::Open(*config, &clock);
  if (!runtime) return ReportError(runtime.error());
  auto& services = (*runtime)->services();
  auto report = app::LoadTemplate(services, *files);
  if (!report) return ReportError(report.error(), "--template");
  fmt::print(
      "模板 {}：新增 {}，更新 {}，未变 {} / template {}: {} added, {} updated, {} unchanged\n",
      report->template_key, report->Count(app::SeedAction::kCreated),
      report->Count(app::SeedAction::kUpdated), report->Count(app::SeedAction::kUnchanged),
      report->template_key, report->Count(app::SeedAction::kCreated),
      report->Count(app::SeedAction::kUpdated), report->Count(app::SeedAction::kUnchanged));
  if (!options.demo) return 0;

  auto demo = app::SeedDemo(services, app::DemoOptions{clock, now});
  if (!demo) return ReportError(demo.error(), "--demo");
  fmt::print(
      "演示数据（虚构） / demo data (fictional): {} users, {} customers, {} cases ({} open, {} "
      "overdue)\n",
      demo->users, demo->customers, demo->cases, demo->open_cases, demo->overdue_open_cases);
  const auto& care = demo->aftercare;
  fmt::print(
      "回访任务 {}（完成 {}，失败 {}，未完成 {}），问卷答卷 {}，意见簿 {} / callbacks {} ({} done, "
      "{} "
      "failed, {} open), survey answers {}, suggestions {}\n",
      care.callback_tasks, care.callbacks_done, care.callbacks_failed, care.callbacks_open,
      care.survey_responses, care.suggestions, care.callback_tasks, care.callbacks_done,
      care.callbacks_failed, care.callbacks_open, care.survey_responses, care.suggestions);
  fmt::print("演示账号，密码均为 / demo logins, all with password: {}\n", demo->password);
  for (const auto& login : demo->logins) {
    fmt::print("  {:<24} {:<16} {}\n", login.login, core::RoleName(login.role), login.display_name);
  }
  return 0;
}

}  // namespace csqm::cli
