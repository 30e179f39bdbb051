// Workflows are data: a case type declares its statuses and the transitions between them,
// who may take each transition and which fields it requires (architecture.md "Cases").
//   {"initial":"new",
//    "statuses":[{"key":"new","zh":"新建","en":"New"},
//                {"key":"waiting_customer","zh":"等待客户","en":"Waiting for
//                customer","pauses_sla":true},
//                {"key":"resolved","zh":"已解决","en":"Resolved","resolved":true},
//                {"key":"closed","zh":"已关闭","en":"Closed","final":true}],
//    "transitions":[{"key":"resolve","zh":"解决","en":"Resolve","from":["in_progress"],
//                    "to":"resolved","roles":["agent","supervisor"],"required":["resolution"]}]}
// An approval step is a status plus a transition only a manager may take.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/roles.hpp"

namespace csqm::core {

struct WorkflowStatus {
  std::string key;
  std::string name_zh;
  std::string name_en;
  bool pauses_sla = false;  // SLA clocks stop while a case is here (e.g. waiting for customer)
  bool resolved = false;    // counts as resolved (meets "resolved" targets)
  bool final = false;       // closed: no transitions out
};

struct WorkflowTransition {
  std::string key;
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> from;  // statuses it leaves; empty = any non-final status
  std::string to;
  std::vector<Role> roles;            // who may take it; empty = every role that may write cases
  std::vector<std::string> required;  // field names that must be given, non-empty
};

struct Workflow {
  std::string initial;
  std::vector<WorkflowStatus> statuses;
  std::vector<WorkflowTransition> transitions;

  const WorkflowStatus* Status(std::string_view key) const;
  const WorkflowTransition* Transition(std::string_view key) const;
  // Transitions available from a status to a role, in declaration order.
  std::vector<const WorkflowTransition*> Available(std::string_view status, Role role) const;
};

// Parses and validates (unknown statuses in transitions, duplicate keys, a final status with
// transitions out, missing initial status). Errors name the field: "transitions[2].to".
Result<Workflow> ParseWorkflowJson(std::string_view json);
std::string WorkflowToJson(const Workflow& workflow);

// May `role` take `transition` from `status` with these non-empty fields? Errors:
// kNotFound "workflow.unknown_transition", kFailedPrecondition "workflow.not_from_status",
// kPermissionDenied "workflow.role_not_allowed", kInvalidArgument "workflow.missing_field"
// (field = the missing field's name).
Result<const WorkflowTransition*> CheckTransition(const Workflow& workflow, std::string_view status,
                                                  std::string_view transition, Role role,
                                                  const std::vector<std::string>& given_fields);

}  // namespace csqm::core
