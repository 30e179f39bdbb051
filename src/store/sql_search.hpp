// Internal to the SQL repositories: full-text search, the one part written per dialect.
// SQLite keeps core::IndexTokens output in FTS5 tables (case_search, customer_search) whose
// rowid is the case's / customer's id, and matches core::MatchQuery expressions against them.
// PostgreSQL keeps the same tokens as a tsvector (each token one lexeme at its position, built
// here, no text-search parser involved) in case_search / customer_search with GIN indexes,
// and matches a tsquery made here from the same MatchQuery expression: the same words match.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/records.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

enum class SearchIndex { kCases, kCustomers };

// A predicate on `id` with exactly one '?', bound to SearchParameter(dialect, match):
// SQLite "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)", PostgreSQL
// "id IN (SELECT case_id FROM case_search WHERE tokens @@ CAST(? AS tsquery))".
core::Result<std::string_view> SearchPredicate(Dialect dialect, SearchIndex index);

// The value to bind for a core::MatchQuery expression: the expression itself for SQLite, the
// equivalent tsquery text for PostgreSQL ("'漏水' <-> '水管'", "'a3':*").
std::string SearchParameter(Dialect dialect, const std::string& match);

// The tsvector input text for core::IndexTokens output: each token one lexeme at its position
// (PostgreSQL's search rows; also csqm copy, store/sql_copy.cpp).
std::string TsVectorInput(const std::string& tokens);

// On SQLite both writers below queue their statements with Connection::ExecAtCommit: the row
// changes when the transaction commits, and a search inside the same write transaction does
// not see it (on PostgreSQL it does; do not rely on either).

// Replaces the search row of `id` with `tokens` (core::IndexTokens output; empty: no row).
core::Status ReplaceSearchRow(Connection& conn, SearchIndex index, app::Id id,
                              const std::string& tokens);

// Adds `tokens` to the search row of `id` (created when missing), keeping what is there.
core::Status AppendSearchRow(Connection& conn, SearchIndex index, app::Id id,
                             const std::string& tokens);

}  // namespace csqm::store
