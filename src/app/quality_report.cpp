#include "app/quality_report.hpp"

#include <cstdio>

#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/cases.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

constexpr const char* kImprovementCategory = "improvement.indicator";
constexpr const char* kMonthly = "monthly";

bool MayGenerate(core::Role r) {
  return r == core::Role::kAdmin || r == core::Role::kQualityManager;
}

std::string Percentish(const core::IndicatorDef& def, double v) {
  char text[32];
  if (def.unit == "ratio") {
    std::snprintf(text, sizeof text, "%.1f%%", v * 100);
  } else {
    std::snprintf(text, sizeof text, "%.1f", v);
  }
  return text;
}

Result<QualityReport> Build(Tx& tx, const Services& s, const ReportEnv& env,
                            const core::Period& period, Id unit_id, Instant now) {
  QualityReport r;
  r.period = period.key;
  r.previous_period = core::PreviousPeriod(period).key;
  r.generated_at = now;
  IndicatorQuery q;
  q.period = period.key;
  q.org_unit_id = unit_id;
  q.group = RollupGroup::kOrgUnit;
  auto current = ComputeIndicatorsIn(tx, s, q, env.zone, now);
  if (!current) return current.error();
  r.org_unit_id = current->org_unit_id;
  r.org_unit_name = current->org_unit_name;
  r.current = std::move(current->total);
  r.units = std::move(current->groups);
  r.warnings = std::move(current->warnings);
  q.period = r.previous_period;
  q.group = RollupGroup::kNone;
  auto previous = ComputeIndicatorsIn(tx, s, q, env.zone, now);
  if (!previous) return previous.error();
  r.previous = std::move(previous->total);
  q.period = period.key;
  q.group = RollupGroup::kCategory;
  auto by_category = ComputeIndicatorsIn(tx, s, q, env.zone, now);
  if (!by_category) return by_category.error();
  r.categories = std::move(by_category->groups);
  auto unit = tx.Org().GetUnit(r.org_unit_id);
  if (!unit) return unit.error();
  auto pareto = ComplaintPareto(tx, period, unit->path);
  if (!pareto) return pareto.error();
  r.pareto = std::move(*pareto);
  auto surveys = tx.Quality().SumSurveys(
      env.zone.ToInstant(core::LocalTime(core::DayFromKey(period.first_day).time_since_epoch())),
      env.zone.ToInstant(core::LocalTime(
          (core::DayFromKey(period.last_day) + std::chrono::days(1)).time_since_epoch())),
      {unit->path});
  if (!surveys) return surveys.error();
  r.survey_responses = surveys->responses;
  return r;
}

// Raises the improvement action of one indicator below target in one unit, once.
Result<bool> RaiseImprovement(Tx& tx, Services& s, const std::string& period, const OrgUnit& unit,
                              const core::IndicatorValue& v, Id category_id, Instant now) {
  auto existing = tx.Quality().FindImprovement(v.key, period, unit.id);
  if (!existing) return existing.error();
  if (*existing) return false;
  auto managers = tx.Org().UsersWithRole(core::Role::kManager, unit.id);
  if (!managers) return managers.error();
  if (managers->empty()) {  // no manager in or above the unit: its quality manager owns it
    managers = tx.Org().UsersWithRole(core::Role::kQualityManager, unit.id);
    if (!managers) return managers.error();
  }
  if (managers->empty()) return false;  // nobody to own it: the report still shows the miss
  const User& manager = managers->front();
  auto manager_unit = tx.Org().GetUnit(manager.org_unit_id);
  if (!manager_unit) return manager_unit.error();
  const auto* def = core::FindIndicator(v.key);
  Actor owner{manager, manager_unit->path};
  OpenCaseInput in;
  in.category_id = category_id;
  const std::string value = Percentish(*def, *v.value);
  const std::string target = Percentish(*def, *v.target);
  const std::string sign = def->direction == core::Direction::kAtLeast ? "≥ " : "≤ ";
  in.title = "【质量改进】" + period + " " + unit.name + " " + std::string(def->name_zh) + "：" +
             value + "（目标 " + sign + target + "）";
  in.description = "质量报告 " + period + " 中，" + unit.name + " 的“" + std::string(def->name_zh) +
                   "”为 " + value + "，未达到目标 " + sign + target +
                   "。请分析原因、制定并落实改进措施。\nQuality report " + period + ": " +
                   std::string(def->name_en) + " of " + unit.name + " is " + value +
                   ", below the target " + sign + target + ". Find the cause and act on it.";
  in.channel = core::Channel::kPortal;
  in.severity = core::Severity::kSerious;
  in.assignee_id = manager.id;
  in.org_unit_id = unit.id;
  in.custom_json = json::serialize(json::object{
      {"indicator", v.key}, {"period", period}, {"value", *v.value}, {"target", *v.target}});
  auto opened = OpenCaseIn(tx, s, owner, in, now);
  if (!opened) return opened.error();
  if (auto st = tx.Quality().InsertImprovement(
          {v.key, period, unit.id, opened->id, *v.value, *v.target, now});
      !st) {
    return st.error();
  }
  return true;
}

