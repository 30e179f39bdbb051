#include "app/notifications.hpp"

#include <algorithm>

namespace csqm::app {

Result<Page<Notification>> ListNotifications(Services& s, const Actor& actor, bool unread_only,
                                             std::optional<Id> after, int limit) {
  Page<Notification> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Notifications().List(actor.id(), unread_only, after, std::clamp(limit, 1, 200));
    if (!found) return found.error();
    page = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return page;
}

Result<int64_t> UnreadNotifications(Services& s, const Actor& actor) {
  int64_t count = 0;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Notifications().UnreadCount(actor.id());
    if (!found) return found.error();
    count = *found;
    return {};
  });
  if (!st) return st.error();
  return count;
}

Status MarkNotificationRead(Services& s, const Actor& actor, Id notification_id) {
  const Instant now = s.clock.Now();
  return s.store.Write([&](Tx& tx) -> Status {
    return tx.Notifications().MarkRead(notification_id, actor.id(), now);
  });
}

}  // namespace csqm::app
