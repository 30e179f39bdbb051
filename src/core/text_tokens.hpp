// The tokeniser behind Chinese full-text search, shared by both stores: the text to index and
// the text a user searches for both go through it, so 1- and 2-character Chinese words match.
//
// The text is split into runs; everything else separates runs and is dropped:
//   - CJK runs: CJK Unified Ideographs U+4E00–9FFF, Extension A U+3400–4DBF, Extensions B–F
//     U+20000–2EBEF, CJK Compatibility Ideographs U+F900–FAFF and Supplement U+2F800–2FA1F,
//     々〆〇 U+3005–3007, Hiragana U+3041–3096 and U+309D–309F, Katakana U+30A1–30FA and
//     U+30FC–30FF, Katakana Phonetic Extensions U+31F0–31FF, Hangul Syllables U+AC00–D7A3,
//     Hangul Jamo U+1100–11FF and Compatibility Jamo U+3131–318E. Left out on purpose: the
//     kana voicing marks U+3099–309C, ゠ U+30A0 and ・ U+30FB (punctuation to SQLite).
//   - Word runs: ASCII letters and digits, full-width ones (Ａ１ → a1), Latin-1 and Latin
//     Extended-A/B letters (U+00C0–024F without × ÷), lowercased (Latin-1 and Extended-A
//     fold; Extended-B is kept as is). Letters and digits form one word ("a3", "13812345678").
//   - Separators: whitespace, ASCII and full-width punctuation (，。！？、；：“”‘’（）【】《》 …),
//     every other script and symbol, and invalid UTF-8 (each bad byte is dropped and acts as
//     a separator, so it never glues two runs together).
//
// The output tokens contain only the characters above. SQLite indexes them through its own FTS5
// tokenizer "csqm" (store/sqlite/sqlite_search_tokenizer.*), which calls ForEachIndexToken on
// the stored text; PostgreSQL stores IndexTokens output as a tsvector (one lexeme per token).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace csqm::core {

// Receives one index token: its text, and the bytes [begin, end) of the input it comes from.
// Returns false to stop the walk.
using TokenSink = std::function<bool(std::string_view token, size_t begin, size_t end)>;

// Walks the index tokens of `utf8_text` in the order IndexTokens lists them, without building
// a string. Returns false when `sink` stopped it.
bool ForEachIndexToken(std::string_view utf8_text, const TokenSink& sink);

// Space-separated tokens to index. A CJK run of n characters gives its n unigrams followed by
// its n−1 bigrams (so consecutive bigrams sit at adjacent positions and a phrase of bigrams
// never spans two runs); a word run gives the lowercased word. "漏水，A3栋" →
// "漏 水 漏水 a3 栋". Empty when the text has no runs.
std::string IndexTokens(std::string_view utf8_text);

// An FTS5 MATCH expression for what a user typed, its parts joined by " AND ":
// a CJK run of one character → "漏"; of two or more → the phrase of its bigrams, "漏水 水管"
// for 漏水管; a word → the prefix query "a3"*. Every part is double-quoted with quotes doubled,
// so no FTS5 syntax (OR, NOT, NEAR, *, ^, column filters, parentheses) can come from the user.
// Empty when the query has no runs: the caller then does no search at all.
std::string MatchQuery(std::string_view user_query);

}  // namespace csqm::core
