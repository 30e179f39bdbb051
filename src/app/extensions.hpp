// Extending a time limit needs a manager's explicit approval, recorded (R1.8).
#pragma once

#include <string>

#include "app/context.hpp"

namespace csqm::app {

// Anyone working the case may ask for a later due time of one open target.
Result<ExtensionRequest> RequestExtension(Services& s, const Actor& actor, Id case_id,
                                          const std::string& target_key, Instant requested_due,
                                          const std::string& reason);

// A manager (or quality manager/admin) in scope approves or rejects; approval moves the
// target's due time and re-plans its escalation timers.
Result<ExtensionRequest> DecideExtension(Services& s, const Actor& actor, Id extension_id,
                                         bool approve, const std::string& note,
                                         int64_t expected_version);

Result<std::vector<ExtensionRequest>> ListExtensions(Services& s, const Actor& actor, Id case_id);
// Pending requests the actor may decide.
Result<std::vector<ExtensionRequest>> PendingExtensions(Services& s, const Actor& actor);

}  // namespace csqm::app
