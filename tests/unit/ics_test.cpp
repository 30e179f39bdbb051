#include "core/ics.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/calendar_json.hpp"

namespace csqm::core {
namespace {

Date D(const char* text) {
  auto date = ParseDate(text);
  EXPECT_TRUE(date.ok()) << text;
  return date.ok() ? *date : Date{};
}

std::vector<Date> Dates(std::initializer_list<const char*> texts) {
  std::vector<Date> dates;
  for (const char* text : texts) dates.push_back(D(text));
  return dates;
}

std::vector<std::string> Show(const std::vector<Date>& dates) {
  std::vector<std::string> out;
  for (Date date : dates) out.push_back(FormatDate(date));
  return out;
}

// A VCALENDAR holding one VEVENT made of `lines`, joined with `eol`.
std::string OneEvent(const std::vector<std::string>& lines, const std::string& eol = "\r\n") {
  std::string text = "BEGIN:VCALENDAR" + eol + "VERSION:2.0" + eol + "BEGIN:VEVENT" + eol;
  for (const auto& line : lines) text += line + eol;
  return text + "END:VEVENT" + eol + "END:VCALENDAR" + eol;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(CSQM_SOURCE_DIR) + "/tests/data/ics/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

IcsParseOptions Until(int year) {
  IcsParseOptions options;
  options.until_year = year;
  return options;
}

// Table rows print as their names in test listings.
template <class Case>
requires requires(const Case& c) { c.name; }
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// The test name of a table row: its `name`.
template <class Case>
std::string CaseName(const ::testing::TestParamInfo<Case>& row) {
  return row.param.name;
}

// ---------------------------------------------------------------------------------------------
// Expansion: one VEVENT in, the dates it covers out.

struct ExpandCase {
  const char* name;
  std::vector<std::string> lines;
  int until_year;
  std::vector<const char*> dates;
};

class ParseIcsExpands : public ::testing::TestWithParam<ExpandCase> {};

TEST_P(ParseIcsExpands, ToTheExpectedDates) {
  const ExpandCase& c = GetParam();
  auto calendar = ParseIcs(OneEvent(c.lines), Until(c.until_year));
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  ASSERT_EQ(calendar->events.size(), 1u);
  std::vector<std::string> want(c.dates.begin(), c.dates.end());
  EXPECT_EQ(Show(calendar->events[0].dates), want);
  EXPECT_EQ(Show(IcsDates(*calendar)), want);
}

const ExpandCase kExpandCases[] = {
    {"NoDtEndIsOneDay", {"DTSTART;VALUE=DATE:20260101"}, 0, {"2026-01-01"}},
    {"BareEightDigitDtStartIsADate", {"DTSTART:20260405"}, 0, {"2026-04-05"}},
    {"MultiDaySpanExcludesDtEnd",
     {"DTSTART;VALUE=DATE:20260215", "DTEND;VALUE=DATE:20260224"},
     0,
     {"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
      "2026-02-21", "2026-02-22", "2026-02-23"}},
    {"DtEndEqualToDtStartIsOneDay", {"DTSTART:20260101", "DTEND:20260101"}, 0, {"2026-01-01"}},
    {"SpanCrossesYearEnd", {"DTSTART:20261231", "DTEND:20270102"}, 0, {"2026-12-31", "2027-01-01"}},
    {"DurationInDays",
     {"DTSTART;VALUE=DATE:20260501", "DURATION:P3D"},
     0,
     {"2026-05-01", "2026-05-02", "2026-05-03"}},
    {"DurationInWeeks",
     {"DTSTART;VALUE=DATE:20260101", "DURATION:P1W"},
     0,
     {"2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06",
      "2026-01-07"}},
    {"YearlyRuleWithCountExpands",
     {"DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY;COUNT=3"},
     0,
     {"2025-01-01", "2026-01-01", "2027-01-01"}},
    {"YearlyRuleWithUntilDateIsInclusive",
     {"DTSTART;VALUE=DATE:20250501", "RRULE:FREQ=YEARLY;UNTIL=20270501"},
     0,
     {"2025-05-01", "2026-05-01", "2027-05-01"}},
    {"YearlyRuleWithUntilDateTimeUsesItsDate",
     {"DTSTART;VALUE=DATE:20250501", "RRULE:FREQ=YEARLY;UNTIL=20260430T235959Z"},
     0,
     {"2025-05-01"}},
    {"YearlyRuleWithInterval",
     {"DTSTART;VALUE=DATE:20200101", "RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=3"},
     0,
     {"2020-01-01", "2022-01-01", "2024-01-01"}},
    {"OpenEndedYearlyRuleStopsAtUntilYear",
     {"DTSTART;VALUE=DATE:20251001", "RRULE:FREQ=YEARLY"},
     2027,
     {"2025-10-01", "2026-10-01", "2027-10-01"}},
    {"OpenEndedRuleStartingAfterUntilYearKeepsDtStart",
     {"DTSTART;VALUE=DATE:20300101", "RRULE:FREQ=YEARLY"},
     2026,
     {"2030-01-01"}},
    {"YearlyRuleSkipsFeb29InCommonYears",
     {"DTSTART;VALUE=DATE:20240229", "RRULE:FREQ=YEARLY"},
     2032,
     {"2024-02-29", "2028-02-29", "2032-02-29"}},
    {"YearlyRuleCountDoesNotCountSkippedFeb29",
     {"DTSTART;VALUE=DATE:20240229", "RRULE:FREQ=YEARLY;COUNT=2"},
     0,
     {"2024-02-29", "2028-02-29"}},
    {"YearlyMultiDaySpanRepeatsWholeSpan",
     {"DTSTART:20251001", "DTEND:20251003", "RRULE:FREQ=YEARLY;COUNT=2"},
     0,
     {"2025-10-01", "2025-10-02", "2026-10-01", "2026-10-02"}},
    {"RedundantByMonthAndByMonthDayAreAccepted",
     {"DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1;COUNT=2;WKST=MO"},
     0,
     {"2025-01-01", "2026-01-01"}},
    {"ExdateRemovesOccurrence",
     {"DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY;COUNT=3", "EXDATE;VALUE=DATE:20260101"},
     0,
     {"2025-01-01", "2027-01-01"}},
    {"ExdateCommaListAndRepeatedExdates",
     {"DTSTART:20250101", "RRULE:FREQ=YEARLY;COUNT=5", "EXDATE;VALUE=DATE:20260101,20270101",
      "EXDATE:20290101"},
     0,
     {"2025-01-01", "2028-01-01"}},
    {"ExdateRemovesTheWholeSpanOfAnOccurrence",
     {"DTSTART:20251001", "DTEND:20251003", "RRULE:FREQ=YEARLY;COUNT=2", "EXDATE:20251001"},
     0,
     {"2026-10-01", "2026-10-02"}},
    {"ExdateAsDateTimeMatchesByDate",
     {"DTSTART:20250101", "RRULE:FREQ=YEARLY;COUNT=2", "EXDATE:20260101T000000"},
     0,
     {"2025-01-01"}},
    {"RdateAddsOccurrences",
     {"DTSTART:20260101", "RDATE;VALUE=DATE:20260301,20260401"},
     0,
     {"2026-01-01", "2026-03-01", "2026-04-01"}},
    {"MonthlyRuleSkipsMonthsWithoutThatDay",
     {"DTSTART:20260131", "RRULE:FREQ=MONTHLY;COUNT=3"},
     0,
     {"2026-01-31", "2026-03-31", "2026-05-31"}},
    {"WeeklyRuleWithCount",
     {"DTSTART:20260103", "RRULE:FREQ=WEEKLY;COUNT=3"},
     0,
     {"2026-01-03", "2026-01-10", "2026-01-17"}},
    {"DailyRuleWithIntervalAndUntil",
     {"DTSTART:20260101", "RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20260110"},
     0,
     {"2026-01-01", "2026-01-04", "2026-01-07", "2026-01-10"}},
    {"LowerCaseNamesAreAccepted",
     {"dtstart;value=date:20260101", "rrule:freq=yearly;count=2"},
     0,
     {"2026-01-01", "2027-01-01"}},
    {"UnknownPropertiesAreIgnored",
     {"DTSTART:20260101", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE", "CATEGORIES:Holidays,公众假期"},
     0,
     {"2026-01-01"}},
};

INSTANTIATE_TEST_SUITE_P(AllDay, ParseIcsExpands, ::testing::ValuesIn(kExpandCases),
                         CaseName<ExpandCase>);

// ---------------------------------------------------------------------------------------------
// Errors: a reason code and the line it names.

struct ErrorCase {
  const char* name;
  std::string text;
  const char* reason;
  const char* field;
};

class ParseIcsRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseIcsRejects, WithReasonAndLine) {
  const ErrorCase& c = GetParam();
  auto calendar = ParseIcs(c.text, Until(2030));
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.error().reason, c.reason) << calendar.error().OneLine();
  EXPECT_EQ(calendar.error().field, c.field) << calendar.error().OneLine();
  EXPECT_FALSE(calendar.error().message_zh.empty());
  EXPECT_FALSE(calendar.error().message_en.empty());
}

// Line numbers: OneEvent puts BEGIN:VEVENT on line 3 and the first event line on line 4.
const ErrorCase kErrorCases[] = {
    {"EmptyTextIsNotIcalendar", "", "ics.not_icalendar", "line 1"},
    {"PlainTextIsNotIcalendar", "hello world\n", "ics.not_icalendar", "line 1"},
    {"JsonIsNotIcalendar", "{\"holidays\": []}\n", "ics.not_icalendar", "line 1"},
    {"EventOutsideCalendarIsNotIcalendar", "BEGIN:VEVENT\r\nDTSTART:20260101\r\nEND:VEVENT\r\n",
     "ics.not_icalendar", "line 1"},
    {"UnterminatedEventNamesItsBegin", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\n",
     "ics.unterminated_event", "line 2"},
    {"EndOfCalendarInsideEventIsUnterminatedEvent",
     "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\nEND:VCALENDAR\r\n",
     "ics.unterminated_event", "line 2"},
    {"NewEventInsideEventIsUnterminatedEvent",
     "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\nBEGIN:VEVENT\r\n"
     "DTSTART:20260102\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "ics.unterminated_event", "line 2"},
    {"EndOfEventInsideAlarmIsUnterminatedAlarm",
     "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\nBEGIN:VALARM\r\nEND:VEVENT\r\n"
     "END:VCALENDAR\r\n",
     "ics.unterminated_calendar", "line 4"},
    {"UnterminatedCalendar", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "ics.unterminated_calendar",
     "line 1"},
    {"MismatchedEnd", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\n", "ics.mismatched_end",
     "line 3"},
    {"ContentAfterEndOfCalendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:x\r\n",
     "ics.outside_calendar", "line 3"},
    {"LineWithoutColon", OneEvent({"DTSTART:20260101", "SUMMARY 元旦"}), "ics.bad_line", "line 5"},
    {"UnclosedQuotedParameter", OneEvent({"DTSTART;TZID=\"Asia/Shanghai:20260101"}), "ics.bad_line",
     "line 4"},
    {"InvalidCalendarDate", OneEvent({"SUMMARY:x", "DTSTART;VALUE=DATE:20261301"}), "ics.bad_date",
     "line 5"},
    {"Feb29InCommonYear", OneEvent({"DTSTART:20260229"}), "ics.bad_date", "line 4"},
    {"ValueDateWithATime", OneEvent({"DTSTART;VALUE=DATE:20260101T090000"}), "ics.bad_date",
     "line 4"},
    {"GarbageExdate", OneEvent({"DTSTART:20260101", "EXDATE:2026-01-01"}), "ics.bad_date",
     "line 5"},
    {"MissingDtStart", OneEvent({"SUMMARY:元旦"}), "ics.missing_dtstart", "line 3"},
    {"DuplicateDtStart", OneEvent({"DTSTART:20260101", "DTSTART:20260102"}),
     "ics.duplicate_property", "line 5"},
    {"DtEndBeforeDtStart", OneEvent({"DTSTART:20260105", "DTEND:20260101"}), "ics.bad_range",
     "line 5"},
    {"DtEndWithTimeOnAllDayEvent", OneEvent({"DTSTART:20260105", "DTEND:20260106T120000"}),
     "ics.bad_range", "line 5"},
    {"DtEndAndDuration", OneEvent({"DTSTART:20260105", "DTEND:20260106", "DURATION:P1D"}),
     "ics.bad_range", "line 6"},
    {"DurationWithHours", OneEvent({"DTSTART:20260105", "DURATION:PT12H"}), "ics.bad_duration",
     "line 5"},
    {"RuleWithoutFreq", OneEvent({"DTSTART:20260101", "RRULE:COUNT=2"}), "ics.bad_rule", "line 5"},
    {"RuleWithCountAndUntil",
     OneEvent({"DTSTART:20260101", "RRULE:FREQ=YEARLY;COUNT=2;UNTIL=20300101"}), "ics.bad_rule",
     "line 5"},
    {"RuleWithZeroCount", OneEvent({"DTSTART:20260101", "RRULE:FREQ=YEARLY;COUNT=0"}),
     "ics.bad_rule", "line 5"},
    {"HourlyRuleIsUnsupported", OneEvent({"DTSTART:20260101", "RRULE:FREQ=HOURLY"}),
     "ics.unsupported_rule", "line 5"},
    {"ByDayRuleIsUnsupported",
     OneEvent({"DTSTART:20260510", "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=2SU"}),
     "ics.unsupported_rule", "line 5"},
    {"LunarRscaleIsUnsupported", OneEvent({"DTSTART:20260217", "RRULE:RSCALE=CHINESE;FREQ=YEARLY"}),
     "ics.unsupported_rule", "line 5"},
    {"TooManyDates", OneEvent({"DTSTART:20260101", "RRULE:FREQ=DAILY;COUNT=999999999"}),
     "ics.too_many_dates", "line 5"},
    {"HugeSpanIsTooManyDates", OneEvent({"DTSTART:00010101", "DTEND:99991231"}),
     "ics.too_many_dates", "line 3"},
    {"DurationPastYear9999", OneEvent({"DTSTART:99991231", "DURATION:P2D"}),
     "ics.date_out_of_range", "line 3"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, ParseIcsRejects, ::testing::ValuesIn(kErrorCases),
                         CaseName<ErrorCase>);

// ---------------------------------------------------------------------------------------------
// Behaviour beyond one event's dates.

TEST(ParseIcs, UnfoldsFoldedLinesWithCrLf) {
  const std::string text =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:春节 Spring\r\n  Festival\r\n\t（放假）\r\n"
      "DTST\r\n ART;VALUE=DATE:2026\r\n 0215\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto calendar = ParseIcs(text, {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  ASSERT_EQ(calendar->events.size(), 1u);
  EXPECT_EQ(calendar->events[0].summary, "春节 Spring Festival（放假）");
  EXPECT_EQ(calendar->events[0].first, D("2026-02-15"));
}

TEST(ParseIcs, AcceptsLfLineEndingsAndByteOrderMark) {
  auto calendar =
      ParseIcs("\xEF\xBB\xBF" + OneEvent({"DTSTART:20260101", "SUMMARY:元旦"}, "\n"), {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  ASSERT_EQ(calendar->events.size(), 1u);
  EXPECT_EQ(calendar->events[0].summary, "元旦");
}

TEST(ParseIcs, ToleratesBlankLinesAndTrailingSpaceAfterComponentNames) {
  auto calendar = ParseIcs(
      "\r\nBEGIN:VCALENDAR \r\n\r\nbegin:vevent\r\nDTSTART:20260101\r\nEND:VEVENT\t\r\n"
      "END:VCALENDAR\r\n\r\n",
      {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(Show(IcsDates(*calendar)), std::vector<std::string>{"2026-01-01"});
}

TEST(ParseIcs, ErrorLineCountsPhysicalLinesOfFoldedText) {
  auto calendar =
      ParseIcs(OneEvent({"DESCRIPTION:a long", " text folded", " twice", "DTSTART:2026013"}), {});
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.error().field, "line 7");
}

TEST(ParseIcs, UnescapesSummaryAndUid) {
  auto calendar =
      ParseIcs(OneEvent({"UID:a\\;b\\,c@x", "SUMMARY:元旦\\, 放假\\; 1 天\\n第二行 \\\\ 完",
                         "DTSTART:20260101"}),
               {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(calendar->events[0].uid, "a;b,c@x");
  EXPECT_EQ(calendar->events[0].summary, "元旦, 放假; 1 天\n第二行 \\ 完");
}

TEST(ParseIcs, QuotedParameterMayContainColonAndSemicolon) {
  auto calendar = ParseIcs(OneEvent({"SUMMARY;ALTREP=\"http://example.com/a;b\":元旦",
                                     "DTSTART;X-A=1,\"b:c\":20260101"}),
                           {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(calendar->events[0].summary, "元旦");
  EXPECT_EQ(calendar->events[0].first, D("2026-01-01"));
}

TEST(ParseIcs, SkipsTimedEventsAndCountsThem) {
  const std::string text =
      "BEGIN:VCALENDAR\r\n"
      "BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Shanghai:20260105T090000\r\nDTEND;TZID=Asia/Shanghai:"
      "20260105T100000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:例会\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART:20260106T010000Z\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  auto calendar = ParseIcs(text, {});  // the open-ended weekly rule is never expanded
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(calendar->skipped_timed, 2);
  ASSERT_EQ(calendar->events.size(), 1u);
  EXPECT_EQ(Show(IcsDates(*calendar)), std::vector<std::string>{"2026-01-01"});
}

TEST(ParseIcs, SkipsCancelledEvents) {
  auto calendar = ParseIcs(OneEvent({"DTSTART:20260101", "STATUS:CANCELLED"}), {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_TRUE(calendar->events.empty());
  EXPECT_EQ(calendar->skipped_cancelled, 1);
}

TEST(ParseIcs, IgnoresPropertiesOfOtherComponents) {
  const std::string text =
      "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n"
      "DTSTART:19700101T000000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:STANDARD\r\n"
      "END:VTIMEZONE\r\nBEGIN:VTODO\r\nDTSTART:20260301\r\nEND:VTODO\r\n"
      "BEGIN:VEVENT\r\nDTSTART:20260101\r\nBEGIN:VALARM\r\nDTSTART:20260102\r\n"
      "TRIGGER:-P1D\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto calendar = ParseIcs(text, {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(Show(IcsDates(*calendar)), std::vector<std::string>{"2026-01-01"});
}

TEST(ParseIcs, RecurrenceIdOverrideMovesOneOccurrence) {
  const std::string text =
      "BEGIN:VCALENDAR\r\n"
      "BEGIN:VEVENT\r\nUID:h1\r\nDTSTART:20250405\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:h1\r\nRECURRENCE-ID;VALUE=DATE:20260405\r\nDTSTART:20260404\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:h1\r\nRECURRENCE-ID:20270405\r\nDTSTART:20270405\r\n"
      "STATUS:CANCELLED\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  auto calendar = ParseIcs(text, {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(Show(IcsDates(*calendar)), (std::vector<std::string>{"2025-04-05", "2026-04-04"}));
}

TEST(ParseIcs, OpenEndedRuleNeedsAHorizon) {
  const std::string text = OneEvent({"DTSTART:20260101", "RRULE:FREQ=YEARLY"});
  auto none = ParseIcs(text, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().reason, "ics.open_ended_rule");
  EXPECT_EQ(none.error().field, "line 5");

  IcsParseOptions options;
  options.open_ended_years = 2;  // DTSTART's year + 2
  auto relative = ParseIcs(text, options);
  ASSERT_TRUE(relative.ok()) << relative.error().OneLine();
  EXPECT_TRUE(relative->events[0].open_ended);
  EXPECT_EQ(Show(IcsDates(*relative)),
            (std::vector<std::string>{"2026-01-01", "2027-01-01", "2028-01-01"}));
}

TEST(ParseIcs, RejectsUntilYearOutsideOneTo9999) {
  for (int year : {-1, 10000}) {
    auto calendar = ParseIcs(OneEvent({"DTSTART:20260101"}), Until(year));
    ASSERT_FALSE(calendar.ok()) << year;
    EXPECT_EQ(calendar.error().reason, "ics.bad_until_year");
  }
}

TEST(ParseIcs, CapsTheTotalAcrossEvents) {
  std::string text = "BEGIN:VCALENDAR\r\n";
  for (int i = 0; i < 3; ++i) {
    text += "BEGIN:VEVENT\r\nDTSTART:20260101\r\nRRULE:FREQ=DAILY;COUNT=40\r\nEND:VEVENT\r\n";
  }
  text += "END:VCALENDAR\r\n";
  IcsParseOptions options;
  options.max_dates = 100;
  auto calendar = ParseIcs(text, options);
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.error().reason, "ics.too_many_dates");
  EXPECT_EQ(calendar.error().code, ErrorCode::kOutOfRange);
  options.max_dates = 120;
  EXPECT_TRUE(ParseIcs(text, options).ok());
}

TEST(ParseIcs, DeeplyNestedComponentsAreAnErrorNotACrash) {
  std::string text = "BEGIN:VCALENDAR\n";
  for (int i = 0; i < 100; ++i) text += "BEGIN:X\n";
  auto calendar = ParseIcs(text, {});
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.error().reason, "ics.too_deep");
}

// ---------------------------------------------------------------------------------------------
// The China 2026 fixtures (tests/data/ics/) against the State Council notice of 2025-11-04.

const std::vector<const char*> kCn2026Holidays = {
    "2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17",
    "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
    "2026-04-04", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03",
    "2026-05-04", "2026-05-05", "2026-06-19", "2026-06-20", "2026-06-21", "2026-09-25",
    "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
    "2026-10-05", "2026-10-06", "2026-10-07"};
const std::vector<const char*> kCn2026MakeupWorkdays = {"2026-01-04", "2026-02-14", "2026-02-28",
                                                        "2026-05-09", "2026-09-20", "2026-10-10"};

TEST(ParseIcs, Cn2026HolidayFixtureGivesTheOfficialHolidays) {
  const std::string text = ReadFixture("cn-2026-holidays.ics");
  ASSERT_NE(text.find("\r\n "), std::string::npos) << "the fixture has a folded line";
  auto calendar = ParseIcs(text, {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(calendar->events.size(), 7u);
  EXPECT_EQ(calendar->skipped_timed, 0);
  EXPECT_EQ(Show(IcsDates(*calendar)),
            std::vector<std::string>(kCn2026Holidays.begin(), kCn2026Holidays.end()));
  EXPECT_EQ(calendar->events[1].summary, "春节 Spring Festival, 放假");
  EXPECT_EQ(calendar->events[1].uid, "cn-2026-spring@csqm.example");
  EXPECT_EQ(calendar->events[1].days, 9);
}

TEST(ParseIcs, Cn2026MakeupFixtureGivesTheOfficialWorkdays) {
  auto calendar = ParseIcs(ReadFixture("cn-2026-makeup-workdays.ics"), {});
  ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
  EXPECT_EQ(Show(IcsDates(*calendar)),
            std::vector<std::string>(kCn2026MakeupWorkdays.begin(), kCn2026MakeupWorkdays.end()));
}

// ---------------------------------------------------------------------------------------------
// Merging into a calendar.

CalendarSpec SmallCalendar() {
  CalendarSpec spec;
  spec.name = "测试";
  for (size_t d = 0; d < 5; ++d) spec.week[d] = {WallInterval{9 * 60, 17 * 60}};
  spec.holidays = Dates({"2026-01-01", "2026-05-01"});
  spec.extra_workdays = {ExtraWorkday{D("2026-01-04"), std::nullopt},
                         ExtraWorkday{D("2026-02-14"), DayHours{{9 * 60, 12 * 60}}}};
  return spec;
}

TEST(MergeIcsDates, AddsHolidaysSortedAndCountsAlreadyPresent) {
  CalendarSpec spec = SmallCalendar();
  auto report = MergeIcsDates(spec, Dates({"2026-10-01", "2026-01-01", "2026-01-02", "2026-10-01"}),
                              ImportAs::kHolidays);
  ASSERT_TRUE(report.ok()) << report.error().OneLine();
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->already_present, 1);
  EXPECT_EQ(Show(spec.holidays),
            (std::vector<std::string>{"2026-01-01", "2026-01-02", "2026-05-01", "2026-10-01"}));
  EXPECT_TRUE(ValidateCalendar(spec).ok());
}

TEST(MergeIcsDates, AddsExtraWorkdaysWithMondayHoursAndKeepsExistingOverrides) {
  CalendarSpec spec = SmallCalendar();
  auto report = MergeIcsDates(spec, Dates({"2026-02-28", "2026-02-14"}), ImportAs::kExtraWorkdays);
  ASSERT_TRUE(report.ok()) << report.error().OneLine();
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->already_present, 1);
  ASSERT_EQ(spec.extra_workdays.size(), 3u);
  EXPECT_EQ(spec.extra_workdays[1].hours, (DayHours{{9 * 60, 12 * 60}})) << "kept as it was";
  EXPECT_EQ(spec.extra_workdays[2].date, D("2026-02-28"));
  EXPECT_FALSE(spec.extra_workdays[2].hours.has_value()) << "Monday's hours";
}

TEST(MergeIcsDates, DateAlreadyExtraWorkdayIsConflictAndLeavesSpecUnchanged) {
  CalendarSpec spec = SmallCalendar();
  const CalendarSpec before = spec;
  auto report =
      MergeIcsDates(spec, Dates({"2026-01-02", "2026-02-14", "2026-01-04"}), ImportAs::kHolidays);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kConflict);
  EXPECT_EQ(report.error().reason, "calendar.holiday_and_workday");
  EXPECT_EQ(report.error().field, "extra_workdays[0].date");
  EXPECT_NE(report.error().message_zh.find("2026-01-04"), std::string::npos);
  EXPECT_NE(report.error().message_en.find("2026-01-04"), std::string::npos);
  EXPECT_NE(report.error().message_en.find("2 conflicting dates"), std::string::npos);
  EXPECT_EQ(spec, before) << "never a half-merged calendar";
}

TEST(MergeIcsDates, DateAlreadyHolidayIsConflictForExtraWorkdays) {
  CalendarSpec spec = SmallCalendar();
  const CalendarSpec before = spec;
  auto report = MergeIcsDates(spec, Dates({"2026-05-01"}), ImportAs::kExtraWorkdays);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().reason, "calendar.holiday_and_workday");
  EXPECT_EQ(report.error().field, "holidays[1]");
  EXPECT_EQ(spec, before);
}

TEST(MergeIcsDates, InvalidCalendarIsRejectedAndLeftUnchanged) {
  CalendarSpec spec = SmallCalendar();
  spec.week[0] = {WallInterval{17 * 60, 9 * 60}};
  const CalendarSpec before = spec;
  auto report = MergeIcsDates(spec, Dates({"2026-10-01"}), ImportAs::kHolidays);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().reason, "calendar.reversed_interval");
  EXPECT_EQ(spec, before);
}

TEST(MergeIcsDates, Cn2026FixturesRebuildTheShippedTemplate) {
  // china-0900-1700.json holds 2026 (and other years); strip 2026 and import it back.
  std::ifstream in(std::string(CSQM_SOURCE_DIR) + "/templates/calendars/china-0900-1700.json");
  std::ostringstream json;
  json << in.rdbuf();
  auto shipped = ParseCalendarJson(json.str());
  ASSERT_TRUE(shipped.ok()) << shipped.error().OneLine();
  CalendarSpec spec = *shipped;
  const auto in_2026 = [](Date d) { return d >= D("2026-01-01") && d < D("2027-01-01"); };
  std::erase_if(spec.holidays, in_2026);
  std::erase_if(spec.extra_workdays, [&](const auto& e) { return in_2026(e.date); });

  for (const auto& [file, as] :
       {std::pair{"cn-2026-holidays.ics", ImportAs::kHolidays},
        std::pair{"cn-2026-makeup-workdays.ics", ImportAs::kExtraWorkdays}}) {
    auto calendar = ParseIcs(ReadFixture(file), {});
    ASSERT_TRUE(calendar.ok()) << calendar.error().OneLine();
    auto report = MergeIcsDates(spec, IcsDates(*calendar), as);
    ASSERT_TRUE(report.ok()) << report.error().OneLine();
    EXPECT_EQ(report->already_present, 0) << file;
  }
  EXPECT_EQ(spec, *shipped);

  // A second import of the same feed changes nothing.
  auto again = ParseIcs(ReadFixture("cn-2026-holidays.ics"), {});
  ASSERT_TRUE(again.ok());
  auto report = MergeIcsDates(spec, IcsDates(*again), ImportAs::kHolidays);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->added, 0);
  EXPECT_EQ(report->already_present, 33);
  EXPECT_EQ(spec, *shipped);
}

}  // namespace
}  // namespace csqm::core
