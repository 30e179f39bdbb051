// /api/v1/callback-rules, /api/v1/callback-samples and /api/v1/callback-tasks: callback rules
// (admin-editable data), monthly samples with quota and coverage, and the callback workbench —
// today's and overdue tasks, attempts and outcomes (app/callbacks.hpp).
#include <boost/json.hpp>
#include <charconv>

#include "app/callbacks.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

json::value IdsJson(const std::string& text) { return ParsedOr(text, json::array()); }

json::object RuleJson(const Api& api, const app::CallbackRule& r) {
  return json::object{{"id", r.id},
                      {"name", r.name},
                      {"kind", r.kind},
                      {"active", r.active},
                      {"case_type_ids", IdsJson(r.case_type_ids_json)},
                      {"category_ids", IdsJson(r.category_ids_json)},
                      {"event", r.event.empty() ? json::value(nullptr) : json::value(r.event)},
                      {"tiers", IdsJson(r.tiers_json)},
                      {"segment_org_unit_id", IdJson(r.segment_org_unit_id)},
                      {"interval_days", r.interval_days},
                      {"sample_percent", r.sample_percent},
                      {"channel", r.channel},
                      {"calendar_id", IdJson(r.calendar_id)},
                      {"clock", r.clock},
                      {"limit", r.limit_text},
                      {"max_attempts", r.max_attempts},
                      {"retry_minutes", r.retry_minutes},
                      {"on_unsatisfied", r.on_unsatisfied},
                      {"followup_category_id", IdJson(r.followup_category_id)},
                      {"script", r.script},
                      {"next_run_at", InstantJson(api, r.next_run_at)},
                      {"created_at", InstantJson(api, r.created_at)},
                      {"updated_at", InstantJson(api, r.updated_at)},
                      {"version", r.version}};
}

