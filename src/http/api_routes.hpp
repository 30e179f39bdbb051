// Registration of the /api/v1 routes, one function per resource family.
#pragma once

#include "core/json_read.hpp"
#include "http/api_support.hpp"
#include "http/router.hpp"

namespace csqm::http {

void AddSessionRoutes(Router& router, Api& api);       // session, api-tokens
void AddCaseRoutes(Router& router, Api& api);          // cases, timeline, attachments, extensions
void AddOrgRoutes(Router& router, Api& api);           // org-units (routes_org.cpp)
void AddUserRoutes(Router& router, Api& api);          // users, passwords (routes_users.cpp)
void AddCustomerRoutes(Router& router, Api& api);      // customers, their cases
void AddConfigRoutes(Router& router, Api& api);        // case-types, categories
void AddCalendarRoutes(Router& router, Api& api);      // calendars, ICS import
void AddNotificationRoutes(Router& router, Api& api);  // notifications (routes_inbox.cpp)
void AddSearchRoutes(Router& router, Api& api);        // search (routes_inbox.cpp)
void AddAuditRoutes(Router& router, Api& api);         // audit log (routes_inbox.cpp)
void AddDirectoryRoutes(Router& router, Api& api);     // people directory (routes_directory.cpp)
void AddCallbackRoutes(Router& router, Api& api);      // callback rules, samples, tasks
void AddSurveyRoutes(Router& router, Api& api);        // surveys, suggestions, public links
void AddQualityRoutes(Router& router,
                      Api& api);  // indicators, targets, reports (routes_quality.cpp)

// Every /api/v1 route.
void AddApiRoutes(Router& router, Api& api);

}  // namespace csqm::http
