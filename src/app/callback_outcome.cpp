// The outcome of a callback: evidence per channel, solved / satisfaction / score, opinions.
// An unhappy outcome reopens the case or opens a linked complaint (R2.3) and notifies the
// case's owner; a violation found is escalated to compliance — the quality managers (R1.9).
#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"
#include "app/sla_service.hpp"
#include "app/timeline.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;
using namespace callbacks_detail;

namespace {

core::Error Bad(const std::string& reason, const std::string& zh, const std::string& en,
                const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "callback." + reason, zh, en, field);
}

std::string Str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Evidence each channel needs (R2.2): phone a recording reference; visit the customer's
// signature (an attachment of the case, by SHA-256) and the place; letter and email the time
// sent (and, when known, received).
Status CheckEvidence(Tx& tx, const CallbackTask& task, const std::string& channel,
                     const std::string& evidence_json) {
  boost::system::error_code ec;
  auto v = json::parse(evidence_json, ec);
  if (ec || !v.is_object()) {
    return Bad("bad_evidence", "佐证应为 JSON 对象", "evidence must be a JSON object", "evidence");
  }
  const auto& o = v.as_object();
  const auto missing = [](const char* key) {
    return Bad("missing_evidence", std::string("缺少回访佐证：") + key,
               std::string("missing callback evidence: ") + key, std::string("evidence.") + key);
  };
  if (channel == "phone") {
    if (Str(o, "recording_ref").empty()) return missing("recording_ref");
  } else if (channel == "visit") {
    const std::string sha = Str(o, "signature_sha256");
    if (!IsHex64(sha)) return missing("signature_sha256");
    if (Str(o, "place").empty()) return missing("place");
    if (task.case_id) {
      auto attachments = tx.Cases().Attachments(*task.case_id);
      if (!attachments) return attachments.error();
      bool found = false;
      for (const auto& a : *attachments) found = found || a.sha256 == sha;
      if (!found) {
        return Bad("unknown_signature", "签字图片须先作为工单附件上传",
                   "upload the signature image as an attachment of the case first",
                   "evidence.signature_sha256");
      }
    }
  } else {  // letter, email
    for (const char* key : {"sent_at", "received_at"}) {
      const std::string text = Str(o, key);
      if (text.empty() && std::string(key) == "received_at") continue;
      if (text.empty()) return missing(key);
      if (!core::ParseRfc3339(text)) {
        return Bad("bad_evidence", "时间应为 RFC 3339 格式", "times must be RFC 3339",
                   std::string("evidence.") + key);
      }
    }
  }
  return {};
}

Status CheckOutcome(const CallbackTask& task, const CallbackOutcome& o) {
  if (o.channel && *o.channel != "phone" && *o.channel != "visit" && *o.channel != "letter" &&
      *o.channel != "email") {
    return Bad("bad_channel", "回访方式应为 phone、visit、letter 或 email",
               "channel must be phone, visit, letter or email", "channel");
  }
  if (task.case_id && !o.solved) {
    return Bad("missing_solved", "请确认问题是否已解决", "say whether the problem is solved",
               "solved");
  }
  if (o.satisfaction != "satisfied" && o.satisfaction != "basically_satisfied" &&
      o.satisfaction != "dissatisfied") {
    return Bad(
        "bad_satisfaction",
        "满意度应为 satisfied（满意）、basically_satisfied（基本满意）或 dissatisfied（不满意）",
        "satisfaction must be satisfied, basically_satisfied or dissatisfied", "satisfaction");
  }
  if (o.score && (*o.score < 1 || *o.score > 5)) {
    return Bad("bad_score", "评分应为 1 到 5", "score must be 1 to 5", "score");
  }
  for (auto [text, field] :
       {std::pair{&o.opinion, "opinion"}, std::pair{&o.suggestion, "suggestion"},
        std::pair{&o.violation_note, "violation_note"}}) {
    if (text->size() > 20000) return Bad("too_long", "内容过长", "too long", field);
  }
  if (o.violation && o.violation_note.empty()) {
    return Bad("missing_violation_note", "发现违规时须写明情况", "describe the violation found",
               "violation_note");
  }
  return {};
}

