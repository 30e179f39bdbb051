// What a full-text index needs to know of the schema: the text of each searchable entity. The
// SQL repositories implement it (store/sql_search.cpp) and hand it to the SQLite engine's
// background indexer (store/sqlite/sqlite_search_index.*); PostgreSQL uses it in place.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

enum class SearchIndex { kCases, kCustomers };

struct SearchDocument {
  int64_t id = 0;    // the case's or customer's id
  std::string text;  // what is indexed (core::IndexTokens / the FTS5 tokenizer "csqm" split it)
};

class SearchDocuments {
 public:
  virtual ~SearchDocuments() = default;
  // The documents of these ids, in id order; ids that no longer exist are left out.
  virtual core::Result<std::vector<SearchDocument>> Load(Connection& conn, SearchIndex index,
                                                         std::span<const int64_t> ids) const = 0;
  // The documents of the entities with id > after, in id order, at most `limit` (rebuilds).
  virtual core::Result<std::vector<SearchDocument>> Scan(Connection& conn, SearchIndex index,
                                                         int64_t after, int limit) const = 0;
};

}  // namespace csqm::store
