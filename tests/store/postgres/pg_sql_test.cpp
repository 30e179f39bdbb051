// The SQL text handling of the PostgreSQL store: '?' → $n and script splitting, which both
// must leave quoted strings, identifiers, dollar-quoted bodies and comments alone.
#include <gtest/gtest.h>

#include "store/postgres/pg_sql.hpp"

namespace csqm::store::pg {
namespace {

TEST(PgSqlTest, RewritePlaceholders_NumbersQuestionMarksOutsideQuotesAndComments) {
  const Rewritten r = RewritePlaceholders(
      "SELECT a, '?' , \"?\" FROM t -- why?\n WHERE b = ? AND c = E'\\'?' /* ? */ AND d IN (?, ?)");
  EXPECT_EQ(r.sql,
            "SELECT a, '?' , \"?\" FROM t -- why?\n WHERE b = $1 AND c = E'\\'?' /* ? */ AND d IN "
            "($2, $3)");
  EXPECT_EQ(r.parameters, 3);
}

TEST(PgSqlTest, RewritePlaceholders_LeavesDollarQuotedBodiesAndDoubledQuotes) {
  const Rewritten r = RewritePlaceholders("SELECT 'it''s ?', $$ ? $$, $fn$ ? $fn$, ?");
  EXPECT_EQ(r.sql, "SELECT 'it''s ?', $$ ? $$, $fn$ ? $fn$, $1");
  EXPECT_EQ(r.parameters, 1);
}

TEST(PgSqlTest, SplitStatements_KeepsFunctionBodiesWhole) {
  const auto parts = SplitStatements(
      "-- header; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT ';');\n"
      "CREATE FUNCTION f() RETURNS INT LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n"
      "/* only a comment; */ ;\nSELECT 1");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "-- header; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT ';')");
  EXPECT_EQ(parts[1],
            "CREATE FUNCTION f() RETURNS INT LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$");
  EXPECT_EQ(parts[2], "SELECT 1");
}

TEST(PgSqlTest, IsTransactionControl_RefusesBeginCommitRollbackButNotSavepoints) {
  for (const char* sql : {"BEGIN", " begin isolation level serializable", "COMMIT", "end",
                          "ROLLBACK", "abort", "START TRANSACTION", "PREPARE TRANSACTION 'x'"}) {
    EXPECT_TRUE(IsTransactionControl(sql)) << sql;
  }
  for (const char* sql : {"SELECT 1", "SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "rollback to a",
                          "RELEASE a", "-- BEGIN\nSELECT 1", "PREPARE q AS SELECT 1"}) {
    EXPECT_FALSE(IsTransactionControl(sql)) << sql;
  }
}

}  // namespace
}  // namespace csqm::store::pg
