// Callback rules: data an administrator or quality manager edits, validated as a whole.
#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"
#include "core/sla_clock.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace callbacks_detail {

std::vector<Id> IdList(const std::string& text) {
  std::vector<Id> ids;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return ids;
  for (const auto& e : v.as_array()) {
    if (e.is_int64()) ids.push_back(e.get_int64());
  }
  return ids;
}

Result<std::shared_ptr<const core::ZoneRules>> RuleZone(Tx& tx, Services& s,
                                                        const CallbackRule& rule) {
  if (rule.calendar_id) {
    auto calendar = tx.Config().GetCalendar(*rule.calendar_id);
    if (!calendar) return calendar.error();
    auto schedule = s.config.Schedule(*calendar);
    if (!schedule) return schedule.error();
    return s.config.zones().Find((*schedule)->spec().tz);
  }
  return s.config.zones().Find("Asia/Shanghai");
}

Result<Instant> TaskDue(Tx& tx, Services& s, const CallbackRule& rule,
                        const core::Schedule* fallback, Instant start) {
  auto clock = core::ParseClockKind(rule.clock);
  if (!clock) return clock.error();
  std::shared_ptr<const core::Schedule> own;
  const core::Schedule* schedule = fallback;
  if (rule.calendar_id) {
    auto calendar = tx.Config().GetCalendar(*rule.calendar_id);
    if (!calendar) return calendar.error();
    auto compiled = s.config.Schedule(*calendar);
    if (!compiled) return compiled.error();
    own = *compiled;
    schedule = own.get();
  }
  if (!schedule || *clock == core::ClockKind::k24x7) {
    auto limit = core::ParseLimit(core::ClockKind::k24x7, rule.limit_text, core::CalendarSpec{});
    if (!limit) return limit.error();
    return start + limit->span;
  }
  auto limit = core::ParseLimit(*clock, rule.limit_text, schedule->spec());
  if (!limit) return limit.error();
  return core::DueAt(*schedule, start, *limit);
}

Status Notify(Tx& tx, Id user_id, std::optional<Id> case_id, const std::string& kind,
              const std::string& title, const std::string& body, Instant now) {
  Notification n;
  n.user_id = user_id;
  n.case_id = case_id;
  n.kind = kind;
  n.title = title;
  n.body = body;
  n.created_at = now;
  auto added = tx.Notifications().Add(std::move(n));
  if (!added) return added.error();
  return {};
}

}  // namespace callbacks_detail

namespace {

core::Error Bad(const std::string& reason, const std::string& zh, const std::string& en,
                const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "callback_rule." + reason, zh, en, field);
}

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

Status CheckIdArray(const std::string& text, const std::string& field) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (!ec && v.is_array()) {
    bool ok = true;
    for (const auto& e : v.as_array()) ok = ok && e.is_int64() && e.get_int64() > 0;
    if (ok) return {};
  }
  return Bad("bad_ids", "应为编号数组", "must be an array of ids", field);
}

