// A user's in-app notifications (assignments, escalation warnings and breaches …): each user
// reads and marks only their own.
#pragma once

#include <optional>

#include "app/context.hpp"

namespace csqm::app {

// Newest first; cursor `after` = ids below it.
Result<Page<Notification>> ListNotifications(Services& s, const Actor& actor, bool unread_only,
                                             std::optional<Id> after, int limit);
Result<int64_t> UnreadNotifications(Services& s, const Actor& actor);
// Idempotent; kNotFound "notification.not_found" for another user's notification.
Status MarkNotificationRead(Services& s, const Actor& actor, Id notification_id);

}  // namespace csqm::app
