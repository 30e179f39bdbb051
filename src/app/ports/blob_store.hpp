// BlobStore: attachment contents, stored by content hash (on disk by platform/).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace csqm::app {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes under their SHA-256 (hex, given by the caller); idempotent and durable
  // (written to a temporary file, fsync'd and renamed) before it returns.
  virtual core::Status Put(const std::string& sha256, std::string_view bytes) = 0;
  // kNotFound ("attachment.missing_blob") when absent.
  virtual core::Result<std::string> Get(const std::string& sha256) const = 0;
};

}  // namespace csqm::app
