// csqm copy, part 1: what tables a database holds, read from its catalogue (sql_copy.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "store/sql_copy.hpp"

namespace csqm::store {
namespace {

// SQLite: tables from sqlite_master; FTS5 tables are the search tables (their rowid is the key)
// and their shadow tables (<name>_data, _idx, _content, _docsize, _config) are left out.
core::Result<std::vector<CopyTableInfo>> DescribeSqlite(Connection& conn) {
  auto listed = conn.Query(
      "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name");
  if (!listed) return listed.error();
  std::vector<std::string> fts;
  for (const Row& row : *listed) {
    std::string sql = row.Text(1);
    std::transform(sql.begin(), sql.end(), sql.begin(), [](char c) { return char(::tolower(c)); });
    if (sql.find("virtual table") != std::string::npos && sql.find("fts5") != std::string::npos)
      fts.push_back(row.Text(0));
  }
  auto is_shadow = [&](const std::string& name) {
    for (const std::string& f : fts) {
      for (std::string_view s : {"_data", "_idx", "_content", "_docsize", "_config"}) {
        if (name == f + std::string(s)) return true;
      }
    }
    return false;
  };
  std::vector<CopyTableInfo> tables;
  for (const Row& row : *listed) {
    CopyTableInfo t;
    t.name = row.Text(0);
    if (is_shadow(t.name)) continue;
    if (std::find(fts.begin(), fts.end(), t.name) != fts.end()) {
      t.search = true;
      t.columns = {"rowid", "tokens"};
      t.key = {"rowid"};
      tables.push_back(std::move(t));
      continue;
    }
    auto columns =
        conn.Query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", Params(t.name));
    if (!columns) return columns.error();
    std::vector<std::pair<int64_t, std::string>> key;
    for (const Row& c : *columns) {
      t.columns.push_back(c.Text(0));
      if (c.Int(1) > 0) key.emplace_back(c.Int(1), c.Text(0));
    }
    std::sort(key.begin(), key.end());
    for (auto& [position, name] : key) t.key.push_back(name);
    auto fks = conn.Query(
        "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
        Params(t.name));
    if (!fks) return fks.error();
    for (const Row& fk : *fks) {
      const std::string& parent = fk.Text(1);
      if (parent == t.name) {
        t.self_refs.emplace_back(fk.Text(0), fk.IsNull(2) ? std::string("id") : fk.Text(2));
      } else if (std::find(t.parents.begin(), t.parents.end(), parent) == t.parents.end()) {
        t.parents.push_back(parent);
      }
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

// PostgreSQL: ordinary and partitioned tables of the current schema (partitions left out);
// a table with a tsvector column is a search table (columns: its key, then the tsvector).
core::Result<std::vector<CopyTableInfo>> DescribePostgres(Connection& conn) {
  auto listed = conn.Query(
      "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
      "AND c.relname <> 'schema_migrations' ORDER BY 1");
  if (!listed) return listed.error();
  std::vector<CopyTableInfo> tables;
  for (const Row& row : *listed) {
    CopyTableInfo t;
    t.name = row.Text(0);
    auto columns = conn.Query(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum",
        Params(t.name));
    if (!columns) return columns.error();
    std::string tsvector;
    for (const Row& c : *columns) {
      if (c.Text(1) == "tsvector") tsvector = c.Text(0);
      t.columns.push_back(c.Text(0));
    }
    auto key = conn.Query(
        "SELECT a.attname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey) "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND i.indisprimary "
        "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
        Params(t.name));
    if (!key) return key.error();
    for (const Row& k : *key) t.key.push_back(k.Text(0));
    auto fks = conn.Query(
        "SELECT p.relname::text, "
        "(SELECT attname::text FROM pg_attribute WHERE attrelid = k.conrelid "
        " AND attnum = k.conkey[1]), "
        "(SELECT attname::text FROM pg_attribute WHERE attrelid = k.confrelid "
        " AND attnum = k.confkey[1]) "
        "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class p ON p.oid = k.confrelid "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND k.contype = 'f' "
        "AND k.conparentid = 0 ORDER BY k.conname",
        Params(t.name));
    if (!fks) return fks.error();
    for (const Row& fk : *fks) {
      const std::string& parent = fk.Text(0);
      if (parent == t.name) {
        t.self_refs.emplace_back(fk.Text(1), fk.Text(2));
      } else if (std::find(t.parents.begin(), t.parents.end(), parent) == t.parents.end()) {
        t.parents.push_back(parent);
      }
    }
    if (!tsvector.empty() && t.columns.size() == 2 && t.key.size() == 1) {
      t.search = true;
      t.columns = {t.key[0], tsvector};
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace

core::Result<std::vector<CopyTableInfo>> DescribeTables(Connection& conn) {
  return conn.dialect() == Dialect::kPostgres ? DescribePostgres(conn) : DescribeSqlite(conn);
}

std::string TokensFromTsVector(std::string_view text) {
  std::vector<std::pair<int, std::string>> placed;  // (position, lexeme)
  size_t i = 0;
  int unplaced = 1 << 20;  // lexemes without positions go last, in their order
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '\'') break;
    ++i;
    std::string lexeme;
    while (i < text.size()) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        lexeme += text[i + 1];
        i += 2;
      } else if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          lexeme += '\'';
          i += 2;
        } else {
          ++i;
          break;
        }
      } else {
        lexeme += text[i++];
      }
    }
    if (i < text.size() && text[i] == ':') {
      ++i;
      while (i < text.size() && text[i] != ' ') {
        int position = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
          position = position * 10 + (text[i++] - '0');
        while (i < text.size() && text[i] != ',' && text[i] != ' ') ++i;  // weight letter
        if (i < text.size() && text[i] == ',') ++i;
        placed.emplace_back(position, lexeme);
      }
    } else {
      placed.emplace_back(unplaced++, lexeme);
    }
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [position, lexeme] : placed) {
    if (!out.empty()) out += ' ';
    out += lexeme;
  }
  return out;
}

}  // namespace csqm::store
