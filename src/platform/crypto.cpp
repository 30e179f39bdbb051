#include "platform/crypto.hpp"

#include <sodium.h>

#include <cstdlib>

namespace csqm::platform {
namespace {

static_assert(crypto_pwhash_ALG_DEFAULT == crypto_pwhash_ALG_ARGON2ID13,
              "crypto_pwhash_str must produce argon2id");

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// sodium_init is idempotent; the function-local static makes the first call race-free too.
void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness: nothing safe to do
    return true;
  }();
  (void)ready;
}

bool PasswordLengthOk(std::string_view password) {
  return password.size() >= kMinPasswordBytes && password.size() <= kMaxPasswordBytes;
}

}  // namespace

core::Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  if (!PasswordLengthOk(password)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "auth.weak_password",
                           "密码长度须为 8 到 256 个字节",
                           "the password must be 8 to 256 bytes long", "password");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return core::MakeError(core::ErrorCode::kInternal, "auth.hash_failed",
                           "无法计算密码散列（内存不足）",
                           "cannot hash the password (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  if (!PasswordLengthOk(password) || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated(hash);  // libsodium reads a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
  EnsureSodium();
  if (hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix ||
      hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos) {
    return true;
  }
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

std::string RandomToken(size_t bytes) {
  EnsureSodium();
  if (bytes == 0) return {};
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');  // with the NUL
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), kVariant);
  sodium_memzero(raw.data(), raw.size());
  encoded.pop_back();
  return encoded;
}

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace csqm::platform
