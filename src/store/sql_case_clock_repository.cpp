// Cases (app::CaseRepository, part 2 of 3): SLA targets, pauses and the timers table that the
// scheduler polls. A timer fires exactly once: ClaimTimer is a conditional UPDATE, and
// ReplaceTimers never touches a fired timer.
#include <algorithm>
#include <iterator>
#include <string>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define TARGET_COLUMNS \
  "case_id, target_key, clock, limit_text, due_at, warn_at, met_at, breached_at, extended_due"
#define TIMER_COLUMNS "id, case_id, target_key, step, fire_at, fired_at"

namespace csqm::store {
namespace {

// TargetsOf reads ids in chunks of this many (a power of two: see AppendInList).
constexpr size_t kIdChunk = 256;

app::TargetRecord TargetFromRow(const Row& row) {
  app::TargetRecord t;
  t.case_id = row.Int(0);
  t.target_key = row.Text(1);
  t.clock = row.Text(2);
  t.limit_text = row.Text(3);
  t.due_at = OptInstantAt(row, 4);
  t.warn_at = OptInstantAt(row, 5);
  t.met_at = OptInstantAt(row, 6);
  t.breached_at = OptInstantAt(row, 7);
  t.extended_due = OptInstantAt(row, 8);
  return t;
}

app::PauseRecord PauseFromRow(const Row& row) {
  app::PauseRecord p;
  p.case_id = row.Int(0);
  p.started_at = InstantAt(row, 1);
  p.ended_at = OptInstantAt(row, 2);
  return p;
}

app::TimerRecord TimerFromRow(const Row& row) {
  app::TimerRecord t;
  t.id = row.Int(0);
  t.case_id = row.Int(1);
  t.target_key = row.Text(2);
  t.step = static_cast<int>(row.Int(3));
  t.fire_at = InstantAt(row, 4);
  t.fired_at = OptInstantAt(row, 5);
  return t;
}

}  // namespace

// --- targets ------------------------------------------------------------------------------

core::Result<std::vector<app::TargetRecord>> SqlCaseRepository::Targets(app::Id case_id) {
  return MapRows<app::TargetRecord>(
      conn_.Query("SELECT " TARGET_COLUMNS " FROM case_targets WHERE case_id = ? "
                  "ORDER BY target_key",
                  Params(case_id)),
      TargetFromRow);
}

// Ordered by case id, then target key.
core::Result<std::vector<app::TargetRecord>> SqlCaseRepository::TargetsOf(
    const std::vector<app::Id>& case_ids) {
  std::vector<app::TargetRecord> out;
  for (size_t begin = 0; begin < case_ids.size(); begin += kIdChunk) {
    const size_t end = std::min(case_ids.size(), begin + kIdChunk);
    std::string sql = "SELECT " TARGET_COLUMNS " FROM case_targets WHERE case_id IN (";
    std::vector<Value> params;
    AppendInList(sql, params,
                 IdValues(std::vector<app::Id>(case_ids.begin() + static_cast<ptrdiff_t>(begin),
                                               case_ids.begin() + static_cast<ptrdiff_t>(end))));
    sql += ") ORDER BY case_id, target_key";
    core::Result<std::vector<app::TargetRecord>> chunk =
        MapRows<app::TargetRecord>(conn_.Query(sql, params), TargetFromRow);
    if (!chunk.ok()) return chunk.error();
    out.insert(out.end(), std::make_move_iterator(chunk->begin()),
               std::make_move_iterator(chunk->end()));
  }
  if (case_ids.size() > kIdChunk) {
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.case_id != b.case_id ? a.case_id < b.case_id : a.target_key < b.target_key;
    });
  }
  return out;
}

core::Status SqlCaseRepository::UpsertTarget(const app::TargetRecord& t) {
  return conn_.Exec(
      "INSERT INTO case_targets (" TARGET_COLUMNS
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (case_id, target_key) DO UPDATE SET clock = excluded.clock, "
      "limit_text = excluded.limit_text, due_at = excluded.due_at, warn_at = excluded.warn_at, "
      "met_at = excluded.met_at, breached_at = excluded.breached_at, "
      "extended_due = excluded.extended_due",
      Params(t.case_id, t.target_key, t.clock, t.limit_text, t.due_at, t.warn_at, t.met_at,
             t.breached_at, t.extended_due));
}

core::Status SqlCaseRepository::DeleteTargets(app::Id case_id) {
  return conn_.Exec("DELETE FROM case_targets WHERE case_id = ?", Params(case_id));
}

// --- pauses -------------------------------------------------------------------------------

