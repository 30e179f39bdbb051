// SQL text handling for PostgreSQL, without a connection: '?' placeholders rewritten to $n and
// scripts split into statements. Both skip quoted strings ('…', E'…'), quoted identifiers
// ("…"), dollar-quoted bodies ($$…$$, $fn$…$fn$) and comments (-- …, /* … */).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace csqm::store::pg {

struct Rewritten {
  std::string sql;     // with $1, $2, … in place of the '?' outside quotes and comments
  int parameters = 0;  // how many '?' were replaced
};

// "SELECT a FROM t WHERE b = ? AND c = '?'" -> "SELECT a FROM t WHERE b = $1 AND c = '?'", 1.
Rewritten RewritePlaceholders(std::string_view sql);

// The statements of a ';'-separated script, each trimmed, empty ones (and comment-only ones)
// dropped. A ';' inside quotes, dollar quotes or comments does not split.
std::vector<std::string> SplitStatements(std::string_view script);

// The first keyword of a statement, upper-cased, after blanks and comments ("BEGIN", "SELECT").
std::string FirstKeyword(std::string_view sql);

// True for transaction control a callback may not run: BEGIN, START, COMMIT, END, ROLLBACK,
// ABORT, PREPARE TRANSACTION … (the Database owns the transaction).
bool IsTransactionControl(std::string_view sql);

}  // namespace csqm::store::pg
