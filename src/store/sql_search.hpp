// Internal to the SQL repositories: full-text search, the one part written per dialect.
//
// Both dialects index the same text per entity (SqlSearchDocuments): a case's number, title,
// description, customer name and unit, and every comment; a customer's name, unit and address.
// Both split it with the same tokeniser (core/text_tokens.hpp) and match core::MatchQuery
// expressions, so the same words match on both.
//   SQLite: FTS5 tables case_search / customer_search (rowid = the entity's id, tokenizer
//     "csqm") in the search file, attached to read connections as `search`, written by the
//     background indexer (sqlite/sqlite_search_index.hpp) from the `search_queue` rows that
//     MarkForSearch adds in the changing transaction.
//   PostgreSQL: case_search / customer_search rows holding a tsvector (each token one lexeme at
//     its position, built here, no text-search parser involved) with GIN indexes, rewritten by
//     MarkForSearch inside the changing transaction; matched with a tsquery made here from the
//     same MatchQuery expression.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/records.hpp"
#include "core/result.hpp"
#include "store/db.hpp"
#include "store/search_documents.hpp"

namespace csqm::store {

// A predicate on `id` with exactly one '?', bound to SearchParameter(dialect, match):
// SQLite "id IN (SELECT rowid FROM search.case_search WHERE case_search MATCH ?)", PostgreSQL
// "id IN (SELECT case_id FROM case_search WHERE tokens @@ CAST(? AS tsquery))".
core::Result<std::string_view> SearchPredicate(Dialect dialect, SearchIndex index);

// The value to bind for a core::MatchQuery expression: the expression itself for SQLite, the
// equivalent tsquery text for PostgreSQL ("'漏水' <-> '水管'", "'a3':*").
std::string SearchParameter(Dialect dialect, const std::string& match);

// The tsvector input text for core::IndexTokens output: each token one lexeme at its position.
std::string TsVectorInput(const std::string& tokens);

// The searchable text of case / customer `id` changed (or the entity is gone) in the caller's
// write transaction. SQLite: queues it for the indexer (visible to searches shortly after the
// commit; Database::AwaitSearchIndex waits for that). PostgreSQL: rewrites its search row now.
core::Status MarkForSearch(Connection& conn, SearchIndex index, app::Id id);

// PostgreSQL: replaces the search rows of these documents (csqm copy, MarkForSearch).
core::Status WriteTsVectorRows(Connection& conn, SearchIndex index,
                               const std::vector<SearchDocument>& docs);

// What each entity indexes, read from the tables (both dialects).
class SqlSearchDocuments final : public SearchDocuments {
 public:
  core::Result<std::vector<SearchDocument>> Load(Connection& conn, SearchIndex index,
                                                 std::span<const int64_t> ids) const override;
  core::Result<std::vector<SearchDocument>> Scan(Connection& conn, SearchIndex index, int64_t after,
                                                 int limit) const override;
};

}  // namespace csqm::store
