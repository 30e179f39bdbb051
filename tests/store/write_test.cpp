// Database::Write on SQLite: atomicity, group commit, failure isolation inside a batch.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/errors.hpp"
#include "store_test_support.hpp"
#include "support/waiting_suspender.hpp"

namespace csqm::store::testing {
namespace {

constexpr char kSchema[] =
    "CREATE TABLE items (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, note TEXT);";

core::Status InsertItem(Connection& c, int64_t id, const std::string& code) {
  return c.Exec("INSERT INTO items (id, code) VALUES (?, ?)", Params(id, code));
}

// t.db in `dir` with kSchema's table; null (and a test failure) when it cannot be opened.
std::unique_ptr<SqliteDatabase> OpenItems(const TempDir& dir) {
  auto db = OpenDb(dir.File("t.db"));
  if (db) MustWrite(*db, kSchema);
  return db;
}

core::Error Failure(const std::string& reason) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, reason, "失败", "failed");
}

TEST(SqliteWrite, Write_IsAtomicAndRollsBackOnError) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);

  const core::Status failed = db->Write([](Connection& c) -> core::Status {
    for (int64_t id = 1; id <= 3; ++id) {
      if (auto s = InsertItem(c, id, "c" + std::to_string(id)); !s) return s;
    }
    return Failure("test.refused");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().reason, "test.refused");
  EXPECT_EQ(CountRows(*db, "items"), 0);

  // A failing statement after good ones: the caller's error, nothing kept.
  const core::Status bad_sql = db->Write([](Connection& c) -> core::Status {
    if (auto s = InsertItem(c, 1, "a"); !s) return s;
    return c.Exec("INSERT INTO no_such_table VALUES (1)");
  });
  ASSERT_FALSE(bad_sql.ok());
  EXPECT_EQ(bad_sql.error().reason, kReasonError);
  EXPECT_NE(bad_sql.error().message_en.find("no such table"), std::string::npos);
  EXPECT_EQ(CountRows(*db, "items"), 0);

  const core::Status ok = db->Write([](Connection& c) -> core::Status {
    if (auto s = InsertItem(c, 1, "a"); !s) return s;
    return InsertItem(c, 2, "b");
  });
  ASSERT_TRUE(ok.ok()) << ok.error().OneLine();
  EXPECT_EQ(CountRows(*db, "items"), 2);
}

TEST(SqliteWrite, Write_FailingRequestDoesNotAffectOthersInItsBatch) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);
  MustWrite(*db, "INSERT INTO items (id, code) VALUES (100, 'taken')");
  const uint64_t commits_before = db->stats().commits;

  constexpr int kCalls = 12;
  std::vector<core::Status> results(kCalls);
  std::vector<std::thread> threads;
  {
    WriterGate gate(*db);
    for (int i = 0; i < kCalls; ++i) {
      threads.emplace_back([&, i] {
        results[i] = db->Write([i](Connection& c) -> core::Status {
          if (i == 3) return InsertItem(c, 3, "taken");  // violates UNIQUE(code)
          if (auto s = InsertItem(c, i, "code" + std::to_string(i)); !s) return s;
          if (i == 7) return Failure("test.refused");  // after a successful insert
          if (i == 9) throw std::runtime_error("boom");
          return c.Exec("UPDATE items SET note = 'x' WHERE id = 100");
        });
      });
    }
    ASSERT_TRUE(WaitForQueue(*db, kCalls));
    gate.Open();
  }
  for (auto& t : threads) t.join();

  for (int i = 0; i < kCalls; ++i) {
    if (i == 3 || i == 7 || i == 9) {
      EXPECT_FALSE(results[i].ok()) << i;
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].error().OneLine();
    }
  }
  EXPECT_EQ(results[3].error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(results[3].error().reason, kReasonConstraint);
  EXPECT_EQ(results[7].error().reason, "test.refused");
  EXPECT_EQ(results[9].error().reason, kReasonException);
  EXPECT_EQ(CountRows(*db, "items"), 1 + kCalls - 3);
  EXPECT_EQ(CountRows(*db, "items WHERE id IN (3, 7, 9)"), 0);

  const Database::Stats stats = db->stats();
  EXPECT_EQ(stats.max_batch, static_cast<uint64_t>(kCalls));  // all twelve shared a transaction
  EXPECT_EQ(stats.commits - commits_before, 2u);              // the gate's, then the batch's
  EXPECT_EQ(stats.batch_histogram[4], 1u);                    // 8 < 12 <= 16
  EXPECT_EQ(stats.failed_writes, 3u);
}

