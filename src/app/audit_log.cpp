#include "app/audit_log.hpp"

#include <algorithm>

#include "app/access.hpp"

namespace csqm::app {
namespace {

Status RequireAuditReader(const Actor& actor) {
  const core::Role r = actor.role();
  if (r == core::Role::kAuditor || r == core::Role::kAdmin || r == core::Role::kQualityManager) {
    return {};
  }
  return Forbidden("查看审计日志", "read the audit log");
}

}  // namespace

Result<Page<AuditEntry>> ListAudit(Services& s, const Actor& actor, Id after, int limit) {
  if (auto st = RequireAuditReader(actor); !st) return st.error();
  limit = std::clamp(limit, 1, 500);  // +1 stays within the store's page limit
  Page<AuditEntry> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto rows = tx.Audit().Scan(std::max<Id>(after, 0), limit + 1);
    if (!rows) return rows.error();
    page.items = std::move(*rows);
    return {};
  });
  if (!st) return st.error();
  if (int(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Result<AuditVerdict> CheckAudit(Services& s, const Actor& actor) {
  if (auto st = RequireAuditReader(actor); !st) return st.error();
  return VerifyAudit(s.store, s.crypto);
}

}  // namespace csqm::app
