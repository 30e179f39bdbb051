// In-app notifications and the outbox of messages to deliver (app::NotificationRepository).
#include <string>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define NOTIFICATION_COLUMNS "id, user_id, case_id, kind, title, body, created_at, read_at"

namespace csqm::store {
namespace {

app::Notification NotificationFromRow(const Row& row) {
  app::Notification n;
  n.id = row.Int(0);
  n.user_id = row.Int(1);
  n.case_id = row.OptInt(2);
  n.kind = row.Text(3);
  n.title = row.Text(4);
  n.body = row.Text(5);
  n.created_at = InstantAt(row, 6);
  n.read_at = OptInstantAt(row, 7);
  return n;
}

}  // namespace

core::Result<app::Notification> SqlNotificationRepository::Add(app::Notification n) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO notifications (user_id, case_id, kind, title, body, created_at, read_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      Params(n.user_id, n.case_id, n.kind, n.title, n.body, n.created_at, n.read_at));
  if (!id.ok()) return id.error();
  n.id = *id;
  return n;
}

// Newest first; `after` is the last (smallest) id already seen. Index notifications_user.
core::Result<app::Page<app::Notification>> SqlNotificationRepository::List(
    app::Id user_id, bool unread_only, std::optional<app::Id> after, int limit) {
  limit = ClampLimit(limit);
  std::string sql = "SELECT " NOTIFICATION_COLUMNS " FROM notifications WHERE user_id = ?";
  std::vector<Value> params = {Value{user_id}};
  if (after) {
    sql += " AND id < ?";
    params.emplace_back(*after);
  }
  if (unread_only) sql += " AND read_at IS NULL";
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
  core::Result<std::vector<app::Notification>> items =
      MapRows<app::Notification>(conn_.Query(sql, params), NotificationFromRow);
  if (!items.ok()) return items.error();
  return MakePage(std::move(items).value(), limit);
}

core::Result<int64_t> SqlNotificationRepository::UnreadCount(app::Id user_id) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", Params(user_id));
  if (!row.ok()) return row.error();
  return row->has_value() ? (*row)->Int(0) : 0;
}

// Idempotent: marking a read notification keeps the first read time.
core::Status SqlNotificationRepository::MarkRead(app::Id id, app::Id user_id, core::Instant at) {
  core::Result<int64_t> changed = conn_.ExecCount(
      "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
      Params(at, id, user_id));
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return NotFound(kNotificationEntity);
  return {};
}

core::Result<app::OutboxMessage> SqlNotificationRepository::Enqueue(app::OutboxMessage m) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO outbox (channel, recipient, payload_json, created_at) VALUES (?, ?, ?, ?)",
      Params(m.channel, m.recipient, m.payload_json, m.created_at));
  if (!id.ok()) return id.error();
  m.id = *id;
  return m;
}

}  // namespace csqm::store