// The system takes the workflow's "reopen" transition from the case's status; false when the
// workflow has none from there (e.g. a closed case).
Result<bool> Reopen(Tx& tx, Services& s, const Actor& actor, CaseRecord& record,
                    const CallbackTask& task, Instant now) {
  if (record.status_final) return false;
  auto config = LoadCaseConfig(tx, s.config, record.category_id);
  if (!config) return config.error();
  const auto* t = config->workflow->Transition("reopen");
  if (!t) return false;
  const bool from_here =
      t->from.empty() || std::find(t->from.begin(), t->from.end(), record.status) != t->from.end();
  if (!from_here) return false;
  const std::string old_status = record.status;
  CaseRecord r = record;
  r.status = t->to;
  r.status_final = false;
  r.closed_at.reset();
  r.updated_at = now;
  if (auto st = ApplyPauseChange(tx, *config, r, old_status, now); !st) return st.error();
  auto saved = tx.Cases().Update(r, record.version);
  if (!saved) return saved.error();
  record = std::move(*saved);
  const std::string reason = "回访不满意或问题未解决 / callback: not solved or dissatisfied";
  json::object data{{"transition", "reopen"},
                    {"from", old_status},
                    {"to", record.status},
                    {"fields", json::object{{"reason", reason}}},
                    {"callback_task_id", task.id}};
  if (auto st = RecordChange(tx, s, record, actor.id(), now,
                             {"transition", reason, json::serialize(data), "public"});
      !st) {
    return st.error();
  }
  return true;
}

// A new complaint linked to the case (or to the customer only), owned by the case's owner.
Result<CaseRecord> OpenFollowUp(Tx& tx, Services& s, const Actor& actor, const CallbackRule& rule,
                                const CallbackTask& task, const std::optional<CaseRecord>& origin,
                                Instant now) {
  const Id category_id =
      rule.followup_category_id ? *rule.followup_category_id : origin->category_id;
  auto config = LoadCaseConfig(tx, s.config, category_id);
  if (!config) return config.error();
  CaseRecord r;
  r.month = LocalMonth(*config->schedule, now);
  auto number = tx.Cases().NextNumber(config->type.prefix, r.month);
  if (!number) return number.error();
  r.number = std::move(*number);
  r.case_type_id = config->type.id;
  r.category_id = config->category.id;
  r.title = origin ? "回访不满意：" + origin->number + " / callback follow-up of " + origin->number
                   : "回访不满意 / callback follow-up";
  r.description = task.opinion.empty() ? task.suggestion : task.opinion;
  r.channel = core::Channel::kPhone;
  r.severity = origin ? origin->severity : core::Severity::kOrdinary;
  r.status = config->workflow->initial;
  r.customer_id = task.customer_id;
  r.owner_id = origin ? origin->owner_id : actor.id();
  r.assignee_id = origin ? origin->assignee_id : std::nullopt;
  r.org_unit_id = task.org_unit_id;
  r.received_at = now;
  r.created_at = now;
  r.updated_at = now;
  auto inserted = tx.Cases().Insert(std::move(r));
  if (!inserted) return inserted.error();
  if (auto st = ReplanTargets(tx, *config, *inserted, true); !st) return st.error();
  if (auto st = tx.Cases().Reindex(inserted->id); !st) return st.error();
  json::object data{{"number", inserted->number},
                    {"category", config->category.key},
                    {"callback_task_id", task.id}};
  if (origin) data["follow_up_of"] = origin->id;
  if (auto st = RecordChange(tx, s, *inserted, actor.id(), now,
                             {"created", "", json::serialize(data), "public"});
      !st) {
    return st.error();
  }
  if (origin) {
    if (auto st =
            tx.Cases().AddLink({origin->id, inserted->id, "callback_follow_up", actor.id(), now});
        !st) {
      return st.error();
    }
    json::object link{{"linked_case_id", inserted->id},
                      {"number", inserted->number},
                      {"kind", "callback_follow_up"}};
    if (auto st =
            RecordChange(tx, s, *origin, actor.id(), now, {"linked", "", json::serialize(link)});
        !st) {
      return st.error();
    }
  }
  return inserted;
}

// R1.9: every quality manager of the unit or its ancestors hears of it.
Status EscalateViolation(Tx& tx, const CallbackTask& task, const std::optional<CaseRecord>& record,
                         Instant now) {
  auto managers = tx.Org().UsersWithRole(core::Role::kQualityManager, task.org_unit_id);
  if (!managers) return managers.error();
  const std::string what = record ? "工单 " + record->number + " / case " + record->number
                                  : "客户 " + std::to_string(task.customer_id);
  for (const auto& m : *managers) {
    if (auto st = Notify(tx, m.id, task.case_id, "callback_violation",
                         "回访发现违规：" + what + " / violation found in a callback: " + what,
                         task.violation_note, now);
        !st) {
      return st;
    }
  }
  return {};
}

}  // namespace

