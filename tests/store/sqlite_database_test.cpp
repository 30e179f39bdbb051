// Opening SQLite files, durability across reopen, FTS5, constraint errors, binding and rows.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/errors.hpp"
#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

core::Result<std::optional<Row>> ReadOne(Database& db, std::string_view sql,
                                         std::vector<Value> params = {}) {
  core::Result<std::optional<Row>> result = std::optional<Row>();
  const core::Status s = db.Read([&](Connection& c) -> core::Status {
    result = c.QueryOne(sql, params);
    return result ? core::Status() : core::Status(result.error());
  });
  if (!s) return s.error();
  return result;
}

core::Error OpenError(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  auto db = SqliteDatabase::Open(options);
  EXPECT_FALSE(db.ok()) << path;
  return db ? core::Error{} : db.error();
}

TEST(SqliteOpen, Open_ReportsUnwritablePathClearly) {
  TempDir dir;
  const std::string missing_folder = dir.File("no/such/folder/t.db");
  const core::Error missing = OpenError(missing_folder);
  EXPECT_EQ(missing.code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(missing.reason, kReasonOpenFailed);
  EXPECT_NE(missing.message_en.find(missing_folder), std::string::npos) << missing.message_en;
  EXPECT_NE(missing.message_en.find("unable to open"), std::string::npos) << missing.message_en;
  EXPECT_NE(missing.message_en.find("does not exist"), std::string::npos) << missing.message_en;
  EXPECT_NE(missing.message_zh.find("无法打开数据库"), std::string::npos);
  EXPECT_NE(missing.message_zh.find("不存在"), std::string::npos) << missing.message_zh;

  const core::Error folder = OpenError(dir.File(""));  // a folder, not a file
  EXPECT_EQ(folder.reason, kReasonOpenFailed);
  EXPECT_NE(folder.message_en.find("is a folder"), std::string::npos) << folder.message_en;

  const std::string garbage = dir.File("garbage.db");
  std::ofstream(garbage) << std::string(8192, 'x');
  const core::Error not_db = OpenError(garbage);
  EXPECT_EQ(not_db.reason, kReasonOpenFailed);
  EXPECT_NE(not_db.message_en.find("not a database"), std::string::npos) << not_db.message_en;
}

TEST(SqliteOpen, Open_RejectsBadOptions) {
  SqliteOptions options;
  EXPECT_EQ(SqliteDatabase::Open(options).error().reason, "store.bad_options");  // no path
  options.path = ":memory:";
  EXPECT_EQ(SqliteDatabase::Open(options).error().reason, "store.bad_options");
  TempDir dir;
  options.path = dir.File("t.db");
  options.readers = 0;
  EXPECT_EQ(SqliteDatabase::Open(options).error().code, core::ErrorCode::kInvalidArgument);
}

TEST(SqliteOpen, Open_UsesWalAndForeignKeys) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  EXPECT_EQ(db->dialect(), Dialect::kSqlite);
  const core::Status s = db->Write([](Connection& c) -> core::Status {
    auto mode = c.QueryOne("PRAGMA journal_mode");
    if (!mode) return mode.error();
    EXPECT_EQ((*mode)->Text(0), "wal");
    auto fk = c.QueryOne("PRAGMA foreign_keys");
    if (!fk) return fk.error();
    EXPECT_EQ((*fk)->Int(0), 1);
    auto sync = c.QueryOne("PRAGMA synchronous");
    if (!sync) return sync.error();
    EXPECT_EQ((*sync)->Int(0), 1);  // NORMAL: the sync thread makes each commit durable
    return {};
  });
  EXPECT_TRUE(s.ok()) << s.error().OneLine();
  const core::Status read = db->Read([](Connection& c) -> core::Status {
    auto sync = c.QueryOne("PRAGMA synchronous");
    if (!sync) return sync.error();
    EXPECT_EQ((*sync)->Int(0), 2);  // FULL (the checkpointer's connection is of this kind)
    return {};
  });
  EXPECT_TRUE(read.ok()) << read.error().OneLine();
}

// Each Write returns after a sync of the WAL that followed its commit; concurrent commits share
// syncs. Without the sync thread the writer's own COMMIT syncs (synchronous=FULL).
TEST(SqliteOpen, Write_ReturnsAfterTheSyncThreadSyncedItsCommit) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
  const uint64_t before = db->stats().syncs;
  MustWrite(*db, "INSERT INTO t VALUES (1)");
  EXPECT_EQ(db->stats().syncs, before + 1) << "the call came back after its sync";
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back(
        [&, i] { MustWrite(*db, "INSERT INTO t VALUES (" + std::to_string(i + 10) + ")"); });
  }
  for (auto& t : threads) t.join();
  const auto stats = db->stats();
  EXPECT_LE(stats.syncs - before - 1, 32u);
  EXPECT_GE(stats.syncs, before + 2);
  EXPECT_EQ(CountRows(*db, "t"), 33);

  SqliteOptions options;
  options.path = dir.File("full.db");
  options.sync_thread = false;
  auto full = SqliteDatabase::Open(options);
  ASSERT_TRUE(full.ok()) << full.error().OneLine();
  const core::Status s = (*full)->Write([](Connection& c) -> core::Status {
    auto sync = c.QueryOne("PRAGMA synchronous");
    if (!sync) return sync.error();
    EXPECT_EQ((*sync)->Int(0), 2);  // FULL
    return c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  });
  EXPECT_TRUE(s.ok()) << s.error().OneLine();
  EXPECT_EQ((*full)->stats().syncs, 0u);
}

