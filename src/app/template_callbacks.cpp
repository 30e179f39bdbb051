// The template's optional "callback_rules" section: default callback rules (docs/callbacks.md),
// checked here as the callback use cases would check them, with template keys in place of ids.
#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <tuple>

#include "app/template_spec.hpp"
#include "core/case_enums.hpp"
#include "core/json_read.hpp"
#include "core/sla_clock.hpp"

namespace csqm::app {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;
using core::jsonread::Index;
using core::jsonread::Member;

core::Error Invalid(const std::string& reason, const std::string& zh, const std::string& en,
                    const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "template." + reason, zh, en, field);
}

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

constexpr std::string_view kKeys[] = {
    "key",   "name",          "kind",           "case_types",     "categories",        "tiers",
    "event", "interval_days", "sample_percent", "channel",        "calendar",          "clock",
    "limit", "max_attempts",  "retry_minutes",  "on_unsatisfied", "followup_category", "script"};

core::Result<int> Int(const json::object& o, std::string_view key, const std::string& at, int dflt,
                      int lo, int hi) {
  const auto* v = o.if_contains(key);
  if (!v) return dflt;
  if (!v->is_int64() || v->get_int64() < lo || v->get_int64() > hi) {
    return Invalid("bad_number",
                   "应为 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 的整数",
                   "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi),
                   Member(at, key));
  }
  return int(v->get_int64());
}

core::Result<std::string> Text(const json::object& o, std::string_view key, const std::string& at,
                               std::string dflt) {
  auto text = core::jsonread::String(o, key, at, false);
  if (!text) return text.error();
  return text->empty() ? dflt : *text;
}

bool HasCategory(const TemplateSpec& spec, const std::string& key) {
  return std::any_of(spec.categories.begin(), spec.categories.end(),
                     [&](const auto& c) { return c.key == key; });
}

bool HasType(const TemplateSpec& spec, const std::string& key) {
  return std::any_of(spec.case_types.begin(), spec.case_types.end(),
                     [&](const auto& t) { return t.key == key; });
}

core::Status CheckKeys(const json::object& o, const std::string& at) {
  for (const auto& [k, v] : o) {
    const std::string_view key(k.data(), k.size());
    if (key.starts_with("_")) continue;
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return Invalid("unknown_key", "未知字段“" + std::string(key) + "”",
                     "unknown key \"" + std::string(key) + "\"", Member(at, key));
    }
  }
  return {};
}

