// /api/v1/users: accounts, roles and passwords (write: admin; read: admin, quality manager,
// managers and supervisors within their subtree). Never a password hash in an answer.
#include <boost/json.hpp>

#include "app/user_admin.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/case_json.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Error BadRole(const std::string& field) {
  return MakeError(
      ErrorCode::kInvalidArgument, "user.bad_role",
      "角色应为 admin、quality_manager、manager、supervisor、agent、field_staff 或 auditor",
      "role must be admin, quality_manager, manager, supervisor, agent, field_staff "
      "or auditor",
      field);
}

core::Result<app::UserFilter> Filter(const Request& req) {
  app::UserFilter f;
  if (auto role = req.Query("role")) {
    f.role = core::ParseRole(*role);
    if (!f.role) return BadRole("role");
  }
  for (auto [name, target] :
       {std::pair{"org_unit_id", &f.org_unit_id}, std::pair{"after", &f.after}}) {
    auto v = QueryInt(req, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  auto active = QueryBool(req, "active");
  if (!active) return active.error();
  f.active = *active;
  auto limit = QueryInt(req, "limit");
  if (!limit) return limit.error();
  if (*limit) f.limit = int(std::clamp<int64_t>(**limit, 1, 200));
  return f;
}

core::Result<app::NewUser> NewUserInput(const json::object& o) {
  app::NewUser in;
  for (auto [key, target] :
       {std::pair{"login", &in.login}, std::pair{"display_name", &in.display_name},
        std::pair{"password", &in.password}}) {
    auto v = ReqString(o, key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  auto role = ReqString(o, "role");
  if (!role) return role.error();
  auto parsed = core::ParseRole(*role);
  if (!parsed) return BadRole("role");
  in.role = *parsed;
  auto unit = ReqInt(o, "org_unit_id");
  if (!unit) return unit.error();
  in.org_unit_id = *unit;
  auto sup = OptInt(o, "supervisor_id");
  if (!sup) return sup.error();
  in.supervisor_id = *sup;
  for (auto [key, target] : {std::pair{"phone", &in.phone}, std::pair{"email", &in.email}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *target = v->value_or("");
  }
  return in;
}

core::Result<app::UserPatch> PatchInput(const json::object& o) {
  if (auto st = OnlyFields(
          o, {"display_name", "role", "org_unit_id", "supervisor_id", "phone", "email", "active"},
          "user");
      !st) {
    return st.error();
  }
  app::UserPatch p;
  for (auto [key, target] : {std::pair{"display_name", &p.display_name},
                             std::pair{"phone", &p.phone}, std::pair{"email", &p.email}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *target = *v;
  }
  auto role = OptString(o, "role");
  if (!role) return role.error();
  if (*role) {
    p.role = core::ParseRole(**role);
    if (!p.role) return BadRole("role");
  }
  auto unit = OptInt(o, "org_unit_id");
  if (!unit) return unit.error();
  p.org_unit_id = *unit;
  auto sup = OptNullableId(o, "supervisor_id");
  if (!sup) return sup.error();
  p.supervisor_id = *sup;
  auto active = OptBool(o, "active");
  if (!active) return active.error();
  p.active = *active;
  return p;
}

}  // namespace

void AddUserRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/users", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(filter, Filter(req));
               CSQM_TRY(page, app::ListUsers(s, c.actor, *filter));
               json::array items;
               for (const auto& u : page->items) items.push_back(UserJson(api, u));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add("POST", "/api/v1/users", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, NewUserInput(*body));
               CSQM_TRY(user, app::CreateUser(s, c.actor, *input));
               Response r = Versioned(201, UserJson(api, *user), user->version);
               r.SetHeader("Location", "/api/v1/users/" + std::to_string(user->id));
               return r;
             }));
  router.Add("GET", "/api/v1/users/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(user, app::GetUser(s, c.actor, *id));
               return Versioned(200, UserJson(api, *user), user->version);
             }));
  router.Add("PATCH", "/api/v1/users/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(patch, PatchInput(*body));
               CSQM_TRY(user, app::UpdateUser(s, c.actor, *id, *patch, *version));
               return Versioned(200, UserJson(api, *user), user->version);
             }));
  router.Add("POST", "/api/v1/users/{id}/password",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(body, BodyObject(req));
               app::PasswordChange in;
               CSQM_TRY(current, OptString(*body, "current_password"));
               in.current_password = *current;
               CSQM_TRY(next, ReqString(*body, "new_password"));
               in.new_password = *next;
               if (auto cookie = req.Cookie(kSessionCookie); cookie && c.via_session) {
                 in.keep_session_hash = s.crypto.Sha256Hex(*cookie);
               }
               if (auto st = app::ChangePassword(s, c.actor, *id, in); !st) {
                 return Problem(req, st.error());
               }
               return Response::NoContent();
             }));
}

}  // namespace csqm::http
