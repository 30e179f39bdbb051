#include "app/extensions.hpp"

#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/case_config.hpp"
#include "app/sla_service.hpp"
#include "app/timeline.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

Result<TargetRecord> OpenTarget(Tx& tx, Id case_id, const std::string& key) {
  auto targets = tx.Cases().Targets(case_id);
  if (!targets) return targets.error();
  for (auto& t : *targets) {
    if (t.target_key != key) continue;
    if (t.met_at) {
      return MakeError(ErrorCode::kFailedPrecondition, "extension.target_met",
                       "该时限目标已达成，无需延期", "that target is already met", "target_key");
    }
    return t;
  }
  return MakeError(ErrorCode::kInvalidArgument, "extension.unknown_target", "工单没有该时限目标",
                   "the case has no such target", "target_key");
}

}  // namespace

Result<ExtensionRequest> RequestExtension(Services& s, const Actor& actor, Id case_id,
                                          const std::string& target_key, Instant requested_due,
                                          const std::string& reason) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "extension.missing_reason", "延期需要填写原因",
                     "an extension needs a reason", "reason");
  }
  const Instant now = s.clock.Now();
  ExtensionRequest added;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    if (record->status_final) {
      return MakeError(ErrorCode::kFailedPrecondition, "case.closed", "工单已关闭",
                       "the case is closed");
    }
    auto target = OpenTarget(tx, case_id, target_key);
    if (!target) return target.error();
    if (target->due_at && requested_due <= *target->due_at) {
      return MakeError(
          ErrorCode::kInvalidArgument, "extension.not_later", "申请的截止时间必须晚于当前截止时间",
          "the requested due time must be later than the current one", "requested_due");
    }
    ExtensionRequest r;
    r.case_id = case_id;
    r.target_key = target_key;
    r.requested_by = actor.id();
    r.requested_at = now;
    r.requested_due = requested_due;
    r.reason = reason;
    auto stored = tx.Cases().AddExtension(std::move(r));
    if (!stored) return stored.error();
    added = std::move(*stored);
    json::object data{{"extension_id", added.id},
                      {"target", target_key},
                      {"requested_due", requested_due.time_since_epoch().count()}};
    return RecordChange(tx, s, *record, actor.id(), now,
                        {"extension_requested", reason, json::serialize(data)});
  });
  if (!st) return st.error();
  return added;
}

Result<ExtensionRequest> DecideExtension(Services& s, const Actor& actor, Id extension_id,
                                         bool approve, const std::string& note,
                                         int64_t expected_version) {
  if (!core::MayApproveExtension(actor.role())) return Forbidden("审批延期", "decide extensions");
  const Instant now = s.clock.Now();
  ExtensionRequest decided;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto request = tx.Cases().GetExtension(extension_id);
    if (!request) return request.error();
    auto record = LoadVisibleCase(tx, actor, request->case_id);
    if (!record) {
      return MakeError(ErrorCode::kNotFound, "extension.not_found", "延期申请不存在",
                       "extension request not found", "id");
    }
    if (request->status != "pending") {
      return MakeError(ErrorCode::kConflict, "extension.decided", "该申请已审批",
                       "the request was already decided");
    }
    if (request->requested_by == actor.id()) {
      return Forbidden("审批自己的延期申请", "decide your own extension request");
    }
    ExtensionRequest r = *request;
    r.status = approve ? "approved" : "rejected";
    r.decided_by = actor.id();
    r.decided_at = now;
    r.decision_note = note;
    auto saved = tx.Cases().UpdateExtension(r, ExpectedVersion(expected_version, request->version));
    if (!saved) return saved.error();
    decided = std::move(*saved);
    if (approve) {
      auto target = OpenTarget(tx, r.case_id, r.target_key);
      if (!target) return target.error();
      target->extended_due = r.requested_due;
      if (auto st2 = tx.Cases().UpsertTarget(*target); !st2) return st2;
      auto config = LoadCaseConfig(tx, s.config, record->category_id);
      if (!config) return config.error();
      if (auto st2 = ReplanTargets(tx, *config, *record); !st2) return st2;
    }
    json::object data{{"extension_id", r.id},
                      {"target", r.target_key},
                      {"decision", r.status},
                      {"requested_due", r.requested_due.time_since_epoch().count()}};
    return RecordChange(
        tx, s, *record, actor.id(), now,
        {approve ? "extension_approved" : "extension_rejected", note, json::serialize(data)});
  });
  if (!st) return st.error();
  return decided;
}

Result<std::vector<ExtensionRequest>> ListExtensions(Services& s, const Actor& actor, Id case_id) {
  return ReadOfVisibleCase(s.store, actor, case_id,
                           [&](Tx& tx) { return tx.Cases().Extensions(case_id); });
}

Result<std::vector<ExtensionRequest>> PendingExtensions(Services& s, const Actor& actor) {
  if (!core::MayApproveExtension(actor.role())) return std::vector<ExtensionRequest>{};
  std::vector<ExtensionRequest> list;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Cases().PendingExtensions({actor.unit_path});
    if (!found) return found.error();
    list = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return list;
}

}  // namespace csqm::app
