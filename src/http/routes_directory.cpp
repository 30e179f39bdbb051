// GET /api/v1/directory: names of the active users of the caller's company (for choosing a
// handler and naming a timeline's actors); no contact details.
#include <boost/json.hpp>

#include "app/directory.hpp"
#include "http/api_routes.hpp"

namespace csqm::http {
namespace json = boost::json;

void AddDirectoryRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/directory", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(entries, app::ListDirectory(s, c.actor));
               json::array items;
               for (const auto& e : *entries) {
                 items.push_back(json::object{{"id", e.id},
                                              {"display_name", e.display_name},
                                              {"role", core::RoleName(e.role)},
                                              {"org_unit_id", e.org_unit_id},
                                              {"unit_name", e.unit_name}});
               }
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
}

}  // namespace csqm::http
