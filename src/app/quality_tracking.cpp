#include "app/quality_tracking.hpp"

#include <boost/json.hpp>

#include "app/case_config.hpp"
#include "app/ports/quality.hpp"

namespace csqm::app {
namespace {

core::CaseState StateOf(const CaseRecord& r, const CaseConfig& config,
                        const std::vector<TargetRecord>& targets) {
  core::CaseState s;
  s.dims = {r.org_unit_id, r.category_id, r.case_type_id, r.assignee_id.value_or(0),
            std::string(core::Name(r.severity))};
  s.received_at = r.received_at;
  s.resolved_at = r.resolved_at;
  if (r.status_final) s.closed_at = r.closed_at;
  const auto* status = config.workflow->Status(r.status);
  s.in_resolved = status && status->resolved;
  for (const auto& t : targets) {
    s.targets.push_back(
        {t.target_key, t.extended_due ? t.extended_due : t.due_at, t.met_at, t.breached_at});
  }
  return s;
}

Status Track(Tx& tx, const CaseRecord& r, const CaseConfig& config,
             const std::vector<TargetRecord>& targets, const std::optional<core::CaseFacts>& before,
             bool apply_before) {
  const auto after =
      core::ComputeFacts(r.id, StateOf(r, config, targets), config.schedule->zone(), before);
  if (apply_before && before && *before == after) return {};
  auto& q = tx.Quality();
  if (auto st = q.ApplyDiff(core::DiffFacts(apply_before ? before : std::nullopt, after)); !st)
    return st;
  return q.PutFacts(after);
}

// True when a transition recorded on the timeline left a resolved status for an unresolved one.
bool IsReopen(const TimelineEntry& e, const core::Workflow& workflow) {
  if (e.kind != "transition") return false;
  boost::system::error_code ec;
  auto v = boost::json::parse(e.data_json, ec);
  if (ec || !v.is_object()) return false;
  const auto* from = v.as_object().if_contains("from");
  const auto* to = v.as_object().if_contains("to");
  if (!from || !to || !from->is_string() || !to->is_string()) return false;
  const auto* a = workflow.Status(std::string(from->as_string()));
  const auto* b = workflow.Status(std::string(to->as_string()));
  return a && b && a->resolved && !b->resolved;
}

// Track with the case's configuration and targets read from the transaction.
Status TrackRead(Tx& tx, const Services& s, const CaseRecord& r,
                 const std::optional<core::CaseFacts>& before, bool apply_before) {
  auto config = LoadCaseConfig(tx, s.config, r.category_id);
  if (!config) return config.error();
  auto targets = tx.Cases().Targets(r.id);
  if (!targets) return targets.error();
  return Track(tx, r, *config, *targets, before, apply_before);
}

}  // namespace

Status TrackCase(Tx& tx, const Services& s, Id case_id) {
  auto record = tx.Cases().Get(case_id);
  if (!record) return record.error();
  auto before = tx.Quality().GetFacts(case_id);
  if (!before) return before.error();
  return TrackRead(tx, s, *record, *before, true);
}

Status TrackNewCase(Tx& tx, const CaseRecord& record, const CaseConfig& config,
                    const std::vector<TargetRecord>& targets) {
  return Track(tx, record, config, targets, std::nullopt, true);
}

Result<RebuildReport> RebuildRollups(Services& s) {
  RebuildReport report;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    report = {};
    if (auto st2 = tx.Quality().ClearRollups(); !st2) return st2;
    CaseQuery query;
    query.limit = 1000;
    for (;;) {
      auto page = tx.Cases().List(query);
      if (!page) return page.error();
      for (const auto& r : page->items) {
        auto config = LoadCaseConfig(tx, s.config, r.category_id);
        if (!config) return config.error();
        core::CaseFacts seed;  // carries only the reopen flag into ComputeFacts
        std::optional<Id> after;
        for (;;) {
          auto entries = tx.Cases().Timeline(r.id, true, after, 500);
          if (!entries) return entries.error();
          for (const auto& e : entries->items) seed.reopened |= IsReopen(e, *config->workflow);
          if (!entries->next_cursor) break;
          after = entries->next_cursor;
        }
        if (auto st2 = TrackRead(tx, s, r, seed, false); !st2) return st2;
        ++report.cases;
      }
      if (!page->next_cursor) break;
      query.after = page->next_cursor;
    }
    return {};
  });
  if (!st) return st.error();
  return report;
}

}  // namespace csqm::app
