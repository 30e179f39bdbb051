#include "app/audit.hpp"

namespace csqm::app {

std::string AuditHash(const Crypto& crypto, const AuditEntry& e) {
  std::string text;
  text.reserve(128 + e.data_json.size());
  text += e.prev_hash;
  text += '\n';
  text += std::to_string(e.at.time_since_epoch().count());
  text += '\n';
  text += e.actor_id ? std::to_string(*e.actor_id) : "-";
  text += '\n';
  text += e.action;
  text += '\n';
  text += e.entity;
  text += '\n';
  text += e.entity_id ? std::to_string(*e.entity_id) : "-";
  text += '\n';
  text += e.data_json;
  return crypto.Sha256Hex(text);
}

Status AppendAudit(Tx& tx, const Crypto& crypto, Instant at, std::optional<Id> actor,
                   std::string action, std::string entity, std::optional<Id> entity_id,
                   std::string data_json) {
  auto last = tx.Audit().LastHash();
  if (!last) return last.error();
  AuditEntry e;
  e.at = at;
  e.actor_id = actor;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = entity_id;
  e.data_json = std::move(data_json);
  e.prev_hash = std::move(*last);
  e.hash = AuditHash(crypto, e);
  auto stored = tx.Audit().Append(std::move(e));
  if (!stored) return stored.error();
  return {};
}

Result<AuditVerdict> VerifyAudit(Store& store, const Crypto& crypto) {
  AuditVerdict verdict;
  std::string prev;
  Id after = 0;
  for (;;) {
    std::vector<AuditEntry> rows;
    auto st = store.Read([&](Tx& tx) -> Status {
      auto scanned = tx.Audit().Scan(after, 1000);
      if (!scanned) return scanned.error();
      rows = std::move(*scanned);
      return {};
    });
    if (!st) return st.error();
    if (rows.empty()) return verdict;
    for (const auto& row : rows) {
      ++verdict.rows;
      if (row.prev_hash != prev) {
        verdict.first_bad = row.id;
        verdict.reason = "link";
        return verdict;
      }
      if (AuditHash(crypto, row) != row.hash) {
        verdict.first_bad = row.id;
        verdict.reason = "hash";
        return verdict;
      }
      prev = row.hash;
      after = row.id;
    }
  }
}

}  // namespace csqm::app
