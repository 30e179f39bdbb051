// Reading the tamper-evident audit log (R14.2): its rows for auditors, administrators and the
// quality manager, and a verification of the whole hash chain (audit.hpp VerifyAudit).
#pragma once

#include <optional>

#include "app/audit.hpp"
#include "app/context.hpp"

namespace csqm::app {

// Rows in id order (oldest first) after the cursor `after` (0 = from the start).
// kPermissionDenied "auth.forbidden" for other roles.
Result<Page<AuditEntry>> ListAudit(Services& s, const Actor& actor, Id after, int limit);

// Walks the whole chain; same roles.
Result<AuditVerdict> CheckAudit(Services& s, const Actor& actor);

}  // namespace csqm::app
