// The migration runner and the embedding of migrations/*.sql into the binary.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fixture_migrations.hpp"
#include "store/errors.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

const auto kNow =
    std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(1764000000000));

std::vector<Migration> ThreeMigrations() {
  return {
      {1, "create_a", "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);"},
      {2, "fill_a",
       "INSERT INTO a (v) VALUES ('one');\n-- a comment between statements\n"
       "INSERT INTO a (v) VALUES ('two');"},
      {3, "create_b", "CREATE TABLE b (id INTEGER PRIMARY KEY); CREATE INDEX a_v ON a (v);"},
  };
}

std::vector<std::vector<Value>> Applied(Database& db) {
  std::vector<std::vector<Value>> out;
  const core::Status s = db.Read([&](Connection& c) -> core::Status {
    auto rows = c.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1");
    if (!rows) return rows.error();
    for (const Row& r : *rows) out.push_back({r.Get(0), r.Get(1), r.Get(2)});
    return {};
  });
  EXPECT_TRUE(s.ok());
  return out;
}

TEST(Migrate, Migrate_AppliesInOrderOnceAndRecordsVersions) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  EXPECT_EQ(CurrentVersion(*db), std::nullopt);

  const std::vector<Migration> all = ThreeMigrations();
  const std::span<const Migration> first_two(all.data(), 2);
  ASSERT_TRUE(Migrate(*db, first_two, kNow).ok());
  EXPECT_EQ(CurrentVersion(*db), 2);
  EXPECT_EQ(CountRows(*db, "a"), 2);

  // Running again applies only what is new; running a third time does nothing.
  const core::Status again = Migrate(*db, all, kNow + std::chrono::seconds(1));
  ASSERT_TRUE(again.ok()) << again.error().OneLine();
  ASSERT_TRUE(Migrate(*db, all, kNow).ok());
  EXPECT_EQ(CurrentVersion(*db), 3);
  EXPECT_EQ(CountRows(*db, "a"), 2);  // 0002 ran once
  EXPECT_EQ(CountRows(*db, "b"), 0);

  const auto applied = Applied(*db);
  ASSERT_EQ(applied.size(), 3u);
  EXPECT_EQ(applied[0][0], Value(int64_t{1}));
  EXPECT_EQ(applied[0][1], Value(std::string("create_a")));
  EXPECT_EQ(applied[0][2], Value(int64_t{1764000000000}));
  EXPECT_EQ(applied[1][1], Value(std::string("fill_a")));
  EXPECT_EQ(applied[2][1], Value(std::string("create_b")));
  EXPECT_EQ(applied[2][2], Value(int64_t{1764000001000}));
}

TEST(Migrate, Migrate_RefusesDatabaseNewerThanBinary) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  const std::vector<Migration> all = ThreeMigrations();
  ASSERT_TRUE(Migrate(*db, all, kNow).ok());

  const std::span<const Migration> older_binary(all.data(), 2);
  const core::Status s = Migrate(*db, older_binary, kNow);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s.error().reason, kReasonSchemaTooNew);
  EXPECT_NE(s.error().message_en.find("version 3"), std::string::npos) << s.error().message_en;
  EXPECT_EQ(CurrentVersion(*db), 3);
}

TEST(Migrate, Migrate_FailedMigrationLeavesNoTrace) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  std::vector<Migration> migrations = ThreeMigrations();
  migrations[1].sql =
      "CREATE TABLE half (id INTEGER);\n"
      "INSERT INTO a (v) VALUES ('kept?');\n"
      "INSERT INTO nowhere VALUES (1);";
  const core::Status s = Migrate(*db, migrations, kNow);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "store.migration_failed");
  EXPECT_NE(s.error().message_en.find("0002_fill_a"), std::string::npos) << s.error().message_en;
  EXPECT_NE(s.error().message_en.find("nowhere"), std::string::npos) << s.error().message_en;
  EXPECT_EQ(CurrentVersion(*db), 1);  // 0001 stays, 0002 left nothing, 0003 never ran
  EXPECT_EQ(CountRows(*db, "a"), 0);
  EXPECT_EQ(CountRows(*db, "sqlite_master WHERE name IN ('half', 'b')"), 0);

  // Fixed, it applies.
  ASSERT_TRUE(Migrate(*db, ThreeMigrations(), kNow).ok());
  EXPECT_EQ(CurrentVersion(*db), 3);
}

TEST(Migrate, Migrate_RefusesAGapOrAnUnsortedList) {
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  std::vector<Migration> all = ThreeMigrations();
  const std::vector<Migration> without_two = {all[0], all[2]};
  ASSERT_TRUE(Migrate(*db, without_two, kNow).ok());
  const core::Status gap = Migrate(*db, all, kNow);
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().reason, "store.schema_gap");

  const std::vector<Migration> unsorted = {all[1], all[0]};
  const core::Status bad = Migrate(*db, unsorted, kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().reason, "store.bad_migrations");
}

TEST(Migrate, Migrate_EmbeddedSqlFilesKeepVersionOrderAndText) {
  const std::span<const Migration> fixtures = FixtureMigrations();
  ASSERT_EQ(fixtures.size(), 3u);
  EXPECT_EQ(fixtures[0].version, 1);
  EXPECT_EQ(fixtures[0].name, "first");
  EXPECT_EQ(fixtures[1].version, 2);
  EXPECT_EQ(fixtures[2].version, 10);
  EXPECT_EQ(fixtures[2].name, "tenth");
  EXPECT_NE(fixtures[2].sql.find(R"(')sql" and )sql1" and \n and 中文'))"), std::string::npos)
      << fixtures[2].sql;

  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  const core::Status s = Migrate(*db, fixtures, kNow);
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  EXPECT_EQ(CurrentVersion(*db), 10);
  EXPECT_EQ(CountRows(*db, "notes"), 2);
  EXPECT_EQ(CountRows(*db, "notes WHERE body = 'first; with a semicolon'"), 1);
}

TEST(Migrate, Migrate_SqliteSchemaAppliesToAFreshDatabase) {
  const std::span<const Migration> schema = SqliteMigrations();
  TempDir dir;
  auto db = OpenDb(dir.File("t.db"));
  ASSERT_TRUE(db);
  const core::Status s = Migrate(*db, schema);
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  if (!schema.empty()) {
    EXPECT_EQ(CurrentVersion(*db), schema.back().version);
  }
  ASSERT_TRUE(Migrate(*db, schema).ok());  // idempotent
}

}  // namespace
}  // namespace csqm::store::testing
