// Callback rules, tasks, attempts and monthly samples (app::CallbackRepository).
#include <string>

#include "store/sql_feedback_repositories.hpp"

#define RULE_COLUMNS                                                                        \
  "id, name, kind, active, case_type_ids_json, category_ids_json, event, tiers_json, "      \
  "segment_org_unit_id, interval_days, sample_percent, channel, calendar_id, clock, "       \
  "limit_text, max_attempts, retry_minutes, on_unsatisfied, followup_category_id, script, " \
  "next_run_at, created_at, updated_at, version"
#define TASK_COLUMNS                                                                        \
  "id, rule_id, sample_id, case_id, customer_id, org_unit_id, category_id, case_type, "     \
  "severity, channel, status, assignee_id, created_at, due_at, next_attempt_at, attempts, " \
  "max_attempts, completed_at, completed_by, solved, satisfaction, score, opinion, "        \
  "suggestion, violation, violation_note, evidence_json, follow_up_case_id, dedupe_key, "   \
  "version"
#define SAMPLE_COLUMNS                                                                       \
  "id, rule_id, month, seed, percent, population, major_population, selected, strata_json, " \
  "created_by, created_at"

namespace csqm::store {
namespace {

constexpr Entity kRuleEntity{"callback_rules", "callback_rule.not_found", "回访规则不存在",
                             "callback rule not found"};
constexpr Entity kTaskEntity{"callback_tasks", "callback_task.not_found", "回访任务不存在",
                             "callback task not found"};
constexpr Entity kSampleEntity{"callback_samples", "callback_sample.not_found", "回访抽样不存在",
                               "callback sample not found"};

std::optional<int> OptInt32(const Row& row, int i) {
  auto v = row.OptInt(i);
  if (!v) return std::nullopt;
  return int(*v);
}

app::CallbackRule RuleFromRow(const Row& row) {
  app::CallbackRule r;
  r.id = row.Int(0);
  r.name = row.Text(1);
  r.kind = row.Text(2);
  r.active = row.Bool(3);
  r.case_type_ids_json = row.Text(4);
  r.category_ids_json = row.Text(5);
  r.event = row.Text(6);
  r.tiers_json = row.Text(7);
  r.segment_org_unit_id = row.OptInt(8);
  r.interval_days = int(row.Int(9));
  r.sample_percent = int(row.Int(10));
  r.channel = row.Text(11);
  r.calendar_id = row.OptInt(12);
  r.clock = row.Text(13);
  r.limit_text = row.Text(14);
  r.max_attempts = int(row.Int(15));
  r.retry_minutes = int(row.Int(16));
  r.on_unsatisfied = row.Text(17);
  r.followup_category_id = row.OptInt(18);
  r.script = row.Text(19);
  r.next_run_at = OptInstantAt(row, 20);
  r.created_at = InstantAt(row, 21);
  r.updated_at = InstantAt(row, 22);
  r.version = row.Int(23);
  return r;
}

app::CallbackTask TaskFromRow(const Row& row) {
  app::CallbackTask t;
  t.id = row.Int(0);
  t.rule_id = row.Int(1);
  t.sample_id = row.OptInt(2);
  t.case_id = row.OptInt(3);
  t.customer_id = row.Int(4);
  t.org_unit_id = row.Int(5);
  t.category_id = row.OptInt(6);
  t.case_type = row.Text(7);
  t.severity = row.Text(8);
  t.channel = row.Text(9);
  t.status = row.Text(10);
  t.assignee_id = row.OptInt(11);
  t.created_at = InstantAt(row, 12);
  t.due_at = InstantAt(row, 13);
  t.next_attempt_at = OptInstantAt(row, 14);
  t.attempts = int(row.Int(15));
  t.max_attempts = int(row.Int(16));
  t.completed_at = OptInstantAt(row, 17);
  t.completed_by = row.OptInt(18);
  if (auto s = row.OptInt(19)) t.solved = *s != 0;
  t.satisfaction = row.Text(20);
  t.score = OptInt32(row, 21);
  t.opinion = row.Text(22);
  t.suggestion = row.Text(23);
  t.violation = row.Bool(24);
  t.violation_note = row.Text(25);
  t.evidence_json = row.Text(26);
  t.follow_up_case_id = row.OptInt(27);
  t.dedupe_key = row.Text(28);
  t.version = row.Int(29);
  return t;
}

app::CallbackSample SampleFromRow(const Row& row) {
  app::CallbackSample s;
  s.id = row.Int(0);
  s.rule_id = row.Int(1);
  s.month = int(row.Int(2));
  s.seed = row.Text(3);
  s.percent = int(row.Int(4));
  s.population = int(row.Int(5));
  s.major_population = int(row.Int(6));
  s.selected = int(row.Int(7));
  s.strata_json = row.Text(8);
  s.created_by = row.OptInt(9);
  s.created_at = InstantAt(row, 10);
  return s;
}

std::array<Value, 22> RuleValues(const app::CallbackRule& r) {
  return Params(r.name, r.kind, r.active, r.case_type_ids_json, r.category_ids_json,
                TextOrNull(r.event), r.tiers_json, r.segment_org_unit_id, r.interval_days,
                r.sample_percent, r.channel, r.calendar_id, r.clock, r.limit_text, r.max_attempts,
                r.retry_minutes, r.on_unsatisfied, r.followup_category_id, r.script, r.next_run_at,
                r.created_at, r.updated_at);
}

}  // namespace

core::Result<app::CallbackRule> SqlCallbackRepository::GetRule(app::Id id) {
  return OneOrNotFound<app::CallbackRule>(
      conn_.QueryOne("SELECT " RULE_COLUMNS " FROM callback_rules WHERE id = ?", Params(id)),
      kRuleEntity, RuleFromRow);
}

core::Result<std::vector<app::CallbackRule>> SqlCallbackRepository::ListRules() {
  return MapRows<app::CallbackRule>(
      conn_.Query("SELECT " RULE_COLUMNS " FROM callback_rules ORDER BY id"),
      [](const Row& r) -> core::Result<app::CallbackRule> { return RuleFromRow(r); });
}

core::Result<std::vector<app::CallbackRule>> SqlCallbackRepository::ActiveRules(
    const std::string& kind) {
  return MapRows<app::CallbackRule>(
      conn_.Query("SELECT " RULE_COLUMNS
                  " FROM callback_rules WHERE kind = ? AND active = 1 ORDER BY id",
                  Params(kind)),
      [](const Row& r) -> core::Result<app::CallbackRule> { return RuleFromRow(r); });
}

core::Result<app::CallbackRule> SqlCallbackRepository::InsertRule(app::CallbackRule rule) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO callback_rules (name, kind, active, case_type_ids_json, category_ids_json, "
      "event, tiers_json, segment_org_unit_id, interval_days, sample_percent, channel, "
      "calendar_id, clock, limit_text, max_attempts, retry_minutes, on_unsatisfied, "
      "followup_category_id, script, next_run_at, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      RuleValues(rule));
  if (!id.ok()) return id.error();
  rule.id = *id;
  rule.version = 1;
  return rule;
}

core::Result<app::CallbackRule> SqlCallbackRepository::UpdateRule(const app::CallbackRule& rule,
                                                                  int64_t expected_version) {
  std::vector<Value> params;
  for (auto& v : RuleValues(rule)) params.push_back(std::move(v));
  params.emplace_back(rule.id);
  params.emplace_back(expected_version);
  core::Result<int64_t> changed = conn_.ExecCount(
      "UPDATE callback_rules SET name = ?, kind = ?, active = ?, case_type_ids_json = ?, "
      "category_ids_json = ?, event = ?, tiers_json = ?, segment_org_unit_id = ?, "
      "interval_days = ?, sample_percent = ?, channel = ?, calendar_id = ?, clock = ?, "
      "limit_text = ?, max_attempts = ?, retry_minutes = ?, on_unsatisfied = ?, "
      "followup_category_id = ?, script = ?, next_run_at = ?, created_at = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      params);
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return UpdateMiss(conn_, kRuleEntity, rule.id);
  app::CallbackRule out = rule;
  out.version = expected_version + 1;
  return out;
}

core::Result<std::optional<app::CallbackTask>> SqlCallbackRepository::InsertTask(
    app::CallbackTask t) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "INSERT INTO callback_tasks (rule_id, sample_id, case_id, customer_id, org_unit_id, "
      "category_id, case_type, severity, channel, status, assignee_id, created_at, due_at, "
      "next_attempt_at, attempts, max_attempts, evidence_json, dedupe_key, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
      "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
      Params(t.rule_id, t.sample_id, t.case_id, t.customer_id, t.org_unit_id, t.category_id,
             TextOrNull(t.case_type), TextOrNull(t.severity), t.channel, t.status, t.assignee_id,
             t.created_at, t.due_at, t.next_attempt_at, t.attempts, t.max_attempts, t.evidence_json,
             t.dedupe_key));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<app::CallbackTask>();
  t.id = (*row)->Int(0);
  t.version = 1;
  return std::optional<app::CallbackTask>(std::move(t));
}

