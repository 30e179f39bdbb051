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

core::Status ReplaceSearchRow(Connection& conn, SearchIndex index, app::Id id,
                              const std::string& tokens) {
  if (conn.dialect() != Dialect::kSqlite) return Unsupported(conn.dialect());
  const bool cases = index == SearchIndex::kCases;
  core::Status deleted = conn.Exec(cases ? "DELETE FROM case_search WHERE rowid = ?"
                                         : "DELETE FROM customer_search WHERE rowid = ?",
                                   Params(id));
  if (!deleted.ok() || tokens.empty()) return deleted;
  return conn.Exec(cases ? "INSERT INTO case_search (rowid, tokens) VALUES (?, ?)"
                         : "INSERT INTO customer_search (rowid, tokens) VALUES (?, ?)",
                   Params(id, tokens));
}

// Appending IndexTokens outputs never lets a phrase match across the seam: a phrase of
// bigrams cannot start at the unigrams or words that begin the appended tokens.
core::Status AppendSearchRow(Connection& conn, SearchIndex index, app::Id id,
                             const std::string& tokens) {
  if (conn.dialect() != Dialect::kSqlite) return Unsupported(conn.dialect());
  if (tokens.empty()) return {};
  core::Result<std::optional<Row>> row =
      conn.QueryOne(index == SearchIndex::kCases ? "SELECT tokens FROM case_search WHERE rowid = ?"
                                                 : "SELECT tokens FROM customer_search "
                                                   "WHERE rowid = ?",
                    Params(id));
  if (!row.ok()) return row.error();
  std::string combined = row->has_value() ? (*row)->Text(0) : std::string();
  if (!combined.empty()) combined += ' ';
  combined += tokens;
  return ReplaceSearchRow(conn, index, id, combined);
}

}  // namespace csqm::store
