// JSON forms of the administration resources — organisation units, calendars, case types,
// categories, notifications, audit rows — and of cursor pages, as the API returns them
// (docs/openapi.yaml). Users and customers use case_json.hpp (UserJson, CustomerJson).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "app/audit.hpp"
#include "app/cases.hpp"
#include "http/api_support.hpp"

namespace csqm::http {

// {"items": items, "next_cursor": "<id>" | null}
boost::json::object PageJson(boost::json::array items, const std::optional<app::Id>& next);

boost::json::object OrgUnitJson(const Api& api, const app::OrgUnit& u);
// `with_spec`: the whole calendar spec as an object under "spec"; else only its "tz".
boost::json::object CalendarJson(const Api& api, const app::CalendarRecord& c, bool with_spec);
// `with_workflow`: the workflow as an object under "workflow".
boost::json::object CaseTypeJson(const app::CaseType& t, bool with_workflow);
boost::json::object CategoryJson(const app::Category& c);
boost::json::object NotificationJson(const Api& api, const app::Notification& n);
boost::json::object AuditJson(const Api& api, const app::AuditEntry& e);

}  // namespace csqm::http
