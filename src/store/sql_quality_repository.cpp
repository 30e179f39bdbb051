// Quality facts, rollups and the totals read from them (and from callbacks and surveys).
#include "store/sql_quality_repository.hpp"

namespace csqm::store {
namespace {

using app::RollupGroup;

std::string HistColumn(size_t i) {
  return std::string("h") + char('0' + i / 10) + char('0' + i % 10);
}

// "SUM(h00), SUM(h01), …"
const std::string& HistSums() {
  static const std::string text = [] {
    std::string s;
    for (size_t i = 0; i < core::kHandleBuckets; ++i) s += ", SUM(" + HistColumn(i) + ")";
    return s;
  }();
  return text;
}

// The upsert of one rollup delta into the daily table (keyed by day and assignee) or the monthly
// one (keyed by month); the bucket column (if any) is part of the text.
std::string RollupUpsert(int bucket, bool monthly) {
  const std::string table = monthly ? "quality_rollups_monthly" : "quality_rollups";
  const std::string key = monthly ? "month, org_unit_id, category_id, case_type_id, severity"
                                  : "day, org_unit_id, category_id, case_type_id, assignee_id, "
                                    "severity";
  const std::string hist = bucket >= 0 ? HistColumn(size_t(bucket)) : "";
  std::string sql = "INSERT INTO " + table + " (" + key +
                    ", received, resolved, closed, on_time, reopened, handle_minutes";
  if (!hist.empty()) sql += ", " + hist;
  sql += monthly ? ") VALUES (?, ?, ?, ?, ?" : ") VALUES (?, ?, ?, ?, ?, ?";
  sql += ", ?, ?, ?, ?, ?, ?";
  if (!hist.empty()) sql += ", ?";
  sql += ") ON CONFLICT (" + key + ") DO UPDATE SET ";
  bool first = true;
  for (const std::string& c : std::vector<std::string>{"received", "resolved", "closed", "on_time",
                                                       "reopened", "handle_minutes", hist}) {
    if (c.empty()) continue;
    if (!first) sql += ", ";
    first = false;
    sql += c + " = " + table + "." + c + " + excluded." + c;
  }
  return sql;
}

// RollupUpsert's text, built once per process for each bucket and table: a case's write uses
// two, and building them took as long as one SQLite statement.
const std::string& RollupUpsertText(int bucket, bool monthly) {
  static const auto texts = [] {
    std::vector<std::string> t;
    for (int b = -1; b < static_cast<int>(core::kHandleBuckets); ++b) {
      t.push_back(RollupUpsert(b, false));
      t.push_back(RollupUpsert(b, true));
    }
    return t;
  }();
  // A bucket the histogram does not have throws (std::out_of_range): the write then fails.
  return texts.at(static_cast<size_t>(bucket + 1) * 2 + (monthly ? 1 : 0));
}

// Whole local months without an assignee: the monthly tables answer.
bool UseMonthly(const app::RollupFilter& f, RollupGroup g) {
  if (f.assignee_id || g == RollupGroup::kAssignee || g == RollupGroup::kDay) return false;
  if (f.first_day % 100 != 1) return false;
  return core::DayKey(core::DayFromKey(f.last_day) + std::chrono::days(1)) % 100 == 1;
}

const char* GroupColumn(RollupGroup g, bool monthly = false) {
  switch (g) {
    case RollupGroup::kNone:
      return "''";
    case RollupGroup::kOrgUnit:
      return "org_unit_id";
    case RollupGroup::kCategory:
      return "category_id";
    case RollupGroup::kCaseType:
      return "case_type_id";
    case RollupGroup::kAssignee:
      return "assignee_id";
    case RollupGroup::kSeverity:
      return "severity";
    case RollupGroup::kMonth:
      return monthly ? "month" : "day / 100";
    case RollupGroup::kDay:
      return "day";
  }
  return "''";
}

// "WHERE day >= ? AND day <= ? AND …" for a rollup table ("month …" for a monthly one).
void AppendFilter(std::string& sql, std::vector<Value>& params, const app::RollupFilter& f,
                  bool monthly) {
  sql += monthly ? " WHERE month >= ? AND month <= ?" : " WHERE day >= ? AND day <= ?";
  params.push_back(ToValue(monthly ? f.first_day / 100 : f.first_day));
  params.push_back(ToValue(monthly ? f.last_day / 100 : f.last_day));
  if (!f.unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", f.unit_paths);
  }
  for (auto [column, value] :
       {std::pair{"category_id", f.category_id}, std::pair{"case_type_id", f.case_type_id},
        std::pair{"assignee_id", f.assignee_id}}) {
    if (!value) continue;
    sql += std::string(" AND ") + column + " = ?";
    params.push_back(ToValue(*value));
  }
  if (f.severity) {
    sql += " AND severity = ?";
    params.push_back(ToValue(*f.severity));
  }
}

void AppendGroupBy(std::string& sql, RollupGroup g) {
  if (g != RollupGroup::kNone) sql += std::string(" GROUP BY ") + GroupColumn(g);
}

void AppendRollupGroupBy(std::string& sql, RollupGroup g, bool monthly) {
  sql += " GROUP BY ";
  if (g != RollupGroup::kNone && g != RollupGroup::kCaseType && g != RollupGroup::kSeverity)
    sql += std::string(GroupColumn(g, monthly)) + ", ";
  sql += "case_type_id, severity";
}

std::string GroupText(const Row& row) { return row.OptText(0).value_or(""); }

}  // namespace

core::Result<std::optional<core::CaseFacts>> SqlQualityRepository::GetFacts(app::Id case_id) {
  auto row = conn_.QueryOne(
      "SELECT org_unit_id, category_id, case_type_id, assignee_id, severity, received_day, "
      "resolved_day, closed_day, on_time, reopened, handle_minutes, in_resolved, targets FROM "
      "quality_case_facts WHERE case_id = ?",
      Params(case_id));
  if (!row) return row.error();
  if (!*row) return std::optional<core::CaseFacts>();
  const Row& r = **row;
  core::CaseFacts f;
  f.case_id = case_id;
  f.dims = {r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4)};
  f.received_day = int(r.Int(5));
  f.resolved_day = int(r.Int(6));
  f.closed_day = int(r.Int(7));
  f.on_time = r.Bool(8);
  f.reopened = r.Bool(9);
  f.handle_minutes = r.Int(10);
  f.in_resolved = r.Bool(11);
  f.targets = core::DecodeTargetFacts(r.Text(12));
  return std::optional<core::CaseFacts>(std::move(f));
}

