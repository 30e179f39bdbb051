#include "http/case_json.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace csqm::http {
namespace json = boost::json;

namespace {

std::optional<std::string> InstantText(const Api& api, const std::optional<core::Instant>& t) {
  if (!t) return std::nullopt;
  return core::FormatRfc3339(*t, api.display_zone.OffsetAt(*t));
}

// Where the fields of a case or a target go: a boost::json object (DomSink) or JSON text
// (TextSink). The field lists below are written once for both.
struct DomSink {
  json::object& o;
  void Int(std::string_view k, int64_t v) { o[k] = v; }
  void Str(std::string_view k, std::string_view v) { o[k] = v; }
  void Bool(std::string_view k, bool v) { o[k] = v; }
  void OptInt(std::string_view k, const std::optional<int64_t>& v) {
    o[k] = v ? json::value(*v) : json::value(nullptr);
  }
  void OptStr(std::string_view k, const std::optional<std::string>& v) {
    o[k] = v ? json::value(*v) : json::value(nullptr);
  }
  void OptTime(std::string_view k, const Api& api, const std::optional<core::Instant>& t) {
    OptStr(k, InstantText(api, t));
  }
  void Object(std::string_view k, const std::string& json_text) {
    o[k] = ParsedOr(json_text, json::object());
  }
};

struct TextSink {
  JsonWriter& w;
  void Int(std::string_view k, int64_t v) { w.Key(k).Int(v); }
  void Str(std::string_view k, std::string_view v) { w.Key(k).String(v); }
  void Bool(std::string_view k, bool v) { w.Key(k).Bool(v); }
  void OptInt(std::string_view k, const std::optional<int64_t>& v) {
    w.Key(k);
    v ? w.Int(*v) : w.Null();
  }
  void OptStr(std::string_view k, const std::optional<std::string>& v) {
    w.Key(k);
    v ? w.String(*v) : w.Null();
  }
  void OptTime(std::string_view k, const Api& api, const std::optional<core::Instant>& t) {
    w.Key(k);
    if (!t) {
      w.Null();
      return;
    }
    char text[core::kRfc3339MaxLength];
    w.String({text, core::FormatRfc3339To(text, *t, api.display_zone.OffsetAt(*t))});
  }
  void Object(std::string_view k, const std::string& json_text) {
    w.Key(k);
    if (json_text == "{}") {
      w.Raw("{}");  // the usual case, no parse
    } else {
      w.Raw(json::serialize(ParsedOr(json_text, json::object())));
    }
  }
};

// Every field of the case; list items (app::CaseListItem) leave the description out.
enum class Description { kWith, kWithout };

template <class Sink>
void CaseFields(Sink& s, const Api& api, const app::CaseRecord& r,
                Description description = Description::kWith) {
  s.Int("id", r.id);
  s.Str("number", r.number);
  s.Int("case_type_id", r.case_type_id);
  s.Int("category_id", r.category_id);
  s.Str("title", r.title);
  if (description == Description::kWith) s.Str("description", r.description);
  s.Str("channel", core::Name(r.channel));
  s.Str("severity", core::Name(r.severity));
  s.Str("status", r.status);
  s.Bool("closed", r.status_final);
  s.OptInt("customer_id", r.customer_id);
  s.Int("owner_id", r.owner_id);
  s.OptInt("assignee_id", r.assignee_id);
  s.Int("org_unit_id", r.org_unit_id);
  s.OptTime("received_at", api, r.received_at);
  s.OptTime("created_at", api, r.created_at);
  s.OptTime("updated_at", api, r.updated_at);
  s.OptTime("first_reply_at", api, r.first_reply_at);
  s.OptTime("arrived_at", api, r.arrived_at);
  s.OptTime("resolved_at", api, r.resolved_at);
  s.OptTime("closed_at", api, r.closed_at);
  s.OptTime("paused_since", api, r.paused_since);
  s.Object("custom_fields", r.custom_json);
  s.Int("version", r.version);
}

std::string_view TargetState(const app::TargetRecord& t, core::Instant now) {
  if (t.met_at) return t.breached_at ? "met_late" : "met";
  if (t.breached_at || (t.due_at && now >= *t.due_at)) return "breached";
  if (!t.due_at) return "paused";
  if (t.warn_at && now >= *t.warn_at) return "warning";
  return "running";
}

template <class Sink>
void TargetFields(Sink& s, const Api& api, const app::TargetRecord& t, core::Instant now,
                  const core::SlaPolicy* policy) {
  s.Str("key", t.target_key);
  s.Str("clock", t.clock);
  s.Str("limit", t.limit_text);
  s.OptTime("due_at", api, t.due_at);
  s.OptTime("warn_at", api, t.warn_at);
  s.OptTime("met_at", api, t.met_at);
  s.OptTime("breached_at", api, t.breached_at);
  s.OptTime("extended_due", api, t.extended_due);
  s.Str("state", TargetState(t, now));
  if (policy) {
    if (const auto* target = policy->Target(t.target_key)) {
      s.Str("name_zh", target->name_zh);
      s.Str("name_en", target->name_en);
    }
  }
}

}  // namespace