core::Result<app::CallbackTask> SqlCallbackRepository::GetTask(app::Id id) {
  return OneOrNotFound<app::CallbackTask>(
      conn_.QueryOne("SELECT " TASK_COLUMNS " FROM callback_tasks WHERE id = ?", Params(id)),
      kTaskEntity, TaskFromRow);
}

core::Result<app::CallbackTask> SqlCallbackRepository::UpdateTask(const app::CallbackTask& t,
                                                                  int64_t expected_version) {
  std::optional<int64_t> solved;
  if (t.solved) solved = *t.solved ? 1 : 0;
  core::Result<int64_t> changed = conn_.ExecCount(
      "UPDATE callback_tasks SET channel = ?, status = ?, assignee_id = ?, due_at = ?, "
      "next_attempt_at = ?, attempts = ?, completed_at = ?, completed_by = ?, solved = ?, "
      "satisfaction = ?, score = ?, opinion = ?, suggestion = ?, violation = ?, "
      "violation_note = ?, evidence_json = ?, follow_up_case_id = ?, version = version + 1 "
      "WHERE id = ? AND version = ?",
      Params(t.channel, t.status, t.assignee_id, t.due_at, t.next_attempt_at, t.attempts,
             t.completed_at, t.completed_by, solved, TextOrNull(t.satisfaction), t.score,
             TextOrNull(t.opinion), TextOrNull(t.suggestion), t.violation,
             TextOrNull(t.violation_note), t.evidence_json, t.follow_up_case_id, t.id,
             expected_version));
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return UpdateMiss(conn_, kTaskEntity, t.id);
  app::CallbackTask out = t;
  out.version = expected_version + 1;
  return out;
}

