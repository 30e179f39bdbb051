#include "app/timeline.hpp"

#include <functional>

#include "app/audit.hpp"
#include "app/quality_tracking.hpp"

namespace csqm::app {

namespace {

Status Record(Tx& tx, const Services& services, const CaseRecord& record, std::optional<Id> actor,
              Instant at, Change change, const std::function<Status()>& track) {
  TimelineEntry entry;
  entry.case_id = record.id;
  entry.at = at;
  entry.actor_id = actor;
  entry.kind = change.kind;
  entry.visibility = change.visibility;
  entry.body = change.body;
  entry.data_json = change.data_json;
  auto stored = tx.Cases().AddTimeline(std::move(entry));
  if (!stored) return stored.error();
  if (auto st = track(); !st) return st;  // quality rollups
  std::string audit_data = change.data_json;
  if (!change.body.empty() && audit_data == "{}")
    audit_data = "{\"body_chars\":" + std::to_string(change.body.size()) + "}";
  return AppendAudit(tx, services.crypto, at, actor, "case." + change.kind, "case", record.id,
                     std::move(audit_data));
}

}  // namespace

Status RecordChange(Tx& tx, const Services& services, const CaseRecord& record,
                    std::optional<Id> actor, Instant at, Change change) {
  return Record(tx, services, record, actor, at, std::move(change),
                [&] { return TrackCase(tx, services, record.id); });
}

Status RecordCreation(Tx& tx, const Services& services, const CaseRecord& record,
                      const CaseConfig& config, const std::vector<TargetRecord>& targets,
                      std::optional<Id> actor, Instant at, Change change) {
  return Record(tx, services, record, actor, at, std::move(change),
                [&] { return TrackNewCase(tx, record, config, targets); });
}

}  // namespace csqm::app
