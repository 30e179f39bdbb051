// Implementations of the app ports that need the machine: the system clock, libsodium
// crypto and attachment contents on disk.
#pragma once

#include <string>

#include "app/ports/blob_store.hpp"
#include "app/ports/clock.hpp"
#include "app/ports/crypto.hpp"

namespace csqm::platform {

class SystemClock final : public app::Clock {
 public:
  core::Instant Now() const override;
};

class SodiumCrypto final : public app::Crypto {
 public:
  core::Result<std::string> HashPassword(std::string_view password) const override;
  bool VerifyPassword(std::string_view hash, std::string_view password) const override;
  std::string RandomToken(size_t bytes) const override;
  std::string Sha256Hex(std::string_view data) const override;
};

// Files under DIR/ab/cdef… named by their SHA-256, written atomically.
class DiskBlobStore final : public app::BlobStore {
 public:
  explicit DiskBlobStore(std::string dir) : dir_(std::move(dir)) {}
  core::Status Put(const std::string& sha256, std::string_view bytes) override;
  core::Result<std::string> Get(const std::string& sha256) const override;

 private:
  std::string PathOf(const std::string& sha256) const;
  std::string dir_;
};

}  // namespace csqm::platform
