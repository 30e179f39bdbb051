// Sign-in and who is calling: session cookies (with a CSRF token) for the UI, bearer API
// tokens for integrations. Secrets are stored only as SHA-256 hashes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace csqm::app {

struct LoginResult {
  std::string session_token;  // the cookie value; shown once
  std::string csrf_token;
  Instant expires_at;
  Actor actor;
};

// kUnauthenticated "auth.bad_credentials" for an unknown login, a wrong password or an
// inactive user alike (no account enumeration). At most a few argon2id verifications run at
// once (each takes 64 MiB); the rest wait.
Result<LoginResult> Login(Services& s, const std::string& login, const std::string& password);
Status Logout(Services& s, const std::string& session_token);

struct Caller {
  Actor actor;
  bool via_session = false;
  std::string csrf_token;  // when via_session: mutating requests must echo it
};

// kUnauthenticated "auth.required" when the token is unknown, expired, revoked or its user
// inactive.
Result<Caller> AuthenticateSession(Services& s, const std::string& session_token);
Result<Caller> AuthenticateBearer(Services& s, const std::string& token);

struct NewApiToken {
  ApiToken token;
  std::string secret;  // "csqm_…", shown once
};

Result<NewApiToken> CreateApiToken(Services& s, const Actor& actor, const std::string& name,
                                   std::optional<Instant> expires_at);
Result<std::vector<ApiToken>> ListApiTokens(Services& s, const Actor& actor);
Status RevokeApiToken(Services& s, const Actor& actor, Id token_id);

// Builds an Actor (with the unit path) for a stored user.
Result<Actor> ActorFor(Tx& tx, const User& user);

}  // namespace csqm::app
