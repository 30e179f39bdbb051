#include "http/admin_json.hpp"

#include <boost/json.hpp>

#include "http/case_json.hpp"

namespace csqm::http {
namespace json = boost::json;

json::object PageJson(json::array items, const std::optional<app::Id>& next) {
  return json::object{
      {"items", std::move(items)},
      {"next_cursor", next ? json::value(std::to_string(*next)) : json::value(nullptr)}};
}

json::object OrgUnitJson(const Api& api, const app::OrgUnit& u) {
  return json::object{{"id", u.id},
                      {"parent_id", IdJson(u.parent_id)},
                      {"kind", u.kind},
                      {"code", u.code},
                      {"name", u.name},
                      {"path", u.path},
                      {"created_at", InstantJson(api, u.created_at)},
                      {"version", u.version}};
}

json::object CalendarJson(const Api& api, const app::CalendarRecord& c, bool with_spec) {
  json::value spec = ParsedOr(c.spec_json, json::object());
  json::object o{{"id", c.id},
                 {"key", c.key},
                 {"name", c.name},
                 {"updated_at", InstantJson(api, c.updated_at)},
                 {"version", c.version}};
  if (with_spec) {
    o["spec"] = std::move(spec);
  } else if (spec.is_object() && spec.as_object().contains("tz")) {
    o["tz"] = spec.as_object()["tz"];
  }
  return o;
}

json::object CaseTypeJson(const app::CaseType& t, bool with_workflow) {
  json::object o{{"id", t.id},           {"key", t.key},         {"prefix", t.prefix},
                 {"name_zh", t.name_zh}, {"name_en", t.name_en}, {"version", t.version}};
  if (with_workflow) o["workflow"] = ParsedOr(t.workflow_json, json::object());
  return o;
}

json::object CategoryJson(const app::Category& c) {
  return json::object{{"id", c.id},
                      {"parent_id", IdJson(c.parent_id)},
                      {"case_type_id", c.case_type_id},
                      {"key", c.key},
                      {"name_zh", c.name_zh},
                      {"name_en", c.name_en},
                      {"calendar_id", c.calendar_id},
                      {"policy", ParsedOr(c.policy_json, json::object())},
                      {"active", c.active},
                      {"version", c.version}};
}

json::object NotificationJson(const Api& api, const app::Notification& n) {
  return json::object{{"id", n.id},
                      {"case_id", IdJson(n.case_id)},
                      {"kind", n.kind},
                      {"title", n.title},
                      {"body", n.body},
                      {"created_at", InstantJson(api, n.created_at)},
                      {"read_at", InstantJson(api, n.read_at)},
                      {"read", n.read_at.has_value()}};
}

json::object AuditJson(const Api& api, const app::AuditEntry& e) {
  return json::object{{"id", e.id},
                      {"at", InstantJson(api, e.at)},
                      {"actor_id", IdJson(e.actor_id)},
                      {"action", e.action},
                      {"entity", e.entity},
                      {"entity_id", IdJson(e.entity_id)},
                      {"data", ParsedOr(e.data_json, json::string(e.data_json))},
                      {"hash", e.hash},
                      {"prev_hash", e.prev_hash}};
}

}  // namespace csqm::http