Status Validate(Tx& tx, const CallbackRule& r) {
  if (r.name.empty() || r.name.size() > 600) {
    return Bad("bad_name", "名称不能为空，且不超过 200 字", "the name must be 1 to 200 characters",
               "name");
  }
  if (!OneOf(r.kind, {"case_resolved", "customer_event", "routine", "complaint_sample"})) {
    return Bad("bad_kind", "类型应为 case_resolved、customer_event、routine 或 complaint_sample",
               "kind must be case_resolved, customer_event, routine or complaint_sample", "kind");
  }
  if (!OneOf(r.channel, {"phone", "visit", "letter", "email"})) {
    return Bad("bad_channel", "回访方式应为 phone、visit、letter 或 email",
               "channel must be phone, visit, letter or email", "channel");
  }
  if (!OneOf(r.on_unsatisfied, {"reopen", "new_case"})) {
    return Bad("bad_on_unsatisfied", "不满意时的处理应为 reopen 或 new_case",
               "on_unsatisfied must be reopen or new_case", "on_unsatisfied");
  }
  if (r.kind == "customer_event" && r.event != "customer_created") {
    return Bad("bad_event", "客户事件应为 customer_created", "event must be customer_created",
               "event");
  }
  if (r.interval_days < 1 || r.interval_days > 366) {
    return Bad("bad_interval", "周期应为 1 到 366 天", "interval_days must be 1 to 366",
               "interval_days");
  }
  if (r.sample_percent < 50 || r.sample_percent > 100) {
    return Bad("bad_percent", "抽样比例应为 50 到 100（篇14：回访率不低于 50%）",
               "sample_percent must be 50 to 100 (callback rate at least 50 %)", "sample_percent");
  }
  if (r.max_attempts < 1 || r.max_attempts > 20) {
    return Bad("bad_attempts", "最多尝试次数应为 1 到 20", "max_attempts must be 1 to 20",
               "max_attempts");
  }
  if (r.retry_minutes < 1 || r.retry_minutes > 60 * 24 * 14) {
    return Bad("bad_retry", "重试间隔应为 1 分钟到 14 天", "retry_minutes must be 1 to 20160",
               "retry_minutes");
  }
  if (r.script.size() > 20000) {
    return Bad("bad_script", "话术过长", "the script is too long", "script");
  }
  for (auto [text, field] : {std::pair{&r.case_type_ids_json, "case_type_ids"},
                             std::pair{&r.category_ids_json, "category_ids"}}) {
    if (auto st = CheckIdArray(*text, field); !st) return st;
  }
  {
    boost::system::error_code ec;
    auto v = json::parse(r.tiers_json, ec);
    bool ok = !ec && v.is_array();
    if (ok) {
      for (const auto& e : v.as_array()) {
        ok = ok && e.is_string() && core::ParseCustomerTier(std::string(e.get_string()));
      }
    }
    if (!ok) {
      return Bad("bad_tiers", "客户等级应为 ordinary、vip、key_account 的数组",
                 "tiers must be an array of ordinary, vip, key_account", "tiers");
    }
  }
  auto clock = core::ParseClockKind(r.clock);
  if (!clock) {
    core::Error e = clock.error();
    e.field = "clock";
    return e;
  }
  core::CalendarSpec spec;
  if (r.calendar_id) {
    auto calendar = tx.Config().GetCalendar(*r.calendar_id);
    if (!calendar) return Bad("bad_calendar", "工作日历不存在", "no such calendar", "calendar_id");
  } else if (*clock != core::ClockKind::k24x7 && r.kind != "case_resolved") {
    return Bad("needs_calendar", "工作时间或工作日计时需要指定工作日历",
               "a business or workdays clock needs a calendar_id", "calendar_id");
  }
  if (auto limit = core::ParseLimit(*clock, r.limit_text, spec); !limit) {
    core::Error e = limit.error();
    e.field = "limit";
    return e;
  }
  for (auto [id, field] : {std::pair{r.segment_org_unit_id, "segment_org_unit_id"}}) {
    if (id && !tx.Org().GetUnit(*id)) {
      return Bad("bad_org_unit", "组织单元不存在", "no such organisation unit", field);
    }
  }
  if (r.followup_category_id && !tx.Config().GetCategory(*r.followup_category_id)) {
    return Bad("bad_category", "分类不存在", "no such category", "followup_category_id");
  }
  return {};
}

json::object AuditData(const CallbackRule& r) {
  return json::object{{"name", r.name},
                      {"kind", r.kind},
                      {"active", r.active},
                      {"channel", r.channel},
                      {"clock", r.clock},
                      {"limit", r.limit_text},
                      {"percent", r.sample_percent},
                      {"on_unsatisfied", r.on_unsatisfied}};
}

}  // namespace

Status callbacks_detail::ValidateRule(Tx& tx, const CallbackRule& rule) {
  return Validate(tx, rule);
}

Result<std::vector<CallbackRule>> ListCallbackRules(Services& s, const Actor&) {
  std::vector<CallbackRule> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto rules = tx.Callbacks().ListRules();
    if (!rules) return rules.error();
    out = std::move(*rules);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<CallbackRule> GetCallbackRule(Services& s, const Actor&, Id rule_id) {
  std::optional<CallbackRule> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto rule = tx.Callbacks().GetRule(rule_id);
    if (!rule) return rule.error();
    out = std::move(*rule);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<CallbackRule> CreateCallbackRule(Services& s, const Actor& actor, CallbackRule rule) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  rule.id = 0;
  rule.created_at = now;
  rule.updated_at = now;
  if (rule.kind == "routine" && !rule.next_run_at) rule.next_run_at = now;
  CallbackRule stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    if (auto v = Validate(tx, rule); !v) return v;
    auto inserted = tx.Callbacks().InsertRule(rule);
    if (!inserted) return inserted.error();
    stored = std::move(*inserted);
    return AppendAudit(tx, s.crypto, now, actor.id(), "callback_rule.create", "callback_rule",
                       stored.id, json::serialize(AuditData(stored)));
  });
  if (!st) return st.error();
  return stored;
}

Result<CallbackRule> UpdateCallbackRule(Services& s, const Actor& actor, CallbackRule rule,
                                        int64_t expected_version) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  CallbackRule stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = tx.Callbacks().GetRule(rule.id);
    if (!current) return current.error();
    if (rule.kind != current->kind) {
      return Bad("readonly_kind", "规则类型不能修改", "a rule's kind cannot change", "kind");
    }
    rule.created_at = current->created_at;
    rule.updated_at = now;
    if (rule.kind == "routine" && !rule.next_run_at) rule.next_run_at = now;
    if (auto v = Validate(tx, rule); !v) return v;
    auto saved =
        tx.Callbacks().UpdateRule(rule, ExpectedVersion(expected_version, current->version));
    if (!saved) return saved.error();
    stored = std::move(*saved);
    return AppendAudit(tx, s.crypto, now, actor.id(), "callback_rule.update", "callback_rule",
                       stored.id, json::serialize(AuditData(stored)));
  });
  if (!st) return st.error();
  return stored;
}

}  // namespace csqm::app
