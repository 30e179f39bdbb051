#include "http/case_json.hpp"

#include <boost/json.hpp>

namespace csqm::http {
namespace json = boost::json;

json::object CaseJson(const Api& api, const app::CaseRecord& r) {
  return json::object{
      {"id", r.id},
      {"number", r.number},
      {"case_type_id", r.case_type_id},
      {"category_id", r.category_id},
      {"title", r.title},
      {"description", r.description},
      {"channel", core::Name(r.channel)},
      {"severity", core::Name(r.severity)},
      {"status", r.status},
      {"closed", r.status_final},
      {"customer_id", IdJson(r.customer_id)},
      {"owner_id", r.owner_id},
      {"assignee_id", IdJson(r.assignee_id)},
      {"org_unit_id", r.org_unit_id},
      {"received_at", InstantJson(api, r.received_at)},
      {"created_at", InstantJson(api, r.created_at)},
      {"updated_at", InstantJson(api, r.updated_at)},
      {"first_reply_at", InstantJson(api, r.first_reply_at)},
      {"arrived_at", InstantJson(api, r.arrived_at)},
      {"resolved_at", InstantJson(api, r.resolved_at)},
      {"closed_at", InstantJson(api, r.closed_at)},
      {"paused_since", InstantJson(api, r.paused_since)},
      {"custom_fields", ParsedOr(r.custom_json, json::object())},
      {"version", r.version},
  };
}

json::object TargetJson(const Api& api, const app::TargetRecord& t, core::Instant now,
                        const core::SlaPolicy* policy) {
  std::string state = "running";
  if (t.met_at) {
    state = t.breached_at ? "met_late" : "met";
  } else if (t.breached_at || (t.due_at && now >= *t.due_at)) {
    state = "breached";
  } else if (!t.due_at) {
    state = "paused";
  } else if (t.warn_at && now >= *t.warn_at) {
    state = "warning";
  }
  json::object o{{"key", t.target_key},
                 {"clock", t.clock},
                 {"limit", t.limit_text},
                 {"due_at", InstantJson(api, t.due_at)},
                 {"warn_at", InstantJson(api, t.warn_at)},
                 {"met_at", InstantJson(api, t.met_at)},
                 {"breached_at", InstantJson(api, t.breached_at)},
                 {"extended_due", InstantJson(api, t.extended_due)},
                 {"state", state}};
  if (policy) {
    if (const auto* target = policy->Target(t.target_key)) {
      o["name_zh"] = target->name_zh;
      o["name_en"] = target->name_en;
    }
  }
  return o;
}

json::object CaseViewJson(const Api& api, const app::CaseView& view, core::Instant now) {
  json::object o = CaseJson(api, view.record);
  o["case_type"] = view.type_key;
  o["category"] = view.category_key;
  if (view.status) {
    o["status_name"] = json::object{{"zh", view.status->name_zh}, {"en", view.status->name_en}};
  }
  json::array targets;
  for (const auto& t : view.targets) targets.push_back(TargetJson(api, t, now, view.policy.get()));
  o["targets"] = std::move(targets);
  json::array transitions;
  for (const auto* t : view.transitions) {
    json::array required;
    for (const auto& f : t->required) required.emplace_back(f);
    transitions.push_back(json::object{{"key", t->key},
                                       {"zh", t->name_zh},
                                       {"en", t->name_en},
                                       {"to", t->to},
                                       {"required", std::move(required)}});
  }
  o["transitions"] = std::move(transitions);
  o["owner"] = json::object{{"id", view.owner.id}, {"display_name", view.owner.display_name}};
  o["assignee"] = view.assignee
                      ? json::value(json::object{{"id", view.assignee->id},
                                                 {"display_name", view.assignee->display_name}})
                      : json::value(nullptr);
  o["customer"] = view.customer ? json::value(CustomerJson(api, *view.customer)) : nullptr;
  return o;
}

json::object TimelineJson(const Api& api, const app::TimelineEntry& e) {
  return json::object{{"id", e.id},
                      {"case_id", e.case_id},
                      {"at", InstantJson(api, e.at)},
                      {"actor_id", IdJson(e.actor_id)},
                      {"kind", e.kind},
                      {"visibility", e.visibility},
                      {"body", e.body},
                      {"data", ParsedOr(e.data_json, json::object())}};
}

json::object AttachmentJson(const Api& api, const app::Attachment& a) {
  return json::object{{"id", a.id},
                      {"case_id", a.case_id},
                      {"filename", a.filename},
                      {"content_type", a.content_type},
                      {"size", a.size},
                      {"sha256", a.sha256},
                      {"uploaded_by", a.uploaded_by},
                      {"uploaded_at", InstantJson(api, a.uploaded_at)},
                      {"url", "/api/v1/attachments/" + std::to_string(a.id) + "/content"}};
}

json::object ExtensionJson(const Api& api, const app::ExtensionRequest& x) {
  return json::object{{"id", x.id},
                      {"case_id", x.case_id},
                      {"target_key", x.target_key},
                      {"requested_by", x.requested_by},
                      {"requested_at", InstantJson(api, x.requested_at)},
                      {"requested_due", InstantJson(api, x.requested_due)},
                      {"reason", x.reason},
                      {"status", x.status},
                      {"decided_by", IdJson(x.decided_by)},
                      {"decided_at", InstantJson(api, x.decided_at)},
                      {"decision_note", x.decision_note},
                      {"version", x.version}};
}

json::object LinkJson(const Api& api, const app::CaseLink& l) {
  return json::object{{"case_id", l.case_id},
                      {"linked_case_id", l.linked_case_id},
                      {"kind", l.kind},
                      {"created_by", l.created_by},
                      {"created_at", InstantJson(api, l.created_at)}};
}

json::object CustomerJson(const Api& api, const app::Customer& c) {
  return json::object{{"id", c.id},
                      {"kind", core::Name(c.kind)},
                      {"name", c.name},
                      {"phone", c.phone},
                      {"email", c.email},
                      {"wechat", c.wechat},
                      {"address", c.address},
                      {"unit", c.unit},
                      {"tier", core::Name(c.tier)},
                      {"org_unit_id", c.org_unit_id},
                      {"dedicated_staff_id", IdJson(c.dedicated_staff_id)},
                      {"contacts", ParsedOr(c.contacts_json, json::array())},
                      {"attributes", ParsedOr(c.attributes_json, json::object())},
                      {"created_at", InstantJson(api, c.created_at)},
                      {"version", c.version}};
}

json::object UserJson(const Api& api, const app::User& u) {
  return json::object{{"id", u.id},
                      {"login", u.login},
                      {"display_name", u.display_name},
                      {"role", core::RoleName(u.role)},
                      {"org_unit_id", u.org_unit_id},
                      {"supervisor_id", IdJson(u.supervisor_id)},
                      {"phone", u.phone},
                      {"email", u.email},
                      {"active", u.active},
                      {"created_at", InstantJson(api, u.created_at)},
                      {"version", u.version}};
}

}  // namespace csqm::http
