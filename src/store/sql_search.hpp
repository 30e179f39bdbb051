// Internal to the SQL repositories: full-text search, the one part written per dialect.
// SQLite keeps core::IndexTokens output in FTS5 tables (case_search, customer_search) whose
// rowid is the case's / customer's id, and matches core::MatchQuery expressions against them.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/records.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

enum class SearchIndex { kCases, kCustomers };

// A predicate on `id` with exactly one '?', the match expression (core::MatchQuery output):
// SQLite "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)". Errors: kInternal
// "store.unsupported" for a dialect without search yet.
core::Result<std::string_view> SearchPredicate(Dialect dialect, SearchIndex index);

// Both writers below queue their statements with Connection::ExecAtCommit: the row changes
// when the transaction commits, and a search inside the same write transaction does not see it.

// Replaces the search row of `id` with `tokens` (core::IndexTokens output; empty: no row).
core::Status ReplaceSearchRow(Connection& conn, SearchIndex index, app::Id id,
                              const std::string& tokens);

// Adds `tokens` to the search row of `id` (created when missing), keeping what is there.
core::Status AppendSearchRow(Connection& conn, SearchIndex index, app::Id id,
                             const std::string& tokens);

}  // namespace csqm::store