Result<CallbackTask> RecordCallbackOutcome(Services& s, const Actor& actor, Id task_id,
                                           const CallbackOutcome& outcome,
                                           int64_t expected_version) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  CallbackTask updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto task = LoadOpenTask(tx, actor, task_id);
    if (!task) return task.error();
    if (auto v = CheckOutcome(*task, outcome); !v) return v;
    const std::string channel = outcome.channel.value_or(task->channel);
    if (auto v = CheckEvidence(tx, *task, channel, outcome.evidence_json); !v) return v;
    auto rule = tx.Callbacks().GetRule(task->rule_id);
    if (!rule) return rule.error();
    std::optional<CaseRecord> record;
    if (task->case_id) {
      auto r = tx.Cases().Get(*task->case_id);
      if (!r) return r.error();
      record = std::move(*r);
    }

    CallbackTask t = *task;
    t.channel = channel;
    t.evidence_json = outcome.evidence_json;
    t.solved = outcome.solved;
    t.satisfaction = outcome.satisfaction;
    t.score = outcome.score;
    t.opinion = outcome.opinion;
    t.suggestion = outcome.suggestion;
    t.violation = outcome.violation;
    t.violation_note = outcome.violation_note;
    t.status = "done";
    t.attempts += 1;
    t.completed_at = now;
    t.completed_by = actor.id();
    t.next_attempt_at.reset();

    const bool unhappy = outcome.satisfaction == "dissatisfied" || outcome.solved == false;
    std::string follow_up = "none";
    if (unhappy && (record || rule->followup_category_id)) {
      bool reopened = false;
      if (record && rule->on_unsatisfied == "reopen") {
        auto r = Reopen(tx, s, actor, *record, t, now);
        if (!r) return r.error();
        reopened = *r;
      }
      if (reopened) {
        follow_up = "reopened";
      } else {
        auto opened = OpenFollowUp(tx, s, actor, *rule, t, record, now);
        if (!opened) return opened.error();
        t.follow_up_case_id = opened->id;
        follow_up = "new_case";
      }
      if (record) {
        const std::string title = "回访不满意，工单 " + record->number +
                                  (reopened ? " 已重新打开" : " 已另开投诉") +
                                  " / callback unhappy: case " + record->number +
                                  (reopened ? " reopened" : " followed up by a new complaint");
        if (auto n = Notify(tx, record->owner_id, record->id, "callback_unhappy", title,
                            outcome.opinion, now);
            !n) {
          return n;
        }
      }
    }
    if (outcome.violation) {
      if (auto v = EscalateViolation(tx, t, record, now); !v) return v;
    }
    auto saved = tx.Callbacks().UpdateTask(t, ExpectedVersion(expected_version, task->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    if (auto a = tx.Callbacks().AddAttempt({0, updated.id, now, actor.id(), "reached", ""}); !a) {
      return a.error();
    }
    json::object data{{"task_id", updated.id},
                      {"channel", updated.channel},
                      {"solved", outcome.solved ? json::value(*outcome.solved) : nullptr},
                      {"satisfaction", updated.satisfaction},
                      {"score", outcome.score ? json::value(*outcome.score) : nullptr},
                      {"violation", updated.violation},
                      {"follow_up", follow_up}};
    if (updated.follow_up_case_id) data["follow_up_case_id"] = *updated.follow_up_case_id;
    if (record) {
      std::string body = updated.opinion;
      if (auto rc = RecordChange(tx, s, *record, actor.id(), now,
                                 {"callback", body, json::serialize(data)});
          !rc) {
        return rc;
      }
      if (updated.violation) {
        if (auto rc = RecordChange(tx, s, *record, actor.id(), now,
                                   {"callback_violation", updated.violation_note,
                                    json::serialize(json::object{{"task_id", updated.id}})});
            !rc) {
          return rc;
        }
      }
    }
    return AppendAudit(tx, s.crypto, now, actor.id(), "callback.outcome", "callback_task",
                       updated.id, json::serialize(data));
  });
  if (!st) return st.error();
  return updated;
}

}  // namespace csqm::app
