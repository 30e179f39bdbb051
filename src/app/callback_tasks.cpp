// Callback tasks: created by rules (on resolution, on a customer event), listed as the
// callback workbench's queues, assigned, and retried when the customer cannot be reached.
#include <algorithm>
#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"
#include "app/timeline.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;
using namespace callbacks_detail;

namespace {

bool Contains(const std::vector<Id>& ids, Id id) {
  return ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
}

core::Error TaskNotFound() {
  return MakeError(ErrorCode::kNotFound, "callback_task.not_found", "回访任务不存在",
                   "callback task not found", "id");
}

Status AuditTask(Tx& tx, Services& s, const CallbackTask& t, std::optional<Id> actor,
                 const std::string& action, json::object data, Instant now) {
  data["status"] = t.status;
  if (t.case_id) data["case_id"] = *t.case_id;
  return AppendAudit(tx, s.crypto, now, actor, "callback." + action, "callback_task", t.id,
                     json::serialize(data));
}

}  // namespace

Result<CallbackTask> callbacks_detail::LoadVisibleTask(Tx& tx, const Actor& actor, Id task_id) {
  auto task = tx.Callbacks().GetTask(task_id);
  if (!task) return task.error();
  if (!core::SeesUnitCases(actor.role())) {
    if (task->assignee_id != actor.id()) return TaskNotFound();
    return task;
  }
  auto unit = tx.Org().GetUnit(task->org_unit_id);
  if (!unit) return unit.error();
  if (!InScope(actor, unit->path)) return TaskNotFound();
  return task;
}

Result<CallbackTask> callbacks_detail::LoadOpenTask(Tx& tx, const Actor& actor, Id task_id) {
  auto task = LoadVisibleTask(tx, actor, task_id);
  if (task && task->status != "open") {
    return MakeError(ErrorCode::kFailedPrecondition, "callback.not_open", "回访任务已结束",
                     "the callback task is no longer open");
  }
  return task;
}

Status CreateCallbacksOnResolve(Tx& tx, Services& s, const CaseConfig& config,
                                const CaseRecord& record, Instant now) {
  if (!record.customer_id) return {};
  auto rules = tx.Callbacks().ActiveRules("case_resolved");
  if (!rules) return rules.error();
  for (const auto& rule : *rules) {
    if (!Contains(IdList(rule.case_type_ids_json), record.case_type_id) ||
        !Contains(IdList(rule.category_ids_json), record.category_id)) {
      continue;
    }
    auto due = TaskDue(tx, s, rule, config.schedule.get(), now);
    if (!due) return due.error();
    CallbackTask t;
    t.rule_id = rule.id;
    t.case_id = record.id;
    t.customer_id = *record.customer_id;
    t.org_unit_id = record.org_unit_id;
    t.category_id = record.category_id;
    t.case_type = config.type.key;
    t.severity = std::string(core::Name(record.severity));
    t.channel = rule.channel;
    t.created_at = now;
    t.due_at = *due;
    t.max_attempts = rule.max_attempts;
    // The case's version changes with every update: one key per resolution.
    t.dedupe_key = "r" + std::to_string(rule.id) + ":resolved:" + std::to_string(record.id) + ":v" +
                   std::to_string(record.version);
    auto inserted = tx.Callbacks().InsertTask(std::move(t));
    if (!inserted) return inserted.error();
    if (!*inserted) continue;
    const auto& task = **inserted;
    json::object data{{"task_id", task.id},
                      {"rule_id", rule.id},
                      {"channel", task.channel},
                      {"due_at", task.due_at.time_since_epoch().count()}};
    if (auto st = RecordChange(
            tx, s, record, std::nullopt, now,
            {"callback_scheduled", "已安排回访 / callback scheduled", json::serialize(data)});
        !st) {
      return st;
    }
  }
  return {};
}

