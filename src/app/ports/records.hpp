// Records: the rows use cases read and write through the store ports. Plain data; ids are
// int64 (0 = not yet stored); instants are core::Instant; JSON blobs stay text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case_enums.hpp"
#include "core/roles.hpp"
#include "core/time_types.hpp"

namespace csqm::app {

using core::Instant;
using Id = int64_t;

struct OrgUnit {
  Id id = 0;
  std::optional<Id> parent_id;
  std::string kind;  // company, project, department
  std::string code;
  std::string name;
  std::string path;  // "/1/4/9/"
  Instant created_at;
  int64_t version = 1;
};

struct User {
  Id id = 0;
  std::string login;
  std::string display_name;
  std::string password_hash;
  core::Role role = core::Role::kAgent;
  Id org_unit_id = 0;
  std::optional<Id> supervisor_id;
  std::string phone;
  std::string email;
  bool active = true;
  Instant created_at;
  int64_t version = 1;
};

struct Session {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;
  Instant created_at;
  Instant expires_at;
};

struct ApiToken {
  Id id = 0;
  std::string token_hash;
  Id user_id = 0;
  std::string name;
  Instant created_at;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
};

struct CalendarRecord {
  Id id = 0;
  std::string key;
  std::string name;
  std::string spec_json;
  Instant updated_at;
  int64_t version = 1;
};

struct CaseType {
  Id id = 0;
  std::string key;
  std::string prefix;
  std::string name_zh;
  std::string name_en;
  std::string workflow_json;
  int64_t version = 1;
};

struct Category {
  Id id = 0;
  std::optional<Id> parent_id;
  Id case_type_id = 0;
  std::string key;
  std::string name_zh;
  std::string name_en;
  Id calendar_id = 0;
  std::string policy_json;
  bool active = true;
  int64_t version = 1;
};

struct Customer {
  Id id = 0;
  core::CustomerKind kind = core::CustomerKind::kIndividual;
  std::string name;
  std::string phone;
  std::string email;
  std::string wechat;
  std::string address;
  std::string unit;
  core::CustomerTier tier = core::CustomerTier::kOrdinary;
  Id org_unit_id = 0;
  std::optional<Id> dedicated_staff_id;
  std::string contacts_json = "[]";
  std::string attributes_json = "{}";
  Instant created_at;
  int64_t version = 1;
};

struct CaseRecord {
  Id id = 0;
  std::string number;
  Id case_type_id = 0;
  Id category_id = 0;
  std::string title;
  std::string description;
  core::Channel channel = core::Channel::kPhone;
  core::Severity severity = core::Severity::kOrdinary;
  std::string status;
  bool status_final = false;
  std::optional<Id> customer_id;
  Id owner_id = 0;
  std::optional<Id> assignee_id;
  Id org_unit_id = 0;
  Instant received_at;
  Instant created_at;
  Instant updated_at;
  std::optional<Instant> first_reply_at;
  std::optional<Instant> arrived_at;
  std::optional<Instant> resolved_at;
  std::optional<Instant> closed_at;
  std::optional<Instant> paused_since;
  int month = 0;  // local YYYYMM of received_at
  std::string custom_json = "{}";
  int64_t version = 1;

  bool operator==(const CaseRecord&) const = default;
};

struct TargetRecord {
  Id case_id = 0;
  std::string target_key;
  std::string clock;
  std::string limit_text;
  std::optional<Instant> due_at;
  std::optional<Instant> warn_at;
  std::optional<Instant> met_at;
  std::optional<Instant> breached_at;
  std::optional<Instant> extended_due;
};

struct PauseRecord {
  Id case_id = 0;
  Instant started_at;
  std::optional<Instant> ended_at;
};

struct TimerRecord {
  Id id = 0;
  Id case_id = 0;
  std::string target_key;
  int step = -1;
  Instant fire_at;
  std::optional<Instant> fired_at;
};

struct TimelineEntry {
  Id id = 0;
  Id case_id = 0;
  Instant at;
  std::optional<Id> actor_id;  // absent: the system
  std::string kind;            // created, transition, assigned, comment, arrival, escalation …
  std::string visibility = "internal";
  std::string body;
  std::string data_json = "{}";
};

struct Attachment {
  Id id = 0;
  Id case_id = 0;
  std::string sha256;
  std::string filename;
  std::string content_type;
  int64_t size = 0;
  Id uploaded_by = 0;
  Instant uploaded_at;
};

struct ExtensionRequest {
  Id id = 0;
  Id case_id = 0;
  std::string target_key;
  Id requested_by = 0;
  Instant requested_at;
  Instant requested_due;
  std::string reason;
  std::string status = "pending";  // pending, approved, rejected
  std::optional<Id> decided_by;
  std::optional<Instant> decided_at;
  std::string decision_note;
  int64_t version = 1;
};

struct CaseLink {
  Id case_id = 0;
  Id linked_case_id = 0;
  std::string kind = "related";
  Id created_by = 0;
  Instant created_at;
};

struct Notification {
  Id id = 0;
  Id user_id = 0;
  std::optional<Id> case_id;
  std::string kind;
  std::string title;
  std::string body;
  Instant created_at;
  std::optional<Instant> read_at;
};

struct OutboxMessage {
  Id id = 0;
  std::string channel;  // email, webhook
  std::string recipient;
  std::string payload_json;
  Instant created_at;
};

struct AuditEntry {
  Id id = 0;
  Instant at;
  std::optional<Id> actor_id;
  std::string action;  // e.g. case.create, user.update
  std::string entity;
  std::optional<Id> entity_id;
  std::string data_json;
  std::string prev_hash;
  std::string hash;
};

struct IdempotentResponse {
  std::string request_hash;
  int status = 0;
  std::string body;
};

}  // namespace csqm::app