core::Result<std::vector<app::PauseRecord>> SqlCaseRepository::Pauses(app::Id case_id) {
  return MapRows<app::PauseRecord>(
      conn_.Query("SELECT case_id, started_at, ended_at FROM case_pauses WHERE case_id = ? "
                  "ORDER BY started_at",
                  Params(case_id)),
      PauseFromRow);
}

core::Status SqlCaseRepository::UpsertPause(const app::PauseRecord& p) {
  return conn_.Exec(
      "INSERT INTO case_pauses (case_id, started_at, ended_at) VALUES (?, ?, ?) "
      "ON CONFLICT (case_id, started_at) DO UPDATE SET ended_at = excluded.ended_at",
      Params(p.case_id, p.started_at, p.ended_at));
}

// --- timers -------------------------------------------------------------------------------

// The records' own case_id and target_key are ignored: the arguments name the target.
core::Status SqlCaseRepository::ReplaceTimers(app::Id case_id, const std::string& target_key,
                                              const std::vector<app::TimerRecord>& timers) {
  // Unfired timers whose step is not in the new list go; fired ones always stay.
  std::string sql = "DELETE FROM timers WHERE case_id = ? AND target_key = ? AND fired_at IS NULL";
  std::vector<Value> params = {Value{case_id}, Value{target_key}};
  if (!timers.empty()) {
    std::vector<Value> steps;
    steps.reserve(timers.size());
    for (const app::TimerRecord& t : timers) steps.emplace_back(int64_t{t.step});
    sql += " AND step NOT IN (";
    AppendInList(sql, params, steps);
    sql += ")";
  }
  core::Status deleted = conn_.Exec(sql, params);
  if (!deleted.ok()) return deleted;

  for (const app::TimerRecord& t : timers) {
    core::Status upserted = conn_.Exec(
        "INSERT INTO timers (case_id, target_key, step, fire_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_id, target_key, step) DO UPDATE SET fire_at = excluded.fire_at "
        "WHERE timers.fired_at IS NULL",
        Params(case_id, target_key, t.step, t.fire_at));
    if (!upserted.ok()) return upserted;
  }
  return {};
}

core::Status SqlCaseRepository::AddTimers(const std::vector<app::TimerRecord>& timers) {
  for (const app::TimerRecord& t : timers) {
    core::Status added =
        conn_.Exec("INSERT INTO timers (case_id, target_key, step, fire_at) VALUES (?, ?, ?, ?)",
                   Params(t.case_id, t.target_key, t.step, t.fire_at));
    if (!added.ok()) return added;
  }
  return {};
}

core::Status SqlCaseRepository::CancelTimers(app::Id case_id,
                                             const std::optional<std::string>& target_key) {
  if (target_key) {
    return conn_.Exec(
        "DELETE FROM timers WHERE case_id = ? AND target_key = ? AND fired_at IS NULL",
        Params(case_id, *target_key));
  }
  return conn_.Exec("DELETE FROM timers WHERE case_id = ? AND fired_at IS NULL", Params(case_id));
}

// Oldest first; uses the partial index timers_due (fired_at IS NULL).
core::Result<std::vector<app::TimerRecord>> SqlCaseRepository::DueTimers(core::Instant now,
                                                                         int limit) {
  return MapRows<app::TimerRecord>(
      conn_.Query("SELECT " TIMER_COLUMNS " FROM timers WHERE fired_at IS NULL AND fire_at <= ? "
                  "ORDER BY fire_at, id LIMIT ?",
                  Params(now, ClampLimit(limit))),
      TimerFromRow);
}

core::Result<std::vector<app::TimerRecord>> SqlCaseRepository::Timers(app::Id case_id) {
  return MapRows<app::TimerRecord>(
      conn_.Query("SELECT " TIMER_COLUMNS " FROM timers WHERE case_id = ? "
                  "ORDER BY target_key, step",
                  Params(case_id)),
      TimerFromRow);
}

// SQLite: the single writer makes the conditional UPDATE exactly-once. PostgreSQL: the row is
// locked with FOR UPDATE SKIP LOCKED, so a node never waits for another node that is firing
// the same timer: it sees it as taken (false); the other's commit marks it fired, its
// rollback leaves it due for the next run.
core::Result<bool> SqlCaseRepository::ClaimTimer(app::Id timer_id, core::Instant fired_at) {
  core::Result<int64_t> changed =
      conn_.dialect() == Dialect::kPostgres
          ? conn_.ExecCount(
                "UPDATE timers SET fired_at = ? WHERE id = (SELECT id FROM timers "
                "WHERE id = ? AND fired_at IS NULL FOR UPDATE SKIP LOCKED)",
                Params(fired_at, timer_id))
          : conn_.ExecCount("UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL",
                            Params(fired_at, timer_id));
  if (!changed.ok()) return changed.error();
  return *changed == 1;
}

}  // namespace csqm::store