// A commit whose sync fails is not reported as done, and no write is accepted afterwards: the
// log may not be on disk (here the WAL file was removed behind SQLite's back).
TEST(SqliteOpen, Write_FailsAndStaysFailedWhenTheWalCannotBeSynced) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
  std::filesystem::remove(dir.File("t.db-wal"));
  const core::Status lost =
      db->Write([](Connection& c) { return c.Exec("INSERT INTO t VALUES (1)"); });
  ASSERT_FALSE(lost.ok());
  EXPECT_NE(lost.error().message_en.find("WAL"), std::string::npos) << lost.error().OneLine();
  const core::Status after =
      db->Write([](Connection& c) { return c.Exec("INSERT INTO t VALUES (2)"); });
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().reason, "store.sync_failed");
}

TEST(SqliteData, Data_SurvivesReopen) {
  TempDir dir;
  const std::string path = dir.File("t.db");
  {
    auto db = OpenDb(path);
    ASSERT_TRUE(db);
    MustWrite(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    const core::Status s = db->Write([](Connection& c) {
      return c.Exec("INSERT INTO t VALUES (?, ?)", Params(1, "持久 durable"));
    });
    ASSERT_TRUE(s.ok());
  }
  auto db = OpenDb(path);
  ASSERT_TRUE(db);
  auto row = ReadOne(*db, "SELECT body FROM t WHERE id = ?", {Value(int64_t{1})});
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Text(0), "持久 durable");
}

TEST(SqliteFts5, Fts5_IsAvailable) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db,
            "CREATE VIRTUAL TABLE docs USING fts5(title, body);"
            "INSERT INTO docs VALUES ('空调 漏水', 'the air conditioner leaks');"
            "INSERT INTO docs VALUES ('电梯', 'lift stuck between floors');");
  auto hit =
      ReadOne(*db, "SELECT title FROM docs WHERE docs MATCH ? ORDER BY rank", {Value("leaks")});
  ASSERT_TRUE(hit.ok()) << hit.error().OneLine();
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ((*hit)->Text(0), "空调 漏水");
  auto cjk = ReadOne(*db, "SELECT count(*) FROM docs WHERE docs MATCH ?", {Value("漏水")});
  ASSERT_TRUE(cjk.ok());
  EXPECT_EQ((*cjk)->Int(0), 1);
}

TEST(SqliteConstraint, Constraint_ViolationIsConflictWithReason) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE,"
            " age INTEGER CHECK (age >= 0), team_id INTEGER REFERENCES teams(id));"
            "CREATE TABLE teams (id INTEGER PRIMARY KEY);"
            "INSERT INTO users (id, login) VALUES (1, 'li');");
  struct Case {
    const char* sql;
    const char* expected;
  };
  const Case cases[] = {
      {"INSERT INTO users (login) VALUES ('li')", "UNIQUE constraint failed: users.login"},
      {"INSERT INTO users (id, login) VALUES (1, 'wang')", "UNIQUE constraint failed: users.id"},
      {"INSERT INTO users (login) VALUES (NULL)", "NOT NULL constraint failed: users.login"},
      {"INSERT INTO users (login, age) VALUES ('x', -1)", "CHECK constraint failed"},
      {"INSERT INTO users (login, team_id) VALUES ('y', 9)", "FOREIGN KEY constraint failed"},
  };
  for (const Case& c : cases) {
    const core::Status s = db->Write([&](Connection& conn) { return conn.Exec(c.sql); });
    ASSERT_FALSE(s.ok()) << c.sql;
    EXPECT_EQ(s.error().code, core::ErrorCode::kConflict) << c.sql;
    EXPECT_EQ(s.error().reason, kReasonConstraint) << c.sql;
    EXPECT_NE(s.error().message_en.find(c.expected), std::string::npos) << s.error().message_en;
    EXPECT_NE(s.error().message_zh.find(c.expected), std::string::npos) << s.error().message_zh;
  }
  EXPECT_EQ(CountRows(*db, "users"), 1);
}

