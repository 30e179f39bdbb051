// Whole-file reads and atomic whole-file writes.
#pragma once

#include <string>

#include "core/result.hpp"

namespace csqm::platform {

// kNotFound ("file.not_found") or kFailedPrecondition ("file.unreadable") with the path.
core::Result<std::string> ReadFile(const std::string& path);

// Writes to a temporary file beside `path`, fsyncs it and renames it over `path`, so a reader
// sees the old content or the new one, never a half-written file.
core::Status WriteFileAtomic(const std::string& path, const std::string& content);

}  // namespace csqm::platform
