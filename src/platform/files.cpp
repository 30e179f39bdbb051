#include "platform/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace csqm::platform {

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool missing = errno == ENOENT;
    return core::MakeError(
        missing ? core::ErrorCode::kNotFound : core::ErrorCode::kFailedPrecondition,
        missing ? "file.not_found" : "file.unreadable",
        (missing ? "文件不存在：" : "无法读取文件：") + path,
        (missing ? "no such file: " : "cannot read file: ") + path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

core::Status WriteFileAtomic(const std::string& path, const std::string& content) {
  static std::atomic<uint64_t> counter{0};
  const std::string tmp =
      path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  const auto fail = [&](const char* what) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "file.unwritable",
                           std::string("无法写入文件（") + what + "）：" + path + "：" + why,
                           std::string("cannot write file (") + what + "): " + path + ": " + why);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("open");
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail("write");
    }
    written += size_t(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("fsync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename");
  return {};
}

}  // namespace csqm::platform