Status CreateCallbacksOnCustomerEvent(Tx& tx, Services& s, const Customer& customer,
                                      std::string_view event, Instant now) {
  auto rules = tx.Callbacks().ActiveRules("customer_event");
  if (!rules) return rules.error();
  for (const auto& rule : *rules) {
    if (rule.event != event) continue;
    auto due = TaskDue(tx, s, rule, nullptr, now);
    if (!due) return due.error();
    CallbackTask t;
    t.rule_id = rule.id;
    t.customer_id = customer.id;
    t.org_unit_id = customer.org_unit_id;
    t.channel = rule.channel;
    t.created_at = now;
    t.due_at = *due;
    t.max_attempts = rule.max_attempts;
    t.dedupe_key = "r" + std::to_string(rule.id) + ":" + std::string(event) + ":" +
                   std::to_string(customer.id);
    auto inserted = tx.Callbacks().InsertTask(std::move(t));
    if (!inserted) return inserted.error();
    if (!*inserted) continue;
    if (auto st = AuditTask(tx, s, **inserted, std::nullopt, "create",
                            json::object{{"rule_id", rule.id}, {"event", event}}, now);
        !st) {
      return st;
    }
  }
  return {};
}

Result<Page<CallbackTask>> ListCallbackTasks(Services& s, const Actor& actor,
                                             const CallbackTaskFilter& f) {
  CallbackTaskQuery q;
  q.statuses = f.statuses;
  q.assignee_id = f.assignee_id;
  q.case_id = f.case_id;
  q.rule_id = f.rule_id;
  q.sample_id = f.sample_id;
  q.due_before = f.due_before;
  q.after = f.after;
  q.limit = f.limit;
  if (!core::SeesUnitCases(actor.role())) {
    q.assignee_id = actor.id();
  } else {
    q.unit_paths = {actor.unit_path};
  }
  Page<CallbackTask> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Callbacks().ListTasks(q);
    if (!found) return found.error();
    page = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return page;
}

Result<CallbackTaskView> GetCallbackTask(Services& s, const Actor& actor, Id task_id) {
  CallbackTaskView view;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto task = LoadVisibleTask(tx, actor, task_id);
    if (!task) return task.error();
    view.task = std::move(*task);
    auto attempts = tx.Callbacks().Attempts(task_id);
    if (!attempts) return attempts.error();
    view.attempts = std::move(*attempts);
    auto rule = tx.Callbacks().GetRule(view.task.rule_id);
    if (!rule) return rule.error();
    view.rule_name = rule->name;
    view.script = rule->script;
    return {};
  });
  if (!st) return st.error();
  return view;
}

Result<CallbackTask> AssignCallbackTask(Services& s, const Actor& actor, Id task_id, Id assignee_id,
                                        int64_t expected_version) {
  if (!core::SeesUnitCases(actor.role()) || !core::MayWriteCases(actor.role())) {
    return Forbidden("分派回访任务", "assign callback tasks");
  }
  const Instant now = s.clock.Now();
  CallbackTask updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto task = LoadVisibleTask(tx, actor, task_id);
    if (!task) return task.error();
    auto assignee = tx.Org().GetUser(assignee_id);
    if (!assignee || !assignee->active || !core::MayWriteCases(assignee->role)) {
      return MakeError(ErrorCode::kInvalidArgument, "callback.bad_assignee", "回访人不存在或不可用",
                       "the assignee does not exist or cannot call back", "assignee_id");
    }
    CallbackTask t = *task;
    const auto before = t.assignee_id;
    t.assignee_id = assignee_id;
    auto saved = tx.Callbacks().UpdateTask(t, ExpectedVersion(expected_version, task->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    if (auto n = Notify(tx, assignee_id, updated.case_id, "callback_assigned",
                        "回访任务已分派给您 / a callback task was assigned to you", "", now);
        !n) {
      return n;
    }
    return AuditTask(
        tx, s, updated, actor.id(), "assign",
        json::object{{"from", before ? json::value(*before) : nullptr}, {"to", assignee_id}}, now);
  });
  if (!st) return st.error();
  return updated;
}

