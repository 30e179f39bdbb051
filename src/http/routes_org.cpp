// /api/v1/org-units: the organisation tree (read: everyone, their subtree; write: admin).
#include <boost/json.hpp>

#include "app/org_admin.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;

namespace {

core::Result<app::NewOrgUnit> NewUnitInput(const json::object& o) {
  app::NewOrgUnit in;
  auto parent = ReqInt(o, "parent_id");
  if (!parent) return parent.error();
  in.parent_id = *parent;
  for (auto [key, target] :
       {std::pair{"kind", &in.kind}, std::pair{"code", &in.code}, std::pair{"name", &in.name}}) {
    auto v = ReqString(o, key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  return in;
}

core::Result<app::OrgUnitPatch> UnitPatchInput(const json::object& o) {
  if (auto st = OnlyFields(o, {"code", "name", "parent_id"}, "org_unit"); !st) return st.error();
  app::OrgUnitPatch p;
  auto parent = OptInt(o, "parent_id");
  if (!parent) return parent.error();
  p.parent_id = *parent;
  auto code = OptString(o, "code");
  if (!code) return code.error();
  p.code = *code;
  auto name = OptString(o, "name");
  if (!name) return name.error();
  p.name = *name;
  return p;
}

}  // namespace

void AddOrgRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/org-units", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(units, app::ListOrgUnits(s, c.actor));
               json::array items;
               for (const auto& u : *units) items.push_back(OrgUnitJson(api, u));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/org-units", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, NewUnitInput(*body));
               CSQM_TRY(unit, app::CreateOrgUnit(s, c.actor, *input));
               Response r = Versioned(201, OrgUnitJson(api, *unit), unit->version);
               r.SetHeader("Location", "/api/v1/org-units/" + std::to_string(unit->id));
               return r;
             }));
  router.Add("GET", "/api/v1/org-units/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(unit, app::GetOrgUnit(s, c.actor, *id));
               return Versioned(200, OrgUnitJson(api, *unit), unit->version);
             }));
  router.Add("PATCH", "/api/v1/org-units/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(patch, UnitPatchInput(*body));
               CSQM_TRY(unit, app::UpdateOrgUnit(s, c.actor, *id, *patch, *version));
               return Versioned(200, OrgUnitJson(api, *unit), unit->version);
             }));
}

}  // namespace csqm::http