core::Result<app::Page<app::CallbackTask>> SqlCallbackRepository::ListTasks(
    const app::CallbackTaskQuery& q) {
  const int limit = ClampLimit(q.limit);
  std::string sql = "SELECT " TASK_COLUMNS " FROM callback_tasks WHERE 1 = 1";
  std::vector<Value> params;
  if (!q.statuses.empty()) {
    sql += " AND status IN (";
    std::vector<Value> values(q.statuses.begin(), q.statuses.end());
    AppendInList(sql, params, values);
    sql += ")";
  }
  for (auto [column, value] :
       {std::pair{" AND assignee_id = ?", q.assignee_id}, std::pair{" AND case_id = ?", q.case_id},
        std::pair{" AND rule_id = ?", q.rule_id}, std::pair{" AND sample_id = ?", q.sample_id},
        std::pair{" AND id > ?", q.after}}) {
    if (value) {
      sql += column;
      params.emplace_back(*value);
    }
  }
  if (q.due_before) {
    sql += " AND due_at < ?";
    params.push_back(ToValue(*q.due_before));
  }
  if (!q.unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", q.unit_paths);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
  auto items = MapRows<app::CallbackTask>(
      conn_.Query(sql, params),
      [](const Row& r) -> core::Result<app::CallbackTask> { return TaskFromRow(r); });
  if (!items.ok()) return items.error();
  return MakePage(std::move(items).value(), limit);
}

core::Result<app::CallbackAttempt> SqlCallbackRepository::AddAttempt(app::CallbackAttempt a) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO callback_attempts (task_id, at, actor_id, result, note) VALUES (?, ?, ?, ?, ?)",
      Params(a.task_id, a.at, a.actor_id, a.result, a.note));
  if (!id.ok()) return id.error();
  a.id = *id;
  return a;
}

