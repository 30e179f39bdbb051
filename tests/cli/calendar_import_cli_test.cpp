// `csqm calendar import-ics` as a user runs it: on a small calendar in a temporary directory,
// the China 2026 feeds are merged in place; broken or conflicting input exits 2 with one
// bilingual line and leaves the calendar file byte for byte as it was.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_command.hpp"

namespace csqm::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCalendar = R"({
  "name": "测试日历",
  "tz": "Asia/Shanghai",
  "week": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
           "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]},
  "holidays": ["2025-10-01"],
  "extra_workdays": ["2025-09-28"]
}
)";

std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

std::string Fixture(const std::string& name) { return SourcePath("tests/data/ics/" + name); }

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// A fresh directory holding cal.json (kCalendar); removed at the end of the test.
class CalendarImportIcsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "csqm-import-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    calendar_ = dir_ / "cal.json";
    Write(calendar_, kCalendar);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  std::string Calendar() const { return SlurpFile(calendar_); }
  // `csqm calendar import-ics ICS --into cal.json EXTRA`
  RunResult Import(const std::string& ics, const std::string& extra = {}) const {
    return RunCsqm("calendar import-ics " + ics + " --into " + Quote(calendar_) + extra);
  }
  std::string WriteIcs(const std::string& name, const std::string& text) const {
    Write(dir_ / name, text);
    return Quote(dir_ / name);
  }

  fs::path dir_;
  fs::path calendar_;
};

TEST_F(CalendarImportIcsCli, AddsTheChina2026HolidaysToTheCalendarFile) {
  auto r = Import(Fixture("cn-2026-holidays.ics"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Count(r.out, "\n"), 1) << r.out;
  EXPECT_NE(r.out.find("导入 33 个日期（新增 33，已有 0）到 holidays / imported 33 dates (33 new, "
                       "0 already present) into holidays: "),
            std::string::npos)
      << r.out;
  const std::string after = Calendar();
  EXPECT_EQ(Count(after, "\"2026-"), 33) << after;
  EXPECT_NE(after.find("\"2026-02-23\""), std::string::npos);
  EXPECT_EQ(after.find("\"2026-02-24\""), std::string::npos) << "DTEND is exclusive";
  EXPECT_NE(after.find("\"2025-10-01\""), std::string::npos) << "existing holidays are kept";

  auto check = RunCsqm("calendar check " + Quote(calendar_));
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("holidays 34"), std::string::npos) << check.out;
}

TEST_F(CalendarImportIcsCli, AddsMakeupDaysAsExtraWorkdays) {
  auto r = Import(Fixture("cn-2026-makeup-workdays.ics"), " --as extra_workdays");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(6 new, 0 already present) into extra_workdays"), std::string::npos)
      << r.out;
  const std::string after = Calendar();
  EXPECT_NE(after.find("\"2026-01-04\""), std::string::npos) << after;
  EXPECT_NE(after.find("\"2026-10-10\""), std::string::npos) << after;
}

TEST_F(CalendarImportIcsCli, ImportingTwiceReportsEveryDateAlreadyPresent) {
  ASSERT_EQ(Import(Fixture("cn-2026-holidays.ics")).exit_code, 0);
  const std::string before = Calendar();
  auto r = Import(Fixture("cn-2026-holidays.ics"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(0 new, 33 already present)"), std::string::npos) << r.out;
  EXPECT_EQ(Calendar(), before);
}

TEST_F(CalendarImportIcsCli, BrokenIcsExitsTwoWithOneBilingualLineAndKeepsTheFile) {
  const std::string before = Calendar();
  const std::string ics =
      WriteIcs("broken.ics",
               "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261301\r\n"
               "END:VEVENT\r\nEND:VCALENDAR\r\n");
  auto r = Import(ics);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Count(r.err, "\n"), 1) << r.err;
  EXPECT_EQ(r.err.rfind("错误 / error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("broken.ics: line 3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("不是有效的日期"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" / DTSTART is not a valid date"), std::string::npos) << r.err;
  EXPECT_EQ(Calendar(), before);
}

TEST_F(CalendarImportIcsCli, NotAnIcsFileExitsTwo) {
  auto r = Import(Quote(calendar_));  // a JSON file given as the .ics
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 1: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not an iCalendar file"), std::string::npos) << r.err;
}

TEST_F(CalendarImportIcsCli, ConflictingImportLeavesTheFileByteForByteUnchanged) {
  // 2025-09-28 is an extra working day in cal.json; importing it as a holiday must fail.
  const std::string before = Calendar();
  const std::string ics =
      WriteIcs("conflict.ics",
               "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250927\r\n"
               "DTEND;VALUE=DATE:20250930\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  auto r = Import(ics);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Count(r.err, "\n"), 1) << r.err;
  EXPECT_NE(r.err.find("2025-09-28"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("extra_workdays[0].date"), std::string::npos) << r.err;
  EXPECT_EQ(Calendar(), before);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << "no temporary file left";
  }
}

TEST_F(CalendarImportIcsCli, OpenEndedRuleExpandsToTheCalendarsLatestYear) {
  const std::string ics =
      WriteIcs("yearly.ics",
               "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20230501\n"
               "RRULE:FREQ=YEARLY\nEND:VEVENT\nBEGIN:VEVENT\n"
               "DTSTART;TZID=Asia/Shanghai:20250102T090000\nEND:VEVENT\nEND:VCALENDAR\n");
  auto r = Import(ics);  // cal.json's latest date is in 2025
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 3 dates (3 new, 0 already present) into holidays, skipped 1 "
                       "timed event, open-ended rules expanded through 2025"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("跳过 1 个非全天事件"), std::string::npos) << r.out;
  EXPECT_EQ(Calendar().find("\"2026-05-01\""), std::string::npos);

  auto longer = Import(ics, " --until-year 2027");
  ASSERT_EQ(longer.exit_code, 0) << longer.err;
  EXPECT_NE(longer.out.find("(2 new, 3 already present)"), std::string::npos) << longer.out;
  EXPECT_NE(Calendar().find("\"2027-05-01\""), std::string::npos);
}

TEST_F(CalendarImportIcsCli, MissingCalendarFileExitsTwo) {
  auto r = RunCsqm("calendar import-ics " + Fixture("cn-2026-holidays.ics") + " --into " +
                   Quote(dir_ / "missing.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing.json"));
}

}  // namespace
}  // namespace csqm::testing
