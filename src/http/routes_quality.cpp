// /api/v1/quality: indicators, targets, the dashboard series, the report archive (JSON, HTML,
// .xlsx) and the report subscription. Role checks live in app/quality*.
#include <boost/json.hpp>

#include "app/quality_report.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"
#include "report/report_files.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

json::value Opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(); }

json::object SetJson(const app::IndicatorSet& s) {
  json::object values;
  for (const auto& v : s.values) {
    json::object o{{"value", Opt(v.value)}, {"target", Opt(v.target)}};
    o["met"] = v.met ? json::value(*v.met) : json::value();
    o["numerator"] = v.num;
    o["denominator"] = v.den;
    values[v.key] = std::move(o);
  }
  json::array attainment;
  for (const auto& a : s.attainment) {
    attainment.push_back(json::object{{"target_key", a.target_key},
                                      {"met_on_time", a.met_on_time},
                                      {"missed", a.missed},
                                      {"rate", Opt(a.rate)}});
  }
  return json::object{{"group", s.group},
                      {"name", s.group_name},
                      {"indicators", std::move(values)},
                      {"sla_attainment", std::move(attainment)}};
}

json::array WarningsJson(const std::vector<app::EarlyWarning>& ws) {
  json::array out;
  for (const auto& w : ws) {
    out.push_back(
        json::object{{"indicator", w.indicator},
                     {"month_to_date", w.month_to_date},
                     {"projected", w.projected},
                     {"target", w.target},
                     {"method", "month-to-date + remaining days at the last 7 days' pace"}});
  }
  return out;
}

core::Result<app::RollupGroup> ParseGroup(const std::optional<std::string>& g) {
  static const std::pair<const char*, app::RollupGroup> kGroups[] = {
      {"none", app::RollupGroup::kNone},         {"org_unit", app::RollupGroup::kOrgUnit},
      {"category", app::RollupGroup::kCategory}, {"case_type", app::RollupGroup::kCaseType},
      {"assignee", app::RollupGroup::kAssignee}, {"severity", app::RollupGroup::kSeverity},
      {"month", app::RollupGroup::kMonth},       {"day", app::RollupGroup::kDay}};
  if (!g) return app::RollupGroup::kNone;
  for (const auto& [name, group] : kGroups)
    if (*g == name) return group;
  return MakeError(
      ErrorCode::kInvalidArgument, "quality.bad_group",
      "分组应为 none、org_unit、category、case_type、assignee、severity、month 或 day",
      "group_by is none, org_unit, category, case_type, assignee, severity, month or day",
      "group_by");
}

