// Crypto: password hashing, random tokens and digests, implemented by platform/ (libsodium).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace csqm::app {

class Crypto {
 public:
  virtual ~Crypto() = default;
  // argon2id; "auth.weak_password" for passwords under 8 or over 256 bytes. A hash needs much
  // memory (64 MiB): the implementation bounds how many run at once, and may run them on
  // threads of its own (suspending the calling coroutine).
  virtual core::Result<std::string> HashPassword(std::string_view password) const = 0;
  virtual bool VerifyPassword(std::string_view hash, std::string_view password) const = 0;
  // URL-safe random text from `bytes` random bytes.
  virtual std::string RandomToken(size_t bytes = 32) const = 0;
  virtual std::string Sha256Hex(std::string_view data) const = 0;
};

}  // namespace csqm::app
