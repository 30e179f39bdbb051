#include "app/quality.hpp"

#include <algorithm>
#include <map>

#include "app/access.hpp"
#include "app/audit.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;

Instant DayStart(const core::ZoneRules& zone, int day_key) {
  return zone.ToInstant(core::LocalTime(core::DayFromKey(day_key).time_since_epoch()));
}
int AddDays(int day_key, int n) {
  return core::DayKey(core::DayFromKey(day_key) + std::chrono::days(n));
}

// The child subtree of `scope` that holds `unit_path` ("/1/4/9/" under "/1/" → "4"); the
// scope's own id when the unit is the scope itself; "" outside.
std::string ChildOf(const std::string& scope, const std::string& unit_path, Id scope_id) {
  if (unit_path.rfind(scope, 0) != 0) return "";
  if (unit_path.size() == scope.size()) return std::to_string(scope_id);
  const size_t end = unit_path.find('/', scope.size());
  return unit_path.substr(scope.size(), end - scope.size());
}

struct Context {
  const core::ZoneRules& zone;
  OrgUnit unit;
  std::map<Id, OrgUnit> units;
  std::optional<Id> complaint_type;
  std::map<std::string, double> targets;
};

Result<std::map<std::string, double>> LoadTargets(Tx& tx) {
  auto stored = tx.Quality().ListTargets();
  if (!stored) return stored.error();
  std::map<std::string, double> m;
  for (const auto& t : *stored) m[t.indicator] = t.target;
  return core::EffectiveTargets(m);
}

RollupFilter FilterOf(const IndicatorQuery& q, const OrgUnit& unit, int first, int last) {
  RollupFilter f;
  f.first_day = first;
  f.last_day = last;
  f.unit_paths = {unit.path};
  f.category_id = q.category_id;
  f.case_type_id = q.case_type_id;
  f.assignee_id = q.assignee_id;
  f.severity = q.severity;
  return f;
}

// Totals of [first, last] keyed by group ("" for all), the org-unit group mapped to child
// subtrees of the scope.
Result<std::map<std::string, core::IndicatorInputs>> Gather(Tx& tx, const Context& c,
                                                            const IndicatorQuery& q, int first,
                                                            int last) {
  std::map<std::string, core::IndicatorInputs> out;
  const RollupFilter f = FilterOf(q, c.unit, first, last);
  auto key = [&](const std::string& g) -> std::string {
    if (q.group != RollupGroup::kOrgUnit) return g;
    auto it = c.units.find(std::atoll(g.c_str()));
    return it == c.units.end() ? g : ChildOf(c.unit.path, it->second.path, c.unit.id);
  };
  auto rollups = tx.Quality().SumRollups(f, q.group);
  if (!rollups) return rollups.error();
  for (const auto& r : *rollups) {
    std::string g = q.group == RollupGroup::kCaseType   ? std::to_string(r.case_type_id)
                    : q.group == RollupGroup::kSeverity ? r.severity
                                                        : key(r.group);
    auto& in = out[g];
    in.received += r.received;
    in.resolved += r.resolved;
    in.closed += r.closed;
    in.on_time += r.on_time;
    in.reopened += r.reopened;
    for (size_t i = 0; i < in.hist.size(); ++i) in.hist[i] += r.hist[i];
    if (c.complaint_type && r.case_type_id == *c.complaint_type) {
      in.complaints_received += r.received;
      in.complaints_resolved += r.resolved;
      if (r.severity == "major") in.major_complaints_resolved += r.resolved;
    }
  }
  auto targets = tx.Quality().SumTargets(f, q.group);
  if (!targets) return targets.error();
  for (const auto& t : *targets) {
    auto& in = out[key(t.group)];
    in.targets_met += t.met_on_time;
    in.targets_missed += t.missed;
  }
  if (q.group == RollupGroup::kNone || q.group == RollupGroup::kOrgUnit ||
      q.group == RollupGroup::kCategory || q.group == RollupGroup::kSeverity) {
    CallbackFilter cf{DayStart(c.zone, first),
                      DayStart(c.zone, AddDays(last, 1)),
                      f.unit_paths,
                      q.category_id,
                      std::nullopt,
                      q.severity};
    if (q.case_type_id) {
      auto type = tx.Config().GetCaseType(*q.case_type_id);
      if (type) cf.case_type_key = type->key;
    }
    auto calls = q.assignee_id ? Result<std::vector<CallbackTotals>>(std::vector<CallbackTotals>{})
                               : tx.Quality().SumCallbacks(cf, q.group);
    if (!calls) return calls.error();
    for (const auto& cb : *calls) {
      auto& in = out[key(cb.group)];
      in.complaints_called += cb.complaints_called;
      in.major_called += cb.major_called;
      in.satisfied += cb.satisfied;
      in.basically_satisfied += cb.basically_satisfied;
      in.dissatisfied += cb.dissatisfied;
    }
  }
  return out;
}