core::Status SqlQualityRepository::PutFacts(const core::CaseFacts& f) {
  return conn_.Exec(
      "INSERT INTO quality_case_facts (case_id, org_unit_id, category_id, case_type_id, "
      "assignee_id, severity, received_day, resolved_day, closed_day, on_time, reopened, "
      "handle_minutes, in_resolved, targets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (case_id) DO UPDATE SET org_unit_id = excluded.org_unit_id, category_id = "
      "excluded.category_id, case_type_id = excluded.case_type_id, assignee_id = "
      "excluded.assignee_id, severity = excluded.severity, received_day = excluded.received_day, "
      "resolved_day = excluded.resolved_day, closed_day = excluded.closed_day, on_time = "
      "excluded.on_time, reopened = excluded.reopened, handle_minutes = excluded.handle_minutes, "
      "in_resolved = excluded.in_resolved, targets = excluded.targets",
      Params(f.case_id, f.dims.org_unit_id, f.dims.category_id, f.dims.case_type_id,
             f.dims.assignee_id, f.dims.severity, f.received_day, f.resolved_day, f.closed_day,
             f.on_time, f.reopened, f.handle_minutes, f.in_resolved,
             core::EncodeTargetFacts(f.targets)));
}

core::Status SqlQualityRepository::ApplyDiff(const core::FactsDiff& diff) {
  for (const auto& d : diff.rollups) {
    for (bool monthly : {false, true}) {
      std::vector<Value> p = {ToValue(monthly ? d.day / 100 : d.day), ToValue(d.dims.org_unit_id),
                              ToValue(d.dims.category_id), ToValue(d.dims.case_type_id)};
      if (!monthly) p.push_back(ToValue(d.dims.assignee_id));
      for (Value v :
           {ToValue(d.dims.severity), ToValue(d.received), ToValue(d.resolved), ToValue(d.closed),
            ToValue(d.on_time), ToValue(d.reopened), ToValue(d.handle_minutes)}) {
        p.push_back(std::move(v));
      }
      if (d.bucket >= 0) p.push_back(ToValue(d.resolved));
      if (auto st = conn_.Exec(RollupUpsertText(d.bucket, monthly), p); !st) return st;
    }
  }
  for (const auto& d : diff.targets) {
    auto st = conn_.Exec(
        "INSERT INTO quality_target_rollups (day, org_unit_id, category_id, case_type_id, "
        "assignee_id, severity, target_key, met_on_time, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?) ON CONFLICT (day, org_unit_id, category_id, case_type_id, assignee_id, severity, "
        "target_key) DO UPDATE SET met_on_time = quality_target_rollups.met_on_time + "
        "excluded.met_on_time, missed = quality_target_rollups.missed + excluded.missed",
        Params(d.day, d.dims.org_unit_id, d.dims.category_id, d.dims.case_type_id,
               d.dims.assignee_id, d.dims.severity, d.key, d.met_on_time, d.missed));
    if (!st) return st;
    st = conn_.Exec(
        "INSERT INTO quality_target_rollups_monthly (month, org_unit_id, category_id, "
        "case_type_id, severity, target_key, met_on_time, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (month, org_unit_id, category_id, case_type_id, severity, target_key) DO "
        "UPDATE SET met_on_time = quality_target_rollups_monthly.met_on_time + "
        "excluded.met_on_time, missed = quality_target_rollups_monthly.missed + excluded.missed",
        Params(d.day / 100, d.dims.org_unit_id, d.dims.category_id, d.dims.case_type_id,
               d.dims.severity, d.key, d.met_on_time, d.missed));
    if (!st) return st;
  }
  return {};
}