Result<CallbackTask> RecordUnreachable(Services& s, const Actor& actor, Id task_id,
                                       const std::string& note, int64_t expected_version) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  if (note.size() > 6000) {
    return MakeError(ErrorCode::kInvalidArgument, "callback.bad_note", "备注过长",
                     "the note is too long", "note");
  }
  const Instant now = s.clock.Now();
  CallbackTask updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto task = LoadOpenTask(tx, actor, task_id);
    if (!task) return task.error();
    auto rule = tx.Callbacks().GetRule(task->rule_id);
    if (!rule) return rule.error();
    CallbackTask t = *task;
    t.attempts += 1;
    if (t.attempts >= t.max_attempts) {
      t.status = "failed";
      t.completed_at = now;
      t.completed_by = actor.id();
      t.next_attempt_at.reset();
    } else {
      t.next_attempt_at = now + std::chrono::minutes(rule->retry_minutes);
    }
    auto saved = tx.Callbacks().UpdateTask(t, ExpectedVersion(expected_version, task->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    auto attempt = tx.Callbacks().AddAttempt({0, updated.id, now, actor.id(), "unreachable", note});
    if (!attempt) return attempt.error();
    json::object data{{"task_id", updated.id},
                      {"attempt", updated.attempts},
                      {"max_attempts", updated.max_attempts},
                      {"status", updated.status}};
    if (updated.next_attempt_at) {
      data["next_attempt_at"] = updated.next_attempt_at->time_since_epoch().count();
    }
    if (updated.case_id) {
      auto record = tx.Cases().Get(*updated.case_id);
      if (!record) return record.error();
      const std::string body =
          updated.status == "failed"
              ? "回访失败：多次联系不上客户 / callback failed: customer unreachable"
              : "回访未接通，稍后重试 / customer unreachable, retry later";
      if (auto st2 = RecordChange(tx, s, *record, actor.id(), now,
                                  {"callback_attempt", body, json::serialize(data)});
          !st2) {
        return st2;
      }
    }
    return AuditTask(tx, s, updated, actor.id(), "unreachable", std::move(data), now);
  });
  if (!st) return st.error();
  return updated;
}

Result<CallbackTask> CancelCallbackTask(Services& s, const Actor& actor, Id task_id,
                                        const std::string& reason, int64_t expected_version) {
  const auto role = actor.role();
  if (role != core::Role::kSupervisor && role != core::Role::kManager &&
      role != core::Role::kQualityManager && role != core::Role::kAdmin) {
    return Forbidden("撤销回访任务", "cancel callback tasks");
  }
  if (reason.empty() || reason.size() > 6000) {
    return MakeError(ErrorCode::kInvalidArgument, "callback.missing_reason", "撤销回访需要填写原因",
                     "cancelling a callback needs a reason", "reason");
  }
  const Instant now = s.clock.Now();
  CallbackTask updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto task = LoadOpenTask(tx, actor, task_id);
    if (!task) return task.error();
    CallbackTask t = *task;
    t.status = "cancelled";
    t.completed_at = now;
    t.completed_by = actor.id();
    t.next_attempt_at.reset();
    auto saved = tx.Callbacks().UpdateTask(t, ExpectedVersion(expected_version, task->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    json::object data{{"task_id", updated.id}, {"status", "cancelled"}};
    if (updated.case_id) {
      auto record = tx.Cases().Get(*updated.case_id);
      if (!record) return record.error();
      if (auto st2 = RecordChange(tx, s, *record, actor.id(), now,
                                  {"callback_cancelled", reason, json::serialize(data)});
          !st2) {
        return st2;
      }
    }
    data["reason_chars"] = reason.size();
    return AuditTask(tx, s, updated, actor.id(), "cancel", std::move(data), now);
  });
  if (!st) return st.error();
  return updated;
}

}  // namespace csqm::app