TargetAttainment Attain(std::string key, int64_t met, int64_t missed) {
  TargetAttainment a;
  a.target_key = std::move(key);
  a.met_on_time = met;
  a.missed = missed;
  if (met + missed > 0) a.rate = double(met) / double(met + missed);
  return a;
}

Result<std::vector<TargetAttainment>> AttainmentOf(Tx& tx, const RollupFilter& f) {
  auto rows = tx.Quality().SumTargets(f, RollupGroup::kNone);
  if (!rows) return rows.error();
  std::vector<TargetAttainment> out;
  for (const auto& r : *rows) out.push_back(Attain(r.target_key, r.met_on_time, r.missed));
  return out;
}

std::string GroupName(Tx& tx, const Context& c, RollupGroup g, const std::string& key) {
  const Id id = std::atoll(key.c_str());
  switch (g) {
    case RollupGroup::kOrgUnit:
      if (auto it = c.units.find(id); it != c.units.end()) return it->second.name;
      break;
    case RollupGroup::kCategory:
      if (auto cat = tx.Config().GetCategory(id)) return cat->name_zh;
      break;
    case RollupGroup::kCaseType:
      if (auto t = tx.Config().GetCaseType(id)) return t->name_zh;
      break;
    case RollupGroup::kAssignee:
      if (id == 0) return "未分派 / unassigned";
      if (auto u = tx.Org().GetUser(id)) return u->display_name;
      break;
    default:
      break;
  }
  return key;
}

// Early warnings for the month that contains `today` (YYYYMMDD).
Result<std::vector<EarlyWarning>> Warnings(Tx& tx, const Context& c, const IndicatorQuery& q,
                                           const core::Period& month, int today) {
  std::vector<EarlyWarning> out;
  IndicatorQuery whole = q;
  whole.group = RollupGroup::kNone;
  auto mtd = Gather(tx, c, whole, month.first_day, today);
  if (!mtd) return mtd.error();
  const int recent_first = std::max(month.first_day, AddDays(today, -6));
  auto recent = Gather(tx, c, whole, recent_first, today);
  if (!recent) return recent.error();
  const auto& m = (*mtd)[""];
  const auto& r = (*recent)[""];
  const auto now_values = core::ComputeIndicators(m, c.targets);
  const auto recent_values = core::ComputeIndicators(r, c.targets);
  const int recent_days =
      int((core::DayFromKey(today) - core::DayFromKey(recent_first)).count()) + 1;
  const int remaining = int((core::DayFromKey(month.last_day) - core::DayFromKey(today)).count());
  for (size_t i = 0; i < now_values.size(); ++i) {
    const auto& v = now_values[i];
    const auto* def = core::FindIndicator(v.key);
    if (!v.target || !def || def->unit != "ratio" || v.den <= 0) continue;
    auto projected = core::ProjectRatio(
        {v.num, v.den, recent_values[i].num, recent_values[i].den, recent_days, remaining});
    if (!projected || core::MeetsTarget(*def, *projected, *v.target)) continue;
    out.push_back(EarlyWarning{v.key, *v.value, *projected, *v.target});
  }
  return out;
}

