#include "app/sla_service.hpp"

#include <map>

#include "core/case_sla.hpp"

namespace csqm::app {
namespace {

std::vector<core::Span> ClosedPauses(const std::vector<PauseRecord>& pauses) {
  std::vector<core::Span> spans;
  for (const auto& p : pauses) {
    if (p.ended_at) spans.push_back({p.started_at, *p.ended_at});
  }
  return spans;
}

bool Meets(const core::SlaTarget& target, const core::Workflow& workflow, core::MetEvent event,
           std::string_view status) {
  switch (target.met_by.event) {
    case core::MetEvent::kFirstPublicReply:
    case core::MetEvent::kArrival:
      return event == target.met_by.event;
    case core::MetEvent::kResolved: {
      if (event != core::MetEvent::kResolved && event != core::MetEvent::kStatus) return false;
      const auto* s = workflow.Status(status);
      return s && s->resolved;  // a cancelled (final, unresolved) case meets nothing
    }
    case core::MetEvent::kStatus:
      return (event == core::MetEvent::kStatus || event == core::MetEvent::kResolved) &&
             status == target.met_by.status;
  }
  return false;
}

}  // namespace

Status ReplanTargets(Tx& tx, const CaseConfig& config, const CaseRecord& record, bool fresh,
                     std::vector<TargetRecord>* planned) {
  std::map<std::string, TargetRecord> existing;
  std::vector<core::Span> pauses;
  if (!fresh) {
    auto targets = tx.Cases().Targets(record.id);
    if (!targets) return targets.error();
    for (auto& t : *targets) existing.emplace(t.target_key, std::move(t));
    auto stored_pauses = tx.Cases().Pauses(record.id);
    if (!stored_pauses) return stored_pauses.error();
    pauses = ClosedPauses(*stored_pauses);
    bool removed = false;
    for (const auto& [key, t] : existing) {
      if (!config.policy->Target(key)) {
        if (auto st = tx.Cases().CancelTimers(record.id, key); !st) return st;
        removed = true;
      }
    }
    if (removed) {
      if (auto st = tx.Cases().DeleteTargets(record.id); !st) return st;
    }
  }
  for (const auto& target : config.policy->targets) {
    TargetRecord rec;
    if (auto it = existing.find(target.key); it != existing.end()) rec = it->second;
    rec.case_id = record.id;
    rec.target_key = target.key;
    rec.clock = core::ClockKindName(target.clock);
    rec.limit_text = target.limit;
    if (rec.met_at) {
      if (auto st = tx.Cases().UpsertTarget(rec); !st) return st;
      if (planned) planned->push_back(rec);
      continue;
    }
    core::TargetInputs inputs{record.received_at, pauses, record.paused_since, rec.extended_due};
    auto plan = core::PlanTarget(*config.schedule, target, inputs);
    if (!plan) return plan.error();
    rec.due_at = plan->due;
    rec.warn_at = plan->warn;
    if (auto st = tx.Cases().UpsertTarget(rec); !st) return st;
    if (planned) planned->push_back(rec);
    std::vector<TimerRecord> timers;
    for (const auto& t : plan->timers) {
      timers.push_back(TimerRecord{0, record.id, target.key, t.step, t.fire_at, std::nullopt});
    }
    auto st = fresh ? tx.Cases().AddTimers(timers)
                    : tx.Cases().ReplaceTimers(record.id, target.key, timers);
    if (!st) return st;
  }
  return {};
}

Status MeetTargets(Tx& tx, const CaseConfig& config, const CaseRecord& record, core::MetEvent event,
                   std::string_view status, Instant at) {
  auto targets = tx.Cases().Targets(record.id);
  if (!targets) return targets.error();
  for (auto& rec : *targets) {
    const auto* target = config.policy->Target(rec.target_key);
    if (!target || rec.met_at || !Meets(*target, *config.workflow, event, status)) continue;
    rec.met_at = at;
    if (rec.due_at && at > *rec.due_at && !rec.breached_at) rec.breached_at = rec.due_at;
    if (auto st = tx.Cases().UpsertTarget(rec); !st) return st;
    if (auto st = tx.Cases().CancelTimers(record.id, rec.target_key); !st) return st;
  }
  return {};
}

Status ApplyPauseChange(Tx& tx, const CaseConfig& config, CaseRecord& record,
                        std::string_view old_status, Instant at) {
  const auto* before = config.workflow->Status(old_status);
  const auto* after = config.workflow->Status(record.status);
  const bool was_paused = before && before->pauses_sla;
  const bool now_paused = after && after->pauses_sla && !after->final;
  if (was_paused == now_paused) return {};
  if (now_paused) {
    record.paused_since = at;
    if (auto st = tx.Cases().UpsertPause({record.id, at, std::nullopt}); !st) return st;
  } else if (record.paused_since) {
    if (auto st = tx.Cases().UpsertPause({record.id, *record.paused_since, at}); !st) return st;
    record.paused_since.reset();
  }
  return ReplanTargets(tx, config, record);
}

}  // namespace csqm::app
