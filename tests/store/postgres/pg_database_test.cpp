// PgDatabase against a real throwaway PostgreSQL 15: atomic writes, rollback on error,
// constraint mapping, concurrent writers, read snapshots, values, the pool.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_database.hpp"
#include "store/errors.hpp"

namespace csqm::store::testing {
namespace {

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = MakePgDatabase(/*migrated=*/false);
    ASSERT_TRUE(db_);
    const core::Status made = db_->Write([](Connection& c) {
      return c.ExecScript(
          "CREATE TABLE parent (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
          "  n BIGINT NOT NULL DEFAULT 0 CHECK (n >= 0));"
          "CREATE TABLE child (id BIGSERIAL PRIMARY KEY, "
          "  parent_id BIGINT NOT NULL REFERENCES parent(id), note TEXT);");
    });
    ASSERT_TRUE(made.ok()) << made.error().OneLine();
  }

  int64_t Count(const std::string& table) {
    int64_t n = -1;
    const core::Status st = db_->Read([&](Connection& c) -> core::Status {
      auto row = c.QueryOne("SELECT count(*) FROM " + table);
      if (!row.ok()) return row.error();
      n = (*row)->Int(0);
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().OneLine();
    return n;
  }

  core::Status Insert(const std::string& name) {
    return db_->Write(
        [&](Connection& c) { return c.Exec("INSERT INTO parent (name) VALUES (?)", {name}); });
  }

  std::shared_ptr<PgDatabase> db_;
};

TEST_F(PgDatabaseTest, InsertId_AddsReturningIdAndFailsWhenNothingWasInserted) {
  int64_t first = 0, second = 0;
  const core::Status st = db_->Write([&](Connection& c) -> core::Status {
    auto a = c.InsertId("INSERT INTO parent (name) VALUES (?)", {"甲"});
    if (!a.ok()) return a.error();
    auto b = c.InsertId("INSERT INTO parent (name) VALUES (?)", {"乙"});
    if (!b.ok()) return b.error();
    first = *a;
    second = *b;
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().OneLine();
  EXPECT_EQ(second, first + 1);
  core::Status none = db_->Write([](Connection& c) -> core::Status {
    auto id = c.InsertId("INSERT INTO parent (name) SELECT 'x' WHERE false");
    if (!id.ok()) return id.error();
    return {};
  });
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message_en.find("the insert added no row"), std::string::npos);
}

TEST_F(PgDatabaseTest, Write_ReturnsNewIdsAndCommits) {
  int64_t first = 0, second = 0;
  const core::Status st = db_->Write([&](Connection& c) -> core::Status {
    auto a = c.QueryOne("INSERT INTO parent (name) VALUES (?) RETURNING id", {"一"});
    if (!a.ok()) return a.error();
    auto b = c.QueryOne("INSERT INTO parent (name) VALUES (?) RETURNING id", {"二"});
    if (!b.ok()) return b.error();
    first = (*a)->Int(0);
    second = (*b)->Int(0);
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().OneLine();
  EXPECT_EQ(second, first + 1);
  EXPECT_EQ(Count("parent"), 2);
  EXPECT_EQ(db_->stats().commits, 2u);  // the table setup and this write
}

TEST_F(PgDatabaseTest, Write_CallbackErrorRollsBackEverything) {
  const core::Status st = db_->Write([](Connection& c) -> core::Status {
    if (auto s = c.Exec("INSERT INTO parent (name) VALUES ('a')"); !s) return s;
    return core::MakeError(core::ErrorCode::kInvalidArgument, "test.refused", "拒绝", "refused");
  });
  EXPECT_EQ(st.error().reason, "test.refused");
  EXPECT_EQ(Count("parent"), 0);
  EXPECT_EQ(db_->stats().failed_writes, 1u);
}

TEST_F(PgDatabaseTest, Write_FailedStatementFailsTheWriteEvenWhenTheCallbackIgnoresIt) {
  ASSERT_TRUE(Insert("taken").ok());
  const core::Status st = db_->Write([](Connection& c) -> core::Status {
    (void)c.Exec("INSERT INTO parent (name) VALUES ('new')");
    (void)c.Exec("INSERT INTO parent (name) VALUES ('taken')");  // fails; ignored
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().reason, kReasonError);
  EXPECT_EQ(Count("parent"), 1);
}

TEST_F(PgDatabaseTest, Write_ThrowingCallbackIsRolledBackAsStoreException) {
  const core::Status st = db_->Write([](Connection& c) -> core::Status {
    (void)c.Exec("INSERT INTO parent (name) VALUES ('a')");
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(st.error().reason, kReasonException);
  EXPECT_NE(st.error().message_en.find("boom"), std::string::npos);
  EXPECT_EQ(Count("parent"), 0);
}

TEST_F(PgDatabaseTest, Errors_ConstraintViolationsAreConflicts) {
  ASSERT_TRUE(Insert("a").ok());
  const auto attempt = [&](const std::string& sql) {
    return db_->Write([&](Connection& c) { return c.Exec(sql); });
  };
  for (const std::string sql : {
           "INSERT INTO parent (name) VALUES ('a')",         // unique
           "INSERT INTO child (parent_id) VALUES (424242)",  // foreign key
           "INSERT INTO parent (name, n) VALUES ('b', -1)",  // check
           "INSERT INTO parent (name) VALUES (NULL)",        // not null
       }) {
    const core::Status st = attempt(sql);
    ASSERT_FALSE(st.ok()) << sql;
    EXPECT_EQ(st.error().code, core::ErrorCode::kConflict) << sql;
    EXPECT_EQ(st.error().reason, kReasonConstraint) << sql;
  }
  const core::Status syntax = attempt("INSERT INTO nowhere VALUES (1)");
  EXPECT_EQ(syntax.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(syntax.error().reason, kReasonError);
  EXPECT_NE(syntax.error().message_en.find("nowhere"), std::string::npos);
}

TEST_F(PgDatabaseTest, Read_IsReadOnlyAndRefusesNestingAndTransactionControl) {
  const core::Status write_in_read =
      db_->Read([](Connection& c) { return c.Exec("INSERT INTO parent (name) VALUES ('x')"); });
  EXPECT_EQ(write_in_read.error().reason, kReasonError);
  const core::Status nested = db_->Write(
      [&](Connection&) { return db_->Read([](Connection&) { return core::Status(); }); });
  EXPECT_EQ(nested.error().reason, kReasonNested);
  for (const char* sql : {"COMMIT", "ROLLBACK", "BEGIN"}) {
    const core::Status st = db_->Write([&](Connection& c) { return c.Exec(sql); });
    EXPECT_EQ(st.error().reason, kReasonError) << sql;
    const core::Status script =
        db_->Write([&](Connection& c) { return c.ExecScript(std::string("SELECT 1; ") + sql); });
    EXPECT_EQ(script.error().reason, kReasonError) << sql;
  }
  EXPECT_EQ(Count("parent"), 0);
}

TEST_F(PgDatabaseTest, Read_SeesOneSnapshotWhileWritersCommit) {
  ASSERT_TRUE(Insert("before").ok());
  std::vector<int64_t> counts;
  const core::Status st = db_->Read([&](Connection& c) -> core::Status {
    for (int i = 0; i < 2; ++i) {
      auto row = c.QueryOne("SELECT count(*) FROM parent");
      if (!row.ok()) return row.error();
      counts.push_back((*row)->Int(0));
      // Another thread commits a row between the two reads.
      if (i == 0) {
        auto other = std::async(std::launch::async, [&] { return Insert("during"); });
        if (!other.get().ok()) return StoreError("insert failed");
      }
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().OneLine();
  EXPECT_EQ(counts, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(Count("parent"), 2);
}

TEST_F(PgDatabaseTest, Write_ConcurrentWritersLoseNoUpdate) {
  ASSERT_TRUE(Insert("counter").ok());
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const core::Status st = db_->Write([](Connection& c) -> core::Status {
          // Read, then write what was read plus one: the row lock of the UPDATE makes the
          // second writer re-read (READ COMMITTED re-evaluates n = n + 1).
          return c.Exec("UPDATE parent SET n = n + 1 WHERE name = 'counter'");
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  int64_t n = 0;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> core::Status {
                   auto row = c.QueryOne("SELECT n FROM parent WHERE name = 'counter'");
                   if (!row.ok()) return row.error();
                   n = (*row)->Int(0);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(n, kThreads * kEach);
  EXPECT_EQ(db_->stats().writes, 1u + kThreads * kEach + 1u);  // setup, insert, updates
}

TEST_F(PgDatabaseTest, Write_DeadlockComesBackAsBusyAndTheOtherWriterCommits) {
  ASSERT_TRUE(Insert("a").ok());
  ASSERT_TRUE(Insert("b").ok());
  std::promise<void> a_locked, b_locked;
  std::shared_future<void> a_ready = a_locked.get_future().share();
  std::shared_future<void> b_ready = b_locked.get_future().share();
  const auto cross = [&](const char* first, const char* second, std::promise<void>& mine,
                         std::shared_future<void> theirs) {
    return db_->Write([&, first, second](Connection& c) -> core::Status {
      if (auto s = c.Exec("UPDATE parent SET n = n + 1 WHERE name = ?", {first}); !s) return s;
      mine.set_value();
      theirs.wait();
      return c.Exec("UPDATE parent SET n = n + 1 WHERE name = ?", {second});
    });
  };
  auto one = std::async(std::launch::async, [&] { return cross("a", "b", a_locked, b_ready); });
  auto two = std::async(std::launch::async, [&] { return cross("b", "a", b_locked, a_ready); });
  const core::Status s1 = one.get();
  const core::Status s2 = two.get();
  EXPECT_NE(s1.ok(), s2.ok());  // exactly one is chosen as the deadlock victim
  const core::Status& failed = s1.ok() ? s2 : s1;
  EXPECT_EQ(failed.error().reason, kReasonBusy);
  EXPECT_NE(failed.error().message_en.find("40P01"), std::string::npos);
}

TEST_F(PgDatabaseTest, Values_RoundTripEveryKind) {
  Row row;
  const std::string chinese = "漏水 ' \" \\ ? $1 测试";
  const core::Status st = db_->Read([&](Connection& c) -> core::Status {
    auto r = c.QueryOne(
        "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS "
        "TEXT), "
        "CAST(? AS TEXT), true, false, SUM(x), decode('00ff41', 'hex'), 2.5::numeric "
        "FROM (VALUES (1::bigint), (2::bigint)) AS v(x)",
        {Value(std::numeric_limits<int64_t>::max()), Value(std::numeric_limits<int64_t>::min()),
         Value(0.1), Value(chinese), Value()});
    if (!r.ok()) return r.error();
    row = **r;
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().OneLine();
  EXPECT_EQ(row.Int(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(row.Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(row.Real(2), 0.1);
  EXPECT_EQ(row.Text(3), chinese);
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_EQ(row.Get(5), Value(int64_t{1}));
  EXPECT_EQ(row.Get(6), Value(int64_t{0}));
  EXPECT_EQ(row.Get(7), Value(int64_t{3}));  // SUM of BIGINT is NUMERIC: a whole number
  EXPECT_EQ(row.Text(8), std::string("\x00\xff"
                                     "A",
                                     3));
  EXPECT_EQ(row.Real(9), 2.5);
}

TEST_F(PgDatabaseTest, Values_NulInTextIsRefusedNotCut) {
  const core::Status st = db_->Write([](Connection& c) {
    return c.Exec("INSERT INTO parent (name) VALUES (?)", {std::string("a\0b", 3)});
  });
  EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.error().reason, "store.bad_text");
  EXPECT_EQ(Count("parent"), 0);
}

TEST_F(PgDatabaseTest, Statements_CachedByTextAndCheckedForTheirParameterCount) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Insert("n" + std::to_string(i)).ok());
  const core::Status wrong = db_->Read([](Connection& c) {
    return c.Exec("SELECT * FROM parent WHERE id = ? AND name = ?", {int64_t{1}});
  });
  EXPECT_EQ(wrong.error().reason, kReasonError);
  EXPECT_EQ(Count("parent"), 3);
}

TEST_F(PgDatabaseTest, Pool_MoreCallersThanConnectionsAllFinish) {
  PgOptions options = db_->options();
  options.pool_size = 2;
  auto small = PgDatabase::Open(options);
  ASSERT_TRUE(small.ok()) << small.error().OneLine();
  std::atomic<int> inside{0}, most{0}, ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      const core::Status st = (*small)->Read([&](Connection& c) -> core::Status {
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        auto r = c.QueryOne("SELECT pg_sleep(0.05)");
        --inside;
        return r.ok() ? core::Status() : core::Status(r.error());
      });
      if (st.ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_LE(most.load(), 2);
  EXPECT_EQ((*small)->stats().reads, 8u);
}

TEST(PgDatabaseOpenTest, Open_UnreachableServerIsOpenFailed) {
  PgOptions options;
  options.conninfo = "postgresql://postgres@127.0.0.1:1/none";
  options.connect_timeout_seconds = 2;
  auto db = PgDatabase::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().reason, kReasonOpenFailed);
}

TEST(PgMigrateTest, Migrate_TwoProcessesAtOnceApplyEachVersionOnce) {
  auto first = MakePgDatabase(/*migrated=*/false);
  ASSERT_TRUE(first);
  auto second = OpenPg(first->options().conninfo);
  ASSERT_TRUE(second);
  auto a = std::async(std::launch::async, [&] { return Migrate(*first, PostgresMigrations()); });
  auto b = std::async(std::launch::async, [&] { return Migrate(*second, PostgresMigrations()); });
  const core::Status sa = a.get();
  const core::Status sb = b.get();
  EXPECT_TRUE(sa.ok()) << sa.error().OneLine();
  EXPECT_TRUE(sb.ok()) << sb.error().OneLine();
  EXPECT_EQ(CurrentVersion(*first), PostgresMigrations().back().version);
  int64_t rows = 0;
  ASSERT_TRUE(first
                  ->Read([&](Connection& c) -> core::Status {
                    auto r = c.QueryOne("SELECT count(*) FROM schema_migrations");
                    if (!r.ok()) return r.error();
                    rows = (*r)->Int(0);
                    return {};
                  })
                  .ok());
  EXPECT_EQ(rows, static_cast<int64_t>(PostgresMigrations().size()));
}

}  // namespace
}  // namespace csqm::store::testing