IndicatorSet MakeSet(std::string group, std::string name, const core::IndicatorInputs& in,
                     const std::map<std::string, double>& targets) {
  IndicatorSet s;
  s.group = std::move(group);
  s.group_name = std::move(name);
  s.inputs = in;
  s.values = core::ComputeIndicators(in, targets);
  return s;
}

Result<Context> LoadContext(Tx& tx, const core::ZoneRules& zone, Id unit_id) {
  Context c{zone, {}, {}, std::nullopt, {}};
  auto unit = tx.Org().GetUnit(unit_id);
  if (!unit) return unit.error();
  c.unit = std::move(*unit);
  auto units = tx.Org().ListUnits();
  if (!units) return units.error();
  for (auto& u : *units) c.units.emplace(u.id, std::move(u));
  if (auto t = tx.Config().GetCaseTypeByKey("complaint")) c.complaint_type = t->id;
  auto targets = LoadTargets(tx);
  if (!targets) return targets.error();
  c.targets = std::move(*targets);
  return c;
}

bool ReadsEveryUnit(core::Role r) {
  return r == core::Role::kAdmin || r == core::Role::kQualityManager || r == core::Role::kAuditor;
}

}  // namespace

const core::IndicatorValue* IndicatorSet::Find(std::string_view key) const {
  for (const auto& v : values)
    if (v.key == key) return &v;
  return nullptr;
}

Status CheckQualityReader(const Actor& actor, const OrgUnit& unit) {
  if (ReadsEveryUnit(actor.role())) return {};
  if (actor.role() == core::Role::kManager && InScope(actor, unit.path)) return {};
  return Forbidden("查看质量指标", "read quality indicators");
}

Result<IndicatorResult> ComputeIndicatorsIn(Tx& tx, const Services& s, const IndicatorQuery& q,
                                            const core::ZoneRules& zone, Instant now) {
  auto period = core::ParsePeriod(q.period);
  if (!period) return period.error();
  auto c = LoadContext(tx, zone, q.org_unit_id.value_or(0));
  if (!c) return c.error();
  IndicatorResult result;
  result.period = *period;
  result.org_unit_id = c->unit.id;
  result.org_unit_name = c->unit.name;
  auto gathered = Gather(tx, *c, q, period->first_day, period->last_day);
  if (!gathered) return gathered.error();
  core::IndicatorInputs total;
  for (const auto& [g, in] : *gathered) total += in;
  if (q.group == RollupGroup::kNone || q.group == RollupGroup::kOrgUnit) {
    auto surveys =
        tx.Quality().SumSurveys(DayStart(zone, period->first_day),
                                DayStart(zone, AddDays(period->last_day, 1)), {c->unit.path});
    if (!surveys) return surveys.error();
    total.survey_score_sum = surveys->score_sum;
    total.survey_score_count = surveys->score_count;
    auto customers = tx.Quality().CountCustomers({c->unit.path});
    if (!customers) return customers.error();
    total.customers = *customers;
  }
  result.total = MakeSet("", c->unit.name, total, c->targets);
  auto attainment = AttainmentOf(tx, FilterOf(q, c->unit, period->first_day, period->last_day));
  if (!attainment) return attainment.error();
  result.total.attainment = std::move(*attainment);
  if (q.group != RollupGroup::kNone) {
    for (auto [g, in] : *gathered) {
      if (q.group == RollupGroup::kOrgUnit) {
        auto it = c->units.find(std::atoll(g.c_str()));
        if (it != c->units.end()) {
          auto n = tx.Quality().CountCustomers({it->second.path});
          if (!n) return n.error();
          in.customers = it->first == c->unit.id ? std::nullopt : std::optional<int64_t>(*n);
        }
      }
      result.groups.push_back(MakeSet(g, GroupName(tx, *c, q.group, g), in, c->targets));
    }
  }
  const int today = core::LocalDayKey(zone, now);
  (void)s;
  if (period->kind == core::PeriodKind::kMonth && period->first_day <= today &&
      today <= period->last_day) {
    auto w = Warnings(tx, *c, q, *period, today);
    if (!w) return w.error();
    result.warnings = std::move(*w);
  }
  return result;
}

