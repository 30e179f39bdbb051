#include "store/sqlite/sqlite_file_sync.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/errors.hpp"

namespace csqm::store {

FileSync::FileSync(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {}

FileSync::~FileSync() {
  if (fd_ >= 0) ::close(fd_);
}

int FileSync::Descriptor() {
  struct stat by_path {};
  struct stat held {};
  if (::stat(path_.c_str(), &by_path) != 0) return -1;
  if (fd_ >= 0 && (::fstat(fd_, &held) != 0 || held.st_ino != by_path.st_ino ||
                   held.st_dev != by_path.st_dev)) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  return fd_;
}

core::Status FileSync::DataSync() {
  const int fd = Descriptor();
  if (fd < 0) {
    return StoreError("cannot open " + what_ + " to sync: " + std::strerror(errno), path_);
  }
  if (::fdatasync(fd) != 0) {
    return StoreError("fdatasync of " + what_ + " failed: " + std::strerror(errno), path_);
  }
  return {};
}

void FileSync::StartWriteBack() {
  const int fd = Descriptor();
  if (fd >= 0) (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

}  // namespace csqm::store