TEST(SqliteParams, Params_BindOptionalAsNull) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  MustWrite(*db, "CREATE TABLE t (a INTEGER, b TEXT, c REAL)");
  const std::optional<int64_t> no_int;
  const std::optional<std::string> no_text;
  const std::optional<double> some_real = 2.5;
  const core::Status s = db->Write([&](Connection& c) -> core::Status {
    if (auto e = c.Exec("INSERT INTO t VALUES (?, ?, ?)", Params(no_int, no_text, some_real)); !e) {
      return e;
    }
    return c.Exec("INSERT INTO t VALUES (?, ?, ?)", Params(std::nullopt, nullptr, std::nullopt));
  });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  auto row = ReadOne(*db, "SELECT a, b, c, typeof(a), typeof(b) FROM t LIMIT 1");
  ASSERT_TRUE(row.ok() && row->has_value());
  const Row& r = **row;
  EXPECT_TRUE(r.IsNull(0));
  EXPECT_TRUE(r.IsNull(1));
  EXPECT_EQ(r.OptInt(0), std::nullopt);
  EXPECT_EQ(r.OptText(1), std::nullopt);
  EXPECT_EQ(r.OptReal(2), 2.5);
  EXPECT_EQ(r.Text(3), "null");
  EXPECT_EQ(CountRows(*db, "t WHERE a IS NULL AND b IS NULL AND c IS NULL"), 1);
}

TEST(SqliteParams, Params_BindEveryCommonType) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  const int i = -7;
  const int64_t big = int64_t{1} << 40;
  const uint32_t u = 4000000000u;
  const std::string text = "文本";
  const std::string_view view = "view";
  const char* cstr = "c-string";
  const auto instant =
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(1700000000123));
  const std::optional<std::string> some = std::string("some");
  auto row = ReadOne(*db, "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
                     {ToValue(i), ToValue(big), ToValue(u), ToValue(true), ToValue(false),
                      ToValue(1.25), ToValue(text), ToValue(view), ToValue(cstr), ToValue("lit"),
                      ToValue(instant), ToValue(some)});
  ASSERT_TRUE(row.ok()) << row.error().OneLine();
  const Row& r = **row;
  ASSERT_EQ(r.size(), 12u);
  EXPECT_EQ(r.Int(0), -7);
  EXPECT_EQ(r.Int(1), big);
  EXPECT_EQ(r.Int(2), 4000000000);
  EXPECT_EQ(r.Int(3), 1);
  EXPECT_FALSE(r.Bool(4));
  EXPECT_EQ(r.Real(5), 1.25);
  EXPECT_EQ(r.Text(6), "文本");
  EXPECT_EQ(r.Text(7), "view");
  EXPECT_EQ(r.Text(8), "c-string");
  EXPECT_EQ(r.Text(9), "lit");
  EXPECT_EQ(r.Int(10), 1700000000123);
  EXPECT_EQ(r.Text(11), "some");

  // The braced form, and Params(...) with mixed types, bind the same way.
  const auto params = Params(i, "x", std::optional<int>(3), 0.5, true);
  EXPECT_EQ(params[0], Value(int64_t{-7}));
  EXPECT_EQ(params[1], Value(std::string("x")));
  EXPECT_EQ(params[2], Value(int64_t{3}));
  EXPECT_EQ(params[3], Value(0.5));
  EXPECT_EQ(params[4], Value(int64_t{1}));
}

TEST(SqliteParams, Params_WrongCountOrSeveralStatementsIsAnError) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  auto missing = ReadOne(*db, "SELECT ? + ?", {Value(int64_t{1})});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason, kReasonError);
  EXPECT_NE(missing.error().message_en.find("2 parameters, 1 given"), std::string::npos);

  auto two = ReadOne(*db, "SELECT 1; SELECT 2");
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.error().message_en.find("one statement per call"), std::string::npos);

  auto trailing = ReadOne(*db, "SELECT 1; -- a trailing comment is fine\n");
  ASSERT_TRUE(trailing.ok()) << trailing.error().OneLine();
  EXPECT_EQ((*trailing)->Int(0), 1);

  auto syntax = ReadOne(*db, "SELEKT 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(syntax.error().message_en.find("SELEKT 1"), std::string::npos);
}

TEST(SqliteRows, Row_AccessorsConvertAndNeverThrow) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  std::vector<Row> rows;
  const core::Status s = db->Read([&](Connection& c) -> core::Status {
    auto result = c.Query("SELECT 42, 2.75, '17', NULL UNION ALL SELECT 1, 2, 'x', 'y'");
    if (!result) return result.error();
    rows = std::move(*result);
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  ASSERT_EQ(rows.size(), 2u);
  const Row& r = rows[0];
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_EQ(r.Real(0), 42.0);
  EXPECT_EQ(r.OptText(0), "42");
  EXPECT_EQ(r.Text(0), "");  // a number is not text
  EXPECT_EQ(r.Int(1), 2);
  EXPECT_EQ(r.OptText(1), "2.75");
  EXPECT_EQ(r.Int(2), 17);
  EXPECT_EQ(r.Text(2), "17");
  EXPECT_TRUE(r.IsNull(3));
  EXPECT_EQ(r.Int(3), 0);
  EXPECT_EQ(r.OptInt(3), std::nullopt);
  EXPECT_EQ(rows[1].Int(2), 0);  // 'x' is not a number

  auto none = ReadOne(*db, "SELECT 1 WHERE 0");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace csqm::store::testing
