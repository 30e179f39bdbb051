// Who a session or API token belongs to, remembered for a moment: every API request
// authenticates, and reading the token, the user and the unit in a transaction of its own costs
// about as much as a small request itself. An entry lives `ttl` (2 s by default) and never past
// its credential's expiry; any change in this process that can change the answer (log-out,
// token revocation, a user's update or password, a unit's update) forgets every entry at once.
// A change made by another process or node (PostgreSQL) is seen within `ttl`.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/auth.hpp"

namespace csqm::app {

class AuthCache {
 public:
  explicit AuthCache(std::chrono::milliseconds ttl = std::chrono::seconds(2),
                     size_t capacity = 20000)
      : ttl_(ttl), capacity_(capacity) {}

  // The caller stored under `key` (a credential's hash), if still fresh and not expired at
  // `now` (the credential's own expiry, by the service clock). On a miss, `generation` is set
  // for the Put that follows the database read.
  std::optional<Caller> Find(const std::string& key, Instant now, uint64_t& generation);
  // Stores what was read, unless Clear ran since the Find that handed out `generation` (the
  // read may have seen the state before the change).
  void Put(const std::string& key, const Caller& caller, std::optional<Instant> expires_at,
           uint64_t generation);
  // Forgets every entry (called after a write that can change who a credential is).
  void Clear();

 private:
  struct Entry {
    Caller caller;
    std::optional<Instant> expires_at;
    std::chrono::steady_clock::time_point fresh_until;
  };
  const std::chrono::milliseconds ttl_;
  const size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  uint64_t generation_ = 0;                         // guarded by mu_
};

}  // namespace csqm::app