core::Result<app::IndicatorQuery> Query(const Request& req) {
  app::IndicatorQuery q;
  auto period = req.Query("period");
  if (!period) {
    return MakeError(ErrorCode::kInvalidArgument, "quality.missing_period", "缺少期间 period",
                     "period is required", "period");
  }
  q.period = *period;
  for (auto [name, target] :
       {std::pair{"org_unit_id", &q.org_unit_id}, std::pair{"category_id", &q.category_id},
        std::pair{"case_type_id", &q.case_type_id}, std::pair{"assignee_id", &q.assignee_id}}) {
    auto v = QueryInt(req, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  if (auto sev = req.Query("severity")) {
    if (!core::ParseSeverity(*sev)) {
      return MakeError(ErrorCode::kInvalidArgument, "quality.bad_severity",
                       "严重程度应为 ordinary、serious 或 major",
                       "severity is ordinary, serious or major", "severity");
    }
    q.severity = *sev;
  }
  auto group = ParseGroup(req.Query("group_by"));
  if (!group) return group.error();
  q.group = *group;
  return q;
}

json::object ReportRecordJson(const Api& api, const app::QualityReportRecord& r, bool with_data) {
  const std::string base = "/api/v1/quality/reports/" + std::to_string(r.id);
  json::object o{{"id", r.id},
                 {"period", r.period},
                 {"org_unit_id", r.org_unit_id},
                 {"generated_at", InstantJson(api, r.generated_at)},
                 {"generated_by", IdJson(r.generated_by)},
                 {"sent_at", InstantJson(api, r.sent_at)},
                 {"html_url", base + "/html"},
                 {"xlsx_url", base + "/xlsx"},
                 {"version", r.version}};
  if (with_data) o["report"] = ParsedOr(r.data_json, json::object{});
  return o;
}

const report::ReportFiles& Files() {
  static const report::ReportFiles files;
  return files;
}

}  // namespace

void AddQualityRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add(
      "GET", "/api/v1/quality/indicators", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(q, Query(req));
        CSQM_TRY(r, app::QueryIndicators(s, c.actor, *q, api.display_zone));
        json::array groups;
        for (const auto& g : r->groups) groups.push_back(SetJson(g));
        return JsonResponse(
            200,
            json::object{{"period", r->period.key},
                         {"period_kind", core::PeriodKindName(r->period.kind)},
                         {"first_day", core::FormatDate(core::DayFromKey(r->period.first_day))},
                         {"last_day", core::FormatDate(core::DayFromKey(r->period.last_day))},
                         {"org_unit_id", r->org_unit_id},
                         {"total", SetJson(r->total)},
                         {"groups", std::move(groups)},
                         {"early_warnings", WarningsJson(r->warnings)}});
      }));
  router.Add("GET", "/api/v1/quality/targets", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(targets, app::ListIndicatorTargets(s, c.actor));
               json::array items;
               for (const auto& t : *targets) {
                 const auto* def = core::FindIndicator(t.indicator);
                 items.push_back(json::object{
                     {"indicator", t.indicator},
                     {"name_zh", def ? def->name_zh : ""},
                     {"name_en", def ? def->name_en : ""},
                     {"direction",
                      def && def->direction == core::Direction::kAtMost ? "at_most" : "at_least"},
                     {"target", t.target},
                     {"is_default", t.is_default},
                     {"version", t.version}});
               }
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add(
      "PUT", "/api/v1/quality/targets/{indicator}",
      Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(version, IfMatch(req));
        CSQM_TRY(body, BodyObject(req));
        const auto* v = body->if_contains("target");
        if (!v || !v->is_number()) {
          return Problem(req, MakeError(ErrorCode::kInvalidArgument, "quality.bad_target",
                                        "target 应为数字", "target must be a number", "target"));
        }
        CSQM_TRY(t, app::SetIndicatorTarget(s, c.actor, std::string(req.PathParam("indicator")),
                                            v->to_number<double>(), *version));
        return Versioned(200,
                         json::object{{"indicator", t->indicator},
                                      {"target", t->target},
                                      {"is_default", false},
                                      {"version", t->version}},
                         t->version);
      }));
  router.Add(
      "GET", "/api/v1/quality/dashboard", Authed(api, [&](Request& req, const app::Caller& c) {
        auto month = req.Query("month");
        if (!month) {
          return Problem(req, MakeError(ErrorCode::kInvalidArgument, "quality.missing_period",
                                        "缺少月份 month", "month is required", "month"));
        }
        CSQM_TRY(months, QueryInt(req, "months"));
        CSQM_TRY(unit, QueryInt(req, "org_unit_id"));
        CSQM_TRY(d, app::QueryDashboard(s, c.actor, *unit, *month, int(months->value_or(12)),
                                        api.display_zone));
        json::array series, pareto;
        for (const auto& m : d->months) {
          json::object o = SetJson(m.set);
          o["month"] = m.month;
          series.push_back(std::move(o));
        }
        for (const auto& p : d->pareto) {
          pareto.push_back(json::object{{"category_id", p.category_id},
                                        {"name", p.name},
                                        {"count", p.count},
                                        {"cumulative_share", p.cumulative_share}});
        }
        return JsonResponse(200, json::object{{"org_unit_id", d->org_unit_id},
                                              {"months", std::move(series)},
                                              {"pareto", std::move(pareto)},
                                              {"early_warnings", WarningsJson(d->warnings)}});
      }));
  router.Add("GET", "/api/v1/quality/reports", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(after, QueryInt(req, "after"));
               CSQM_TRY(limit, QueryInt(req, "limit"));
               CSQM_TRY(page,
                        app::ListReports(s, c.actor, *after,
                                         int(std::clamp<int64_t>(limit->value_or(50), 1, 200))));
               json::array items;
               for (const auto& r : page->items) items.push_back(ReportRecordJson(api, r, false));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add(
      "POST", "/api/v1/quality/reports", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(body, BodyObject(req));
        CSQM_TRY(period, ReqString(*body, "period"));
        CSQM_TRY(unit, OptInt(*body, "org_unit_id"));
        CSQM_TRY(send, OptBool(*body, "send"));
        app::ReportEnv env{Files(), api.display_zone};
        CSQM_TRY(g, app::GenerateReport(s, env, c.actor, *period, *unit, send->value_or(false)));
        json::object o = ReportRecordJson(api, g->record, true);
        o["improvements_raised"] = g->improvements_raised;
        o["notified"] = g->notified;
        Response r = JsonResponse(201, o);
        r.SetHeader("Location", "/api/v1/quality/reports/" + std::to_string(g->record.id));
        return r;
      }));
  router.Add("GET", "/api/v1/quality/reports/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(r, app::GetReport(s, c.actor, *id));
               return JsonResponse(200, ReportRecordJson(api, *r, true));
             }));
  for (const char* format : {"html", "xlsx"}) {
    const std::string f = format;
    router.Add("GET", "/api/v1/quality/reports/{id}/" + f,
               Authed(api, [&s, f](Request& req, const app::Caller& c) {
                 CSQM_TRY(id, PathId(req));
                 CSQM_TRY(bytes, app::ReportFile(s, c.actor, *id, f));
                 if (f == "html")
                   return Response::Text(200, std::move(*bytes), "text/html; charset=utf-8");
                 Response r = Response::Text(
                     200, std::move(*bytes),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                 r.SetHeader("Content-Disposition", "attachment; filename=\"quality-report-" +
                                                        std::to_string(*id) + ".xlsx\"");
                 return r;
               }));
  }
  router.Add("GET", "/api/v1/quality/subscription",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(on, app::GetSubscription(s, c.actor));
               return JsonResponse(200, json::object{{"kind", "monthly"}, {"subscribed", *on}});
             }));
  router.Add("PUT", "/api/v1/quality/subscription",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(on, OptBool(*body, "subscribed"));
               if (!*on) {
                 return Problem(req, core::jsonread::Missing("subscribed"));
               }
               CSQM_TRY(done, [&]() -> core::Result<bool> {
                 auto st = app::SetSubscription(s, c.actor, **on);
                 if (!st) return st.error();
                 return **on;
               }());
               return JsonResponse(200, json::object{{"kind", "monthly"}, {"subscribed", *done}});
             }));
}

}  // namespace csqm::http
