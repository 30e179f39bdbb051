#include "app/case_actions.hpp"

#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"
#include "app/case_config.hpp"
#include "app/quality_tracking.hpp"
#include "app/sla_service.hpp"
#include "app/timeline.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

Status RequireOpen(const CaseRecord& r) {
  if (!r.status_final) return {};
  return MakeError(ErrorCode::kFailedPrecondition, "case.closed", "工单已关闭",
                   "the case is closed");
}

// Loads a visible, open case for a write, checking the version when one is expected.
Result<CaseRecord> LoadForWrite(Tx& tx, const Actor& actor, Id case_id) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  auto record = LoadVisibleCase(tx, actor, case_id);
  if (!record) return record.error();
  if (auto st = RequireOpen(*record); !st) return st.error();
  return record;
}

}  // namespace

Result<CaseRecord> TransitionCase(Services& s, const Actor& actor, Id case_id,
                                  const TransitionInput& in, int64_t expected_version) {
  const Instant now = s.clock.Now();
  CaseRecord updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadForWrite(tx, actor, case_id);
    if (!record) return record.error();
    auto config = LoadCaseConfig(tx, s.config, record->category_id);
    if (!config) return config.error();
    std::vector<std::string> given;
    for (const auto& [k, v] : in.fields) {
      if (!v.empty()) given.push_back(k);
    }
    auto t = core::CheckTransition(*config->workflow, record->status, in.transition, actor.role(),
                                   given);
    if (!t) return t.error();
    const std::string old_status = record->status;
    CaseRecord r = *record;
    r.status = (*t)->to;
    const auto* to = config->workflow->Status(r.status);
    r.status_final = to->final;
    r.updated_at = now;
    if (to->resolved && !r.resolved_at) r.resolved_at = now;
    if (to->final) r.closed_at = now;
    if (auto st2 = ApplyPauseChange(tx, *config, r, old_status, now); !st2) return st2;
    if (auto st2 = MeetTargets(tx, *config, r, core::MetEvent::kStatus, r.status, now); !st2) {
      return st2;
    }
    // A transition with a comment, or one that answers/resolves, is a reply the customer sees.
    if (!r.first_reply_at && (!in.comment.empty() || to->resolved)) {
      r.first_reply_at = now;
      if (auto st2 = MeetTargets(tx, *config, r, core::MetEvent::kFirstPublicReply, "", now);
          !st2) {
        return st2;
      }
    }
    if (to->final) {
      if (auto st2 = tx.Cases().CancelTimers(r.id, std::nullopt); !st2) return st2;
    }
    if (!in.fields.empty()) {
      auto custom = json::parse(r.custom_json).as_object();
      for (const auto& [k, v] : in.fields) custom[k] = v;
      r.custom_json = json::serialize(custom);
    }
    auto saved = tx.Cases().Update(r, ExpectedVersion(expected_version, record->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    json::object fields;
    for (const auto& [k, v] : in.fields) fields[k] = v;
    json::object data{{"transition", (*t)->key},
                      {"from", old_status},
                      {"to", updated.status},
                      {"fields", std::move(fields)}};
    if (auto st2 = RecordChange(tx, s, updated, actor.id(), now,
                                {"transition", in.comment, json::serialize(data), "public"});
        !st2) {
      return st2;
    }
    // Entering a resolved status from an unresolved one: callback rules create their tasks.
    const auto* from = config->workflow->Status(old_status);
    if (to->resolved && !(from && from->resolved)) {
      return CreateCallbacksOnResolve(tx, s, *config, updated, now);
    }
    return {};
  });
  if (!st) return st.error();
  return updated;
}

Result<CaseRecord> AssignCase(Services& s, const Actor& actor, Id case_id, Id assignee_id,
                              const std::string& reason, int64_t expected_version) {
  if (actor.role() == core::Role::kFieldStaff) return Forbidden("转办工单", "transfer cases");
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "case.missing_reason", "转办需要填写原因",
                     "a transfer needs a reason", "reason");
  }
  const Instant now = s.clock.Now();
  CaseRecord updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadForWrite(tx, actor, case_id);
    if (!record) return record.error();
    auto assignee = tx.Org().GetUser(assignee_id);
    if (!assignee || !assignee->active || !core::MayWriteCases(assignee->role)) {
      return MakeError(ErrorCode::kInvalidArgument, "case.bad_assignee", "处理人不存在或不可用",
                       "the assignee does not exist or cannot handle cases", "assignee_id");
    }
    CaseRecord r = *record;
    const auto before = r.assignee_id;
    r.assignee_id = assignee_id;
    r.updated_at = now;
    auto saved = tx.Cases().Update(r, ExpectedVersion(expected_version, record->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    Notification n;
    n.user_id = assignee_id;
    n.case_id = updated.id;
    n.kind = "assigned";
    n.title = "工单 " + updated.number + " 已转给您 / case " + updated.number + " assigned to you";
    n.body = reason;
    n.created_at = now;
    if (auto added = tx.Notifications().Add(std::move(n)); !added) return added.error();
    json::object data{{"from", before ? json::value(*before) : nullptr},
                      {"to", assignee_id},
                      {"owner_id", updated.owner_id}};
    return RecordChange(tx, s, updated, actor.id(), now,
                        {"assigned", reason, json::serialize(data), "internal"});
  });
  if (!st) return st.error();
  return updated;
}