// Improvement actions for the unit and each child unit below target; one transaction.
Result<int> RaiseImprovements(Services& s, const QualityReport& r, Instant now) {
  int raised = 0;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    raised = 0;
    auto category = tx.Config().GetCategoryByKey(kImprovementCategory);
    if (!category) return {};  // template without improvement actions: nothing to raise
    std::vector<const IndicatorSet*> sets = {&r.current};
    for (const auto& u : r.units) sets.push_back(&u);
    for (const auto* set : sets) {
      const Id unit_id = set->group.empty() ? r.org_unit_id : std::atoll(set->group.c_str());
      auto unit = tx.Org().GetUnit(unit_id);
      if (!unit) continue;
      for (const auto& v : set->values) {
        if (!v.met || *v.met) continue;
        auto done = RaiseImprovement(tx, s, r.period, *unit, v, category->id, now);
        if (!done) return done.error();
        raised += *done ? 1 : 0;
      }
    }
    return {};
  });
  if (!st) return st.error();
  return raised;
}

Status Notify(Tx& tx, const QualityReportRecord& rec, const std::string& unit_name, Instant now,
              int& notified) {
  auto users = tx.Quality().Subscribers(kMonthly);
  if (!users) return users.error();
  const std::string title = "质量报告 " + rec.period + "（" + unit_name +
                            "）已生成 / quality report " + rec.period + " is ready";
  const std::string link = "/api/v1/quality/reports/" + std::to_string(rec.id) + "/html";
  for (Id id : *users) {
    auto user = tx.Org().GetUser(id);
    if (!user || !user->active) continue;
    Notification n;
    n.user_id = id;
    n.kind = "quality_report";
    n.title = title;
    n.body = link;
    n.created_at = now;
    if (auto added = tx.Notifications().Add(std::move(n)); !added) return added.error();
    if (!user->email.empty()) {
      json::object payload{{"to", user->email},
                           {"subject", title},
                           {"body", link},
                           {"report_id", rec.id},
                           {"period", rec.period}};
      OutboxMessage m{0, "email", user->email, json::serialize(payload), now};
      if (auto queued = tx.Notifications().Enqueue(std::move(m)); !queued) return queued.error();
    }
    ++notified;
  }
  return {};
}

}  // namespace

Result<GeneratedReport> GenerateReport(Services& s, const ReportEnv& env,
                                       const std::optional<Actor>& actor,
                                       const std::string& period_key, std::optional<Id> org_unit_id,
                                       bool send) {
  if (actor && !MayGenerate(actor->role())) return Forbidden("生成质量报告", "generate reports");
  auto period = core::ParsePeriod(period_key);
  if (!period) return period.error();
  const Instant now = s.clock.Now();
  GeneratedReport out;
  auto build = [&]() -> Status {
    return s.store.Read([&](Tx& tx) -> Status {
      Id unit_id = org_unit_id ? *org_unit_id : actor ? actor->user.org_unit_id : 0;
      if (!unit_id) {
        auto units = tx.Org().ListUnits();
        if (!units) return units.error();
        for (const auto& u : *units)
          if (!u.parent_id) unit_id = u.id;
      }
      if (!tx.Org().GetUnit(unit_id)) {
        return MakeError(ErrorCode::kInvalidArgument, "quality.bad_org_unit", "组织单元不存在",
                         "no such organisation unit", "org_unit_id");
      }
      auto built = Build(tx, s, env, *period, unit_id, now);
      if (!built) return built.error();
      out.report = std::move(*built);
      return {};
    });
  };
  if (auto st = build(); !st) return st.error();
  if (period->kind == core::PeriodKind::kMonth) {
    auto raised = RaiseImprovements(s, out.report, now);
    if (!raised) return raised.error();
    out.improvements_raised = *raised;
  }
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto improvements = tx.Quality().Improvements(out.report.period);
    if (!improvements) return improvements.error();
    auto scope = tx.Org().GetUnit(out.report.org_unit_id);
    if (!scope) return scope.error();
    for (auto& imp : *improvements) {
      auto unit = tx.Org().GetUnit(imp.org_unit_id);
      if (!unit || unit->path.rfind(scope->path, 0) != 0) continue;
      auto c = tx.Cases().Get(imp.case_id);
      out.report.improvements.push_back({imp, c ? c->number : "", unit->name});
    }
    return {};
  });
  if (!st) return st.error();
  auto html = env.renderer.Html(out.report);
  if (!html) return html.error();
  auto xlsx = env.renderer.Xlsx(out.report);
  if (!xlsx) return xlsx.error();
  QualityReportRecord rec;
  rec.period = out.report.period;
  rec.org_unit_id = out.report.org_unit_id;
  rec.generated_at = now;
  if (actor) rec.generated_by = actor->id();
  rec.data_json = ReportJson(out.report);
  rec.html_sha256 = s.crypto.Sha256Hex(*html);
  rec.xlsx_sha256 = s.crypto.Sha256Hex(*xlsx);
  if (auto put = s.blobs.Put(rec.html_sha256, *html); !put) return put.error();
  if (auto put = s.blobs.Put(rec.xlsx_sha256, *xlsx); !put) return put.error();
  st = s.store.Write([&](Tx& tx) -> Status {
    out.notified = 0;
    auto saved = tx.Quality().SaveReport(rec);
    if (!saved) return saved.error();
    out.record = std::move(*saved);
    if (!send) return {};
    auto first = tx.Quality().MarkReportSent(out.record.id, now);
    if (!first) return first.error();
    if (!*first) return {};
    out.record.sent_at = now;
    return Notify(tx, out.record, out.report.org_unit_name, now, out.notified);
  });
  if (!st) return st.error();
  return out;
}

