// A file named by its path, held open read-only to push its pages to the disk (a sync is per
// file, not per descriptor), and opened again when the file at the path is no longer the one
// held (it was deleted and made anew). Used from one thread at a time.
#pragma once

#include <string>

#include "core/result.hpp"

namespace csqm::store {

class FileSync {
 public:
  // `what` names the file in error messages ("the WAL").
  FileSync(std::string path, std::string what);
  ~FileSync();
  FileSync(const FileSync&) = delete;
  FileSync& operator=(const FileSync&) = delete;

  // fdatasync: the file's data is on the disk when it returns. Errors: StoreError (the file is
  // missing, cannot be opened, or the sync failed).
  core::Status DataSync();
  // Starts writing the file's dirty pages to the disk and returns without waiting for them
  // (Linux sync_file_range): a later sync then has little left to write, and the kernel does
  // not write them all at once when they expire. Failures are ignored (a missing file too):
  // it only spreads out writes that a sync or the kernel makes anyway.
  void StartWriteBack();

 private:
  // The descriptor, opened (again) when needed; -1 with errno set when that failed.
  int Descriptor();

  const std::string path_;
  const std::string what_;
  int fd_ = -1;
};

}  // namespace csqm::store
