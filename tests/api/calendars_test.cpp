// /api/v1/calendars: reading specs, creating, replacing with validation and If-Match, iCalendar
// import — and the re-planning of open cases when a calendar changes.
#include <gtest/gtest.h>

#include <algorithm>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

// Monday 2 March 2026 10:00; the next working day is Tuesday 3 March.
const char* kTuesdayOff =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//csqm test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:tuesday@test\r\nDTSTART;VALUE=DATE:20260303\r\n"
    "DTEND;VALUE=DATE:20260304\r\nSUMMARY:临时停工\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

std::string CalendarPath(int64_t id, const std::string& tail = "") {
  return "/api/v1/calendars/" + std::to_string(id) + tail;
}

int64_t CalendarId(Session& s, const std::string& key) {
  const auto calendars = Json(s.Get("/api/v1/calendars"))["items"].as_array();
  for (const auto& c : calendars) {
    if (c.as_object().at("key").as_string() == key) return c.as_object().at("id").as_int64();
  }
  ADD_FAILURE() << "no calendar " << key;
  return 0;
}

std::string Due(Session& s, const json::object& c, const std::string& key) {
  auto view = Json(s.Get("/api/v1/cases/" + std::to_string(c.at("id").as_int64())));
  for (const auto& t : view["targets"].as_array()) {
    if (t.as_object().at("key").as_string() == key)
      return std::string(t.as_object().at("due_at").as_string());
  }
  return "no target " + key;
}

json::object WithHoliday(json::object spec, const std::string& date) {
  auto& holidays = spec["holidays"].as_array();
  holidays.emplace_back(date);
  std::vector<std::string> sorted;
  for (const auto& h : holidays) sorted.emplace_back(h.as_string());
  std::sort(sorted.begin(), sorted.end());
  holidays.clear();
  for (const auto& h : sorted) holidays.emplace_back(h);
  return spec;
}

TEST(CalendarsApi, EveryoneReadsCalendarsAndTheirSpecs) {
  Session field("field1");
  auto list = Json(field.Get("/api/v1/calendars"));
  ASSERT_GE(list["items"].as_array().size(), 2u);
  const auto id = CalendarId(field, "cn-office");
  for (const auto& c : list["items"].as_array()) {
    if (c.as_object().at("id") == id) {
      EXPECT_EQ(c.as_object().at("tz"), "Asia/Shanghai");
    }
  }
  auto one = field.Get(CalendarPath(id));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Header("ETag").value_or(""), "\"v1\"");
  auto spec = Json(one)["spec"].as_object();
  EXPECT_EQ(spec["tz"], "Asia/Shanghai");
  EXPECT_EQ(spec["week"].as_object()["mon"].as_array().size(), 2u);
  EXPECT_FALSE(spec["holidays"].as_array().empty());
  EXPECT_EQ(field.Get(CalendarPath(987654)).status, 404);
}

TEST(CalendarsApi, CreateValidatesTheSpecAndTheZone) {
  Session qm("qm"), agent("agent1");
  json::object spec{{"tz", "Asia/Shanghai"},
                    {"week", json::object{{"mon", json::array{json::array{"09:00", "17:00"}}}}},
                    {"holidays", json::array{"2026-05-01"}}};
  auto body = json::object{{"key", "shop"}, {"name", "门店"}, {"spec", spec}};
  EXPECT_EQ(agent.Post("/api/v1/calendars", body).status, 403);
  auto r = qm.Post("/api/v1/calendars", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Json(r)["spec"].as_object()["holidays"].as_array().size(), 1u);
  auto dup = qm.Post("/api/v1/calendars", body);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(Json(dup)["field"], "key");
  auto bad_zone = body;
  bad_zone["key"] = "mars";
  bad_zone["spec"].as_object()["tz"] = "Mars/Olympus_Mons";
  auto zone = qm.Post("/api/v1/calendars", bad_zone);
  EXPECT_EQ(zone.status / 100, 4) << zone.body;
  EXPECT_EQ(Json(zone)["field"], "spec.tz");
  auto bad_hours = body;
  bad_hours["key"] = "late";
  bad_hours["spec"].as_object()["week"].as_object()["mon"] =
      json::array{json::array{"18:00", "09:00"}};
  auto hours = qm.Post("/api/v1/calendars", bad_hours);
  EXPECT_EQ(hours.status, 400);
  EXPECT_EQ(std::string(Json(hours)["field"].as_string()).rfind("spec.week.mon", 0), 0u)
      << hours.body;
  auto unknown = body;
  unknown["key"] = "typo";
  unknown["spec"].as_object()["holiday"] = json::array{};
  EXPECT_EQ(std::string(Json(qm.Post("/api/v1/calendars", unknown))["field"].as_string())
                .rfind("spec", 0),
            0u);
  auto no_spec = qm.Post("/api/v1/calendars", json::object{{"key", "empty"}});
  EXPECT_EQ(Json(no_spec)["code"], "json.missing_field");
  EXPECT_EQ(Json(no_spec)["field"], "spec");
}