Result<IndicatorResult> QueryIndicators(Services& s, const Actor& actor, const IndicatorQuery& q,
                                        const core::ZoneRules& zone) {
  const Instant now = s.clock.Now();
  IndicatorResult result;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    IndicatorQuery query = q;
    if (!query.org_unit_id) query.org_unit_id = actor.user.org_unit_id;
    auto unit = tx.Org().GetUnit(*query.org_unit_id);
    if (!unit) {
      return MakeError(ErrorCode::kInvalidArgument, "quality.bad_org_unit", "组织单元不存在",
                       "no such organisation unit", "org_unit_id");
    }
    if (auto st2 = CheckQualityReader(actor, *unit); !st2) return st2;
    auto r = ComputeIndicatorsIn(tx, s, query, zone, now);
    if (!r) return r.error();
    result = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  return result;
}

Result<std::vector<TargetView>> ListIndicatorTargets(Services& s, const Actor& actor) {
  if (!ReadsEveryUnit(actor.role()) && actor.role() != core::Role::kManager)
    return Forbidden("查看质量目标", "read quality targets");
  std::vector<TargetView> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto stored = tx.Quality().ListTargets();
    if (!stored) return stored.error();
    for (const auto& def : core::Indicators()) {
      auto it = std::find_if(stored->begin(), stored->end(),
                             [&](const auto& t) { return t.indicator == def.key; });
      if (it != stored->end()) {
        out.push_back({it->indicator, it->target, false, it->version});
      } else if (def.default_target) {
        out.push_back({std::string(def.key), *def.default_target, true, 0});
      }
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<TargetView> SetIndicatorTarget(Services& s, const Actor& actor, const std::string& indicator,
                                      double target, int64_t expected_version) {
  if (actor.role() != core::Role::kAdmin && actor.role() != core::Role::kQualityManager)
    return Forbidden("修改质量目标", "change quality targets");
  const auto* def = core::FindIndicator(indicator);
  if (!def) {
    return MakeError(ErrorCode::kNotFound, "quality.unknown_indicator", "没有这个指标",
                     "no such indicator", "indicator");
  }
  const bool ratio = def->unit == "ratio";
  if (!(target >= 0) || (ratio && target > 1) || (def->unit == "score" && target > 5)) {
    return MakeError(ErrorCode::kInvalidArgument, "quality.bad_target",
                     "目标值超出范围（比率为 0–1，评分为 0–5）",
                     "the target is out of range (ratios 0–1, scores 0–5)", "target");
  }
  const Instant now = s.clock.Now();
  TargetView view;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto saved = tx.Quality().PutTarget({indicator, target, now, actor.id()}, expected_version);
    if (!saved) return saved.error();
    view = {saved->indicator, saved->target, false, saved->version};
    return AppendAudit(
        tx, s.crypto, now, actor.id(), "quality.target", "quality_target", std::nullopt,
        "{\"indicator\":\"" + indicator + "\",\"target\":" + std::to_string(target) + "}");
  });
  if (!st) return st.error();
  return view;
}

