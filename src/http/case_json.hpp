// JSON forms of cases and what hangs off them, as the API returns them (docs/openapi.yaml).
#pragma once

#include <boost/json/object.hpp>

#include "app/cases.hpp"
#include "http/api_support.hpp"
#include "http/json_writer.hpp"

namespace csqm::http {

boost::json::object CaseJson(const Api& api, const app::CaseRecord& r);
// A target with its state at `now`: running, warning, paused, breached, met or met_late.
boost::json::object TargetJson(const Api& api, const app::TargetRecord& t, core::Instant now,
                               const core::SlaPolicy* policy);
// A case of a list (queues, search, a customer's history): the case and its targets.
boost::json::object CaseItemJson(const Api& api, const app::CaseListItem& item, core::Instant now);
// The same, as JSON text (json_writer.hpp): for whole pages without a DOM.
void WriteCaseItem(JsonWriter& w, const Api& api, const app::CaseListItem& item, core::Instant now);
// A page of cases as GET /api/v1/cases answers it: {"items": [...], "next_cursor": "…"|null}.
std::string CasePageJson(const Api& api, const app::Page<app::CaseListItem>& page,
                         core::Instant now);
// A case as GET /api/v1/cases/{id} answers it (JSON text): the case, its type, category and
// status names, targets with names and states, the transitions open to the caller, owner,
// assignee and customer.
std::string CaseViewJson(const Api& api, const app::CaseView& view, core::Instant now);
boost::json::object TimelineJson(const Api& api, const app::TimelineEntry& e);
boost::json::object AttachmentJson(const Api& api, const app::Attachment& a);
boost::json::object ExtensionJson(const Api& api, const app::ExtensionRequest& x);
boost::json::object LinkJson(const Api& api, const app::CaseLink& l);
boost::json::object CustomerJson(const Api& api, const app::Customer& c);
// A user without secrets.
boost::json::object UserJson(const Api& api, const app::User& u);

}  // namespace csqm::http
