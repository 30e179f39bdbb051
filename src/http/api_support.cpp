#include "http/api_support.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <mutex>
#include <set>

#include "core/json_read.hpp"
#include "http/problem.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

bool IsUnsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

core::Result<app::Caller> Authenticate(Api& api, const Request& req) {
  if (auto auth = req.Header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->size() > kBearer.size() && EqualsIgnoreCase(auth->substr(0, 7), kBearer)) {
      return app::AuthenticateBearer(api.services, std::string(auth->substr(kBearer.size())));
    }
  }
  if (auto cookie = req.Cookie(kSessionCookie)) {
    auto caller = app::AuthenticateSession(api.services, std::string(*cookie));
    if (!caller) return caller;
    if (IsUnsafe(req.method)) {
      auto sent = req.Header("X-CSRF-Token");
      if (!sent || *sent != caller->csrf_token) {
        return MakeError(ErrorCode::kPermissionDenied, "auth.csrf",
                         "缺少或错误的 CSRF 令牌（X-CSRF-Token）",
                         "missing or wrong CSRF token (X-CSRF-Token)");
      }
    }
    return caller;
  }
  return MakeError(ErrorCode::kUnauthenticated, "auth.required", "请先登录",
                   "authentication required");
}

// Requests with an Idempotency-Key currently being handled, so a concurrent retry waits for
// nothing and gets 409 instead of creating a second record.
class InFlight {
 public:
  bool Enter(const std::string& key) {
    std::lock_guard lock(mutex_);
    return keys_.insert(key).second;
  }
  void Leave(const std::string& key) {
    std::lock_guard lock(mutex_);
    keys_.erase(key);
  }

 private:
  std::mutex mutex_;
  std::set<std::string> keys_;
};

Response Replay(const app::IdempotentResponse& stored) {
  Response r = Response::Json(stored.status, stored.body);
  r.SetHeader("Idempotent-Replayed", "true");
  return r;
}

Response WithIdempotency(Api& api, Request& req, const app::Caller& caller,
                         const AuthedHandler& handler) {
  static InFlight in_flight;
  const auto key_header = req.Header("Idempotency-Key");
  if (req.method != "POST" || !key_header) return handler(req, caller);
  const std::string key(*key_header);
  if (key.empty() || key.size() > 200) {
    return Problem(req, MakeError(ErrorCode::kInvalidArgument, "idempotency.bad_key",
                                  "Idempotency-Key 应为 1 到 200 个字符",
                                  "Idempotency-Key must be 1 to 200 characters"));
  }
  auto& s = api.services;
  const std::string hash = s.crypto.Sha256Hex(req.method + " " + req.path + "\n" + req.body);
  std::optional<app::IdempotentResponse> stored;
  auto st = s.store.Read([&](app::Tx& tx) -> core::Status {
    auto found = tx.Idempotency().Find(caller.actor.id(), key);
    if (!found) return found.error();
    stored = std::move(*found);
    return {};
  });
  if (!st) return Problem(req, st.error());
  const auto reused = MakeError(ErrorCode::kConflict, "idempotency.key_reused",
                                "该 Idempotency-Key 已用于另一请求或正在处理",
                                "this Idempotency-Key belongs to another request or is in use");
  if (stored) return stored->request_hash == hash ? Replay(*stored) : Problem(req, reused);
  const std::string flight = std::to_string(caller.actor.id()) + "/" + key;
  if (!in_flight.Enter(flight)) return Problem(req, reused);
  Response response = handler(req, caller);
  if (response.status >= 200 && response.status < 300) {
    const app::IdempotentResponse save{hash, response.status, response.body};
    (void)s.store.Write([&](app::Tx& tx) -> core::Status {
      return tx.Idempotency().Save(caller.actor.id(), key, save, s.clock.Now());
    });
  }
  in_flight.Leave(flight);
  return response;
}

}  // namespace

Response Problem(const Request& req, const core::Error& error) {
  return ProblemResponse(error, PreferredLanguage(req));
}