core::Result<TemplateCallbackRule> ParseRule(
    const json::object& o, const std::string& at,
    const std::map<std::string, core::CalendarSpec>& calendars, const TemplateSpec& spec) {
  if (auto st = CheckKeys(o, at); !st) return st.error();
  TemplateCallbackRule r;
  auto key = core::jsonread::String(o, "key", at);
  if (!key) return key.error();
  r.key = *key;
  auto name = core::jsonread::String(o, "name", at);
  if (!name) return name.error();
  r.name = *name;
  if (r.name.empty() || r.name.size() > 600) {
    return Invalid("bad_name", "名称不能为空，且不超过 200 字",
                   "the name must be 1 to 200 characters", Member(at, "name"));
  }
  auto kind = core::jsonread::String(o, "kind", at);
  if (!kind) return kind.error();
  r.kind = *kind;
  if (!OneOf(r.kind, {"case_resolved", "customer_event", "routine", "complaint_sample"})) {
    return Invalid("bad_kind",
                   "类型应为 case_resolved、customer_event、routine 或 complaint_sample",
                   "kind must be case_resolved, customer_event, routine or complaint_sample",
                   Member(at, "kind"));
  }
  auto types = core::jsonread::Strings(o, "case_types", at);
  if (!types) return types.error();
  for (size_t i = 0; i < types->size(); ++i) {
    if (!HasType(spec, (*types)[i])) {
      return Invalid("unknown_case_type", "模板中没有工单类型“" + (*types)[i] + "”",
                     "no case type \"" + (*types)[i] + "\" in the template",
                     Index(Member(at, "case_types"), i));
    }
  }
  r.case_type_keys = std::move(*types);
  auto categories = core::jsonread::Strings(o, "categories", at);
  if (!categories) return categories.error();
  for (size_t i = 0; i < categories->size(); ++i) {
    if (!HasCategory(spec, (*categories)[i])) {
      return Invalid("unknown_category", "模板中没有类别“" + (*categories)[i] + "”",
                     "no category \"" + (*categories)[i] + "\" in the template",
                     Index(Member(at, "categories"), i));
    }
  }
  r.category_keys = std::move(*categories);
  auto tiers = core::jsonread::Strings(o, "tiers", at);
  if (!tiers) return tiers.error();
  for (size_t i = 0; i < tiers->size(); ++i) {
    if (!core::ParseCustomerTier((*tiers)[i])) {
      return Invalid("bad_tier", "客户等级应为 ordinary、vip 或 key_account",
                     "a tier is ordinary, vip or key_account", Index(Member(at, "tiers"), i));
    }
  }
  r.tiers = std::move(*tiers);
  auto event = Text(o, "event", at, "");
  if (!event) return event.error();
  r.event = *event;
  if (r.kind == "customer_event" && r.event != "customer_created") {
    return Invalid("bad_event", "客户事件应为 customer_created", "event must be customer_created",
                   Member(at, "event"));
  }
  for (auto [field, target, dflt, lo, hi] :
       {std::tuple{"interval_days", &r.interval_days, 30, 1, 366},
        std::tuple{"sample_percent", &r.sample_percent, 50, 50, 100},
        std::tuple{"max_attempts", &r.max_attempts, 3, 1, 20},
        std::tuple{"retry_minutes", &r.retry_minutes, 120, 1, 60 * 24 * 14}}) {
    auto n = Int(o, field, at, dflt, lo, hi);
    if (!n) return n.error();
    *target = *n;
  }
  for (auto [field, target, dflt] :
       {std::tuple{"channel", &r.channel, "phone"}, std::tuple{"clock", &r.clock, "24x7"},
        std::tuple{"limit", &r.limit, "24h"},
        std::tuple{"on_unsatisfied", &r.on_unsatisfied, "reopen"},
        std::tuple{"calendar", &r.calendar_key, ""},
        std::tuple{"followup_category", &r.followup_category_key, ""},
        std::tuple{"script", &r.script, ""}}) {
    auto text = Text(o, field, at, dflt);
    if (!text) return text.error();
    *target = *text;
  }
  if (!OneOf(r.channel, {"phone", "visit", "letter", "email"})) {
    return Invalid("bad_channel", "回访方式应为 phone、visit、letter 或 email",
                   "channel must be phone, visit, letter or email", Member(at, "channel"));
  }
  if (!OneOf(r.on_unsatisfied, {"reopen", "new_case"})) {
    return Invalid("bad_on_unsatisfied", "不满意时的处理应为 reopen 或 new_case",
                   "on_unsatisfied must be reopen or new_case", Member(at, "on_unsatisfied"));
  }
  if (!r.followup_category_key.empty() && !HasCategory(spec, r.followup_category_key)) {
    return Invalid("unknown_category", "模板中没有类别“" + r.followup_category_key + "”",
                   "no category \"" + r.followup_category_key + "\" in the template",
                   Member(at, "followup_category"));
  }
  auto clock = core::ParseClockKind(r.clock);
  if (!clock) {
    core::Error e = clock.error();
    e.field = Member(at, "clock");
    return e;
  }
  core::CalendarSpec calendar;
  if (!r.calendar_key.empty()) {
    auto found = calendars.find(r.calendar_key);
    if (found == calendars.end()) {
      return Invalid("unknown_calendar", "模板中没有日历“" + r.calendar_key + "”",
                     "no calendar \"" + r.calendar_key + "\" in the template",
                     Member(at, "calendar"));
    }
    calendar = found->second;
  } else if (*clock != core::ClockKind::k24x7 && r.kind != "case_resolved") {
    return Invalid("needs_calendar", "工作时间或工作日计时需要指定工作日历",
                   "a business or workdays clock needs a calendar", Member(at, "calendar"));
  }
  if (auto limit = core::ParseLimit(*clock, r.limit, calendar); !limit) {
    core::Error e = limit.error();
    e.field = Member(at, "limit");
    return e;
  }
  return r;
}

}  // namespace

core::Status ParseTemplateCallbackRules(const json::object& root,
                                        const std::map<std::string, core::CalendarSpec>& calendars,
                                        TemplateSpec& spec) {
  const auto* v = root.if_contains("callback_rules");
  if (!v) return {};
  if (!v->is_array()) return core::jsonread::WrongType("callback_rules", "数组", "an array");
  std::set<std::string> keys, names;
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const std::string at = Index("callback_rules", i);
    const auto* o = v->get_array()[i].if_object();
    if (!o) return core::jsonread::WrongType(at, "JSON 对象", "a JSON object");
    auto rule = ParseRule(*o, at, calendars, spec);
    if (!rule) return rule.error();
    if (!keys.insert(rule->key).second) {
      return Invalid("duplicate_key", "键“" + rule->key + "”重复",
                     "key \"" + rule->key + "\" repeats", Member(at, "key"));
    }
    if (!names.insert(rule->name).second) {
      return Invalid("duplicate_name", "回访规则名称“" + rule->name + "”重复",
                     "callback rule name \"" + rule->name + "\" repeats", Member(at, "name"));
    }
    spec.callback_rules.push_back(std::move(*rule));
  }
  return {};
}

}  // namespace csqm::app
