// `csqm sla` as a user runs it: every row of table T1 on the China 2026 calendar, --explain,
// and bad input answered with exit code 2 and one bilingual line.
#include <gtest/gtest.h>

#include "run_command.hpp"

namespace csqm::testing {
namespace {

const std::string kCal = SourcePath("templates/calendars/china-0830-1730-lunch.json");

std::string Due(const std::string& start, const std::string& clock, const std::string& limit,
                const std::string& calendar = kCal) {
  auto r = RunCsqm("sla due --calendar " + calendar + " --start " + start + " --clock " + clock +
                   " --limit " + limit);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  return r.out;
}

struct T1Row {
  const char* category;
  const char* start;
  const char* clock;
  const char* limit;
  const char* due;
};

TEST(CsqmSlaDue, AnswersEveryRowOfTableT1OnTheChina2026Calendar) {
  const T1Row rows[] = {
      {"态度投诉 一般 attitude, ordinary", "2026-02-13T10:00", "business", "0.5d",
       "2026-02-13T15:30:00+08:00"},
      {"态度投诉 严重 attitude, serious", "2026-02-13T10:00", "business", "2d",
       "2026-02-24T10:00:00+08:00"},
      {"户内紧急维修 urgent home repair", "2026-02-17T23:55", "24x7", "10m",
       "2026-02-18T00:05:00+08:00"},
      {"简易维修 simple repair", "2026-02-13T16:00", "business", "0.5d",
       "2026-02-14T11:00:00+08:00"},
      {"其他维修 other repair", "2026-02-13T10:00", "workdays", "7d", "2026-03-02T17:30:00+08:00"},
      {"公共区域紧急 public-area urgent", "2026-10-01T12:00", "24x7", "10m",
       "2026-10-01T12:10:00+08:00"},
      {"公共区域其他 public-area other", "2026-02-13T10:00", "workdays", "3d",
       "2026-02-25T17:30:00+08:00"},
      {"邻里行为 neighbour behaviour", "2026-02-16T22:50", "24x7", "15m",
       "2026-02-16T23:05:00+08:00"},
      {"其他投诉 other complaint", "2026-02-13T10:00", "24x7", "8h", "2026-02-13T18:00:00+08:00"},
      {"一般咨询 inquiry, general", "2026-02-13T11:45", "business", "30m",
       "2026-02-13T13:45:00+08:00"},
      {"收费咨询 inquiry, fees", "2026-02-13T17:20", "business", "30m",
       "2026-02-14T08:50:00+08:00"},
      {"中心外服务咨询 inquiry, outside services", "2026-02-14T17:15", "business", "30m",
       "2026-02-24T08:45:00+08:00"},
      {"其他部门办事程序 inquiry, other departments", "2026-09-30T10:00", "workdays", "2d",
       "2026-10-09T17:30:00+08:00"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(Due(row.start, row.clock, row.limit), std::string(row.due) + "\n") << row.category;
  }
}

TEST(CsqmSlaDue, AcceptsRfc3339StartsAndPauses) {
  EXPECT_EQ(Due("2026-02-13T02:00:00Z", "business", "30m"), "2026-02-13T10:30:00+08:00\n");
  auto r = RunCsqm("sla due --calendar " + kCal +
                   " --start 2026-02-13T10:00 --clock business --limit 2h"
                   " --pause 2026-02-13T10:30/2026-02-13T16:00");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2026-02-13T17:30:00+08:00\n") << "30 min before the pause, 90 after it";
}

TEST(CsqmSlaDue, ExplainListsCountedIntervalsAndSkippedHolidays) {
  auto r = RunCsqm("sla due --calendar " + kCal +
                   " --start 2026-02-14T17:00 --clock business --limit 1h --explain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2026-02-14 17:00–17:30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("调休上班 make-up working day"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2026-02-15 … 2026-02-23  节假日 holiday (9 天 days)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2026-02-24 08:30–09:00"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "2026-02-24T09:00:00+08:00");

  auto w = RunCsqm("sla due --calendar " + kCal +
                   " --start 2026-09-30T10:00 --clock workdays --limit 2 --explain");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(w.out.find("working day 1: 2026-10-08"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("working day 2: 2026-10-09"), std::string::npos) << w.out;
}

TEST(CsqmSlaElapsed, PrintsWorkingMinutesWithDecimalsWhenNotWhole) {
  auto r =
      RunCsqm("sla elapsed --calendar " + kCal + " --from 2026-02-13T16:00 --to 2026-02-24T10:00");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "630\n") << "Fri 16:00–17:30, make-up Sat 14th (450), Tue 24th 08:30–10:00";
  auto full =
      RunCsqm("sla elapsed --calendar " + kCal + " --from 2026-02-13T08:30 --to 2026-02-16T08:30");
  EXPECT_EQ(full.out, "900\n");
  auto half = RunCsqm("sla elapsed --calendar " + kCal +
                      " --from 2026-02-13T09:00:00 --to 2026-02-13T09:00:30");
  EXPECT_EQ(half.out, "0.5\n");
  auto back =
      RunCsqm("sla elapsed --calendar " + kCal + " --from 2026-02-13T10:00 --to 2026-02-13T09:00");
  EXPECT_EQ(back.out, "-60\n");
}

struct BadInput {
  const char* what;
  std::string args;
  const char* needle;  // a fragment of the one-line message
};

TEST(CsqmSla, BadInputExitsWithCodeTwoAndOneBilingualLine) {
  const std::string broken = "/tmp/csqm-cli-broken-calendar.json";
  { std::ofstream(broken) << R"({"tz":"Asia/Shanghai","week":{"mon":[["09:00","25:00"]]}})"; }
  const std::string bad_zone = "/tmp/csqm-cli-bad-zone.json";
  { std::ofstream(bad_zone) << R"({"tz":"Mars/Olympus"})"; }
  const std::string base = "sla due --calendar " + kCal;
  const BadInput cases[] = {
      {"unknown clock", base + " --start 2026-02-13T10:00 --clock weekly --limit 1h", "weekly"},
      {"bad limit", base + " --start 2026-02-13T10:00 --clock business --limit 25:00", "25:00"},
      {"bad start", base + " --start 2026-02-30T10:00 --clock business --limit 1h", "2026-02-30"},
      {"fractional workdays", base + " --start 2026-02-13T10:00 --clock workdays --limit 1.5",
       "1.5"},
      {"missing file",
       "sla due --calendar /nonexistent.json --start 2026-02-13T10:00 --clock "
       "business --limit 1h",
       "/nonexistent.json"},
      {"broken calendar",
       "sla due --calendar " + broken + " --start 2026-02-13T10:00 --clock business --limit 1h",
       "week.mon[0]"},
      {"unknown zone",
       "sla due --calendar " + bad_zone + " --start 2026-02-13T10:00 --clock business --limit 1h",
       "Mars/Olympus"},
      {"missing option", "sla due --calendar " + kCal + " --clock business --limit 1h", "--start"},
      {"bad pause", base + " --start 2026-02-13T10:00 --clock business --limit 1h --pause x",
       "FROM/TO"},
      {"unknown subcommand", "sla overdue", "subcommand"},
  };
  for (const auto& c : cases) {
    auto r = RunCsqm(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.what;
    EXPECT_TRUE(r.out.empty()) << c.what << ": " << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.what << ": " << r.err;
    EXPECT_NE(r.err.find(c.needle), std::string::npos) << c.what << ": " << r.err;
    EXPECT_NE(r.err.find(" / "), std::string::npos) << c.what << ": Chinese / English";
  }
}

TEST(CsqmCalendarCheck, SummarisesAValidCalendar) {
  auto r = RunCsqm("calendar check " + kCal);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("holidays 61"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace csqm::testing