core::Status SqlQualityRepository::ClearRollups() {
  for (const char* sql :
       {"DELETE FROM quality_rollups", "DELETE FROM quality_target_rollups",
        "DELETE FROM quality_rollups_monthly", "DELETE FROM quality_target_rollups_monthly",
        "DELETE FROM quality_case_facts"}) {
    if (auto st = conn_.Exec(sql); !st) return st;
  }
  return {};
}

core::Result<std::vector<app::RollupTotals>> SqlQualityRepository::SumRollups(
    const app::RollupFilter& f, RollupGroup g) {
  const bool monthly = UseMonthly(f, g);
  std::string sql = std::string("SELECT ") + GroupColumn(g, monthly) +
                    ", case_type_id, severity, SUM(received), SUM(resolved), SUM(closed), "
                    "SUM(on_time), SUM(reopened), SUM(handle_minutes)" +
                    HistSums() +
                    (monthly ? " FROM quality_rollups_monthly" : " FROM quality_rollups");
  std::vector<Value> params;
  AppendFilter(sql, params, f, monthly);
  AppendRollupGroupBy(sql, g, monthly);
  auto rows = conn_.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<app::RollupTotals> out;
  for (const Row& r : *rows) {
    app::RollupTotals t;
    t.group = GroupText(r);
    t.case_type_id = r.Int(1);
    t.severity = r.Text(2);
    t.received = r.Int(3);
    t.resolved = r.Int(4);
    t.closed = r.Int(5);
    t.on_time = r.Int(6);
    t.reopened = r.Int(7);
    t.handle_minutes = r.Int(8);
    for (size_t i = 0; i < core::kHandleBuckets; ++i) t.hist[i] = r.Int(int(9 + i));
    out.push_back(std::move(t));
  }
  return out;
}