// Each call's savepoint journals every page it changes: here one call changes ~10 MB of
// existing pages (past the journal's in-memory chunk, so it spills to a temporary file) and
// then fails, between two calls of its batch that change the same pages and succeed.
TEST(SqliteWrite, Write_AFailedCallThatChangedManyPagesRollsBackAloneInItsBatch) {
  TempDir dir;
  auto db = OpenItems(dir);
  ASSERT_TRUE(db);
  MustWrite(*db,
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
            "INSERT INTO items (id, code, note) SELECT i, 'c' || i, printf('%02000d', i) FROM n");
  std::vector<core::Status> results(3);
  std::vector<std::thread> threads;
  {
    WriterGate gate(*db);
    for (int i = 0; i < 3; ++i) {
      threads.emplace_back([&, i] {
        results[i] = db->Write([i](Connection& c) -> core::Status {
          if (i == 1) {
            if (auto s = c.Exec("UPDATE items SET note = upper(note) || 'big' WHERE id <= 5000");
                !s) {
              return s;
            }
            if (auto s = InsertItem(c, 6001, "big"); !s) return s;
            return Failure("test.too_big");
          }
          if (auto s = InsertItem(c, 7000 + i, "small" + std::to_string(i)); !s) return s;
          return c.Exec("UPDATE items SET note = note || ? WHERE id % 500 = 0",
                        Params(std::to_string(i)));
        });
      });
      ASSERT_TRUE(WaitForQueue(*db, static_cast<uint64_t>(i + 1)));  // queued in this order
    }
    gate.Open();
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0].ok()) << results[0].error().OneLine();
  EXPECT_EQ(results[1].error().reason, "test.too_big") << results[1].error().OneLine();
  EXPECT_TRUE(results[2].ok()) << results[2].error().OneLine();
  EXPECT_EQ(db->stats().max_batch, 3u);
  EXPECT_EQ(CountRows(*db, "items"), 5002);
  EXPECT_EQ(CountRows(*db, "items WHERE note LIKE '%big'"), 0);
  EXPECT_EQ(CountRows(*db, "items WHERE id % 500 = 0 AND note LIKE '%02'"), 10);
  EXPECT_EQ(CountRows(*db, "items WHERE id IN (7000, 7002)"), 2);
}

TEST(SqliteWrite, Write_GroupsConcurrentWritesIntoFewCommits) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE events (id INTEGER PRIMARY KEY, thread INTEGER, seq INTEGER)");
  const Database::Stats before = db->stats();

  constexpr int kThreads = 64;
  constexpr int kWritesEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kWritesEach; ++k) {
        const core::Status s = db->Write([&](Connection& c) {
          return c.Exec("INSERT INTO events (thread, seq) VALUES (?, ?)", Params(t, k));
        });
        if (!s) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();

  const Database::Stats after = db->stats();
  const uint64_t writes = after.writes - before.writes;
  const uint64_t commits = after.commits - before.commits;
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(*db, "events"), kThreads * kWritesEach);
  EXPECT_EQ(writes, static_cast<uint64_t>(kThreads * kWritesEach));
  EXPECT_LT(commits, writes);
  EXPECT_GT(after.max_batch, 1u);
  std::printf("[ info ] %llu writes in %llu commits, largest batch %llu\n",
              static_cast<unsigned long long>(writes), static_cast<unsigned long long>(commits),
              static_cast<unsigned long long>(after.max_batch));
}

TEST(SqliteWrite, Write_ExceptionInCallbackBecomesErrorAndRollsBack) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);

  const core::Status thrown = db->Write([](Connection& c) -> core::Status {
    if (auto s = InsertItem(c, 1, "a"); !s) return s;
    throw std::runtime_error("boom in callback");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(thrown.error().reason, kReasonException);
  EXPECT_NE(thrown.error().message_en.find("boom in callback"), std::string::npos);
  EXPECT_EQ(CountRows(*db, "items"), 0);

  const core::Status odd = db->Write([](Connection&) -> core::Status { throw 42; });
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().reason, kReasonException);

  // The writer is still alive and well.
  EXPECT_TRUE(db->Write([](Connection& c) { return InsertItem(c, 2, "b"); }).ok());
  EXPECT_EQ(CountRows(*db, "items"), 1);
}

