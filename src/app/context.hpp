// What every use case receives: who is acting, and the services it may use.
#pragma once

#include <string>
#include <vector>

#include "app/config_cache.hpp"
#include "app/ports/blob_store.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/crypto.hpp"
#include "app/ports/records.hpp"
#include "app/ports/store.hpp"

namespace csqm::app {

// The authenticated user and the organisation subtree their data scope covers.
struct Actor {
  User user;
  std::string unit_path;  // e.g. "/1/4/": the user's unit; they see this subtree
  core::Role role() const { return user.role; }
  Id id() const { return user.id; }
};

struct Settings {
  core::Millis session_lifetime = std::chrono::hours(12);
  core::Millis max_backdating = std::chrono::hours(72);  // earliest received_at allowed
  int64_t attachment_limit = 20 * 1024 * 1024;
};

class AuthCache;

struct Services {
  Store& store;
  const Clock& clock;
  const Crypto& crypto;
  BlobStore& blobs;
  ConfigCache& config;
  Settings settings;
  AuthCache* auth_cache = nullptr;  // optional: remembers who a credential is (auth_cache.hpp)
};

// After a write that can change who a session or token belongs to (or their unit's path).
void ForgetCallers(const Services& s);

}  // namespace csqm::app
