#include "app/auth_cache.hpp"

namespace csqm::app {

std::optional<Caller> AuthCache::Find(const std::string& key, Instant now, uint64_t& generation) {
  std::lock_guard lock(mu_);
  generation = generation_;
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (std::chrono::steady_clock::now() >= e.fresh_until || (e.expires_at && *e.expires_at <= now)) {
    entries_.erase(it);
    return std::nullopt;
  }
  return e.caller;
}

void AuthCache::Put(const std::string& key, const Caller& caller, std::optional<Instant> expires_at,
                    uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  if (entries_.size() >= capacity_) entries_.clear();  // simple bound: start over
  entries_[key] = Entry{caller, expires_at, std::chrono::steady_clock::now() + ttl_};
}

void AuthCache::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  ++generation_;
}

void ForgetCallers(const Services& s) {
  if (s.auth_cache) s.auth_cache->Clear();
}

}  // namespace csqm::app
