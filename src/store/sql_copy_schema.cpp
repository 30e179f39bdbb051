// csqm copy, part 1: what tables a database holds, read from its catalogue (sql_copy.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "store/sql_copy.hpp"

namespace csqm::store {
namespace {

// SQLite: tables from sqlite_master, but for the search bookkeeping that belongs to this file
// alone (search_queue, search_epoch: the copy's target indexes afresh).
core::Result<std::vector<CopyTableInfo>> DescribeSqlite(Connection& conn) {
  auto listed = conn.Query(
      "SELECT name FROM sqlite_master WHERE type = 'table' "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('schema_migrations', "
      "'search_queue', 'search_epoch') ORDER BY name");
  if (!listed) return listed.error();
  std::vector<CopyTableInfo> tables;
  for (const Row& row : *listed) {
    CopyTableInfo t;
    t.name = row.Text(0);
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
// a table with a tsvector column is a search table: not copied, made from the documents.
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

}  // namespace csqm::store
