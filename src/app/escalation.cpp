#include "app/escalation.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/case_config.hpp"
#include "app/timeline.hpp"
#include "core/case_sla.hpp"

namespace csqm::app {
namespace {

namespace json = boost::json;

void AddUnique(std::vector<Id>& ids, std::optional<Id> id) {
  if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
}

Result<std::vector<Id>> Recipients(Tx& tx, const CaseRecord& record,
                                   const std::vector<core::Notify>& notify) {
  std::vector<Id> ids;
  std::optional<User> owner;
  const auto load_owner = [&]() -> Status {
    if (owner) return {};
    auto u = tx.Org().GetUser(record.owner_id);
    if (!u) return u.error();
    owner = std::move(*u);
    return {};
  };
  for (const auto& n : notify) {
    switch (n.who) {
      case core::Recipient::kAssignee:
        AddUnique(ids, record.assignee_id);
        break;
      case core::Recipient::kOwner:
        AddUnique(ids, record.owner_id);
        break;
      case core::Recipient::kOwnerSupervisor:
      case core::Recipient::kOwnerManager: {
        if (auto st = load_owner(); !st) return st.error();
        std::optional<Id> target = owner->supervisor_id;
        if (n.who == core::Recipient::kOwnerManager && target) {
          auto supervisor = tx.Org().GetUser(*target);
          target = supervisor ? supervisor->supervisor_id : std::nullopt;
        }
        if (!target) {  // no one named: the nearest users of the right role
          const auto role = n.who == core::Recipient::kOwnerSupervisor ? core::Role::kSupervisor
                                                                       : core::Role::kManager;
          auto users = tx.Org().UsersWithRole(role, record.org_unit_id);
          if (!users) return users.error();
          if (!users->empty()) target = users->front().id;
        }
        AddUnique(ids, target);
        break;
      }
      case core::Recipient::kRole: {
        auto users = tx.Org().UsersWithRole(n.role, record.org_unit_id);
        if (!users) return users.error();
        for (const auto& u : *users) AddUnique(ids, u.id);
        break;
      }
    }
  }
  return ids;
}

Status Notify(Tx& tx, const CaseRecord& record, const std::vector<Id>& users,
              const std::string& title, const std::string& body, Instant now) {
  for (Id user_id : users) {
    Notification n;
    n.user_id = user_id;
    n.case_id = record.id;
    n.kind = "escalation";
    n.title = title;
    n.body = body;
    n.created_at = now;
    if (auto added = tx.Notifications().Add(std::move(n)); !added) return added.error();
    auto user = tx.Org().GetUser(user_id);
    if (!user || user->email.empty()) continue;
    json::object payload{{"to", user->email},
                         {"subject", title},
                         {"body", body},
                         {"case_id", record.id},
                         {"case_number", record.number}};
    OutboxMessage m{0, "email", user->email, json::serialize(payload), now};
    if (auto queued = tx.Notifications().Enqueue(std::move(m)); !queued) return queued.error();
  }
  return {};
}

// One timer, in its own transaction. Returns true when it acted.
Result<bool> Fire(Services& s, const TimerRecord& timer, Instant now) {
  bool acted = false;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    acted = false;
    auto claimed = tx.Cases().ClaimTimer(timer.id, now);
    if (!claimed) return claimed.error();
    if (!*claimed) return {};
    auto record = tx.Cases().Get(timer.case_id);
    if (!record) return record.error();
    if (record->status_final) return {};
    auto config = LoadCaseConfig(tx, s.config, record->category_id);
    if (!config) return config.error();
    const auto* target = config->policy->Target(timer.target_key);
    auto targets = tx.Cases().Targets(record->id);
    if (!targets) return targets.error();
    auto rec = std::find_if(targets->begin(), targets->end(),
                            [&](const auto& t) { return t.target_key == timer.target_key; });
    if (!target || rec == targets->end() || rec->met_at) return {};
    const std::string label = target->name_zh.empty() ? target->key : target->name_zh;

    if (timer.step == core::kBreachStep) {
      if (rec->breached_at) return {};
      rec->breached_at = timer.fire_at;
      if (auto st2 = tx.Cases().UpsertTarget(*rec); !st2) return st2;
      acted = true;
      json::object data{{"target", target->key},
                        {"due_at", timer.fire_at.time_since_epoch().count()}};
      return RecordChange(
          tx, s, *record, std::nullopt, now,
          {"breach", "时限“" + label + "”已超时 / target " + target->key + " breached",
           json::serialize(data)});
    }
    if (timer.step < 0 || size_t(timer.step) >= target->escalation.size()) return {};
    const auto& step = target->escalation[size_t(timer.step)];
    auto users = Recipients(tx, *record, step.notify);
    if (!users) return users.error();
    const std::string title = "工单 " + record->number + " 升级（" + label + " " + step.label +
                              "）/ case " + record->number + " escalated (" + target->key + " " +
                              step.label + ")";
    if (auto st2 = Notify(tx, *record, *users, title, record->title, now); !st2) return st2;
    json::array notified;
    for (Id id : *users) notified.emplace_back(id);
    json::object data{{"target", target->key},
                      {"step", timer.step},
                      {"at", step.label},
                      {"notified", std::move(notified)}};
    if (step.raise_severity && *step.raise_severity > record->severity) {
      data["severity"] = json::object{{"from", core::Name(record->severity)},
                                      {"to", core::Name(*step.raise_severity)}};
      CaseRecord r = *record;
      r.severity = *step.raise_severity;
      r.updated_at = now;
      auto saved = tx.Cases().Update(r, r.version);
      if (!saved) return saved.error();
      *record = std::move(*saved);
    }
    acted = true;
    return RecordChange(tx, s, *record, std::nullopt, now,
                        {"escalation", title, json::serialize(data)});
  });
  if (!st) return st.error();
  return acted;
}

}  // namespace

Result<TimerRunReport> RunDueTimers(Services& s, int batch) {
  const Instant now = s.clock.Now();
  std::vector<TimerRecord> due;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Cases().DueTimers(now, batch);
    if (!found) return found.error();
    due = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  TimerRunReport report;
  report.due = int(due.size());
  for (const auto& timer : due) {
    auto acted = Fire(s, timer, now);
    if (!acted) return acted.error();
    ++(*acted ? report.fired : report.skipped);
  }
  return report;
}

}  // namespace csqm::app
