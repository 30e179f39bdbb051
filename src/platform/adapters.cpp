#include "platform/adapters.hpp"

#include <filesystem>
#include <optional>

#include "platform/crypto.hpp"
#include "platform/files.hpp"
#include "platform/offload.hpp"

namespace csqm::platform {

core::Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<core::Millis>(std::chrono::system_clock::now());
}

// Hashes run on the offload threads: they bound how many 64 MiB hashes run at once and keep
// them off the HTTP handlers' threads.
core::Result<std::string> SodiumCrypto::HashPassword(std::string_view password) const {
  std::optional<core::Result<std::string>> hashed;
  RunOffloaded([&] { hashed.emplace(platform::HashPassword(password)); });
  return std::move(*hashed);
}

bool SodiumCrypto::VerifyPassword(std::string_view hash, std::string_view password) const {
  bool ok = false;
  RunOffloaded([&] { ok = platform::VerifyPassword(hash, password); });
  return ok;
}

std::string SodiumCrypto::RandomToken(size_t bytes) const { return platform::RandomToken(bytes); }

std::string SodiumCrypto::Sha256Hex(std::string_view data) const {
  return platform::Sha256Hex(data);
}

std::string DiskBlobStore::PathOf(const std::string& sha256) const {
  return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2);
}

core::Status DiskBlobStore::Put(const std::string& sha256, std::string_view bytes) {
  if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "attachment.bad_hash", "附件摘要无效",
                           "invalid attachment digest");
  }
  const std::string path = PathOf(sha256);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return {};
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) {
    return core::MakeError(core::ErrorCode::kInternal, "attachment.store_failed",
                           "无法保存附件：" + ec.message(),
                           "cannot store attachment: " + ec.message());
  }
  return WriteFileAtomic(path, std::string(bytes));
}

core::Result<std::string> DiskBlobStore::Get(const std::string& sha256) const {
  if (sha256.size() != 64) {
    return core::MakeError(core::ErrorCode::kNotFound, "attachment.missing_blob", "附件内容不存在",
                           "attachment content is missing");
  }
  auto bytes = ReadFile(PathOf(sha256));
  if (!bytes) {
    return core::MakeError(core::ErrorCode::kNotFound, "attachment.missing_blob", "附件内容不存在",
                           "attachment content is missing");
  }
  return bytes;
}

}  // namespace csqm::platform
