// csqm copy: every row of one csqm database into another at the same schema version, SQLite or
// PostgreSQL on either side. Tables are found in the databases' catalogues (so later
// migrations' tables are copied without change here) and copied in foreign-key order, parents
// first, keyset-paged on their primary key and written with multi-row INSERTs, ids kept. The
// whole copy is one write transaction on the target: it lands completely or not at all.
// Dialect differences are marked in place (sql_copy*.cpp): search data is not copied but made
// afresh (PostgreSQL's tsvector rows from the source's documents, sql_search.hpp; a SQLite
// target's search file by its background indexer, after a new search_epoch), PostgreSQL's
// case_ids (written by the trigger on cases, never copied), its monthly partitions (made for
// the source's months before the rows arrive), its secondary indexes (dropped before the rows
// and built again after them, in the same transaction) and its id sequences (moved past the
// copied ids).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

struct CopySettings {
  // Empty a target that holds rows first; otherwise such a target is refused.
  bool replace = false;
  // Rows per INSERT statement (fewer for tables with many columns: at most ~30,000 values).
  int batch_rows = 1000;
  // Called after each table with the rows written and the seconds it took (progress output).
  std::function<void(const std::string& table, int64_t rows, double seconds)> on_table;
};

struct CopyTableCount {
  std::string table;
  int64_t source = 0;  // rows in the source snapshot the copy read
  int64_t target = 0;  // rows in the target after the commit
};

struct CopySummary {
  std::vector<CopyTableCount> tables;  // in the order copied
  int64_t rows = 0;                    // rows written
};

// Copies every table of `source` (read in one snapshot) into `target` (one write transaction),
// then counts each table on both sides. Both must be csqm databases at the same schema version
// (the caller checks). Errors: kFailedPrecondition "copy.target_not_empty" (unless replace),
// "copy.schema_mismatch" (a table or its columns differ between the two), "copy.cycle"
// (tables whose foreign keys form a cycle); store errors from either side.
core::Result<CopySummary> CopyDatabase(Database& source, Database& target,
                                       const CopySettings& settings);

// --- internal to sql_copy*.cpp (exposed for the tests) --------------------------------------

// One table as the copy sees it.
struct CopyTableInfo {
  std::string name;
  std::vector<std::string> columns;  // in table order
  std::vector<std::string> key;      // primary key columns (the paging order); may be empty
  std::vector<std::string> parents;  // other tables its foreign keys point at
  // Foreign keys to itself: (column, referenced column), e.g. (parent_id, id).
  std::vector<std::pair<std::string, std::string>> self_refs;
  bool search = false;  // PostgreSQL's case_search / customer_search (a tsvector column)
};

// Every table of the connection's database except schema_migrations (and SQLite's
// search_queue / search_epoch, which stay with their file).
core::Result<std::vector<CopyTableInfo>> DescribeTables(Connection& conn);

}  // namespace csqm::store
