#include "store/sql_search.hpp"

#include <string>
#include <vector>

#include "store/value.hpp"

namespace csqm::store {
namespace {

// tsvector limits: a lexeme is shorter than 2 KiB, positions run up to 16383.
constexpr size_t kMaxLexemeBytes = 2000;
constexpr int kMaxPosition = 16383;

// `token` cut to kMaxLexemeBytes at a UTF-8 character boundary.
std::string_view Lexeme(std::string_view token) {
  if (token.size() <= kMaxLexemeBytes) return token;
  size_t end = kMaxLexemeBytes;
  while (end > 0 && (static_cast<unsigned char>(token[end]) & 0xC0) == 0x80) --end;
  return token.substr(0, end);
}

// 'lexeme' with quotes doubled and backslashes escaped (tsvector / tsquery input syntax).
void AppendQuoted(std::string& out, std::string_view token) {
  out += '\'';
  for (char c : Lexeme(token)) {
    if (c == '\'' || c == '\\') out += c == '\\' ? '\\' : '\'';
    out += c;
  }
  out += '\'';
}

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) parts.push_back(text.substr(start, i - start));
  }
  return parts;
}

// core::IndexTokens output as tsvector input: each token a lexeme at its position (1, 2, …),
// so phrases of bigrams match exactly as in FTS5.
std::string TsVectorText(const std::string& tokens) {
  std::string out;
  out.reserve(tokens.size() * 2);
  int position = 0;
  for (std::string_view token : SplitSpaces(tokens)) {
    if (position < kMaxPosition) ++position;
    if (!out.empty()) out += ' ';
    AppendQuoted(out, token);
    out += ':';
    out += std::to_string(position);
  }
  return out;
}

// A core::MatchQuery expression ("\"漏水 水管\" AND \"a3\"*") as tsquery input
// ("('漏水' <-> '水管') & ('a3':*)"): each quoted phrase becomes its lexemes joined by <->
// (adjacent positions), a trailing * makes the last one a prefix, parts are joined by &.
std::string TsQueryText(std::string_view match) {
  std::string out;
  size_t i = 0;
  while (i < match.size()) {
    if (match[i] != '"') {
      ++i;  // blanks and the AND between parts
      continue;
    }
    std::string phrase;
    ++i;
    while (i < match.size()) {
      if (match[i] == '"') {
        if (i + 1 < match.size() && match[i + 1] == '"') {
          phrase += '"';
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      phrase += match[i++];
    }
    const bool prefix = i < match.size() && match[i] == '*';
    const std::vector<std::string_view> tokens = SplitSpaces(phrase);
    if (tokens.empty()) continue;
    if (!out.empty()) out += " & ";
    out += '(';
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (t > 0) out += " <-> ";
      AppendQuoted(out, tokens[t]);
      if (prefix && t + 1 == tokens.size()) out += ":*";
    }
    out += ')';
  }
  return out;
}

}  // namespace

std::string TsVectorInput(const std::string& tokens) { return TsVectorText(tokens); }

core::Result<std::string_view> SearchPredicate(Dialect dialect, SearchIndex index) {
  const bool cases = index == SearchIndex::kCases;
  if (dialect == Dialect::kPostgres) {
    return std::string_view(
        cases ? "id IN (SELECT case_id FROM case_search WHERE tokens @@ CAST(? AS tsquery))"
              : "id IN (SELECT customer_id FROM customer_search "
                "WHERE tokens @@ CAST(? AS tsquery))");
  }
  return std::string_view(
      cases ? "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)"
            : "id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)");
}

std::string SearchParameter(Dialect dialect, const std::string& match) {
  return dialect == Dialect::kPostgres ? TsQueryText(match) : match;
}

// SQLite: the search tables are written with ExecAtCommit: an FTS5 table writes out its
// pending index data at every savepoint, and the writer opens one per Write call, so written
// in place each row would become an index segment of its own (and be merged again and again);
// held back to the end of the group commit, a whole batch of rows becomes one segment. Nothing
// reads these tables inside a write transaction, so the order of the queued statements is all
// that counts. PostgreSQL: one upsert of the row's tsvector, at once.
core::Status ReplaceSearchRow(Connection& conn, SearchIndex index, app::Id id,
                              const std::string& tokens) {
  const bool cases = index == SearchIndex::kCases;
  if (conn.dialect() == Dialect::kPostgres) {
    if (tokens.empty()) {
      return conn.Exec(cases ? "DELETE FROM case_search WHERE case_id = ?"
                             : "DELETE FROM customer_search WHERE customer_id = ?",
                       Params(id));
    }
    return conn.Exec(cases ? "INSERT INTO case_search (case_id, tokens) "
                             "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (case_id) "
                             "DO UPDATE SET tokens = excluded.tokens"
                           : "INSERT INTO customer_search (customer_id, tokens) "
                             "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (customer_id) "
                             "DO UPDATE SET tokens = excluded.tokens",
                     Params(id, TsVectorText(tokens)));
  }
  core::Status deleted = conn.ExecAtCommit(cases ? "DELETE FROM case_search WHERE rowid = ?"
                                                 : "DELETE FROM customer_search WHERE rowid = ?",
                                           Params(id));
  if (!deleted.ok() || tokens.empty()) return deleted;
  return conn.ExecAtCommit(cases ? "INSERT INTO case_search (rowid, tokens) VALUES (?, ?)"
                                 : "INSERT INTO customer_search (rowid, tokens) VALUES (?, ?)",
                           Params(id, tokens));
}

// Appending IndexTokens outputs never lets a phrase match across the seam: a phrase of
// bigrams cannot start at the unigrams or words that begin the appended tokens. SQLite: two
// queued statements: extend the row when there is one (its tokens are never empty), else add
// it. PostgreSQL: tsvector || tsvector shifts the right side's positions past the left's, so
// the appended tokens follow the old ones as in SQLite.
core::Status AppendSearchRow(Connection& conn, SearchIndex index, app::Id id,
                             const std::string& tokens) {
  if (tokens.empty()) return {};
  const bool cases = index == SearchIndex::kCases;
  if (conn.dialect() == Dialect::kPostgres) {
    return conn.Exec(cases ? "INSERT INTO case_search (case_id, tokens) "
                             "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (case_id) "
                             "DO UPDATE SET tokens = case_search.tokens || excluded.tokens"
                           : "INSERT INTO customer_search (customer_id, tokens) "
                             "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (customer_id) "
                             "DO UPDATE SET tokens = customer_search.tokens || excluded.tokens",
                     Params(id, TsVectorText(tokens)));
  }
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