json::object CaseJson(const Api& api, const app::CaseRecord& r) {
  json::object o;
  o.reserve(24);
  DomSink sink{o};
  CaseFields(sink, api, r);
  return o;
}

json::object TargetJson(const Api& api, const app::TargetRecord& t, core::Instant now,
                        const core::SlaPolicy* policy) {
  json::object o;
  DomSink sink{o};
  TargetFields(sink, api, t, now, policy);
  return o;
}

json::object CaseItemJson(const Api& api, const app::CaseListItem& item, core::Instant now) {
  json::object o;
  o.reserve(24);
  DomSink sink{o};
  CaseFields(sink, api, item.record, Description::kWithout);
  json::array targets;
  for (const auto& t : item.targets) targets.push_back(TargetJson(api, t, now, nullptr));
  o["targets"] = std::move(targets);
  return o;
}

void WriteCaseItem(JsonWriter& w, const Api& api, const app::CaseListItem& item,
                   core::Instant now) {
  TextSink sink{w};
  w.BeginObject();
  CaseFields(sink, api, item.record, Description::kWithout);
  w.Key("targets").BeginArray();
  for (const auto& t : item.targets) {
    w.BeginObject();
    TargetFields(sink, api, t, now, nullptr);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

std::string CasePageJson(const Api& api, const app::Page<app::CaseListItem>& page,
                         core::Instant now) {
  std::string out;
  out.reserve(1024 + page.items.size() * 1200);
  JsonWriter w(out);
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : page.items) WriteCaseItem(w, api, item, now);
  w.EndArray().Key("next_cursor");
  page.next_cursor ? w.String(std::to_string(*page.next_cursor)) : w.Null();
  w.EndObject();
  return out;
}

std::string CaseViewJson(const Api& api, const app::CaseView& view, core::Instant now) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(out);
  TextSink sink{w};
  w.BeginObject();
  CaseFields(sink, api, view.record);
  w.Key("case_type").String(view.type_key);
  w.Key("category").String(view.category_key);
  if (view.status) {
    w.Key("status_name").BeginObject();
    w.Key("zh").String(view.status->name_zh).Key("en").String(view.status->name_en);
    w.EndObject();
  }
  w.Key("targets").BeginArray();
  for (const auto& t : view.targets) {
    w.BeginObject();
    TargetFields(sink, api, t, now, view.policy.get());
    w.EndObject();
  }
  w.EndArray();
  w.Key("transitions").BeginArray();
  for (const auto* t : view.transitions) {
    w.BeginObject();
    w.Key("key").String(t->key).Key("zh").String(t->name_zh).Key("en").String(t->name_en);
    w.Key("to").String(t->to).Key("required").BeginArray();
    for (const auto& f : t->required) w.String(f);
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("owner").BeginObject();
  w.Key("id").Int(view.owner.id).Key("display_name").String(view.owner.display_name);
  w.EndObject();
  w.Key("assignee");
  if (view.assignee) {
    w.BeginObject();
    w.Key("id").Int(view.assignee->id).Key("display_name").String(view.assignee->display_name);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("customer");
  view.customer ? w.Raw(json::serialize(CustomerJson(api, *view.customer))) : w.Null();
  w.EndObject();
  return out;
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
