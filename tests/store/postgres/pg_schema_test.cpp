// The PostgreSQL schema (migrations/postgres): monthly partitions of cases, timeline and
// audit_log, the global uniqueness of case ids and numbers through case_ids, and partition
// upkeep (EnsurePartitions).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "pg_test_database.hpp"
#include "store/errors.hpp"
#include "store/postgres/pg_partitions.hpp"

namespace csqm::store::testing {
namespace {

// Now (the migration made partitions from the month before now) and 2001-01-01T00:00:00Z, in
// milliseconds.
const int64_t kNow = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
constexpr int64_t kJan2001 = 978307200000;
constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;

// The monthly partition of `table` holding instant `ms`: "<table>_YYYYmMM" (UTC).
std::string MonthPartition(const std::string& table, int64_t ms) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)))};
  char text[16];
  std::snprintf(text, sizeof text, "%04dm%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()));
  return table + "_" + text;
}

class PgSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = MakePgDatabase(/*migrated=*/true);
    ASSERT_TRUE(db_);
    const core::Status st = db_->Write([](Connection& c) {
      return c.ExecScript(
          "INSERT INTO org_units (id, kind, code, name, path, created_at) "
          "  VALUES (1, 'company', 'C', 'C', '/1/', 0);"
          "INSERT INTO users (id, login, display_name, password_hash, role, org_unit_id, "
          "  created_at) VALUES (1, 'u', 'U', 'x', 'agent', 1, 0);"
          "INSERT INTO calendars (id, key, name, spec_json, updated_at) "
          "  VALUES (1, 'k', 'K', '{}', 0);"
          "INSERT INTO case_types (id, key, prefix, name_zh, name_en, workflow_json) "
          "  VALUES (1, 't', 'TS', '投诉', 'Complaint', '{}');"
          "INSERT INTO categories (id, case_type_id, key, name_zh, name_en, calendar_id, "
          "  policy_json) VALUES (1, 1, 'c', '漏水', 'Leak', 1, '{}')");
    });
    ASSERT_TRUE(st.ok()) << st.error().OneLine();
  }

  core::Result<int64_t> AddCase(const std::string& number, int64_t created_at) {
    int64_t id = 0;
    const core::Status st = db_->Write([&](Connection& c) -> core::Status {
      auto row = c.QueryOne(
          "INSERT INTO cases (number, case_type_id, category_id, title, description, channel, "
          "severity, status, owner_id, org_unit_id, received_at, created_at, updated_at, month) "
          "VALUES (?, 1, 1, 't', 'd', 'phone', 'ordinary', 'new', 1, 1, ?, ?, ?, 202611) "
          "RETURNING id",
          Params(number, created_at, created_at, created_at));
      if (!row.ok()) return row.error();
      id = (*row)->Int(0);
      return {};
    });
    if (!st.ok()) return st.error();
    return id;
  }

  std::string PartitionOf(const std::string& table, int64_t id) {
    std::string name;
    const core::Status st = db_->Read([&](Connection& c) -> core::Status {
      auto row =
          c.QueryOne("SELECT tableoid::regclass::text FROM " + table + " WHERE id = ?", Params(id));
      if (!row.ok()) return row.error();
      if (*row) name = (*row)->Text(0);
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().OneLine();
    return name;
  }

  std::shared_ptr<PgDatabase> db_;
};

TEST_F(PgSchemaTest, Cases_GoToTheirMonthOrTheDefaultPartition) {
  const auto recent = AddCase("TS-202611-000001", kNow);
  const auto old = AddCase("TS-200101-000001", kJan2001);
  ASSERT_TRUE(recent.ok() && old.ok());
  EXPECT_EQ(PartitionOf("cases", *recent), MonthPartition("cases", kNow));
  EXPECT_EQ(PartitionOf("cases", *old), "cases_default");
  EXPECT_GT(*old, *recent);  // one sequence across partitions
}

TEST_F(PgSchemaTest, CaseNumbersAreUniqueAcrossPartitions) {
  ASSERT_TRUE(AddCase("TS-202611-000001", kNow).ok());
  const auto again = AddCase("TS-202611-000001", kJan2001);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, kReasonConstraint);
  EXPECT_NE(again.error().message_en.find("case_ids"), std::string::npos);
}

TEST_F(PgSchemaTest, RowsOfAMissingCaseAreRefused) {
  const auto id = AddCase("TS-202611-000001", kNow);
  ASSERT_TRUE(id.ok());
  const auto timeline = [&](int64_t case_id) {
    return db_->Write([&](Connection& c) {
      return c.Exec("INSERT INTO timeline (case_id, at, kind) VALUES (?, ?, 'comment')",
                    Params(case_id, kNow));
    });
  };
  EXPECT_TRUE(timeline(*id).ok());
  EXPECT_EQ(timeline(*id + 1000).error().reason, kReasonConstraint);
}

TEST_F(PgSchemaTest, EnsurePartitions_CreatesMonthsAheadOnceAndLeavesUsedMonthsInDefault) {
  // A case four years ahead lands in the default partition; its month is then left there.
  const int64_t ahead = kNow + 4 * 365 * kDayMs;
  const auto future = AddCase("TS-FUTURE-000001", ahead);
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(PartitionOf("cases", *future), "cases_default");
  const auto made = EnsurePartitions(*db_, core::Instant(core::Millis(ahead)), 2);
  ASSERT_TRUE(made.ok()) << made.error().OneLine();
  EXPECT_GT(*made, 0);
  EXPECT_EQ(PartitionOf("cases", *future), "cases_default");
  const auto again = EnsurePartitions(*db_, core::Instant(core::Millis(ahead)), 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  // The next month got its own partition.
  const int64_t next_month = ahead + 32 * kDayMs;
  const auto next = AddCase("TS-FUTURE-000002", next_month);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(PartitionOf("cases", *next), MonthPartition("cases", next_month));
}

}  // namespace
}  // namespace csqm::store::testing
