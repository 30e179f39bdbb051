// Writing to a case's timeline and the audit log together: every change is recorded twice —
// in the case's own history (what the UI shows) and in the tamper-evident audit chain.
#pragma once

#include <optional>
#include <string>

#include "app/case_config.hpp"
#include "app/context.hpp"

namespace csqm::app {

struct Change {
  std::string kind;              // created, updated, transition, assigned, comment, arrival, …
  std::string body;              // human text (a comment, a reason)
  std::string data_json = "{}";  // before / after and details
  std::string visibility = "internal";
};

// Appends the timeline entry and an audit row "case.<kind>" in the caller's transaction, and
// brings the case's quality rollups up to date (TrackCase).
Status RecordChange(Tx& tx, const Services& services, const CaseRecord& record,
                    std::optional<Id> actor, Instant at, Change change);

// RecordChange for a case inserted in this transaction ("created"): its rollups come from the
// configuration and targets the caller planned with (TrackNewCase), nothing is read back.
Status RecordCreation(Tx& tx, const Services& services, const CaseRecord& record,
                      const CaseConfig& config, const std::vector<TargetRecord>& targets,
                      std::optional<Id> actor, Instant at, Change change);

}  // namespace csqm::app
