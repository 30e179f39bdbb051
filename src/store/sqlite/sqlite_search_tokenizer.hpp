// The FTS5 tokenizer "csqm": core::ForEachIndexToken (CJK unigrams + bigrams, lowercased words)
// on stored text, so the search index keeps the text itself and needs no pre-tokenised copy;
// on a MATCH expression's strings (core::MatchQuery output, tokens separated by spaces) each
// space-separated part is one token.
#pragma once

#include <string_view>

struct sqlite3;

namespace csqm::store {

inline constexpr std::string_view kSearchTokenizer = "csqm";

// Registers the tokenizer on this connection; false when SQLite has no FTS5.
bool RegisterSearchTokenizer(sqlite3* db);

}  // namespace csqm::store
