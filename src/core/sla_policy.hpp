// SLA policies: the time-limit targets of a category and their escalation steps, as data.
//   {"targets":[{"key":"resolved","zh":"办结","en":"Resolved","clock":"business","limit":"0.5d",
//                "met_by":{"event":"resolved"},
//                "escalation":[{"at":"75%","notify":["assignee"]},
//                              {"at":"breach","notify":["assignee","owner_supervisor"]},
//                              {"at":"breach+2h","notify":["owner_manager"],"raise_severity":"serious"}]}]}
// met_by: {"event":"first_public_reply" | "arrival" | "resolved"} or {"status":"<status key>"}.
// notify: assignee, owner, owner_supervisor, owner_manager, or "role:<role>".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_enums.hpp"
#include "core/result.hpp"
#include "core/roles.hpp"
#include "core/sla_clock.hpp"

namespace csqm::core {

enum class MetEvent { kFirstPublicReply, kArrival, kResolved, kStatus };

struct MetCondition {
  MetEvent event = MetEvent::kResolved;
  std::string status;  // for kStatus
};

enum class Recipient { kAssignee, kOwner, kOwnerSupervisor, kOwnerManager, kRole };

struct Notify {
  Recipient who = Recipient::kAssignee;
  Role role = Role::kManager;  // for kRole
};

struct EscalationStep {
  enum class When { kPercent, kBreach } when = When::kBreach;
  int percent = 0;    // kPercent: 1…99
  std::string delay;  // kBreach: "" or a limit on the target's clock, e.g. "2h"
  std::vector<Notify> notify;
  std::optional<Severity> raise_severity;
  std::string label;  // "75%", "breach", "breach+2h" as written
};

struct SlaTarget {
  std::string key;  // answered, on_site, resolved …
  std::string name_zh;
  std::string name_en;
  ClockKind clock = ClockKind::kBusiness;
  std::string limit;  // as written: "30m", "0.5d", "7d"
  MetCondition met_by;
  std::vector<EscalationStep> escalation;
};

struct SlaPolicy {
  std::vector<SlaTarget> targets;
  const SlaTarget* Target(std::string_view key) const;
};

// Parses and validates (clock, limit syntax, step order, duplicate keys); errors name the
// field, e.g. "targets[0].escalation[1].at".
Result<SlaPolicy> ParseSlaPolicyJson(std::string_view json);
std::string SlaPolicyToJson(const SlaPolicy& policy);

std::string_view RecipientName(const Notify& n);  // "owner_supervisor", "role:manager"

}  // namespace csqm::core
