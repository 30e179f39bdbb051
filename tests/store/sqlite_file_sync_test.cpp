// FileSync: syncs (and starts writing back) the file at a path, following it when the file is
// replaced, and reports a missing file with the name it was given.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/sqlite/sqlite_file_sync.hpp"
#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST(FileSync, DataSync_ReportsAMissingFileByTheNameItWasGiven) {
  TempDir dir;
  FileSync sync(dir.File("t.db-wal"), "the WAL");
  const core::Status s = sync.DataSync();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message_en.find("cannot open the WAL to sync"), std::string::npos)
      << s.error().OneLine();
  EXPECT_NE(s.error().message_en.find("t.db-wal"), std::string::npos);
  sync.StartWriteBack();  // nothing to write back: no error, no crash
}

TEST(FileSync, DataSync_FollowsTheFileWhenItIsReplaced) {
  TempDir dir;
  const std::string path = dir.File("t.db-wal");
  WriteFile(path, "first");
  FileSync sync(path, "the WAL");
  ASSERT_TRUE(sync.DataSync().ok());
  sync.StartWriteBack();
  // Deleted: the descriptor held is of a file no longer at the path.
  std::filesystem::remove(path);
  EXPECT_FALSE(sync.DataSync().ok());
  // Made anew: synced again, through a new descriptor.
  WriteFile(path, "second");
  EXPECT_TRUE(sync.DataSync().ok());
  sync.StartWriteBack();
  EXPECT_TRUE(sync.DataSync().ok());
}

}  // namespace
}  // namespace csqm::store::testing
