// /api/v1/calendars: working calendars (read: everyone signed in; write: admin and quality
// manager). A changed spec re-plans the open cases of the categories using the calendar,
// synchronously in the request: the answer says how many ("replanned_cases").
#include <boost/json.hpp>

#include "app/calendar_admin.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Result<std::string> SpecInput(const json::object& o) {
  auto spec = OptJsonObject(o, "spec");
  if (!spec) return spec.error();
  if (!*spec) return core::jsonread::Missing("spec");
  return **spec;
}

json::object UpdateJson(const Api& api, const app::CalendarUpdate& u) {
  json::object o = CalendarJson(api, u.calendar, true);
  o["replanned_cases"] = u.replanned_cases;
  return o;
}

}  // namespace

void AddCalendarRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/calendars", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(calendars, app::ListCalendars(s, c.actor));
               json::array items;
               for (const auto& cal : *calendars) items.push_back(CalendarJson(api, cal, false));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/calendars", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               app::NewCalendar in;
               CSQM_TRY(key, ReqString(*body, "key"));
               in.key = *key;
               CSQM_TRY(name, OptString(*body, "name"));
               in.name = name->value_or("");
               CSQM_TRY(spec, SpecInput(*body));
               in.spec_json = *spec;
               CSQM_TRY(calendar, app::CreateCalendar(s, c.actor, in));
               Response r = Versioned(201, CalendarJson(api, *calendar, true), calendar->version);
               r.SetHeader("Location", "/api/v1/calendars/" + std::to_string(calendar->id));
               return r;
             }));
  router.Add("GET", "/api/v1/calendars/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(calendar, app::GetCalendar(s, c.actor, *id));
               return Versioned(200, CalendarJson(api, *calendar, true), calendar->version);
             }));
  router.Add("PUT", "/api/v1/calendars/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               if (auto st = OnlyFields(*body, {"name", "spec"}, "calendar"); !st) {
                 return Problem(req, st.error());
               }
               CSQM_TRY(name, OptString(*body, "name"));
               CSQM_TRY(spec, SpecInput(*body));
               CSQM_TRY(updated, app::ReplaceCalendar(s, c.actor, *id, *name, *spec, *version));
               return Versioned(200, UpdateJson(api, *updated), updated->calendar.version);
             }));
  router.Add(
      "POST", "/api/v1/calendars/{id}/ics",
      Authed(api,
             [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               const std::string as = req.Query("as").value_or("holidays");
               if (as != "holidays" && as != "extra_workdays") {
                 return Problem(req, MakeError(ErrorCode::kInvalidArgument, "http.bad_query",
                                               "as 应为 holidays 或 extra_workdays",
                                               "as must be holidays or extra_workdays", "as"));
               }
               const auto kind =
                   as == "holidays" ? core::ImportAs::kHolidays : core::ImportAs::kExtraWorkdays;
               CSQM_TRY(updated, app::ImportIcs(s, c.actor, *id, req.body, kind, *version));
               json::object o = UpdateJson(api, *updated);
               o["added"] = updated->import.added;
               o["already_present"] = updated->import.already_present;
               return Versioned(200, o, updated->calendar.version);
             }),
      RouteOptions{{"text/calendar", "text/plain"}});
}

}  // namespace csqm::http
