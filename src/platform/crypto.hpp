// Password hashing, random tokens and hashes, over libsodium (initialised once, on first use,
// from any thread). Passwords: argon2id at libsodium's INTERACTIVE limits (64 MiB, ~60 ms per
// hash or verify on our machines): run these off the I/O threads and bound how many run at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace csqm::platform {

inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 256;

// The PHC string "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>", with a fresh random salt.
// kInvalidArgument "auth.weak_password" when the password is shorter than kMinPasswordBytes or
// longer than kMaxPasswordBytes bytes; kInternal "auth.hash_failed" when memory runs out.
core::Result<std::string> HashPassword(std::string_view password);

// True when `hash` is a hash of `password` made by HashPassword (or any argon2i/argon2id PHC
// string libsodium understands). False for a wrong password, a malformed hash, or a password
// outside the accepted lengths.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True when `hash` is not argon2id at the current limits: after a successful login, hash the
// password again and store the new hash. Malformed hashes need a rehash too.
bool PasswordNeedsRehash(std::string_view hash);

// `bytes` random bytes as URL-safe base64 without padding (43 characters for 32 bytes):
// session ids, API tokens, CSRF tokens. Store only Sha256Hex of it.
std::string RandomToken(size_t bytes = 32);

// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);

// Equality in time that depends on the length only, not on where the bytes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace csqm::platform
