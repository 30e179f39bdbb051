// Cases (app::CaseRepository, part 3 of 3): the timeline, attachments, extension requests and
// links between cases.
#include <string>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define TIMELINE_COLUMNS "id, case_id, at, actor_id, kind, visibility, body, data_json"
#define ATTACHMENT_COLUMNS \
  "id, case_id, sha256, filename, content_type, size, uploaded_by, uploaded_at"
#define EXTENSION_COLUMNS                                                                \
  "id, case_id, target_key, requested_by, requested_at, requested_due, reason, status, " \
  "decided_by, decided_at, decision_note, version"
#define LINK_COLUMNS "case_id, linked_case_id, kind, created_by, created_at"

namespace csqm::store {
namespace {

app::TimelineEntry TimelineFromRow(const Row& row) {
  app::TimelineEntry e;
  e.id = row.Int(0);
  e.case_id = row.Int(1);
  e.at = InstantAt(row, 2);
  e.actor_id = row.OptInt(3);
  e.kind = row.Text(4);
  e.visibility = row.Text(5);
  e.body = row.Text(6);
  e.data_json = row.Text(7);
  return e;
}

app::Attachment AttachmentFromRow(const Row& row) {
  app::Attachment a;
  a.id = row.Int(0);
  a.case_id = row.Int(1);
  a.sha256 = row.Text(2);
  a.filename = row.Text(3);
  a.content_type = row.Text(4);
  a.size = row.Int(5);
  a.uploaded_by = row.Int(6);
  a.uploaded_at = InstantAt(row, 7);
  return a;
}

app::ExtensionRequest ExtensionFromRow(const Row& row) {
  app::ExtensionRequest r;
  r.id = row.Int(0);
  r.case_id = row.Int(1);
  r.target_key = row.Text(2);
  r.requested_by = row.Int(3);
  r.requested_at = InstantAt(row, 4);
  r.requested_due = InstantAt(row, 5);
  r.reason = row.Text(6);
  r.status = row.Text(7);
  r.decided_by = row.OptInt(8);
  r.decided_at = OptInstantAt(row, 9);
  r.decision_note = row.Text(10);
  r.version = row.Int(11);
  return r;
}

app::CaseLink LinkFromRow(const Row& row) {
  app::CaseLink l;
  l.case_id = row.Int(0);
  l.linked_case_id = row.Int(1);
  l.kind = row.Text(2);
  l.created_by = row.Int(3);
  l.created_at = InstantAt(row, 4);
  return l;
}

}  // namespace

// --- timeline -----------------------------------------------------------------------------

core::Result<app::TimelineEntry> SqlCaseRepository::AddTimeline(app::TimelineEntry e) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO timeline (case_id, at, actor_id, kind, visibility, body, data_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      Params(e.case_id, e.at, e.actor_id, e.kind, e.visibility, e.body, e.data_json));
  if (!id.ok()) return id.error();
  e.id = *id;
  return e;
}

// Oldest first (the order things happened); `after` is the last id already seen.
core::Result<app::Page<app::TimelineEntry>> SqlCaseRepository::Timeline(
    app::Id case_id, bool include_internal, std::optional<app::Id> after, int limit) {
  limit = ClampLimit(limit);
  const auto params = Params(case_id, after.value_or(0), limit + 1);
  core::Result<std::vector<Row>> rows =
      include_internal ? conn_.Query("SELECT " TIMELINE_COLUMNS
                                     " FROM timeline WHERE case_id = ? AND id > ? "
                                     "ORDER BY id LIMIT ?",
                                     params)
                       : conn_.Query("SELECT " TIMELINE_COLUMNS
                                     " FROM timeline WHERE case_id = ? AND id > ? "
                                     "AND visibility = 'public' ORDER BY id LIMIT ?",
                                     params);
  core::Result<std::vector<app::TimelineEntry>> entries =
      MapRows<app::TimelineEntry>(std::move(rows), TimelineFromRow);
  if (!entries.ok()) return entries.error();
  return MakePage(std::move(entries).value(), limit);
}

// --- attachments --------------------------------------------------------------------------

core::Result<app::Attachment> SqlCaseRepository::AddAttachment(app::Attachment a) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO attachments (case_id, sha256, filename, content_type, size, uploaded_by, "
      "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      Params(a.case_id, a.sha256, a.filename, a.content_type, a.size, a.uploaded_by,
             a.uploaded_at));
  if (!id.ok()) return id.error();
  a.id = *id;
  return a;
}

core::Result<app::Attachment> SqlCaseRepository::GetAttachment(app::Id id) {
  return OneOrNotFound<app::Attachment>(
      conn_.QueryOne("SELECT " ATTACHMENT_COLUMNS " FROM attachments WHERE id = ?", Params(id)),
      kAttachmentEntity, AttachmentFromRow);
}

