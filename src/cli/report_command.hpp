// `csqm report monthly --month YYYY-MM [--unit CODE] [--xlsx FILE] [--html FILE] [--json]` and
// `csqm report rebuild`: the quality report and the rollups behind it, from the command line.
#pragma once

#include <optional>
#include <string>

#include "cli/server_commands.hpp"

namespace csqm::cli {

struct ReportOptions {
  DataOptions data;
  std::string period;                    // --month (any period key is accepted)
  std::optional<std::string> unit_code;  // --unit: an organisation unit's code (default: the top)
  std::optional<std::string> xlsx_path;
  std::optional<std::string> html_path;
  bool json = false;  // print the report as JSON instead of the summary table
};

int RunReportMonthly(const ReportOptions& options);
int RunReportRebuild(const DataOptions& options);

}  // namespace csqm::cli
