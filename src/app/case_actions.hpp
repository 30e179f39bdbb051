// What people do to an open case: take a workflow transition, transfer it, comment, check in
// on site, link it, attach files. One transaction each, each recorded on the timeline.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "app/context.hpp"

namespace csqm::app {

struct TransitionInput {
  std::string transition;
  std::map<std::string, std::string> fields;  // required fields of the transition, e.g. resolution
  std::string comment;
};

// Checks the workflow (status, role, required fields), moves the case, stops or restarts SLA
// clocks for pausing statuses and meets targets the new status satisfies.
Result<CaseRecord> TransitionCase(Services& s, const Actor& actor, Id case_id,
                                  const TransitionInput& in, int64_t expected_version);

// Transfer (转办): the owner (首问) stays; the reason is required and recorded.
Result<CaseRecord> AssignCase(Services& s, const Actor& actor, Id case_id, Id assignee_id,
                              const std::string& reason, int64_t expected_version);

// visibility "public" (the customer may see it; the first one meets first-reply targets) or
// "internal".
Result<TimelineEntry> AddComment(Services& s, const Actor& actor, Id case_id,
                                 const std::string& body, const std::string& visibility);

// Arrival check-in (到场): meets on-site targets. `at` defaults to now; `place` is free text.
Result<CaseRecord> RecordArrival(Services& s, const Actor& actor, Id case_id,
                                 std::optional<Instant> at, const std::string& place);

Result<CaseLink> LinkCases(Services& s, const Actor& actor, Id case_id, Id other_id,
                           const std::string& kind);

Result<Page<TimelineEntry>> ListTimeline(Services& s, const Actor& actor, Id case_id,
                                         std::optional<Id> after, int limit);

// Attachments: size limit, type check by content sniffing, stored by SHA-256.
Result<Attachment> AddAttachment(Services& s, const Actor& actor, Id case_id,
                                 const std::string& filename, const std::string& content_type,
                                 std::string_view bytes);
struct AttachmentContent {
  Attachment meta;
  std::string bytes;
};
Result<AttachmentContent> GetAttachment(Services& s, const Actor& actor, Id attachment_id);
Result<std::vector<Attachment>> ListAttachments(Services& s, const Actor& actor, Id case_id);
Result<std::vector<CaseLink>> ListLinks(Services& s, const Actor& actor, Id case_id);

}  // namespace csqm::app
