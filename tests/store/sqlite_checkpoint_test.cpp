// Background WAL checkpoints (SqliteOptions::background_checkpoint): the writer's commits no
// longer checkpoint; a thread of the Database's own does, so the WAL stays bounded and nothing
// written is lost.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <sqlite3.h>

#include "store/sqlite/sqlite_checkpointer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

std::unique_ptr<SqliteDatabase> OpenWith(const std::string& path, bool background, int pages) {
  SqliteOptions options;
  options.path = path;
  options.background_checkpoint = background;
  options.checkpoint_pages = pages;
  auto db = SqliteDatabase::Open(options);
  if (!db) {
    ADD_FAILURE() << db.error().OneLine();
    return nullptr;
  }
  return std::move(*db);
}

// Writes `rows` rows of about 2 KiB, `per_write` rows in each Write (each one a commit).
void WriteRows(Database& db, int first, int rows, int per_write = 1) {
  const std::string body(2000, 'x');
  for (int i = first; i < first + rows; i += per_write) {
    const core::Status s = db.Write([&](Connection& c) -> core::Status {
      for (int id = i; id < i + per_write && id < first + rows; ++id) {
        if (auto st = c.Exec("INSERT INTO t (id, body) VALUES (?, ?)", Params(id, body)); !st)
          return st;
      }
      return {};
    });
    ASSERT_TRUE(s.ok()) << s.error().OneLine();
  }
}

int64_t CountRows(Database& db) {
  int64_t n = -1;
  const core::Status s = db.Read([&](Connection& c) -> core::Status {
    auto row = c.QueryOne("SELECT count(*) FROM t");
    if (!row) return row.error();
    n = (*row)->Int(0);
    return {};
  });
  EXPECT_TRUE(s.ok());
  return n;
}

bool WaitForCheckpoints(const SqliteDatabase& db, uint64_t at_least) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (db.checkpoints() < at_least) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

using CatchUp = CheckpointPolicy::CatchUp;

TEST(CheckpointPolicy, BackgroundDue_CountsFromTheLastCheckpointBelowTheCatchUpSize) {
  const CheckpointPolicy policy{4000};
  EXPECT_FALSE(policy.BackgroundDue(0, 0));
  EXPECT_FALSE(policy.BackgroundDue(3999, 0));
  EXPECT_TRUE(policy.BackgroundDue(4000, 0));
  // Far past the threshold, but most of it copied: the commits made during the last
  // checkpoint do not start another one for their few frames.
  EXPECT_FALSE(policy.BackgroundDue(20000, 17000));
  EXPECT_TRUE(policy.BackgroundDue(21000, 17000));
  // A copied count from before the WAL started over is never negative uncopied.
  EXPECT_FALSE(policy.BackgroundDue(100, 5000));
}

TEST(CheckpointPolicy, BackgroundDue_ConvergesOnceTheWalIsLong) {
  const CheckpointPolicy policy{4000};
  const int from = 4000 * CheckpointPolicy::kCatchUpFrom;
  // From 32 × threshold on, anything over what the writer may catch up is copied at once.
  EXPECT_EQ(policy.CatchUpLeft(), CheckpointPolicy::kCatchUpLeftMax);
  EXPECT_FALSE(policy.BackgroundDue(from - 1, from - 1 - 2000));
  EXPECT_TRUE(policy.BackgroundDue(from, from - 2000));
  EXPECT_TRUE(policy.BackgroundDue(from, from - 1025));
  EXPECT_FALSE(policy.BackgroundDue(from, from - 1024));
  EXPECT_FALSE(policy.BackgroundDue(from, from));
}

TEST(CheckpointPolicy, WriterCatchUp_OnlyWhenLittleIsLeftUntilTheWalIsTooLong) {
  const CheckpointPolicy policy{4000};
  const int from = 4000 * CheckpointPolicy::kCatchUpFrom;
  const int by = 4000 * CheckpointPolicy::kCatchUpBy;
  EXPECT_EQ(policy.WriterCatchUp(from - 1, from - 1), CatchUp::kNo);  // short WAL
  EXPECT_EQ(policy.WriterCatchUp(from, from), CatchUp::kUnlessRunning);
  EXPECT_EQ(policy.WriterCatchUp(from, from - 1024), CatchUp::kUnlessRunning);
  EXPECT_EQ(policy.WriterCatchUp(from, from - 1025), CatchUp::kNo);  // the thread copies first
  EXPECT_EQ(policy.WriterCatchUp(by - 1, 0), CatchUp::kNo);
  EXPECT_EQ(policy.WriterCatchUp(by, 0), CatchUp::kMust);  // bounds the WAL
  EXPECT_EQ(policy.WriterCatchUp(by, by), CatchUp::kMust);
}