TEST(CalendarsApi, AHolidayAddedByPutReplansOpenCases) {
  Session agent("agent1"), qm("qm"), auditor("auditor");
  auto workdays = OpenCase(agent, "inquiry.other_departments", "请转告开发商");
  auto business = OpenCase(agent, "complaint.attitude.serious", "严重态度投诉");
  auto round_the_clock = OpenCase(agent, "repair.home_urgent", "停水");
  EXPECT_EQ(Due(agent, workdays, "answered"), "2026-03-04T17:30:00+08:00");
  EXPECT_EQ(Due(agent, business, "resolved"), "2026-03-04T10:00:00+08:00");
  const std::string urgent_due = Due(agent, round_the_clock, "on_site");
  const auto id = CalendarId(agent, "cn-office");
  auto get = qm.Get(CalendarPath(id));
  const std::string etag = get.Header("ETag").value_or("");
  auto spec = WithHoliday(Json(get)["spec"].as_object(), "2026-03-03");
  EXPECT_EQ(
      agent.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", spec}})).status,
      403);
  EXPECT_EQ(
      auditor.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", spec}})).status,
      403);
  auto put = qm.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", spec}}),
                     {{"If-Match", etag}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Json(put)["replanned_cases"], 2) << "the two open cases of cn-office categories";
  EXPECT_NE(put.Header("ETag").value_or(""), etag);
  EXPECT_EQ(Due(agent, workdays, "answered"), "2026-03-05T17:30:00+08:00");
  EXPECT_EQ(Due(agent, business, "resolved"), "2026-03-05T10:00:00+08:00");
  EXPECT_EQ(Due(agent, round_the_clock, "on_site"), urgent_due) << "24x7 calendar untouched";
  auto stale = qm.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", spec}}),
                       {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "store.version_mismatch");
  auto bad = spec;
  bad["week"].as_object()["tue"] = json::array{json::array{"08:30", "25:00"}};
  auto invalid = qm.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", bad}}));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(std::string(Json(invalid)["field"].as_string()).rfind("spec.week.tue", 0), 0u)
      << invalid.body;
  auto extra =
      qm.Send("PUT", CalendarPath(id), json::serialize(json::object{{"spec", spec}, {"key", "x"}}));
  EXPECT_EQ(Json(extra)["code"], "calendar.readonly_field");
  EXPECT_EQ(Due(agent, workdays, "answered"), "2026-03-05T17:30:00+08:00")
      << "failed PUTs change nothing";
  bool audited = false;
  const auto rows = Json(auditor.Get("/api/v1/audit?limit=500"))["items"].as_array();
  for (const auto& row : rows) {
    audited = audited || row.as_object().at("action") == "calendar.update";
  }
  EXPECT_TRUE(audited);
}

TEST(CalendarsApi, IcsImportMergesHolidaysAtomicallyAndReplans) {
  Session agent("agent1"), qm("qm");
  auto c = OpenCase(agent, "inquiry.other_departments", "物业费发票");
  const auto id = CalendarId(agent, "cn-office");
  const std::vector<std::pair<std::string, std::string>> ics = {{"Content-Type", "text/calendar"}};
  EXPECT_EQ(agent.Send("POST", CalendarPath(id, "/ics?as=holidays"), kTuesdayOff, ics).status, 403);
  auto r = qm.Send("POST", CalendarPath(id, "/ics?as=holidays"), kTuesdayOff, ics);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["added"], 1);
  EXPECT_EQ(Json(r)["replanned_cases"], 1);
  EXPECT_EQ(Due(agent, c, "answered"), "2026-03-05T17:30:00+08:00");
  auto again = qm.Send("POST", CalendarPath(id, "/ics?as=holidays"), kTuesdayOff, ics);
  EXPECT_EQ(Json(again)["added"], 0);
  EXPECT_EQ(Json(again)["already_present"], 1);
  EXPECT_EQ(again.Header("ETag"), r.Header("ETag")) << "nothing new: the same version";
  const auto before = Json(qm.Get(CalendarPath(id)));
  auto conflict = qm.Send("POST", CalendarPath(id, "/ics?as=extra_workdays"), kTuesdayOff, ics);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(Json(conflict)["code"], "calendar.holiday_and_workday");
  EXPECT_EQ(Json(qm.Get(CalendarPath(id))), before) << "all or nothing";
  auto garbage = qm.Send("POST", CalendarPath(id, "/ics"), "hello", ics);
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(Json(garbage)["code"], "ics.not_icalendar");
  auto bad_as = qm.Send("POST", CalendarPath(id, "/ics?as=weekends"), kTuesdayOff, ics);
  EXPECT_EQ(Json(bad_as)["field"], "as");
  auto json_body =
      qm.Send("POST", CalendarPath(id, "/ics"), "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(json_body.status, 415);
  auto stale = qm.Send("POST", CalendarPath(id, "/ics"), kTuesdayOff,
                       {{"Content-Type", "text/calendar"}, {"If-Match", "\"v1\""}});
  EXPECT_EQ(stale.status, 412);
}

}  // namespace
}  // namespace csqm::test