TEST(SqliteWrite, Write_RefusesTransactionControlInsideTheCallback) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);

  for (const char* sql : {"COMMIT", "ROLLBACK", "BEGIN", "END", "RELEASE csqm_write",
                          "ROLLBACK TO csqm_write", "release CSQM_WRITE"}) {
    const core::Status s = db->Write([&](Connection& c) -> core::Status {
      if (auto s1 = InsertItem(c, 1, "a"); !s1) return s1;
      return c.Exec(sql);
    });
    ASSERT_FALSE(s.ok()) << sql;
    EXPECT_EQ(s.error().reason, kReasonError) << sql;
    EXPECT_NE(s.error().message_en.find("transaction control"), std::string::npos) << sql;
  }
  EXPECT_EQ(CountRows(*db, "items"), 0);

  // The callback's own savepoints are fine.
  const core::Status nested = db->Write([](Connection& c) -> core::Status {
    if (auto s = InsertItem(c, 1, "a"); !s) return s;
    if (auto s = c.Exec("SAVEPOINT mine"); !s) return s;
    if (auto s = InsertItem(c, 2, "b"); !s) return s;
    if (auto s = c.Exec("ROLLBACK TO mine"); !s) return s;
    return c.Exec("RELEASE mine");
  });
  ASSERT_TRUE(nested.ok()) << nested.error().OneLine();
  EXPECT_EQ(CountRows(*db, "items"), 1);
}

TEST(SqliteWrite, Write_NestedReadOrWriteIsRefused) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  core::Status inner_write;
  core::Status inner_read;
  const core::Status outer = db->Write([&](Connection&) {
    inner_write = db->Write([](Connection&) { return core::Status(); });
    inner_read = db->Read([](Connection&) { return core::Status(); });
    return core::Status();
  });
  EXPECT_TRUE(outer.ok());
  ASSERT_FALSE(inner_write.ok());
  EXPECT_EQ(inner_write.error().reason, kReasonNested);
  ASSERT_FALSE(inner_read.ok());
  EXPECT_EQ(inner_read.error().reason, kReasonNested);
}

TEST(SqliteWrite, Write_DeferredForeignKeyViolationFailsOnlyItsCall) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db,
            "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
            "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
            "REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);");
  core::Status orphan;
  core::Status good;
  {
    WriterGate gate(*db);
    std::thread a([&] {
      orphan = db->Write([](Connection& c) {
        return c.Exec("INSERT INTO children (id, parent_id) VALUES (1, 42)");
      });
    });
    ASSERT_TRUE(WaitForQueue(*db, 1));
    std::thread b([&] {
      good = db->Write([](Connection& c) -> core::Status {
        if (auto s = c.Exec("INSERT INTO parents (id) VALUES (7)"); !s) return s;
        return c.Exec("INSERT INTO children (id, parent_id) VALUES (2, 7)");
      });
    });
    ASSERT_TRUE(WaitForQueue(*db, 2));
    gate.Open();
    a.join();
    b.join();
  }
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(orphan.error().reason, kReasonConstraint);
  EXPECT_TRUE(good.ok()) << good.error().OneLine();
  EXPECT_EQ(CountRows(*db, "children"), 1);
}

