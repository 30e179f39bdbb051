// Database::Read on SQLite: snapshots, and reads running beside writes.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/errors.hpp"
#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

core::Result<int64_t> ScalarInt(Connection& c, std::string_view sql) {
  auto row = c.QueryOne(sql);
  if (!row) return row.error();
  return (*row)->Int(0);
}

TEST(SqliteRead, Read_SeesASnapshot) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");

  int64_t first = -1;
  int64_t second = -1;
  const core::Status read = db->Read([&](Connection& c) -> core::Status {
    auto n = ScalarInt(c, "SELECT count(*) FROM t");  // the snapshot starts here
    if (!n) return n.error();
    first = *n;
    // Committed by another thread while this read transaction is open.
    std::thread writer([&] { MustWrite(*db, "INSERT INTO t VALUES (2)"); });
    writer.join();
    n = ScalarInt(c, "SELECT count(*) FROM t");
    if (!n) return n.error();
    second = *n;
    return {};
  });
  ASSERT_TRUE(read.ok()) << read.error().OneLine();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(CountRows(*db, "t"), 2);  // a new Read sees the new row
}

TEST(SqliteRead, Read_IsNotBlockedByAnOpenWriteTransaction) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");

  std::promise<void> inserted;
  std::promise<void> release;
  std::thread writer([&] {
    const core::Status s = db->Write([&](Connection& c) -> core::Status {
      if (auto e = c.Exec("INSERT INTO t VALUES (2)"); !e) return e;
      inserted.set_value();
      release.get_future().wait();  // the write transaction stays open meanwhile
      return {};
    });
    EXPECT_TRUE(s.ok());
  });
  inserted.get_future().wait();
  EXPECT_EQ(CountRows(*db, "t"), 1);  // completes, and sees only committed data
  release.set_value();
  writer.join();
  EXPECT_EQ(CountRows(*db, "t"), 2);
}

TEST(SqliteRead, Read_ConcurrentWithWrites) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"), /*readers=*/3);
  ASSERT_TRUE(db);
  constexpr int kAccounts = 10;
  constexpr int64_t kTotal = kAccounts * 100;
  MustWrite(*db, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
  for (int i = 0; i < kAccounts; ++i) {
    MustWrite(*db, "INSERT INTO accounts VALUES (" + std::to_string(i) + ", 100)");
  }

  std::atomic<bool> stop{false};
  std::atomic<int> bad_reads{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 6; ++r) {  // more readers than connections: some wait for one
    readers.emplace_back([&] {
      while (!stop) {
        const core::Status s = db->Read([&](Connection& c) -> core::Status {
          // Two statements: their sum is constant only if both see the same snapshot.
          auto low = ScalarInt(c, "SELECT sum(balance) FROM accounts WHERE id < 5");
          if (!low) return low.error();
          auto high = ScalarInt(c, "SELECT sum(balance) FROM accounts WHERE id >= 5");
          if (!high) return high.error();
          if (*low + *high != kTotal) ++bad_reads;
          return {};
        });
        if (!s) ++bad_reads;
        ++reads;
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 random(static_cast<unsigned>(w));
      for (int k = 0; k < 100; ++k) {
        const int from = static_cast<int>(random() % kAccounts);
        const int to = static_cast<int>(random() % kAccounts);
        const int amount = static_cast<int>(random() % 30);
        const core::Status s = db->Write([&](Connection& c) -> core::Status {
          if (auto e = c.Exec("UPDATE accounts SET balance = balance - ? WHERE id = ?",
                              Params(amount, from));
              !e) {
            return e;
          }
          return c.Exec("UPDATE accounts SET balance = balance + ? WHERE id = ?",
                        Params(amount, to));
        });
        EXPECT_TRUE(s.ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  ASSERT_TRUE(WaitUntil([&] { return reads.load() >= 50; }));
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad_reads.load(), 0);
  EXPECT_GE(db->stats().reads, 50u);
}

TEST(SqliteRead, Read_RefusesWritesAndReturnsTheCallbacksStatus) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");

  const core::Status write =
      db->Read([](Connection& c) { return c.Exec("INSERT INTO t VALUES (1)"); });
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().reason, kReasonError);
  EXPECT_EQ(CountRows(*db, "t"), 0);

  const core::Status own = db->Read([](Connection&) -> core::Status {
    return core::MakeError(core::ErrorCode::kNotFound, "test.missing", "没有", "missing");
  });
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().reason, "test.missing");

  const core::Status thrown =
      db->Read([](Connection&) -> core::Status { throw std::runtime_error("reader boom"); });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().reason, kReasonException);

  // Every connection went back to the pool in a clean state.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(CountRows(*db, "t"), 0);
}

}  // namespace
}  // namespace csqm::store::testing
