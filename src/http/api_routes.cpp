#include "http/api_routes.hpp"

namespace csqm::http {

void AddApiRoutes(Router& router, Api& api) {
  AddSessionRoutes(router, api);
  AddCaseRoutes(router, api);
  AddOrgRoutes(router, api);
  AddUserRoutes(router, api);
  AddCustomerRoutes(router, api);
  AddConfigRoutes(router, api);
  AddCalendarRoutes(router, api);
  AddNotificationRoutes(router, api);
  AddSearchRoutes(router, api);
  AddAuditRoutes(router, api);
  AddDirectoryRoutes(router, api);
  AddCallbackRoutes(router, api);
  AddSurveyRoutes(router, api);
  AddQualityRoutes(router, api);
}

}  // namespace csqm::http
