// Writing to a case's timeline and the audit log together: every change is recorded twice —
// in the case's own history (what the UI shows) and in the tamper-evident audit chain.
#pragma once

#include <optional>
#include <string>

#include "app/context.hpp"

namespace csqm::app {

struct Change {
  std::string kind;              // created, updated, transition, assigned, comment, arrival, …
  std::string body;              // human text (a comment, a reason)
  std::string data_json = "{}";  // before / after and details
  std::string visibility = "internal";
};

// Appends the timeline entry and an audit row "case.<kind>" in the caller's transaction.
Status RecordChange(Tx& tx, const Services& services, const CaseRecord& record,
                    std::optional<Id> actor, Instant at, Change change);

}  // namespace csqm::app