Result<int> RunMonthClose(Services& s, const ReportEnv& env) {
  const Instant now = s.clock.Now();
  const auto this_month = core::PeriodContaining(
      core::PeriodKind::kMonth, core::DayFromKey(core::LocalDayKey(env.zone, now)));
  const std::string last = core::PreviousPeriod(this_month).key;
  std::vector<Id> due;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    for (const auto& u : *units) {
      if (u.parent_id) continue;
      auto found = tx.Quality().FindReport(last, u.id);
      if (!found) return found.error();
      if (!*found || !(*found)->sent_at) due.push_back(u.id);
    }
    return {};
  });
  if (!st) return st.error();
  int sent = 0;
  for (Id unit : due) {
    auto r = GenerateReport(s, env, std::nullopt, last, unit, true);
    if (!r) return r.error();
    if (r->record.sent_at && *r->record.sent_at == now) ++sent;
  }
  return sent;
}

Result<Page<QualityReportRecord>> ListReports(Services& s, const Actor& actor,
                                              std::optional<Id> after, int limit) {
  Page<QualityReportRecord> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto user_unit = tx.Org().GetUnit(actor.user.org_unit_id);
    if (!user_unit) return user_unit.error();
    if (auto st2 = CheckQualityReader(actor, *user_unit); !st2) return st2;
    auto found = tx.Quality().ListReports(after, limit);
    if (!found) return found.error();
    page.next_cursor = found->next_cursor;
    for (auto& r : found->items) {
      auto unit = tx.Org().GetUnit(r.org_unit_id);
      if (unit && CheckQualityReader(actor, *unit)) page.items.push_back(std::move(r));
    }
    return {};
  });
  if (!st) return st.error();
  return page;
}

Result<QualityReportRecord> GetReport(Services& s, const Actor& actor, Id id) {
  QualityReportRecord rec;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto r = tx.Quality().GetReport(id);
    if (!r) return r.error();
    auto unit = tx.Org().GetUnit(r->org_unit_id);
    if (!unit) return unit.error();
    if (auto st2 = CheckQualityReader(actor, *unit); !st2) return st2;
    rec = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  return rec;
}

Result<std::string> ReportFile(Services& s, const Actor& actor, Id id, const std::string& format) {
  auto rec = GetReport(s, actor, id);
  if (!rec) return rec.error();
  if (format != "html" && format != "xlsx") {
    return MakeError(ErrorCode::kInvalidArgument, "quality.bad_format", "格式应为 html 或 xlsx",
                     "the format is html or xlsx", "format");
  }
  return s.blobs.Get(format == "html" ? rec->html_sha256 : rec->xlsx_sha256);
}

Result<bool> GetSubscription(Services& s, const Actor& actor) {
  bool on = false;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto r = tx.Quality().IsSubscribed(actor.id(), kMonthly);
    if (!r) return r.error();
    on = *r;
    return {};
  });
  if (!st) return st.error();
  return on;
}

Status SetSubscription(Services& s, const Actor& actor, bool subscribed) {
  if (actor.role() == core::Role::kAgent || actor.role() == core::Role::kFieldStaff)
    return Forbidden("订阅质量报告", "subscribe to quality reports");
  const Instant now = s.clock.Now();
  return s.store.Write([&](Tx& tx) -> Status {
    return subscribed ? tx.Quality().Subscribe(actor.id(), kMonthly, now)
                      : tx.Quality().Unsubscribe(actor.id(), kMonthly);
  });
}

}  // namespace csqm::app