core::Result<std::vector<app::CallbackAttempt>> SqlCallbackRepository::Attempts(app::Id task_id) {
  return MapRows<app::CallbackAttempt>(
      conn_.Query("SELECT id, task_id, at, actor_id, result, note FROM callback_attempts "
                  "WHERE task_id = ? ORDER BY id",
                  Params(task_id)),
      [](const Row& r) -> core::Result<app::CallbackAttempt> {
        return app::CallbackAttempt{r.Int(0),    r.Int(1),  InstantAt(r, 2),
                                    r.OptInt(3), r.Text(4), r.Text(5)};
      });
}

core::Result<app::CallbackSample> SqlCallbackRepository::InsertSample(app::CallbackSample s) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO callback_samples (rule_id, month, seed, percent, population, "
      "major_population, selected, strata_json, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      Params(s.rule_id, s.month, s.seed, s.percent, s.population, s.major_population, s.selected,
             s.strata_json, s.created_by, s.created_at));
  if (!id.ok()) return id.error();
  s.id = *id;
  return s;
}

core::Result<app::CallbackSample> SqlCallbackRepository::GetSample(app::Id id) {
  return OneOrNotFound<app::CallbackSample>(
      conn_.QueryOne("SELECT " SAMPLE_COLUMNS " FROM callback_samples WHERE id = ?", Params(id)),
      kSampleEntity, SampleFromRow);
}

core::Result<std::vector<app::CallbackSample>> SqlCallbackRepository::Samples(app::Id rule_id) {
  return MapRows<app::CallbackSample>(
      conn_.Query("SELECT " SAMPLE_COLUMNS
                  " FROM callback_samples WHERE rule_id = ? ORDER BY month DESC",
                  Params(rule_id)),
      [](const Row& r) -> core::Result<app::CallbackSample> { return SampleFromRow(r); });
}

// Index cases_resolved_at: a month's resolutions, never a scan of every case.
core::Result<std::vector<app::SampleCase>> SqlCallbackRepository::ResolvedCases(
    core::Instant from, core::Instant to, const std::vector<app::Id>& case_type_ids) {
  std::string sql =
      "SELECT c.id, c.category_id, c.org_unit_id, t.key, c.severity, c.customer_id "
      "FROM cases c JOIN case_types t ON t.id = c.case_type_id "
      "WHERE c.resolved_at >= ? AND c.resolved_at < ? AND c.customer_id IS NOT NULL";
  std::vector<Value> params = {ToValue(from), ToValue(to)};
  if (!case_type_ids.empty()) {
    sql += " AND c.case_type_id IN (";
    AppendInList(sql, params, IdValues(case_type_ids));
    sql += ")";
  }
  sql += " ORDER BY c.id";
  return MapRows<app::SampleCase>(
      conn_.Query(sql, params), [](const Row& r) -> core::Result<app::SampleCase> {
        return app::SampleCase{r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.OptInt(5)};
      });
}

core::Result<std::vector<app::SegmentCustomer>> SqlCallbackRepository::SegmentCustomers(
    const std::vector<std::string>& tiers, const std::vector<std::string>& unit_paths,
    app::Id after, int limit) {
  std::string sql = "SELECT id, org_unit_id, tier FROM customers WHERE id > ?";
  std::vector<Value> params = {Value{after}};
  if (!tiers.empty()) {
    sql += " AND tier IN (";
    AppendInList(sql, params, std::vector<Value>(tiers.begin(), tiers.end()));
    sql += ")";
  }
  if (!unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", unit_paths);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(int64_t{limit});
  return MapRows<app::SegmentCustomer>(conn_.Query(sql, params),
                                       [](const Row& r) -> core::Result<app::SegmentCustomer> {
                                         return app::SegmentCustomer{r.Int(0), r.Int(1), r.Text(2)};
                                       });
}

}  // namespace csqm::store
