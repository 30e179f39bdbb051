#include "store/postgres/pg_sql.hpp"

#include <cctype>

namespace csqm::store::pg {
namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The length of the quoted or commented region starting at sql[i], or 0 when none starts
// there. An unterminated region runs to the end of the text.
size_t SkipRegion(std::string_view sql, size_t i) {
  const size_t n = sql.size();
  const char c = sql[i];
  const auto until = [&](size_t from, std::string_view end) {
    const size_t at = sql.find(end, from);
    return (at == std::string_view::npos ? n : at + end.size()) - i;
  };
  if (c == '-' && i + 1 < n && sql[i + 1] == '-') return until(i + 2, "\n");
  if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
    // Block comments nest in PostgreSQL.
    size_t depth = 1;
    size_t j = i + 2;
    while (j < n && depth > 0) {
      if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
        ++depth;
        j += 2;
      } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
        --depth;
        j += 2;
      } else {
        ++j;
      }
    }
    return j - i;
  }
  if (c == '\'' || c == '"') {
    // E'…' strings may escape a quote with a backslash.
    const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !IsIdentChar(sql[i - 2]));
    size_t j = i + 1;
    while (j < n) {
      if (escapes && sql[j] == '\\') {
        j += 2;
        continue;
      }
      if (sql[j] == c) {
        if (j + 1 < n && sql[j + 1] == c) {
          j += 2;  // doubled quote
          continue;
        }
        return j + 1 - i;
      }
      ++j;
    }
    return n - i;
  }
  if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
    // $tag$ … $tag$ where tag is empty or an identifier (not $1, a parameter).
    size_t j = i + 1;
    while (j < n && IsIdentChar(sql[j]) &&
           !(j == i + 1 && std::isdigit(static_cast<unsigned char>(sql[j])))) {
      ++j;
    }
    if (j < n && sql[j] == '$') {
      const std::string_view tag = sql.substr(i, j + 1 - i);
      return until(j + 1, tag);
    }
  }
  return 0;
}

}  // namespace

Rewritten RewritePlaceholders(std::string_view sql) {
  Rewritten out;
  out.sql.reserve(sql.size() + 16);
  size_t i = 0;
  while (i < sql.size()) {
    if (const size_t skip = SkipRegion(sql, i); skip > 0) {
      out.sql.append(sql.substr(i, skip));
      i += skip;
      continue;
    }
    if (sql[i] == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.parameters);
    } else {
      out.sql += sql[i];
    }
    ++i;
  }
  return out;
}

std::vector<std::string> SplitStatements(std::string_view script) {
  std::vector<std::string> out;
  size_t start = 0;
  size_t i = 0;
  const auto flush = [&](size_t end) {
    const std::string_view piece = script.substr(start, end - start);
    if (!FirstKeyword(piece).empty()) {
      size_t b = 0;
      size_t e = piece.size();
      while (b < e && std::isspace(static_cast<unsigned char>(piece[b]))) ++b;
      while (e > b && std::isspace(static_cast<unsigned char>(piece[e - 1]))) --e;
      out.emplace_back(piece.substr(b, e - b));
    }
  };
  while (i < script.size()) {
    if (const size_t skip = SkipRegion(script, i); skip > 0) {
      i += skip;
      continue;
    }
    if (script[i] == ';') {
      flush(i);
      start = i + 1;
    }
    ++i;
  }
  flush(script.size());
  return out;
}

std::string FirstKeyword(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == ';' || sql[i] == '(') {
      ++i;
      continue;
    }
    const size_t skip = SkipRegion(sql, i);
    if (skip > 0 && (sql[i] == '-' || sql[i] == '/')) {
      i += skip;
      continue;
    }
    break;
  }
  std::string word;
  while (i < sql.size() && IsIdentChar(sql[i])) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    ++i;
  }
  return word;
}

bool IsTransactionControl(std::string_view sql) {
  const std::string word = FirstKeyword(sql);
  if (word == "PREPARE") {
    // PREPARE TRANSACTION, not PREPARE name AS …
    std::string upper;
    for (char c : sql) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper.find("TRANSACTION") != std::string::npos &&
           upper.find(" AS ") == std::string::npos;
  }
  if (word == "ROLLBACK") {
    // ROLLBACK TO [SAVEPOINT] name undoes part of the transaction only: allowed.
    const size_t at = sql.find_first_of("Rr");
    const std::string rest = FirstKeyword(sql.substr(at + 8));
    return rest != "TO";
  }
  return word == "BEGIN" || word == "START" || word == "COMMIT" || word == "END" || word == "ABORT";
}

}  // namespace csqm::store::pg
