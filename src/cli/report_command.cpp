#include "cli/report_command.hpp"

#include <fmt/core.h>

#include <fstream>

#include "app/quality_report.hpp"
#include "app/quality_tracking.hpp"
#include "cli/common.hpp"
#include "cli/runtime.hpp"
#include "platform/adapters.hpp"
#include "platform/log.hpp"
#include "platform/tz_zones.hpp"
#include "report/report_files.hpp"

namespace csqm::cli {
namespace {

core::Result<platform::Config> Load(const DataOptions& o) {
  auto config = platform::LoadConfig(o.config_path, platform::CsqmEnvironment());
  if (!config) return config.error();
  if (o.data_dir) config->data_dir = *o.data_dir;
  if (o.db) config->db = *o.db;
  return config;
}

core::Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "report.cannot_write",
                           "无法写入文件 " + path, "cannot write " + path);
  }
  return {};
}

}  // namespace

int RunReportMonthly(const ReportOptions& options) {
  auto config = Load(options.data);
  if (!config) return ReportError(config.error());
  platform::InitJsonLogging(config->log_level);
  auto runtime = Runtime::Open(*config);
  if (!runtime) return ReportError(runtime.error());
  auto& s = (*runtime)->services();
  auto zone = platform::SystemZones().Find(config->display_tz);
  if (!zone) return ReportError(zone.error());
  std::optional<app::Id> unit_id;
  if (options.unit_code) {
    auto st = s.store.Read([&](app::Tx& tx) -> core::Status {
      auto units = tx.Org().ListUnits();
      if (!units) return units.error();
      for (const auto& u : *units)
        if (u.code == *options.unit_code) unit_id = u.id;
      if (unit_id) return {};
      return core::MakeError(core::ErrorCode::kInvalidArgument, "quality.bad_org_unit",
                             "没有这个组织单元编码", "no organisation unit has that code",
                             "--unit");
    });
    if (!st) return ReportError(st.error(), "--unit");
  }
  report::ReportFiles files;
  app::ReportEnv env{files, **zone};
  auto generated = app::GenerateReport(s, env, std::nullopt, options.period, unit_id, false);
  if (!generated) return ReportError(generated.error(), "--month");
  if (options.xlsx_path) {
    auto bytes = s.blobs.Get(generated->record.xlsx_sha256);
    if (!bytes) return ReportError(bytes.error());
    if (auto st = WriteFile(*options.xlsx_path, *bytes); !st) return ReportError(st.error());
  }
  if (options.html_path) {
    auto bytes = s.blobs.Get(generated->record.html_sha256);
    if (!bytes) return ReportError(bytes.error());
    if (auto st = WriteFile(*options.html_path, *bytes); !st) return ReportError(st.error());
  }
  if (options.json) {
    fmt::print("{}\n", generated->record.data_json);
    return 0;
  }
  const auto& r = generated->report;
  fmt::print("质量报告 quality report {} · {}（上期 previous {}）\n", r.period, r.org_unit_name,
             r.previous_period);
  for (const auto& v : r.current.values) {
    const auto* def = core::FindIndicator(v.key);
    const auto* prev = r.previous.Find(v.key);
    fmt::print("  {:<26} {:>10} {:>10} {:>10} {}\n", v.key, report::ShowValue(v.key, v.value),
               report::ShowValue(v.key, prev ? prev->value : std::nullopt),
               report::ShowValue(v.key, v.target),
               !v.met   ? ""
               : *v.met ? "达标 met"
                        : "未达标 missed");
    (void)def;
  }
  fmt::print(
      "改进措施 improvement actions: {} raised now, {} in the report; archived as report #{}\n",
      generated->improvements_raised, r.improvements.size(), generated->record.id);
  return 0;
}

int RunReportRebuild(const DataOptions& options) {
  auto config = Load(options);
  if (!config) return ReportError(config.error());
  platform::InitJsonLogging(config->log_level);
  auto runtime = Runtime::Open(*config);
  if (!runtime) return ReportError(runtime.error());
  auto done = app::RebuildRollups((*runtime)->services());
  if (!done) return ReportError(done.error());
  fmt::print("质量汇总已重建 / quality rollups rebuilt: {} cases\n", done->cases);
  return 0;
}

}  // namespace csqm::cli
