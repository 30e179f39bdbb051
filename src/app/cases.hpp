// Case use cases: open, read, list (queues) and edit. One transaction each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "core/workflow.hpp"

namespace csqm::app {

struct OpenCaseInput {
  Id category_id = 0;
  std::string title;
  std::string description;
  core::Channel channel = core::Channel::kPhone;
  core::Severity severity = core::Severity::kOrdinary;
  std::optional<Id> customer_id;
  std::optional<Id> assignee_id;
  std::optional<Id> org_unit_id;       // default: the customer's unit, else the actor's
  std::optional<Instant> received_at;  // default: now; earlier within Settings::max_backdating
  std::string custom_json = "{}";
};

// Validates, numbers (PREFIX-YYYYMM-NNNNNN), stores, plans every SLA target, indexes for
// search and records the creation. The actor becomes the owner (首问).
Result<CaseRecord> OpenCase(Services& services, const Actor& actor, const OpenCaseInput& input);
// OpenCase inside the caller's transaction, for use cases that open a case as part of their
// own work (e.g. the improvement actions of a quality report); `now` is their clock reading.
Result<CaseRecord> OpenCaseIn(Tx& tx, Services& services, const Actor& actor,
                              const OpenCaseInput& input, Instant now);

struct UserRef {
  Id id = 0;
  std::string display_name;
};

struct CaseView {
  CaseRecord record;
  std::string type_key;
  std::string category_key;
  const core::WorkflowStatus* status = nullptr;  // points into `workflow`
  std::shared_ptr<const core::Workflow> workflow;
  std::shared_ptr<const core::SlaPolicy> policy;
  std::vector<TargetRecord> targets;
  std::vector<const core::WorkflowTransition*> transitions;  // open to the actor now
  std::optional<Customer> customer;  // phone masked unless the actor's role may see it
  UserRef owner;
  std::optional<UserRef> assignee;
};

Result<CaseView> GetCase(Services& services, const Actor& actor, Id case_id);

// OpenCase answering with the new case as the actor sees it (what GetCase would return), built
// from what the write had at hand: POST /cases needs no second, read transaction.
Result<CaseView> OpenCaseView(Services& services, const Actor& actor, const OpenCaseInput& input);

struct CaseFilter {
  std::vector<std::string> statuses;
  std::optional<Id> category_id;
  std::optional<Id> assignee_id;
  std::optional<Id> owner_id;
  std::optional<Id> customer_id;
  std::optional<Id> org_unit_id;
  std::optional<core::Severity> severity;
  std::optional<bool> open;
  std::optional<int> breaching_within_minutes;
  bool overdue = false;
  std::string text;  // Chinese full-text search
  std::optional<Id> after;
  int limit = 50;
};

// A line of a queue or a search result: the case without its description (GET the case for
// it) and its targets.
struct CaseListItem {
  CaseRecord record;  // description empty
  std::vector<TargetRecord> targets;
};

// The actor's queue: filters within their scope, newest first, cursor pagination.
Result<Page<CaseListItem>> ListCases(Services& services, const Actor& actor, const CaseFilter& f);

struct CasePatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Id> category_id;  // re-plans every target
  std::optional<core::Severity> severity;
  std::optional<std::optional<Id>> customer_id;
  std::optional<std::string> custom_json;
};

// Edits with optimistic concurrency (expected_version from If-Match).
Result<CaseRecord> UpdateCase(Services& services, const Actor& actor, Id case_id,
                              const CasePatch& patch, int64_t expected_version);

}  // namespace csqm::app