Result<std::vector<ParetoItem>> ComplaintPareto(Tx& tx, const core::Period& period,
                                                const std::string& unit_path) {
  std::vector<ParetoItem> out;
  auto type = tx.Config().GetCaseTypeByKey("complaint");
  if (!type) return out;
  RollupFilter f;
  f.first_day = period.first_day;
  f.last_day = period.last_day;
  f.unit_paths = {unit_path};
  f.case_type_id = type->id;
  auto rows = tx.Quality().SumRollups(f, RollupGroup::kCategory);
  if (!rows) return rows.error();
  std::map<Id, int64_t> counts;
  int64_t total = 0;
  for (const auto& r : *rows) {
    counts[std::atoll(r.group.c_str())] += r.received;
    total += r.received;
  }
  for (const auto& [id, n] : counts) {
    if (n <= 0) continue;
    auto cat = tx.Config().GetCategory(id);
    out.push_back({id, cat ? cat->name_zh : std::to_string(id), n, 0});
  }
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.count > b.count; });
  int64_t running = 0;
  for (auto& p : out) {
    running += p.count;
    p.cumulative_share = total > 0 ? double(running) / double(total) : 0;
  }
  return out;
}

Result<Dashboard> QueryDashboard(Services& s, const Actor& actor, std::optional<Id> org_unit_id,
                                 const std::string& last_month, int months,
                                 const core::ZoneRules& zone) {
  auto last = core::ParsePeriod(last_month);
  if (!last) return last.error();
  if (last->kind != core::PeriodKind::kMonth) {
    return MakeError(ErrorCode::kInvalidArgument, "quality.bad_period", "请给出月份，如 2026-10",
                     "give a month, e.g. 2026-10", "month");
  }
  const Instant now = s.clock.Now();
  Dashboard d;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    const Id unit_id = org_unit_id.value_or(actor.user.org_unit_id);
    auto unit = tx.Org().GetUnit(unit_id);
    if (!unit) {
      return MakeError(ErrorCode::kInvalidArgument, "quality.bad_org_unit", "组织单元不存在",
                       "no such organisation unit", "org_unit_id");
    }
    if (auto st2 = CheckQualityReader(actor, *unit); !st2) return st2;
    d.org_unit_id = unit->id;
    auto c = LoadContext(tx, zone, unit->id);
    if (!c) return c.error();
    const auto periods = core::PeriodsEndingWith(*last, std::clamp(months, 1, 36));
    IndicatorQuery q;
    q.org_unit_id = unit->id;
    q.group = RollupGroup::kMonth;
    auto gathered = Gather(tx, *c, q, periods.front().first_day, periods.back().last_day);
    if (!gathered) return gathered.error();
    for (const auto& p : periods) {
      const std::string key = std::to_string(p.first_day / 100);
      auto in = (*gathered)[key];
      // Callbacks are not grouped by month in SQL: one indexed range per month.
      CallbackFilter cf{DayStart(zone, p.first_day),
                        DayStart(zone, AddDays(p.last_day, 1)),
                        {unit->path},
                        std::nullopt,
                        std::nullopt,
                        std::nullopt};
      auto calls = tx.Quality().SumCallbacks(cf, RollupGroup::kNone);
      if (!calls) return calls.error();
      for (const auto& cb : *calls) {
        in.complaints_called += cb.complaints_called;
        in.major_called += cb.major_called;
        in.satisfied += cb.satisfied;
        in.basically_satisfied += cb.basically_satisfied;
        in.dissatisfied += cb.dissatisfied;
      }
      DashboardPoint point{p.key, MakeSet(p.key, p.key, in, c->targets)};
      auto attainment = AttainmentOf(tx, FilterOf(q, c->unit, p.first_day, p.last_day));
      if (!attainment) return attainment.error();
      point.set.attainment = std::move(*attainment);
      d.months.push_back(std::move(point));
    }
    auto pareto = ComplaintPareto(tx, *last, unit->path);
    if (!pareto) return pareto.error();
    d.pareto = std::move(*pareto);
    const int today = core::LocalDayKey(zone, now);
    if (last->first_day <= today && today <= last->last_day) {
      q.group = RollupGroup::kNone;
      auto w = Warnings(tx, *c, q, *last, today);
      if (!w) return w.error();
      d.warnings = std::move(*w);
    }
    return {};
  });
  if (!st) return st.error();
  return d;
}

}  // namespace csqm::app
