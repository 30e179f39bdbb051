// What every /api/v1 handler needs: who is calling (session cookie + CSRF, or bearer token),
// Idempotency-Key replay for POSTs, If-Match, JSON bodies read with errors that name the field,
// and instants written as RFC 3339 in the display zone.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>

#include "app/auth.hpp"
#include "app/context.hpp"
#include "core/zone.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

// In a handler: evaluates a Result-returning expression into `var`, or returns its error as a
// problem response for `req`.
#define CSQM_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return ::csqm::http::Problem(req, var.error())

namespace csqm::http {

inline constexpr const char* kSessionCookie = "csqm_session";

struct Api {
  app::Services& services;
  const core::ZoneRules& display_zone;  // RFC 3339 output offset (e.g. Asia/Shanghai)
};

using AuthedHandler = std::function<Response(Request&, const app::Caller&)>;

// Authenticates, enforces CSRF on unsafe methods for cookie sessions and replays a POST with a
// known Idempotency-Key (same key + same body → the first response; different body → 422-like
// 409 "idempotency.key_reused").
Handler Authed(Api& api, AuthedHandler handler);

// A problem response for a domain error, in the caller's language.
Response Problem(const Request& req, const core::Error& error);

// JSON body as an object: 400 "json.bad" or "json.wrong_type" otherwise.
core::Result<boost::json::object> BodyObject(const Request& req);

// Field readers: absent → nullopt (or the error for required ones); wrong type → error naming it.
core::Result<std::string> ReqString(const boost::json::object& o, std::string_view key);
core::Result<std::optional<std::string>> OptString(const boost::json::object& o,
                                                   std::string_view key);
core::Result<int64_t> ReqInt(const boost::json::object& o, std::string_view key);
core::Result<std::optional<int64_t>> OptInt(const boost::json::object& o, std::string_view key);
// RFC 3339 with an offset or Z.
core::Result<std::optional<core::Instant>> OptInstant(const boost::json::object& o,
                                                      std::string_view key);

// Path parameter {id} as a positive integer: 404 otherwise.
core::Result<app::Id> PathId(const Request& req, const std::string& name = "id");
// Query parameter as an integer.
core::Result<std::optional<int64_t>> QueryInt(const Request& req, std::string_view name);
// If-Match "\"v7\"" → 7; absent → -1; malformed → 400.
core::Result<int64_t> IfMatch(const Request& req);
std::string ETag(int64_t version);

// JSON encoders shared by the route files.
boost::json::value InstantJson(const Api& api, const std::optional<core::Instant>& t);
boost::json::value IdJson(const std::optional<app::Id>& id);
Response JsonResponse(int status, const boost::json::value& body);
// A stored JSON text as a value, or `fallback` when it does not parse.
boost::json::value ParsedOr(const std::string& text, boost::json::value fallback);
// A JSON response with an ETag header.
Response Versioned(int status, const boost::json::value& body, int64_t version);
Response Versioned(int status, std::string json_text, int64_t version);

}  // namespace csqm::http
