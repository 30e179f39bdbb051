#include "store/sql_search.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/text_tokens.hpp"
#include "store/sql_rows.hpp"
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

constexpr size_t kIdChunk = 256;  // ids per IN list (a power of two: see AppendInList)

// The case columns a document needs, and the customer's name and unit.
#define CASE_DOC_SELECT                                                   \
  "SELECT c.id, c.number, c.title, c.description, COALESCE(u.name, ''), " \
  "COALESCE(u.unit, '') FROM cases c LEFT JOIN customers u ON u.id = c.customer_id "

void Append(std::string& text, const std::string& part) {
  if (part.empty()) return;
  if (!text.empty()) text += ' ';
  text += part;
}

// Rows of id and then `text_columns` text columns: one document each, the texts joined.
std::vector<SearchDocument> Docs(const std::vector<Row>& rows, int text_columns) {
  std::vector<SearchDocument> docs;
  docs.reserve(rows.size());
  for (const Row& r : rows) {
    SearchDocument d;
    d.id = r.Int(0);
    for (int c = 1; c <= text_columns; ++c) Append(d.text, r.Text(c));
    docs.push_back(std::move(d));
  }
  return docs;
}

// CASE_DOC_SELECT's rows; customers: id, name, unit, address.
std::vector<SearchDocument> CaseDocs(const std::vector<Row>& rows) { return Docs(rows, 5); }
std::vector<SearchDocument> CustomerDocs(const std::vector<Row>& rows) { return Docs(rows, 3); }

// Adds each comment (rows of case_id, body in case and id order) to its case's document.
void AddComments(std::vector<SearchDocument>& docs, const std::vector<Row>& comments) {
  size_t i = 0;
  for (const Row& c : comments) {
    const int64_t case_id = c.Int(0);
    while (i < docs.size() && docs[i].id < case_id) ++i;
    if (i < docs.size() && docs[i].id == case_id) Append(docs[i].text, c.Text(1));
  }
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
      cases ? "id IN (SELECT rowid FROM search.case_search WHERE case_search MATCH ?)"
            : "id IN (SELECT rowid FROM search.customer_search WHERE customer_search MATCH ?)");
}

std::string SearchParameter(Dialect dialect, const std::string& match) {
  return dialect == Dialect::kPostgres ? TsQueryText(match) : match;
}

core::Status MarkForSearch(Connection& conn, SearchIndex index, app::Id id) {
  const bool cases = index == SearchIndex::kCases;
  if (conn.dialect() == Dialect::kSqlite) {
    return conn.Exec("INSERT INTO search_queue (entity, entity_id) VALUES (?, ?)",
                     Params(std::string(cases ? "case" : "customer"), id));
  }
  const int64_t ids[] = {id};
  auto docs = SqlSearchDocuments().Load(conn, index, ids);
  if (!docs.ok()) return docs.error();
  if (docs->empty()) {
    return conn.Exec(cases ? "DELETE FROM case_search WHERE case_id = ?"
                           : "DELETE FROM customer_search WHERE customer_id = ?",
                     Params(id));
  }
  return WriteTsVectorRows(conn, index, *docs);
}

core::Status WriteTsVectorRows(Connection& conn, SearchIndex index,
                               const std::vector<SearchDocument>& docs) {
  const bool cases = index == SearchIndex::kCases;
  for (const SearchDocument& d : docs) {
    const std::string tokens = core::IndexTokens(d.text);
    core::Status s =
        tokens.empty()
            ? conn.Exec(cases ? "DELETE FROM case_search WHERE case_id = ?"
                              : "DELETE FROM customer_search WHERE customer_id = ?",
                        Params(d.id))
            : conn.Exec(cases ? "INSERT INTO case_search (case_id, tokens) "
                                "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (case_id) "
                                "DO UPDATE SET tokens = excluded.tokens"
                              : "INSERT INTO customer_search (customer_id, tokens) "
                                "VALUES (?, CAST(? AS tsvector)) ON CONFLICT (customer_id) "
                                "DO UPDATE SET tokens = excluded.tokens",
                        Params(d.id, TsVectorText(tokens)));
    if (!s.ok()) return s;
  }
  return {};
}

core::Result<std::vector<SearchDocument>> SqlSearchDocuments::Load(
    Connection& conn, SearchIndex index, std::span<const int64_t> ids) const {
  std::vector<SearchDocument> all;
  for (size_t first = 0; first < ids.size(); first += kIdChunk) {
    const auto chunk = ids.subspan(first, std::min(kIdChunk, ids.size() - first));
    std::vector<Value> values(chunk.begin(), chunk.end());
    std::string in;
    std::vector<Value> params;
    AppendInList(in, params, values);
    if (index == SearchIndex::kCustomers) {
      auto rows = conn.Query(
          "SELECT id, name, unit, address FROM customers WHERE id IN (" + in + ") ORDER BY id",
          params);
      if (!rows.ok()) return rows.error();
      for (SearchDocument& d : CustomerDocs(*rows)) all.push_back(std::move(d));
      continue;
    }
    auto rows = conn.Query(CASE_DOC_SELECT "WHERE c.id IN (" + in + ") ORDER BY c.id", params);
    if (!rows.ok()) return rows.error();
    std::vector<SearchDocument> docs = CaseDocs(*rows);
    auto comments = conn.Query(
        "SELECT case_id, body FROM timeline WHERE kind = 'comment' AND "
        "case_id IN (" +
            in + ") ORDER BY case_id, id",
        params);
    if (!comments.ok()) return comments.error();
    AddComments(docs, *comments);
    for (SearchDocument& d : docs) all.push_back(std::move(d));
  }
  std::sort(all.begin(), all.end(),
            [](const SearchDocument& a, const SearchDocument& b) { return a.id < b.id; });
  return all;
}

core::Result<std::vector<SearchDocument>> SqlSearchDocuments::Scan(Connection& conn,
                                                                   SearchIndex index, int64_t after,
                                                                   int limit) const {
  if (index == SearchIndex::kCustomers) {
    auto rows =
        conn.Query("SELECT id, name, unit, address FROM customers WHERE id > ? ORDER BY id LIMIT ?",
                   Params(after, int64_t{limit}));
    if (!rows.ok()) return rows.error();
    return CustomerDocs(*rows);
  }
  auto rows = conn.Query(CASE_DOC_SELECT "WHERE c.id > ? ORDER BY c.id LIMIT ?",
                         Params(after, int64_t{limit}));
  if (!rows.ok()) return rows.error();
  std::vector<SearchDocument> docs = CaseDocs(*rows);
  if (docs.empty()) return docs;
  auto comments = conn.Query(
      "SELECT case_id, body FROM timeline WHERE kind = 'comment' AND case_id > ? AND "
      "case_id <= ? ORDER BY case_id, id",
      Params(after, docs.back().id));
  if (!comments.ok()) return comments.error();
  AddComments(docs, *comments);
  return docs;
}

}  // namespace csqm::store