core::Result<std::vector<app::Attachment>> SqlCaseRepository::Attachments(app::Id case_id) {
  return MapRows<app::Attachment>(
      conn_.Query("SELECT " ATTACHMENT_COLUMNS " FROM attachments WHERE case_id = ? ORDER BY id",
                  Params(case_id)),
      AttachmentFromRow);
}

// --- extension requests -------------------------------------------------------------------

core::Result<app::ExtensionRequest> SqlCaseRepository::AddExtension(app::ExtensionRequest r) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO extension_requests (case_id, target_key, requested_by, requested_at, "
      "requested_due, reason, status, decided_by, decided_at, decision_note, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      Params(r.case_id, r.target_key, r.requested_by, r.requested_at, r.requested_due, r.reason,
             r.status, r.decided_by, r.decided_at, TextOrNull(r.decision_note)));
  if (!id.ok()) return id.error();
  r.id = *id;
  r.version = 1;
  return r;
}

core::Result<app::ExtensionRequest> SqlCaseRepository::GetExtension(app::Id id) {
  return OneOrNotFound<app::ExtensionRequest>(
      conn_.QueryOne("SELECT " EXTENSION_COLUMNS " FROM extension_requests WHERE id = ?",
                     Params(id)),
      kExtensionEntity, ExtensionFromRow);
}

core::Result<std::vector<app::ExtensionRequest>> SqlCaseRepository::Extensions(app::Id case_id) {
  return MapRows<app::ExtensionRequest>(
      conn_.Query("SELECT " EXTENSION_COLUMNS
                  " FROM extension_requests WHERE case_id = ? ORDER BY id",
                  Params(case_id)),
      ExtensionFromRow);
}

// Oldest first. 'pending' is written into the SQL so that the partial index
// extension_requests_pending (WHERE status = 'pending') applies.
core::Result<std::vector<app::ExtensionRequest>> SqlCaseRepository::PendingExtensions(
    const std::vector<std::string>& unit_paths) {
  std::string sql = "SELECT " EXTENSION_COLUMNS " FROM extension_requests WHERE status = 'pending'";
  std::vector<Value> params;
  if (!unit_paths.empty()) {
    sql += " AND case_id IN (SELECT id FROM cases WHERE ";
    AppendUnitScope(sql, params, "org_unit_id", unit_paths);
    sql += ")";
  }
  sql += " ORDER BY id";
  return MapRows<app::ExtensionRequest>(conn_.Query(sql, params), ExtensionFromRow);
}

// The request's fields and its decision; id, case_id, requested_by and requested_at stay.
core::Result<app::ExtensionRequest> SqlCaseRepository::UpdateExtension(
    const app::ExtensionRequest& r, int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE extension_requests SET target_key = ?, requested_due = ?, reason = ?, "
      "status = ?, decided_by = ?, decided_at = ?, decision_note = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING " EXTENSION_COLUMNS,
      Params(r.target_key, r.requested_due, r.reason, r.status, r.decided_by, r.decided_at,
             TextOrNull(r.decision_note), r.id, expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kExtensionEntity, r.id);
  return ExtensionFromRow(**row);
}

// --- links --------------------------------------------------------------------------------

// A link is one row, whichever case it was made from: A->B conflicts with B->A too.
core::Status SqlCaseRepository::AddLink(const app::CaseLink& l) {
  // Check, then insert: on PostgreSQL two transactions linking a->b and b->a at once would
  // both pass the check, so links are added one transaction at a time (an advisory lock).
  if (conn_.dialect() == Dialect::kPostgres) {
    core::Status locked = conn_.Exec("SELECT pg_advisory_xact_lock(7731004)");
    if (!locked.ok()) return locked;
  }
  core::Result<std::optional<Row>> existing = conn_.QueryOne(
      "SELECT 1 FROM case_links WHERE (case_id = ? AND linked_case_id = ?) "
      "OR (case_id = ? AND linked_case_id = ?)",
      Params(l.case_id, l.linked_case_id, l.linked_case_id, l.case_id));
  if (!existing.ok()) return existing.error();
  if (existing->has_value()) {
    return core::MakeError(core::ErrorCode::kConflict, "store.constraint", "这两个工单已经关联",
                           "the two cases are already linked");
  }
  return conn_.Exec("INSERT INTO case_links (" LINK_COLUMNS ") VALUES (?, ?, ?, ?, ?)",
                    Params(l.case_id, l.linked_case_id, l.kind, l.created_by, l.created_at));
}

// Links made from this case and to it, as stored (case_id is the side that made the link),
// oldest first.
core::Result<std::vector<app::CaseLink>> SqlCaseRepository::Links(app::Id case_id) {
  return MapRows<app::CaseLink>(
      conn_.Query("SELECT " LINK_COLUMNS " FROM case_links WHERE case_id = ? UNION ALL "
                  "SELECT " LINK_COLUMNS " FROM case_links WHERE linked_case_id = ? "
                  "ORDER BY created_at, case_id, linked_case_id",
                  Params(case_id, case_id)),
      LinkFromRow);
}

}  // namespace csqm::store