json::value Text(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

json::object TaskJson(const Api& api, const app::CallbackTask& t) {
  return json::object{{"id", t.id},
                      {"rule_id", t.rule_id},
                      {"sample_id", IdJson(t.sample_id)},
                      {"case_id", IdJson(t.case_id)},
                      {"customer_id", t.customer_id},
                      {"org_unit_id", t.org_unit_id},
                      {"category_id", IdJson(t.category_id)},
                      {"case_type", Text(t.case_type)},
                      {"severity", Text(t.severity)},
                      {"channel", t.channel},
                      {"status", t.status},
                      {"assignee_id", IdJson(t.assignee_id)},
                      {"created_at", InstantJson(api, t.created_at)},
                      {"due_at", InstantJson(api, t.due_at)},
                      {"overdue", t.status == "open" && t.due_at < api.services.clock.Now()},
                      {"next_attempt_at", InstantJson(api, t.next_attempt_at)},
                      {"attempts", t.attempts},
                      {"max_attempts", t.max_attempts},
                      {"completed_at", InstantJson(api, t.completed_at)},
                      {"completed_by", IdJson(t.completed_by)},
                      {"solved", t.solved ? json::value(*t.solved) : json::value(nullptr)},
                      {"satisfaction", Text(t.satisfaction)},
                      {"score", t.score ? json::value(*t.score) : json::value(nullptr)},
                      {"opinion", Text(t.opinion)},
                      {"suggestion", Text(t.suggestion)},
                      {"violation", t.violation},
                      {"violation_note", Text(t.violation_note)},
                      {"evidence", ParsedOr(t.evidence_json, json::object())},
                      {"follow_up_case_id", IdJson(t.follow_up_case_id)},
                      {"version", t.version}};
}

json::object SampleJson(const Api& api, const app::CallbackSampleView& v) {
  json::array strata;
  for (const auto& c : v.strata) {
    strata.push_back(json::object{{"stratum", c.stratum},
                                  {"category_id", c.category_id},
                                  {"org_unit_id", c.org_unit_id},
                                  {"population", c.population},
                                  {"major", c.major},
                                  {"quota", c.quota},
                                  {"selected", c.selected},
                                  {"done", c.done},
                                  {"coverage", c.selected ? double(c.done) / c.selected : 0.0}});
  }
  const auto& s = v.sample;
  const int month = s.month;
  char label[32];
  std::snprintf(label, sizeof label, "%04d-%02d", month / 100, month % 100);
  return json::object{{"id", s.id},
                      {"rule_id", s.rule_id},
                      {"month", label},
                      {"seed", s.seed},
                      {"percent", s.percent},
                      {"population", s.population},
                      {"major_population", s.major_population},
                      {"selected", s.selected},
                      {"quota_rate", s.population ? double(s.selected) / s.population : 0.0},
                      {"done", v.done},
                      {"coverage", s.selected ? double(v.done) / s.selected : 0.0},
                      {"strata", std::move(strata)},
                      {"created_by", IdJson(s.created_by)},
                      {"created_at", InstantJson(api, s.created_at)}};
}

core::Result<std::optional<std::string>> OptIdArray(const json::object& o, std::string_view key) {
  return OptJsonArray(o, key);
}

// Overlays the request's fields on `r` (a default rule for a create, the stored one for an edit).
core::Status ReadRule(const json::object& o, app::CallbackRule& r, bool patch) {
  if (auto st = OnlyFields(o,
                           {"name", "kind", "active", "case_type_ids", "category_ids", "event",
                            "tiers", "segment_org_unit_id", "interval_days", "sample_percent",
                            "channel", "calendar_id", "clock", "limit", "max_attempts",
                            "retry_minutes", "on_unsatisfied", "followup_category_id", "script"},
                           "callback_rule");
      !st) {
    return st;
  }
  if (!patch) {
    auto name = ReqString(o, "name");
    if (!name) return name.error();
    auto kind = ReqString(o, "kind");
    if (!kind) return kind.error();
  }
  for (auto [key, target] :
       {std::pair{"name", &r.name}, std::pair{"kind", &r.kind}, std::pair{"event", &r.event},
        std::pair{"channel", &r.channel}, std::pair{"clock", &r.clock},
        std::pair{"limit", &r.limit_text}, std::pair{"on_unsatisfied", &r.on_unsatisfied},
        std::pair{"script", &r.script}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  for (auto [key, target] :
       {std::pair{"case_type_ids", &r.case_type_ids_json},
        std::pair{"category_ids", &r.category_ids_json}, std::pair{"tiers", &r.tiers_json}}) {
    auto v = OptIdArray(o, key);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  for (auto [key, target] :
       {std::pair{"interval_days", &r.interval_days},
        std::pair{"sample_percent", &r.sample_percent}, std::pair{"max_attempts", &r.max_attempts},
        std::pair{"retry_minutes", &r.retry_minutes}}) {
    auto v = OptInt(o, key);
    if (!v) return v.error();
    if (*v) *target = int(std::clamp<int64_t>(**v, INT32_MIN, INT32_MAX));
  }
  for (auto [key, target] : {std::pair{"segment_org_unit_id", &r.segment_org_unit_id},
                             std::pair{"calendar_id", &r.calendar_id},
                             std::pair{"followup_category_id", &r.followup_category_id}}) {
    auto v = OptNullableId(o, key);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  auto active = OptBool(o, "active");
  if (!active) return active.error();
  if (*active) r.active = **active;
  return {};
}

// "2026-10" → 202610.
core::Result<int> Month(const json::object& o) {
  auto text = ReqString(o, "month");
  if (!text) return text.error();
  int y = 0, m = 0;
  if (text->size() != 7 || (*text)[4] != '-' ||
      std::from_chars(text->data(), text->data() + 4, y).ptr != text->data() + 4 ||
      std::from_chars(text->data() + 5, text->data() + 7, m).ptr != text->data() + 7) {
    return MakeError(ErrorCode::kInvalidArgument, "callback.bad_month", "月份应为 YYYY-MM",
                     "month must be YYYY-MM", "month");
  }
  return y * 100 + m;
}

// A seed as a JSON integer (≥ 0) or a string of decimal digits (up to 2^64 − 1).
core::Result<std::optional<uint64_t>> Seed(const json::object& o) {
  const auto* v = o.if_contains("seed");
  if (!v || v->is_null()) return std::optional<uint64_t>();
  if (v->is_uint64()) return std::optional<uint64_t>(v->get_uint64());
  if (v->is_int64() && v->get_int64() >= 0) return std::optional<uint64_t>(v->get_int64());
  if (v->is_string()) {
    const auto& s = v->get_string();
    uint64_t seed = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seed);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) {
      return std::optional<uint64_t>(seed);
    }
  }
  return MakeError(ErrorCode::kInvalidArgument, "callback.bad_seed",
                   "随机种子应为非负整数（或其十进制字符串）",
                   "seed must be a non-negative integer (or its decimal string)", "seed");
}

// End of the caller's local day in the display zone.
core::Instant EndOfToday(const Api& api, core::Instant now) {
  const auto local = core::ToLocal(api.display_zone, now);
  const auto next = std::chrono::floor<std::chrono::days>(local) + std::chrono::days(1);
  return api.display_zone.ToInstant(core::LocalTime(next));
}

core::Result<app::CallbackTaskFilter> TaskFilter(const Api& api, const Request& req,
                                                 const app::Caller& c) {
  app::CallbackTaskFilter f;
  f.statuses = req.QueryAll("status");
  for (auto [name, target] : {std::pair{"case_id", &f.case_id}, std::pair{"rule_id", &f.rule_id},
                              std::pair{"sample_id", &f.sample_id}, std::pair{"after", &f.after}}) {
    auto v = QueryInt(req, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  if (auto a = req.Query("assignee_id")) {
    if (*a == "me") {
      f.assignee_id = c.actor.id();
    } else {
      auto v = QueryInt(req, "assignee_id");
      if (!v) return v.error();
      f.assignee_id = *v;
    }
  }
  if (auto view = req.Query("view")) {
    const core::Instant now = api.services.clock.Now();
    if (*view == "today") {
      f.due_before = EndOfToday(api, now);
    } else if (*view == "overdue") {
      f.due_before = now;
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "http.bad_query", "view 应为 today 或 overdue",
                       "view must be today or overdue", "view");
    }
    f.statuses = {"open"};
  }
  auto limit = QueryInt(req, "limit");
  if (!limit) return limit.error();
  f.limit = int(std::clamp<int64_t>(limit->value_or(50), 1, 200));
  return f;
}

core::Result<app::CallbackOutcome> Outcome(const json::object& o) {
  if (auto st = OnlyFields(o,
                           {"channel", "evidence", "solved", "satisfaction", "score", "opinion",
                            "suggestion", "violation", "violation_note"},
                           "callback");
      !st) {
    return st.error();
  }
  app::CallbackOutcome out;
  auto channel = OptString(o, "channel");
  if (!channel) return channel.error();
  out.channel = *channel;
  auto evidence = OptJsonObject(o, "evidence");
  if (!evidence) return evidence.error();
  out.evidence_json = evidence->value_or("{}");
  auto solved = OptBool(o, "solved");
  if (!solved) return solved.error();
  out.solved = *solved;
  auto satisfaction = ReqString(o, "satisfaction");
  if (!satisfaction) return satisfaction.error();
  out.satisfaction = *satisfaction;
  auto score = OptInt(o, "score");
  if (!score) return score.error();
  if (*score) out.score = int(std::clamp<int64_t>(**score, -1, 100));
  for (auto [key, target] :
       {std::pair{"opinion", &out.opinion}, std::pair{"suggestion", &out.suggestion},
        std::pair{"violation_note", &out.violation_note}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  auto violation = OptBool(o, "violation");
  if (!violation) return violation.error();
  out.violation = violation->value_or(false);
  return out;
}

}  // namespace

void AddCallbackRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/callback-rules", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(rules, app::ListCallbackRules(s, c.actor));
               json::array items;
               for (const auto& r : *rules) items.push_back(RuleJson(api, r));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/callback-rules", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               app::CallbackRule rule;
               if (auto st = ReadRule(*body, rule, false); !st) return Problem(req, st.error());
               CSQM_TRY(stored, app::CreateCallbackRule(s, c.actor, std::move(rule)));
               Response r = Versioned(201, RuleJson(api, *stored), stored->version);
               r.SetHeader("Location", "/api/v1/callback-rules/" + std::to_string(stored->id));
               return r;
             }));
  router.Add("GET", "/api/v1/callback-rules/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(rule, app::GetCallbackRule(s, c.actor, *id));
               return Versioned(200, RuleJson(api, *rule), rule->version);
             }));
  router.Add("PATCH", "/api/v1/callback-rules/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(current, app::GetCallbackRule(s, c.actor, *id));
               app::CallbackRule rule = *current;
               if (auto st = ReadRule(*body, rule, true); !st) return Problem(req, st.error());
               const int64_t expected = *version < 0 ? current->version : *version;
               CSQM_TRY(stored, app::UpdateCallbackRule(s, c.actor, std::move(rule), expected));
               return Versioned(200, RuleJson(api, *stored), stored->version);
             }));
  router.Add("GET", "/api/v1/callback-rules/{id}/samples",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(samples, app::ListCallbackSamples(s, c.actor, *id));
               json::array items;
               for (const auto& sm : *samples) {
                 CSQM_TRY(view, app::GetCallbackSample(s, c.actor, sm.id));
                 items.push_back(SampleJson(api, *view));
               }
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/callback-rules/{id}/samples",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(month, Month(*body));
               CSQM_TRY(seed, Seed(*body));
               CSQM_TRY(view, app::DrawComplaintSample(s, &c.actor, *id, *month, *seed));
               Response r = JsonResponse(201, SampleJson(api, *view));
               r.SetHeader("Location",
                           "/api/v1/callback-samples/" + std::to_string(view->sample.id));
               return r;
             }));
  router.Add("GET", "/api/v1/callback-samples/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(view, app::GetCallbackSample(s, c.actor, *id));
               return JsonResponse(200, SampleJson(api, *view));
             }));
  router.Add("GET", "/api/v1/callback-tasks", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(filter, TaskFilter(api, req, c));
               CSQM_TRY(page, app::ListCallbackTasks(s, c.actor, *filter));
               json::array items;
               for (const auto& t : page->items) items.push_back(TaskJson(api, t));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add("GET", "/api/v1/callback-tasks/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(view, app::GetCallbackTask(s, c.actor, *id));
               json::object body = TaskJson(api, view->task);
               json::array attempts;
               for (const auto& a : view->attempts) {
                 attempts.push_back(json::object{{"id", a.id},
                                                 {"at", InstantJson(api, a.at)},
                                                 {"actor_id", IdJson(a.actor_id)},
                                                 {"result", a.result},
                                                 {"note", a.note}});
               }
               body["attempts_log"] = std::move(attempts);
               body["rule_name"] = view->rule_name;
               body["script"] = view->script;
               return Versioned(200, body, view->task.version);
             }));
  router.Add("POST", "/api/v1/callback-tasks/{id}/assign",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(assignee, ReqInt(*body, "assignee_id"));
               CSQM_TRY(task, app::AssignCallbackTask(s, c.actor, *id, *assignee, *version));
               return Versioned(200, TaskJson(api, *task), task->version);
             }));
  router.Add("POST", "/api/v1/callback-tasks/{id}/attempts",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(result, ReqString(*body, "result"));
               CSQM_TRY(note, OptString(*body, "note"));
               if (*result != "unreachable") {
                 return Problem(
                     req, MakeError(ErrorCode::kInvalidArgument, "callback.bad_attempt",
                                    "联系上客户时请提交回访结果（outcome）",
                                    "when the customer is reached, post the outcome", "result"));
               }
               CSQM_TRY(task,
                        app::RecordUnreachable(s, c.actor, *id, note->value_or(""), *version));
               return Versioned(200, TaskJson(api, *task), task->version);
             }));
  router.Add("POST", "/api/v1/callback-tasks/{id}/cancel",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(reason, ReqString(*body, "reason"));
               CSQM_TRY(task, app::CancelCallbackTask(s, c.actor, *id, *reason, *version));
               return Versioned(200, TaskJson(api, *task), task->version);
             }));
  router.Add("POST", "/api/v1/callback-tasks/{id}/outcome",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(outcome, Outcome(*body));
               CSQM_TRY(task, app::RecordCallbackOutcome(s, c.actor, *id, *outcome, *version));
               return Versioned(200, TaskJson(api, *task), task->version);
             }));
}

}  // namespace csqm::http