Result<TimelineEntry> AddComment(Services& s, const Actor& actor, Id case_id,
                                 const std::string& body, const std::string& visibility) {
  if (body.empty() || body.size() > 60000) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_comment", "评论不能为空或过长",
                     "a comment must not be empty or too long", "body");
  }
  if (visibility != "public" && visibility != "internal") {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_visibility",
                     "可见范围应为 public 或 internal", "visibility must be public or internal",
                     "visibility");
  }
  const Instant now = s.clock.Now();
  TimelineEntry added;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    if (auto st2 = RequireCaseWriter(actor); !st2) return st2;
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    if (visibility == "public" && !record->first_reply_at) {
      CaseRecord r = *record;
      r.first_reply_at = now;
      r.updated_at = now;
      auto saved = tx.Cases().Update(r, r.version);
      if (!saved) return saved.error();
      auto config = LoadCaseConfig(tx, s.config, r.category_id);
      if (!config) return config.error();
      if (auto st2 = MeetTargets(tx, *config, *saved, core::MetEvent::kFirstPublicReply, "", now);
          !st2) {
        return st2;
      }
    }
    TimelineEntry e;
    e.case_id = case_id;
    e.at = now;
    e.actor_id = actor.id();
    e.kind = "comment";
    e.visibility = visibility;
    e.body = body;
    auto stored = tx.Cases().AddTimeline(std::move(e));
    if (!stored) return stored.error();
    added = std::move(*stored);
    if (auto st2 = tx.Cases().Reindex(case_id); !st2) return st2;
    if (auto st2 = TrackCase(tx, s, case_id); !st2) return st2;  // a first reply meets targets
    return AppendAudit(
        tx, s.crypto, now, actor.id(), "case.comment", "case", case_id,
        "{\"timeline_id\":" + std::to_string(added.id) + ",\"visibility\":\"" + visibility + "\"}");
  });
  if (!st) return st.error();
  return added;
}

Result<CaseRecord> RecordArrival(Services& s, const Actor& actor, Id case_id,
                                 std::optional<Instant> at, const std::string& place) {
  const Instant now = s.clock.Now();
  const Instant when = at.value_or(now);
  if (when > now + std::chrono::minutes(1)) {
    return MakeError(ErrorCode::kInvalidArgument, "case.arrival_in_future",
                     "到场时间不能晚于当前时间", "the arrival time cannot be in the future", "at");
  }
  CaseRecord updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadForWrite(tx, actor, case_id);
    if (!record) return record.error();
    if (record->arrived_at) {
      return MakeError(ErrorCode::kConflict, "case.already_arrived", "已登记过到场",
                       "arrival was already recorded");
    }
    if (when < record->received_at) {
      return MakeError(ErrorCode::kInvalidArgument, "case.arrival_before_receipt",
                       "到场时间早于受理时间", "the arrival is earlier than the receipt", "at");
    }
    CaseRecord r = *record;
    r.arrived_at = when;
    r.updated_at = now;
    auto saved = tx.Cases().Update(r, r.version);
    if (!saved) return saved.error();
    updated = std::move(*saved);
    auto config = LoadCaseConfig(tx, s.config, updated.category_id);
    if (!config) return config.error();
    if (auto st2 = MeetTargets(tx, *config, updated, core::MetEvent::kArrival, "", when); !st2) {
      return st2;
    }
    json::object data{{"at", when.time_since_epoch().count()}, {"place", place}};
    return RecordChange(tx, s, updated, actor.id(), now,
                        {"arrival", place, json::serialize(data), "public"});
  });
  if (!st) return st.error();
  return updated;
}

Result<CaseLink> LinkCases(Services& s, const Actor& actor, Id case_id, Id other_id,
                           const std::string& kind) {
  if (case_id == other_id) {
    return MakeError(ErrorCode::kInvalidArgument, "case.self_link", "不能关联自身",
                     "a case cannot be linked to itself", "case_id");
  }
  const Instant now = s.clock.Now();
  CaseLink link{case_id, other_id, kind.empty() ? "related" : kind, actor.id(), now};
  auto st = s.store.Write([&](Tx& tx) -> Status {
    if (auto st2 = RequireCaseWriter(actor); !st2) return st2;
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    auto other = LoadVisibleCase(tx, actor, other_id);
    if (!other) {
      core::Error e = other.error();
      e.field = "case_id";
      return e;
    }
    if (auto st2 = tx.Cases().AddLink(link); !st2) return st2;
    json::object data{{"linked_case_id", other_id}, {"number", other->number}, {"kind", link.kind}};
    return RecordChange(tx, s, *record, actor.id(), now, {"linked", "", json::serialize(data)});
  });
  if (!st) return st.error();
  return link;
}

Result<Page<TimelineEntry>> ListTimeline(Services& s, const Actor& actor, Id case_id,
                                         std::optional<Id> after, int limit) {
  return ReadOfVisibleCase(s.store, actor, case_id, [&](Tx& tx) {
    return tx.Cases().Timeline(case_id, true, after, std::clamp(limit, 1, 500));
  });
}

Result<std::vector<CaseLink>> ListLinks(Services& s, const Actor& actor, Id case_id) {
  return ReadOfVisibleCase(s.store, actor, case_id,
                           [&](Tx& tx) { return tx.Cases().Links(case_id); });
}

}  // namespace csqm::app