TEST(CheckpointPolicy, CatchUpLeft_IsHalfASmallThreshold) {
  EXPECT_EQ((CheckpointPolicy{100}.CatchUpLeft()), 50);
  EXPECT_EQ((CheckpointPolicy{1000}.CatchUpLeft()), 500);
  EXPECT_EQ((CheckpointPolicy{2048}.CatchUpLeft()), 1024);
  EXPECT_EQ((CheckpointPolicy{100000}.CatchUpLeft()), 1024);
  EXPECT_EQ((CheckpointPolicy{1}.CatchUpLeft()), 0);
}

// A WAL-mode file with a few pages in its WAL, held open (closing would checkpoint it).
struct WalFile {
  sqlite3* db = nullptr;
  explicit WalFile(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=0",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)",
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
          "INSERT INTO t SELECT i, printf('%.3000c', 'x') FROM n"}) {
      EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    }
  }
  ~WalFile() { sqlite3_close(db); }
};

TEST(SqliteCheckpoint, Checkpoint_CopiesTheMainFileOnlyNotTheAttachedSearchFile) {
  TempDir dir;
  WalFile main(dir.File("t.db"));
  WalFile search(dir.File("t-search.db"));
  const auto main_before = std::filesystem::file_size(dir.File("t.db"));
  const auto search_before = std::filesystem::file_size(dir.File("t-search.db"));
  SqliteOptions options;
  options.path = dir.File("t.db");
  options.search_path = dir.File("t-search.db");
  auto reader = SqliteConnection::Open(options, SqliteConnection::Role::kReader);
  ASSERT_TRUE(reader) << reader.error().OneLine();
  const std::optional<int> copied = (*reader)->Checkpoint(false);
  ASSERT_TRUE(copied);
  EXPECT_GT(*copied, 40);  // 40 rows of 3 KB: a page each and more
  EXPECT_GT(std::filesystem::file_size(dir.File("t.db")), main_before);
  // The search index's own writer checkpoints its file; a second checkpointer there would only
  // add syncs of its own.
  EXPECT_EQ(std::filesystem::file_size(dir.File("t-search.db")), search_before);
}

TEST(SqliteCheckpoint, Checkpoint_RunsInBackgroundOnceWalPassesThreshold) {
  TempDir dir;
  auto db = OpenWith(dir.File("t.db"), true, 50);
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
  WriteRows(*db, 1, 10);  // ~10 pages: under the threshold
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(db->checkpoints(), 0u);
  // Nothing was checkpointed yet: the database file holds at most its first pages.
  const auto before = std::filesystem::file_size(dir.File("t.db"));
  EXPECT_LE(before, 2u * 4096u);
  WriteRows(*db, 11, 100);  // well past 50 frames
  EXPECT_TRUE(WaitForCheckpoints(*db, 1));
  // The database file itself now holds pages the WAL had. How many depends on when the
  // thread ran (the first checkpoint may copy the WAL as soon as it passes 50 frames), so
  // only growth is certain.
  EXPECT_GT(std::filesystem::file_size(dir.File("t.db")), before);
  EXPECT_EQ(CountRows(*db), 110);
}

TEST(SqliteCheckpoint, Checkpoint_KeepsWalBoundedUnderSteadyWrites) {
  TempDir dir;
  auto db = OpenWith(dir.File("t.db"), true, 100);
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
  // 20,000 rows of 2 KiB, one page each and more: without checkpoints the WAL would hold
  // over 80 MB.
  WriteRows(*db, 1, 20000, 10);
  EXPECT_GE(db->checkpoints(), 20u);
  // Counted from what the last checkpoint copied, not from the WAL's start: not one
  // checkpoint per commit once the WAL is past the threshold (2,000 commits here).
  EXPECT_LE(db->checkpoints(), 500u);
  EXPECT_GE(db->stats().wal_restarts, 1u);
  // The WAL starts over from its beginning after a complete checkpoint; the writer catches up
  // by kCatchUpBy × 100 frames whatever the background thread managed, so the file (which
  // keeps its largest size) stays below what was written.
  const uintmax_t frame = 4096 + 24;
  EXPECT_LT(std::filesystem::file_size(dir.File("t.db-wal")),
            (CheckpointPolicy::kCatchUpBy * 100 + 100) * frame);
  EXPECT_EQ(CountRows(*db), 20000);
}

TEST(SqliteCheckpoint, Checkpoint_DataSurvivesReopenWithAndWithoutBackgroundThread) {
  TempDir dir;
  const std::string path = dir.File("t.db");
  {
    auto db = OpenWith(path, true, 20);
    ASSERT_TRUE(db);
    MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    WriteRows(*db, 1, 200);
  }
  auto db = OpenWith(path, false, 20);
  ASSERT_TRUE(db);
  EXPECT_EQ(CountRows(*db), 200);
  EXPECT_EQ(db->checkpoints(), 0u);
  WriteRows(*db, 201, 50);  // SQLite's own automatic checkpoint again
  EXPECT_EQ(CountRows(*db), 250);
}

}  // namespace
}  // namespace csqm::store::testing
