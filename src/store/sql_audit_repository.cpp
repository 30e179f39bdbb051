// The append-only, hash-chained audit log (app::AuditRepository). Hashes are computed by the
// caller; this file only stores and reads rows in id order.
#include <string>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define AUDIT_COLUMNS "id, at, actor_id, action, entity, entity_id, data_json, prev_hash, hash"

namespace csqm::store {
namespace {

app::AuditEntry AuditFromRow(const Row& row) {
  app::AuditEntry e;
  e.id = row.Int(0);
  e.at = InstantAt(row, 1);
  e.actor_id = row.OptInt(2);
  e.action = row.Text(3);
  e.entity = row.Text(4);
  e.entity_id = row.OptInt(5);
  e.data_json = row.Text(6);
  e.prev_hash = row.Text(7);
  e.hash = row.Text(8);
  return e;
}

}  // namespace

// On PostgreSQL, concurrent transactions would read the same newest hash and fork the chain:
// the first LastHash of a transaction takes a transaction-scoped advisory lock, held until it
// commits or rolls back, so appends happen one transaction after another, in id order. (On
// SQLite the single writer already serialises them.) Call it last in a write, after the
// rows it locks, as AppendAudit's callers do, to keep the lock short.
core::Result<std::string> SqlAuditRepository::LastHash() {
  if (conn_.dialect() == Dialect::kPostgres) {
    core::Status locked = conn_.Exec("SELECT pg_advisory_xact_lock(7731001)");
    if (!locked.ok()) return locked.error();
  }
  core::Result<std::optional<Row>> row =
      conn_.QueryOne("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!row.ok()) return row.error();
  return row->has_value() ? (*row)->Text(0) : std::string();
}

core::Result<app::AuditEntry> SqlAuditRepository::Append(app::AuditEntry e) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, data_json, prev_hash, "
      "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      Params(e.at, e.actor_id, e.action, e.entity, e.entity_id, e.data_json, e.prev_hash, e.hash));
  if (!id.ok()) return id.error();
  e.id = *id;
  return e;
}

// Rows with id > after, in id order (the chain order).
core::Result<std::vector<app::AuditEntry>> SqlAuditRepository::Scan(app::Id after, int limit) {
  return MapRows<app::AuditEntry>(
      conn_.Query("SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                  Params(after, ClampLimit(limit))),
      AuditFromRow);
}

}  // namespace csqm::store
