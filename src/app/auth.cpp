#include "app/auth.hpp"

#include <functional>

#include "app/audit.hpp"
#include "app/auth_cache.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;

core::Error BadCredentials() {
  return MakeError(ErrorCode::kUnauthenticated, "auth.bad_credentials", "用户名或密码错误",
                   "wrong login or password");
}

core::Error AuthRequired() {
  return MakeError(ErrorCode::kUnauthenticated, "auth.required", "请先登录（会话已失效或令牌无效）",
                   "please sign in (the session expired or the token is invalid)");
}

// Verified against for an unknown login, so that timing does not reveal which logins exist:
// argon2id of "csqm-dummy-password" at libsodium's INTERACTIVE limits, as HashPassword makes
// (a literal: computing it in a static initialiser would hold the initialisation guard while
// the hash runs on another thread).
constexpr char kDummyHash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$3eBXqMs5aUyxm+tVQpqa2A$"
    "ZUHbgYiQkuXj6xd5/3mjkZOLhNWNShV9pZIE10gZoTU";

Result<Caller> CallerFor(Tx& tx, Id user_id) {
  auto user = tx.Org().GetUser(user_id);
  if (!user || !user->active) return AuthRequired();
  auto actor = ActorFor(tx, *user);
  if (!actor) return actor.error();
  return Caller{std::move(*actor), false, {}};
}

}  // namespace

Result<Actor> ActorFor(Tx& tx, const User& user) {
  auto unit = tx.Org().GetUnit(user.org_unit_id);
  if (!unit) return unit.error();
  return Actor{user, unit->path};
}

Result<LoginResult> Login(Services& s, const std::string& login, const std::string& password) {
  std::optional<User> user;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Org().GetUserByLogin(login);
    if (found) user = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  // How many hashes run at once is bounded by the Crypto port (64 MiB each).
  const bool ok = s.crypto.VerifyPassword(user ? user->password_hash : kDummyHash, password);
  if (!user || !ok || !user->active) return BadCredentials();
  const Instant now = s.clock.Now();
  LoginResult result;
  result.session_token = s.crypto.RandomToken(32);
  result.csrf_token = s.crypto.RandomToken(24);
  result.expires_at = now + s.settings.session_lifetime;
  st = s.store.Write([&](Tx& tx) -> Status {
    Session session{s.crypto.Sha256Hex(result.session_token), user->id, result.csrf_token, now,
                    result.expires_at};
    if (auto st2 = tx.Org().InsertSession(session); !st2) return st2;
    auto actor = ActorFor(tx, *user);
    if (!actor) return actor.error();
    result.actor = std::move(*actor);
    return AppendAudit(tx, s.crypto, now, user->id, "auth.login", "user", user->id, "{}");
  });
  if (!st) return st.error();
  return result;
}

Status Logout(Services& s, const std::string& session_token) {
  Status st = s.store.Write(
      [&](Tx& tx) -> Status { return tx.Org().DeleteSession(s.crypto.Sha256Hex(session_token)); });
  ForgetCallers(s);
  return st;
}

namespace {

// The caller a credential (by its hash; "s:"/"b:" keep sessions and tokens apart) stands for:
// from the cache when fresh, else read by `read`, which also reports the credential's expiry.
Result<Caller> Remembered(
    Services& s, const std::string& key,
    const std::function<Status(Tx&, Caller&, std::optional<Instant>&)>& read) {
  const Instant now = s.clock.Now();
  uint64_t generation = 0;
  if (s.auth_cache) {
    if (auto hit = s.auth_cache->Find(key, now, generation)) return std::move(*hit);
  }
  Caller caller;
  std::optional<Instant> expires_at;
  auto st = s.store.Read([&](Tx& tx) { return read(tx, caller, expires_at); });
  if (!st) return st.error();
  if (s.auth_cache) s.auth_cache->Put(key, caller, expires_at, generation);
  return caller;
}

}  // namespace

Result<Caller> AuthenticateSession(Services& s, const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 200) return AuthRequired();
  const std::string hash = s.crypto.Sha256Hex(session_token);
  return Remembered(s, "s:" + hash, [&](Tx& tx, Caller& caller, std::optional<Instant>& expires) {
    auto session = tx.Org().GetSession(hash);
    if (!session || session->expires_at <= s.clock.Now()) return Status(AuthRequired());
    auto found = CallerFor(tx, session->user_id);
    if (!found) return Status(found.error());
    caller = std::move(*found);
    caller.via_session = true;
    caller.csrf_token = session->csrf_token;
    expires = session->expires_at;
    return Status();
  });
}

Result<Caller> AuthenticateBearer(Services& s, const std::string& token) {
  if (token.empty() || token.size() > 200) return AuthRequired();
  const std::string hash = s.crypto.Sha256Hex(token);
  return Remembered(s, "b:" + hash, [&](Tx& tx, Caller& caller, std::optional<Instant>& expires) {
    const Instant now = s.clock.Now();
    auto stored = tx.Org().GetApiTokenByHash(hash);
    if (!stored || stored->revoked_at || (stored->expires_at && *stored->expires_at <= now)) {
      return Status(AuthRequired());
    }
    auto found = CallerFor(tx, stored->user_id);
    if (!found) return Status(found.error());
    caller = std::move(*found);
    expires = stored->expires_at;
    return Status();
  });
}

Result<NewApiToken> CreateApiToken(Services& s, const Actor& actor, const std::string& name,
                                   std::optional<Instant> expires_at) {
  if (name.empty() || name.size() > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "token.bad_name",
                     "令牌名称不能为空且不超过 100 字", "a token name must be 1 to 100 characters",
                     "name");
  }
  const Instant now = s.clock.Now();
  if (expires_at && *expires_at <= now) {
    return MakeError(ErrorCode::kInvalidArgument, "token.bad_expiry", "过期时间必须在将来",
                     "the expiry must be in the future", "expires_at");
  }
  NewApiToken created;
  created.secret = "csqm_" + s.crypto.RandomToken(32);
  auto st = s.store.Write([&](Tx& tx) -> Status {
    ApiToken t{0, s.crypto.Sha256Hex(created.secret), actor.id(), name, now, expires_at, {}};
    auto stored = tx.Org().InsertApiToken(std::move(t));
    if (!stored) return stored.error();
    created.token = std::move(*stored);
    return AppendAudit(tx, s.crypto, now, actor.id(), "token.create", "api_token", created.token.id,
                       "{}");
  });
  if (!st) return st.error();
  return created;
}

Result<std::vector<ApiToken>> ListApiTokens(Services& s, const Actor& actor) {
  std::vector<ApiToken> tokens;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Org().ListApiTokens(actor.id());
    if (!found) return found.error();
    tokens = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return tokens;
}

Status RevokeApiToken(Services& s, const Actor& actor, Id token_id) {
  const Instant now = s.clock.Now();
  Status st = s.store.Write([&](Tx& tx) -> Status {
    if (auto st2 = tx.Org().RevokeApiToken(token_id, actor.id(), now); !st2) return st2;
    return AppendAudit(tx, s.crypto, now, actor.id(), "token.revoke", "api_token", token_id, "{}");
  });
  ForgetCallers(s);
  return st;
}

}  // namespace csqm::app