TEST(SqliteWrite, Write_LockHeldTooLongByAnotherConnectionIsBusy) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  SqliteOptions options;
  options.path = dir.File("t.db");
  options.readers = 1;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto other = SqliteDatabase::Open(options);  // as a second process would
  ASSERT_TRUE(other.ok());

  WriterGate gate(*db);  // db's writer holds the write lock
  const core::Status s = (*other)->Write([](Connection& c) { return c.Exec("SELECT 1"); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(s.error().reason, kReasonBusy);
}

TEST(SqliteWrite, Write_ExecCountAndReturningReportWhatChanged) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);
  int64_t new_id = 0;
  int64_t changed = -1;
  const core::Status s = db->Write([&](Connection& c) -> core::Status {
    auto row = c.QueryOne("INSERT INTO items (code) VALUES (?) RETURNING id", {Value("a")});
    if (!row) return row.error();
    new_id = (*row)->Int(0);
    if (auto s1 = InsertItem(c, 50, "b"); !s1) return s1;
    auto count = c.ExecCount("UPDATE items SET note = ? WHERE id >= ?", Params("n", 1));
    if (!count) return count.error();
    changed = *count;
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  EXPECT_EQ(new_id, 1);
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(CountRows(*db, "items"), 2);
}

TEST(SqliteWrite, InsertId_ReturnsEachNewRowsIdAndFailsWhenNothingWasInserted) {
  TempDir dir;
  auto db = OpenItems(dir);
  ASSERT_TRUE(db);
  MustWrite(*db,
            "CREATE TABLE log (id INTEGER PRIMARY KEY, item_id INTEGER);"
            "CREATE TRIGGER items_log AFTER INSERT ON items "
            "BEGIN INSERT INTO log (item_id) VALUES (new.id); END;");
  MustWrite(*db, "INSERT INTO log (id) VALUES (100)");  // the trigger's rows get ids 101, 102
  std::vector<int64_t> ids;
  const core::Status s = db->Write([&](Connection& c) -> core::Status {
    for (const char* code : {"a", "b"}) {
      auto id = c.InsertId("INSERT INTO items (code) VALUES (?)", {Value(code)});
      if (!id) return id.error();
      ids.push_back(*id);
    }
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2}));  // the items' ids, not the trigger's rows'

  core::Status none = db->Write([](Connection& c) -> core::Status {
    auto id = c.InsertId("INSERT INTO items (code) SELECT 'c' WHERE 0");
    if (!id) return id.error();
    return {};
  });
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().reason, kReasonError);
  EXPECT_NE(none.error().message_en.find("the insert added no row"), std::string::npos);

  core::Status duplicate = db->Write([](Connection& c) -> core::Status {
    auto id = c.InsertId("INSERT INTO items (code) VALUES (?)", {Value("a")});
    if (!id) return id.error();
    return {};
  });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().reason, kReasonConstraint);
  EXPECT_EQ(CountRows(*db, "items"), 2);
}

using test::ScopedSuspender;
using test::WaitingSuspender;

TEST(SqliteWrite, Write_SuspendsACoroutineCallerAndResumesItOnceWithItsResult) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);
  WaitingSuspender suspender;
  {
    ScopedSuspender scope(&suspender);
    const core::Status ok = db->Write([](Connection& c) { return InsertItem(c, 1, "a"); });
    ASSERT_TRUE(ok.ok()) << ok.error().OneLine();
    const core::Status refused = db->Write([](Connection& c) -> core::Status {
      if (auto s = InsertItem(c, 2, "b"); !s) return s;
      return Failure("test.refused");
    });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "test.refused");
  }
  EXPECT_EQ(suspender.suspends.load(), 2);
  EXPECT_EQ(suspender.resumes.load(), 2);
  EXPECT_EQ(CountRows(*db, "items"), 1);  // the refused call left nothing
  // Without a suspender the same store blocks the thread, as before.
  ASSERT_TRUE(db->Write([](Connection& c) { return InsertItem(c, 3, "c"); }).ok());
  EXPECT_EQ(suspender.suspends.load(), 2);
  EXPECT_EQ(CountRows(*db, "items"), 2);
}

TEST(SqliteWrite, Write_SuspendedAndBlockedCallersShareGroupCommits) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, kSchema);
  constexpr int kThreads = 16;
  constexpr int kWritesEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      WaitingSuspender suspender;
      ScopedSuspender scope(t % 2 == 0 ? &suspender : nullptr);
      for (int k = 0; k < kWritesEach; ++k) {
        const int64_t id = t * kWritesEach + k + 1;
        if (!db->Write([&](Connection& c) { return InsertItem(c, id, std::to_string(id)); })) {
          ++failures;
        }
      }
      if (t % 2 == 0 && suspender.resumes.load() != kWritesEach) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(*db, "items"), kThreads * kWritesEach);
  EXPECT_GT(db->stats().max_batch, 1u);
}

}  // namespace
}  // namespace csqm::store::testing
