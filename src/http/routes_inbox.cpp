// /api/v1/notifications (the caller's own), /api/v1/search (one box over cases and customers)
// and /api/v1/audit (the tamper-evident log and its verification).
#include <boost/json.hpp>

#include "app/audit_log.hpp"
#include "app/notifications.hpp"
#include "app/search.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/case_json.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;

namespace {

int Limit(const std::optional<int64_t>& v, int fallback, int max) {
  return int(std::clamp<int64_t>(v.value_or(fallback), 1, max));
}

}  // namespace

void AddNotificationRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/notifications", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(unread, QueryBool(req, "unread"));
               CSQM_TRY(after, QueryInt(req, "after"));
               CSQM_TRY(limit, QueryInt(req, "limit"));
               CSQM_TRY(page, app::ListNotifications(s, c.actor, unread->value_or(false), *after,
                                                     Limit(*limit, 50, 200)));
               json::array items;
               for (const auto& n : page->items) items.push_back(NotificationJson(api, n));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add("GET", "/api/v1/notifications/unread-count",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(count, app::UnreadNotifications(s, c.actor));
               return JsonResponse(200, json::object{{"unread", *count}});
             }));
  router.Add("POST", "/api/v1/notifications/{id}/read",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               if (auto st = app::MarkNotificationRead(s, c.actor, *id); !st) {
                 return Problem(req, st.error());
               }
               return Response::NoContent();
             }));
}

void AddSearchRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/search", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(limit, QueryInt(req, "limit"));
               CSQM_TRY(found, app::SearchAll(s, c.actor, req.Query("q").value_or(""),
                                              Limit(*limit, 10, 50)));
               const core::Instant now = s.clock.Now();
               json::array cases, customers;
               for (const auto& item : found->cases) cases.push_back(CaseItemJson(api, item, now));
               for (const auto& cu : found->customers) customers.push_back(CustomerJson(api, cu));
               return JsonResponse(200, json::object{{"cases", std::move(cases)},
                                                     {"customers", std::move(customers)},
                                                     {"more_cases", found->more_cases},
                                                     {"more_customers", found->more_customers}});
             }));
}

void AddAuditRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/audit", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(after, QueryInt(req, "after"));
               CSQM_TRY(limit, QueryInt(req, "limit"));
               CSQM_TRY(page,
                        app::ListAudit(s, c.actor, after->value_or(0), Limit(*limit, 100, 500)));
               json::array items;
               for (const auto& e : page->items) items.push_back(AuditJson(api, e));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add("GET", "/api/v1/audit/verify", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(verdict, app::CheckAudit(s, c.actor));
               json::object o{{"rows", verdict->rows},
                              {"intact", !verdict->first_bad.has_value()},
                              {"first_bad", IdJson(verdict->first_bad)}};
               if (verdict->first_bad) o["reason"] = verdict->reason;
               return JsonResponse(200, o);
             }));
}

}  // namespace csqm::http