core::Result<std::vector<app::TargetTotals>> SqlQualityRepository::SumTargets(
    const app::RollupFilter& f, RollupGroup g) {
  const bool monthly = UseMonthly(f, g);
  std::string sql = std::string("SELECT ") + GroupColumn(g, monthly) +
                    ", target_key, SUM(met_on_time), SUM(missed) FROM " +
                    (monthly ? "quality_target_rollups_monthly" : "quality_target_rollups");
  std::vector<Value> params;
  AppendFilter(sql, params, f, monthly);
  sql += g == RollupGroup::kNone
             ? std::string(" GROUP BY target_key")
             : std::string(" GROUP BY ") + GroupColumn(g, monthly) + ", target_key";
  auto rows = conn_.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<app::TargetTotals> out;
  for (const Row& r : *rows) out.push_back({GroupText(r), r.Text(1), r.Int(2), r.Int(3)});
  return out;
}

core::Result<std::vector<app::CallbackTotals>> SqlQualityRepository::SumCallbacks(
    const app::CallbackFilter& f, RollupGroup g) {
  if (g != RollupGroup::kOrgUnit && g != RollupGroup::kCategory && g != RollupGroup::kSeverity)
    g = RollupGroup::kNone;
  std::string sql =
      std::string("SELECT ") + GroupColumn(g) +
      ", COUNT(DISTINCT CASE WHEN case_type = 'complaint' THEN case_id END), "
      "COUNT(DISTINCT CASE WHEN case_type = 'complaint' AND severity = 'major' THEN "
      "case_id END), SUM(CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN satisfaction = 'basically_satisfied' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN satisfaction = 'dissatisfied' THEN 1 ELSE 0 END), "
      "SUM(COALESCE(score, 0)), COUNT(score) FROM callback_tasks WHERE status || '' = "
      "'done' AND completed_at >= ? AND completed_at < ?";
  // "status || ''": not the (status, due_at) index of the open-task queue, whose every 'done'
  // row would be read; the completed_at range is the selective one.
  std::vector<Value> params = {ToValue(f.from), ToValue(f.to)};
  if (!f.unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", f.unit_paths);
  }
  if (f.category_id) {
    sql += " AND category_id = ?";
    params.push_back(ToValue(*f.category_id));
  }
  if (f.case_type_key) {
    sql += " AND case_type = ?";
    params.push_back(ToValue(*f.case_type_key));
  }
  if (f.severity) {
    sql += " AND severity = ?";
    params.push_back(ToValue(*f.severity));
  }
  AppendGroupBy(sql, g);
  auto rows = conn_.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<app::CallbackTotals> out;
  for (const Row& r : *rows) {
    out.push_back(
        {GroupText(r), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5), r.Int(6), r.Int(7)});
  }
  return out;
}

core::Result<app::SurveyTotals> SqlQualityRepository::SumSurveys(
    core::Instant from, core::Instant to, const std::vector<std::string>& unit_paths) {
  std::string sql =
      "SELECT COUNT(DISTINCT r.id), SUM(COALESCE(a.score, 0)), COUNT(a.score) FROM "
      "survey_responses r JOIN survey_answers a ON a.response_id = r.id JOIN survey_questions q "
      "ON q.id = a.question_id WHERE r.submitted_at >= ? AND r.submitted_at < ? AND q.kind = "
      "'rating'";
  std::vector<Value> params = {ToValue(from), ToValue(to)};
  if (!unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "r.org_unit_id", unit_paths);
  }
  auto row = conn_.QueryOne(sql, params);
  if (!row) return row.error();
  app::SurveyTotals t;
  if (*row) t = {(*row)->Int(0), (*row)->Int(1), (*row)->Int(2)};
  return t;
}

core::Result<int64_t> SqlQualityRepository::CountCustomers(
    const std::vector<std::string>& unit_paths) {
  std::string sql = "SELECT COUNT(*) FROM customers";
  std::vector<Value> params;
  if (!unit_paths.empty()) {
    sql += " WHERE ";
    AppendUnitScope(sql, params, "org_unit_id", unit_paths);
  }
  auto row = conn_.QueryOne(sql, params);
  if (!row) return row.error();
  return *row ? (*row)->Int(0) : 0;
}

}  // namespace csqm::store
