// `csqm report monthly` and `csqm report rebuild` as a user runs them, on the demo company:
// the report prints, the .xlsx is a valid zip with native chart parts, the HTML is printable,
// and rebuilding the rollups from the case tables changes no figure.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "run_command.hpp"

namespace csqm::testing {
namespace {

namespace fs = std::filesystem;

std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

// Runs a shell command; its exit code and standard output.
RunResult RunShell(const std::string& command) {
  RunResult r;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The month before the current one, YYYY-MM (the demo's cases span the last four months).
std::string LastMonth() {
  using namespace std::chrono;
  const year_month_day today(floor<days>(system_clock::now() + hours(8)));
  const year_month last = year_month(today.year(), today.month()) - months(1);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", int(last.year()), unsigned(last.month()));
  return text;
}

// The "current" object of a report printed with --json.
std::string CurrentSection(const std::string& json) {
  const size_t from = json.find("\"current\"");
  const size_t to = json.find("\"previous\"");
  return from == std::string::npos || to == std::string::npos ? "" : json.substr(from, to - from);
}

TEST(ReportCli, MonthlyReportWritesXlsxWithChartsAndPrintableHtml) {
  const fs::path dir =
      fs::temp_directory_path() / ("csqm-report-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string data = "--data " + Quote(dir / "var");
  ASSERT_EQ(RunCsqm("seed " + data + " --template " + SourcePath("templates/property") + " --demo")
                .exit_code,
            0);
  const std::string month = LastMonth();
  const auto r = RunCsqm("report monthly " + data + " --month " + month + " --xlsx " +
                         Quote(dir / "r.xlsx") + " --html " + Quote(dir / "r.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("质量报告 quality report " + month), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("satisfaction_rate"), std::string::npos);
  EXPECT_NE(r.out.find("callback_rate"), std::string::npos);

  const auto listing = RunShell("unzip -l " + Quote(dir / "r.xlsx"));
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_NE(listing.out.find("xl/charts/chart1.xml"), std::string::npos) << listing.out;
  EXPECT_NE(listing.out.find("xl/workbook.xml"), std::string::npos);
  const std::string html = SlurpFile(dir / "r.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("帕累托"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "self-contained";

  const auto before = RunCsqm("report monthly " + data + " --month " + month + " --json");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  const auto rebuild = RunCsqm("report rebuild " + data);
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_NE(rebuild.out.find("rollups rebuilt"), std::string::npos);
  const auto after = RunCsqm("report monthly " + data + " --month " + month + " --json");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_FALSE(CurrentSection(before.out).empty());
  EXPECT_EQ(CurrentSection(before.out), CurrentSection(after.out));

  const auto bad = RunCsqm("report monthly " + data + " --month 2026-13");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("2026-10"), std::string::npos) << bad.err;  // the bilingual format hint
  fs::remove_all(dir);
}

}  // namespace
}  // namespace csqm::testing
