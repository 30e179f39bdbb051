// Runs the SLA scenario files in tests/scenarios/sla/*.sla: one GoogleTest per file, one
// check per line. The format, line by line ('#' starts a comment):
//   calendar templates/calendars/china-0900-1700.json     (path from the repository root)
//   calendar {"tz":"Europe/Paris","week":{…}}              (inline JSON)
//   due START CLOCK LIMIT [pause FROM/TO]… => EXPECTED_RFC3339
//   elapsed FROM TO CLOCK [pause FROM/TO]… => MINUTES
//   error due START CLOCK LIMIT [pause FROM/TO]… => reason.code
// Times are wall times in the calendar's zone or RFC 3339 instants.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/calendar_json.hpp"
#include "core/sla_clock.hpp"
#include "platform/tz_zones.hpp"

namespace csqm {
namespace {

namespace fs = std::filesystem;
using core::Instant;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

class ScenarioFile {
 public:
  explicit ScenarioFile(fs::path path) : path_(std::move(path)) {}

  void Run() {
    std::istringstream lines(Slurp(path_));
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
      ++number;
      if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      SCOPED_TRACE(path_.filename().string() + ":" + std::to_string(number) + ": " + line);
      RunLine(line);
      ++checks_;
    }
    EXPECT_GT(checks_, 0) << "a scenario file with no checks";
  }

 private:
  void RunLine(const std::string& line) {
    if (line.rfind("calendar ", 0) == 0) return LoadCalendar(line.substr(9));
    ASSERT_NE(schedule_, nullptr) << "no calendar line before the first check";
    const auto arrow = line.find("=>");
    ASSERT_NE(arrow, std::string::npos) << "expected '=> result'";
    auto words = Words(line.substr(0, arrow));
    const auto expected = Words(line.substr(arrow + 2));
    ASSERT_EQ(expected.size(), 1u);
    const bool expect_error = !words.empty() && words[0] == "error";
    if (expect_error) words.erase(words.begin());
    ASSERT_FALSE(words.empty());
    if (words[0] == "due") return CheckDue(words, expected[0], expect_error);
    if (words[0] == "elapsed") return CheckElapsed(words, expected[0]);
    FAIL() << "unknown check '" << words[0] << "'";
  }

  void LoadCalendar(std::string arg) {
    arg.erase(0, arg.find_first_not_of(' '));
    arg.erase(arg.find_last_not_of(" \t\r") + 1);
    const std::string json = arg.front() == '{' ? arg : Slurp(fs::path(CSQM_SOURCE_DIR) / arg);
    auto spec = core::ParseCalendarJson(json);
    ASSERT_TRUE(spec.ok()) << spec.error().OneLine();
    auto schedule = core::Schedule::Compile(*spec, platform::SystemZones());
    ASSERT_TRUE(schedule.ok()) << schedule.error().OneLine();
    schedule_ = *schedule;
  }

  core::Result<Instant> Time(const std::string& text) const {
    if (core::HasUtcOffset(text)) return core::ParseRfc3339(text);
    auto local = core::ParseLocalTime(text);
    if (!local) return local.error();
    return schedule_->zone().ToInstant(*local);
  }

  // "pause FROM/TO" pairs from position `at` on.
  std::vector<core::Span> Pauses(const std::vector<std::string>& words, size_t at) const {
    std::vector<core::Span> pauses;
    for (size_t i = at; i + 1 < words.size(); i += 2) {
      EXPECT_EQ(words[i], "pause");
      const auto slash = words[i + 1].find('/');
      auto from = Time(words[i + 1].substr(0, slash));
      auto to = Time(words[i + 1].substr(slash + 1));
      EXPECT_TRUE(from.ok() && to.ok()) << words[i + 1];
      if (from.ok() && to.ok()) pauses.push_back({*from, *to});
    }
    return pauses;
  }

  void CheckDue(const std::vector<std::string>& w, const std::string& expected, bool expect_error) {
    ASSERT_GE(w.size(), 4u) << "due START CLOCK LIMIT";
    auto outcome = [&]() -> core::Result<Instant> {
      auto start = Time(w[1]);
      if (!start) return start.error();
      auto clock = core::ParseClockKind(w[2]);
      if (!clock) return clock.error();
      auto limit = core::ParseLimit(*clock, w[3], schedule_->spec());
      if (!limit) return limit.error();
      return core::DueAt(*schedule_, *start, *limit, Pauses(w, 4));
    }();
    if (expect_error) {
      ASSERT_FALSE(outcome.ok()) << "expected error " << expected;
      EXPECT_EQ(outcome.error().reason, expected);
      return;
    }
    ASSERT_TRUE(outcome.ok()) << outcome.error().OneLine();
    EXPECT_EQ(core::FormatRfc3339(*outcome, schedule_->zone().OffsetAt(*outcome)), expected);
  }

  void CheckElapsed(const std::vector<std::string>& w, const std::string& expected) {
    ASSERT_GE(w.size(), 4u) << "elapsed FROM TO CLOCK";
    auto from = Time(w[1]);
    auto to = Time(w[2]);
    auto clock = core::ParseClockKind(w[3]);
    ASSERT_TRUE(from.ok() && to.ok() && clock.ok());
    auto elapsed = core::Elapsed(*schedule_, *clock, *from, *to, Pauses(w, 4));
    ASSERT_TRUE(elapsed.ok()) << elapsed.error().OneLine();
    const double minutes = double(elapsed->count()) / 60000.0;
    EXPECT_DOUBLE_EQ(minutes, std::stod(expected));
  }

  fs::path path_;
  std::shared_ptr<const core::Schedule> schedule_;
  int checks_ = 0;
};

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const auto& entry :
       fs::directory_iterator(fs::path(CSQM_SOURCE_DIR) / "tests/scenarios/sla")) {
    if (entry.path().extension() == ".sla") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SlaScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(SlaScenario, EveryLineHolds) {
  ScenarioFile(fs::path(CSQM_SOURCE_DIR) / "tests/scenarios/sla" / (GetParam() + ".sla")).Run();
}

INSTANTIATE_TEST_SUITE_P(Files, SlaScenario, ::testing::ValuesIn(ScenarioNames()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace csqm
