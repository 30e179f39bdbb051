// The tamper-evident audit log: every change appended as a row whose hash covers the row and
// the previous row's hash, so an edited or deleted row breaks the chain (R14.2).
#pragma once

#include <optional>
#include <string>

#include "app/context.hpp"

namespace csqm::app {

// Appends in the caller's transaction. `data_json` holds before/after.
Status AppendAudit(Tx& tx, const Crypto& crypto, Instant at, std::optional<Id> actor,
                   std::string action, std::string entity, std::optional<Id> entity_id,
                   std::string data_json);

// The hash of a row given its predecessor's hash.
std::string AuditHash(const Crypto& crypto, const AuditEntry& entry);

struct AuditVerdict {
  int64_t rows = 0;
  std::optional<Id> first_bad;  // the first row whose hash or link does not match
  std::string reason;           // "hash" or "link"
};

// Walks the whole chain in id order.
Result<AuditVerdict> VerifyAudit(Store& store, const Crypto& crypto);

}  // namespace csqm::app