Handler Authed(Api& api, AuthedHandler handler) {
  return [&api, handler = std::move(handler)](Request& req) -> Response {
    auto caller = Authenticate(api, req);
    if (!caller) {
      Response r = Problem(req, caller.error());
      if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer realm=\"csqm\"");
      return r;
    }
    return WithIdempotency(api, req, *caller, handler);
  };
}

core::Result<json::object> BodyObject(const Request& req) {
  auto value = core::jsonread::Parse(req.body.empty() ? std::string_view("{}") : req.body);
  if (!value) return value.error();
  if (!value->is_object()) return core::jsonread::WrongType("", "JSON 对象", "a JSON object");
  return std::move(value->as_object());
}

core::Result<std::string> ReqString(const json::object& o, std::string_view key) {
  return core::jsonread::String(o, key, "", true);
}

core::Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return core::jsonread::WrongType(std::string(key), "字符串", "a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

core::Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= uint64_t(INT64_MAX)) {
    return std::optional<int64_t>(int64_t(v->get_uint64()));
  }
  return core::jsonread::WrongType(std::string(key), "整数", "an integer");
}

core::Result<int64_t> ReqInt(const json::object& o, std::string_view key) {
  auto v = OptInt(o, key);
  if (!v) return v.error();
  if (!*v) return core::jsonread::Missing(std::string(key));
  return **v;
}

core::Result<std::optional<core::Instant>> OptInstant(const json::object& o, std::string_view key) {
  auto text = OptString(o, key);
  if (!text) return text.error();
  if (!*text) return std::optional<core::Instant>();
  auto instant = core::ParseRfc3339(**text);
  if (!instant) {
    core::Error e = instant.error();
    e.field = std::string(key);
    return e;
  }
  return std::optional<core::Instant>(*instant);
}

core::Result<app::Id> PathId(const Request& req, const std::string& name) {
  const std::string_view text = req.PathParam(name);
  int64_t id = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return MakeError(ErrorCode::kNotFound, "http.not_found", "资源不存在", "no such resource",
                     name);
  }
  return id;
}

core::Result<std::optional<int64_t>> QueryInt(const Request& req, std::string_view name) {
  auto text = req.Query(name);
  if (!text) return std::optional<int64_t>();
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size()) {
    return MakeError(ErrorCode::kInvalidArgument, "http.bad_query", "查询参数应为整数",
                     "the query parameter must be an integer", std::string(name));
  }
  return std::optional<int64_t>(v);
}

core::Result<int64_t> IfMatch(const Request& req) {
  auto header = req.Header("If-Match");
  if (!header) return int64_t(-1);
  std::string_view v = *header;
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() >= 4 && v.front() == '"' && v.back() == '"' && v[1] == 'v') {
    int64_t version = 0;
    const auto [p, ec] = std::from_chars(v.data() + 2, v.data() + v.size() - 1, version);
    if (ec == std::errc() && p == v.data() + v.size() - 1 && version > 0) return version;
  }
  return MakeError(ErrorCode::kInvalidArgument, "http.bad_if_match",
                   "If-Match 应为本资源的 ETag，如 \"v3\"",
                   "If-Match must be the resource's ETag, e.g. \"v3\"", "If-Match");
}

std::string ETag(int64_t version) { return "\"v" + std::to_string(version) + "\""; }

json::value InstantJson(const Api& api, const std::optional<core::Instant>& t) {
  if (!t) return nullptr;
  return json::string(core::FormatRfc3339(*t, api.display_zone.OffsetAt(*t)));
}

json::value IdJson(const std::optional<app::Id>& id) {
  if (!id) return nullptr;
  return *id;
}

json::value ParsedOr(const std::string& text, json::value fallback) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? fallback : v;
}

Response JsonResponse(int status, const json::value& body) {
  return Response::Json(status, json::serialize(body));
}

Response Versioned(int status, const json::value& body, int64_t version) {
  return Versioned(status, json::serialize(body), version);
}

Response Versioned(int status, std::string json_text, int64_t version) {
  Response r = Response::Json(status, std::move(json_text));
  r.SetHeader("ETag", ETag(version));
  return r;
}

}  // namespace csqm::http
