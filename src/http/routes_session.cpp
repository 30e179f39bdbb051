// Sign-in (session cookie + CSRF token) and API tokens.
#include <boost/json.hpp>

#include "http/api_routes.hpp"
#include "http/case_json.hpp"

namespace csqm::http {
namespace json = boost::json;

namespace {

std::string SessionCookie(const std::string& value, int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_seconds);
}

json::object TokenJson(const Api& api, const app::ApiToken& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"created_at", InstantJson(api, t.created_at)},
                      {"expires_at", InstantJson(api, t.expires_at)},
                      {"revoked_at", InstantJson(api, t.revoked_at)}};
}

}  // namespace

void AddSessionRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("POST", "/api/v1/session", [&](Request& req) {
    CSQM_TRY(body, BodyObject(req));
    CSQM_TRY(login, ReqString(*body, "login"));
    CSQM_TRY(password, ReqString(*body, "password"));
    CSQM_TRY(result, app::Login(s, *login, *password));
    const auto lifetime =
        std::chrono::duration_cast<std::chrono::seconds>(s.settings.session_lifetime).count();
    Response r =
        JsonResponse(201, json::object{{"user", UserJson(api, result->actor.user)},
                                       {"csrf_token", result->csrf_token},
                                       {"expires_at", InstantJson(api, result->expires_at)}});
    r.AddHeader("Set-Cookie", SessionCookie(result->session_token, lifetime));
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add("GET", "/api/v1/session", Authed(api, [&](Request&, const app::Caller& c) {
               Response r =
                   JsonResponse(200, json::object{{"user", UserJson(api, c.actor.user)},
                                                  {"csrf_token", c.csrf_token},
                                                  {"via", c.via_session ? "session" : "token"},
                                                  {"max_backdating_minutes",
                                                   std::chrono::duration_cast<std::chrono::minutes>(
                                                       s.settings.max_backdating)
                                                       .count()}});
               r.SetHeader("Cache-Control", "no-store");
               return r;
             }));
  router.Add("DELETE", "/api/v1/session", Authed(api, [&](Request& req, const app::Caller&) {
               if (auto cookie = req.Cookie(kSessionCookie)) {
                 if (auto st = app::Logout(s, std::string(*cookie)); !st)
                   return Problem(req, st.error());
               }
               Response r = Response::NoContent();
               r.AddHeader("Set-Cookie", SessionCookie("", 0));
               return r;
             }));
  router.Add("GET", "/api/v1/api-tokens", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(tokens, app::ListApiTokens(s, c.actor));
               json::array items;
               for (const auto& t : *tokens) items.push_back(TokenJson(api, t));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/api-tokens", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(name, ReqString(*body, "name"));
               CSQM_TRY(expires, OptInstant(*body, "expires_at"));
               CSQM_TRY(created, app::CreateApiToken(s, c.actor, *name, *expires));
               json::object o = TokenJson(api, created->token);
               o["token"] = created->secret;
               return JsonResponse(201, o);
             }));
  router.Add("DELETE", "/api/v1/api-tokens/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               if (auto st = app::RevokeApiToken(s, c.actor, *id); !st)
                 return Problem(req, st.error());
               return Response::NoContent();
             }));
}

}  // namespace csqm::http
