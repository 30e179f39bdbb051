#include "store/sql_search.hpp"

#include "store/value.hpp"

namespace csqm::store {
namespace {

core::Error Unsupported(Dialect dialect) {
  const std::string name = dialect == Dialect::kPostgres ? "PostgreSQL" : "this database";
  return core::MakeError(core::ErrorCode::kInternal, "store.unsupported",
                         "全文检索尚未支持 " + name,
                         "full-text search is not supported on " + name);
}

}  // namespace

core::Result<std::string_view> SearchPredicate(Dialect dialect, SearchIndex index) {
  if (dialect != Dialect::kSqlite) return Unsupported(dialect);
  switch (index) {
    case SearchIndex::kCases:
      return std::string_view("id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)");
    case SearchIndex::kCustomers:
      return std::string_view(
          "id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)");
  }
  return Unsupported(dialect);
}

// The search tables are written with ExecAtCommit: an FTS5 table writes out its pending index
// data at every savepoint, and the writer opens one per Write call, so written in place each
// row would become an index segment of its own (and be merged again and again); held back to
// the end of the group commit, a whole batch of rows becomes one segment. Nothing reads these
// tables inside a write transaction, so the order of the queued statements is all that counts.
core::Status ReplaceSearchRow(Connection& conn, SearchIndex index, app::Id id,
                              const std::string& tokens) {
  if (conn.dialect() != Dialect::kSqlite) return Unsupported(conn.dialect());
  const bool cases = index == SearchIndex::kCases;
  core::Status deleted = conn.ExecAtCommit(cases ? "DELETE FROM case_search WHERE rowid = ?"
                                                 : "DELETE FROM customer_search WHERE rowid = ?",
                                           Params(id));
  if (!deleted.ok() || tokens.empty()) return deleted;
  return conn.ExecAtCommit(cases ? "INSERT INTO case_search (rowid, tokens) VALUES (?, ?)"
                                 : "INSERT INTO customer_search (rowid, tokens) VALUES (?, ?)",
                           Params(id, tokens));
}

// Appending IndexTokens outputs never lets a phrase match across the seam: a phrase of
// bigrams cannot start at the unigrams or words that begin the appended tokens. Two queued
// statements: extend the row when there is one (its tokens are never empty), else add it.
core::Status AppendSearchRow(Connection& conn, SearchIndex index, app::Id id,
                             const std::string& tokens) {
  if (conn.dialect() != Dialect::kSqlite) return Unsupported(conn.dialect());
  if (tokens.empty()) return {};
  const bool cases = index == SearchIndex::kCases;
  core::Status extended =
      conn.ExecAtCommit(cases ? "UPDATE case_search SET tokens = tokens || ' ' || ? WHERE rowid = ?"
                              : "UPDATE customer_search SET tokens = tokens || ' ' || ? "
                                "WHERE rowid = ?",
                        Params(tokens, id));
  if (!extended.ok()) return extended;
  return conn.ExecAtCommit(cases
                               ? "INSERT INTO case_search (rowid, tokens) SELECT ?, ? "
                                 "WHERE NOT EXISTS (SELECT 1 FROM case_search WHERE rowid = ?)"
                               : "INSERT INTO customer_search (rowid, tokens) SELECT ?, ? "
                                 "WHERE NOT EXISTS (SELECT 1 FROM customer_search WHERE rowid = ?)",
                           Params(id, tokens, id));
}

}  // namespace csqm::store
