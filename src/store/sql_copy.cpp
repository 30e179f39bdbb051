// csqm copy, part 2: the copy itself (sql_copy.hpp).
#include "store/sql_copy.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/text_tokens.hpp"
#include "store/sql_search.hpp"

namespace csqm::store {
namespace {

using core::ErrorCode;

// PostgreSQL only: one row per case written by the trigger on cases (migrations/README.md);
// never copied, and a foreign key to it is a foreign key to cases.
constexpr std::string_view kTriggerTable = "case_ids";
constexpr std::string_view kTriggerSource = "cases";

core::Error Mismatch(const std::string& what_zh, const std::string& what_en) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "copy.schema_mismatch",
                         "源库与目标库的结构不一致：" + what_zh,
                         "the source and target schemas differ: " + what_en);
}

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + Quote(n);
  return out;
}

const CopyTableInfo* Find(const std::vector<CopyTableInfo>& tables, std::string_view name) {
  for (const auto& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// The tables to copy, parents first (Kahn's algorithm over the target's foreign keys).
core::Result<std::vector<std::string>> CopyOrder(const std::vector<CopyTableInfo>& target) {
  std::vector<std::string> order;
  std::set<std::string> done{std::string(kTriggerTable)};
  std::vector<const CopyTableInfo*> pending;
  for (const auto& t : target) {
    if (t.name != kTriggerTable && !t.search) pending.push_back(&t);
  }
  while (!pending.empty()) {
    bool progressed = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = true;
      for (const std::string& p : (*it)->parents) {
        const std::string parent = p == kTriggerTable ? std::string(kTriggerSource) : p;
        if (parent != (*it)->name && !done.count(parent) && Find(target, parent)) ready = false;
      }
      if (ready) {
        order.push_back((*it)->name);
        done.insert((*it)->name);
        it = pending.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    if (!progressed) {
      return core::MakeError(ErrorCode::kFailedPrecondition, "copy.cycle",
                             "外键形成环，无法确定复制顺序：" + pending.front()->name,
                             "foreign keys form a cycle: " + pending.front()->name);
    }
  }
  return order;
}

// Checks that both sides hold the same tables with the same columns (search tables aside:
// they are made, not copied).
core::Status Compare(const std::vector<CopyTableInfo>& source,
                     const std::vector<CopyTableInfo>& target) {
  for (const auto& s : source) {
    if (s.name == kTriggerTable || s.search) continue;
    const CopyTableInfo* t = Find(target, s.name);
    if (!t) return Mismatch("目标库缺少表 " + s.name, "the target has no table " + s.name);
    if (t->search || s.columns.size() != t->columns.size()) {
      return Mismatch("表 " + s.name + " 的列不同", "table " + s.name + " has other columns");
    }
    for (const std::string& c : t->columns) {
      if (std::find(s.columns.begin(), s.columns.end(), c) == s.columns.end()) {
        return Mismatch("源库的表 " + s.name + " 缺少列 " + c,
                        "the source's table " + s.name + " has no column " + c);
      }
    }
  }
  for (const auto& t : target) {
    if (t.name != kTriggerTable && !t.search && !Find(source, t.name))
      return Mismatch("源库缺少表 " + t.name, "the source has no table " + t.name);
  }
  return {};
}

// PostgreSQL target: the search rows of every case and customer, made from the source's
// documents (the same text and tokens MarkForSearch writes), as multi-row INSERTs before the
// GIN indexes are built. Returns the rows written per table.
core::Result<std::vector<CopyTableCount>> MakeSearchRows(Connection& src, Connection& dst) {
  constexpr int kDocs = 1000;
  std::vector<CopyTableCount> counts;
  const SqlSearchDocuments documents;
  for (const SearchIndex index : {SearchIndex::kCases, SearchIndex::kCustomers}) {
    const bool cases = index == SearchIndex::kCases;
    CopyTableCount count{cases ? "case_search" : "customer_search", 0, -1};
    int64_t after = 0;
    for (;;) {
      auto docs = documents.Scan(src, index, after, kDocs);
      if (!docs) return docs.error();
      std::string sql = cases ? "INSERT INTO case_search (case_id, tokens) VALUES "
                              : "INSERT INTO customer_search (customer_id, tokens) VALUES ";
      std::vector<Value> params;
      for (const SearchDocument& d : *docs) {
        const std::string tokens = core::IndexTokens(d.text);
        if (tokens.empty()) continue;
        sql += params.empty() ? "(?, CAST(? AS tsvector))" : ", (?, CAST(? AS tsvector))";
        params.emplace_back(d.id);
        params.emplace_back(TsVectorInput(tokens));
      }
      if (!params.empty()) {
        if (auto st = dst.Exec(sql, params); !st) return st.error();
        count.source += int64_t(params.size() / 2);
      }
      if (static_cast<int>(docs->size()) < kDocs) break;
      after = docs->back().id;
    }
    counts.push_back(count);
  }
  return counts;
}

class TableCopier {
 public:
  TableCopier(Connection& src, Connection& dst, const CopyTableInfo& s, const CopyTableInfo& t,
              int batch_rows)
      : src_(src), dst_(dst), s_(s), t_(t) {
    per_insert_ = std::max<size_t>(
        1, std::min<size_t>(size_t(std::max(batch_rows, 1)), 30000 / t_.columns.size()));
    // Source columns in the target's order.
    select_ = t_.columns;
    select_sql_ = Join(select_);
  }

  core::Result<int64_t> Run() {
    if (!s_.self_refs.empty()) return RunParentsFirst();
    int64_t written = 0;
    std::vector<Value> last;
    for (;;) {
      std::string sql = "SELECT " + select_sql_;
      if (s_.key.empty()) {  // no primary key: every column is the order, paged by OFFSET
        sql += " FROM " + Quote(s_.name) + " ORDER BY " + Join(select_) + " LIMIT " +
               std::to_string(kReadRows) + " OFFSET " + std::to_string(written);
      } else {
        for (const std::string& k : s_.key) sql += ", " + Quote(k);
        sql += " FROM " + Quote(s_.name);
        if (!last.empty()) sql += " WHERE " + KeyTuple() + " > " + Placeholders(s_.key.size());
        sql += " ORDER BY " + Join(s_.key) + " LIMIT " + std::to_string(kReadRows);
      }
      const std::vector<Value> params = last;
      auto rows = src_.Query(sql, params);
      if (!rows) return rows.error();
      if (rows->empty()) return written;
      if (auto st = Insert(*rows); !st) return st.error();
      written += int64_t(rows->size());
      const Row& tail = rows->back();
      last.clear();
      for (size_t k = 0; k < s_.key.size(); ++k) last.push_back(tail.Get(int(select_.size() + k)));
      if (rows->size() < kReadRows) return written;
    }
  }

 private:
  static constexpr size_t kReadRows = 10000;

  std::string KeyTuple() const {
    return s_.key.size() == 1 ? Quote(s_.key[0]) : "(" + Join(s_.key) + ")";
  }
  static std::string Placeholders(size_t n) {
    std::string out = n == 1 ? "?" : "(";
    if (n == 1) return out;
    for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out + ")";
  }

  // A table with foreign keys to itself (org units, users, categories; small): read whole,
  // written so that each row comes after the row it points at.
  core::Result<int64_t> RunParentsFirst() {
    auto rows = src_.Query("SELECT " + select_sql_ + " FROM " + Quote(s_.name));
    if (!rows) return rows.error();
    std::vector<std::pair<int, int>> refs;  // (column, referenced column) indexes in select_
    for (const auto& [from, to] : s_.self_refs) {
      auto f = std::find(select_.begin(), select_.end(), from) - select_.begin();
      auto t = std::find(select_.begin(), select_.end(), to) - select_.begin();
      if (size_t(f) < select_.size() && size_t(t) < select_.size()) refs.emplace_back(f, t);
    }
    std::vector<Row> ordered;
    std::set<std::pair<int, Value>> present;  // (referenced column, value) of rows placed
    std::vector<bool> placed(rows->size(), false);
    for (size_t round = 0; ordered.size() < rows->size(); ++round) {
      const size_t before = ordered.size();
      for (size_t i = 0; i < rows->size(); ++i) {
        if (placed[i]) continue;
        const Row& r = (*rows)[i];
        bool ready = true;
        for (auto [f, t] : refs) {
          if (!r.IsNull(f) && !present.count({t, r.Get(f)})) ready = false;
        }
        if (ready || round > rows->size()) {
          placed[i] = true;
          ordered.push_back(r);
          for (auto [f, t] : refs) present.insert({t, r.Get(t)});
        }
      }
      if (ordered.size() == before) round = rows->size();  // a dangling reference: force out
    }
    if (auto st = Insert(ordered); !st) return st.error();
    return int64_t(ordered.size());
  }

  core::Status Insert(const std::vector<Row>& rows) {
    const size_t ncols = t_.columns.size();
    for (size_t start = 0; start < rows.size(); start += per_insert_) {
      const size_t n = std::min(per_insert_, rows.size() - start);
      std::vector<Value> params;
      params.reserve(n * ncols);
      for (size_t r = start; r < start + n; ++r) {
        for (size_t c = 0; c < ncols; ++c) {
          params.push_back(rows[r].Get(int(c)));
        }
      }
      if (auto st = dst_.Exec(InsertSql(n), params); !st) return st;
    }
    return {};
  }

  const std::string& InsertSql(size_t n) {
    auto it = insert_sql_.find(n);
    if (it != insert_sql_.end()) return it->second;
    std::string row = "(";
    for (size_t c = 0; c < t_.columns.size(); ++c) row += c ? ", ?" : "?";
    row += ")";
    std::string sql = "INSERT INTO " + Quote(t_.name) + " (" + Join(t_.columns) + ") VALUES ";
    sql.reserve(sql.size() + n * (row.size() + 2));
    for (size_t i = 0; i < n; ++i) sql += (i ? ", " : "") + row;
    return insert_sql_.emplace(n, std::move(sql)).first->second;
  }

  Connection& src_;
  Connection& dst_;
  const CopyTableInfo& s_;
  const CopyTableInfo& t_;
  size_t per_insert_ = 1;
  std::vector<std::string> select_;
  std::string select_sql_;
  std::map<size_t, std::string> insert_sql_;
};

core::Result<int64_t> Count(Connection& conn, const std::string& table) {
  auto row = conn.QueryOne("SELECT COUNT(*) FROM " + Quote(table));
  if (!row) return row.error();
  return *row ? (*row)->Int(0) : 0;
}

// PostgreSQL target: monthly partitions for every month the source's rows fall in, made before
// the rows arrive (else they would all land in the default partitions).
core::Status MakePartitions(Connection& src, Connection& dst) {
  auto range = src.QueryOne(
      "SELECT MIN(lo), MAX(hi) FROM (SELECT MIN(created_at) AS lo, MAX(created_at) AS hi "
      "FROM cases UNION ALL SELECT MIN(at), MAX(at) FROM timeline "
      "UNION ALL SELECT MIN(at), MAX(at) FROM audit_log) AS r");
  if (!range) return range.error();
  if (!*range || (*range)->IsNull(0)) return {};
  return dst.Exec("SELECT csqm_ensure_partitions(?, ?)",
                  Params((*range)->Int(0), (*range)->Int(1) + 1));
}

// PostgreSQL target: the secondary indexes are dropped before the rows arrive and built again
// after them, inside the copy's transaction: one bulk build instead of one insertion per row
// (the GIN index of the search rows builds many times faster). Indexes behind constraints
// (primary keys, UNIQUE) stay. A partitioned table's index is dropped with its partitions'
// and made again for all of them (its definition reads "ON ONLY", which would not recurse).
core::Result<std::vector<std::string>> DropSecondaryIndexes(Connection& dst) {
  auto rows = dst.Query(
      "SELECT CAST(CAST(i.indexrelid AS regclass) AS text), pg_get_indexdef(i.indexrelid) "
      "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
      "JOIN pg_namespace n ON n.oid = t.relnamespace "
      "WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT t.relispartition "
      "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)");
  if (!rows) return rows.error();
  std::vector<std::string> definitions;
  for (const Row& r : *rows) {
    if (auto st = dst.ExecScript("DROP INDEX " + r.Text(0)); !st) return st.error();
    std::string definition = r.Text(1);
    if (const size_t only = definition.find(" ON ONLY "); only != std::string::npos)
      definition.replace(only, 9, " ON ");
    definitions.push_back(std::move(definition));
  }
  return definitions;
}

}  // namespace

core::Result<CopySummary> CopyDatabase(Database& source, Database& target,
                                       const CopySettings& settings) {
  CopySummary summary;
  core::Status outer = source.Read([&](Connection& src) -> core::Status {
    auto source_tables = DescribeTables(src);
    if (!source_tables) return source_tables.error();
    std::vector<CopyTableInfo> target_tables;
    std::vector<std::string> order;
    std::vector<CopyTableCount> search_counts;
    core::Status copied = target.Write([&](Connection& dst) -> core::Status {
      auto described = DescribeTables(dst);
      if (!described) return described.error();
      target_tables = std::move(*described);
      if (auto st = Compare(*source_tables, target_tables); !st) return st;
      auto sorted = CopyOrder(target_tables);
      if (!sorted) return sorted.error();
      order = std::move(*sorted);
      std::vector<std::string> filled;
      for (const auto& t : target_tables) {
        auto any = dst.QueryOne("SELECT 1 FROM " + Quote(t.name) + " LIMIT 1");
        if (!any) return any.error();
        if (*any) filled.push_back(t.name);
      }
      if (!filled.empty() && !settings.replace) {
        return core::MakeError(
            ErrorCode::kFailedPrecondition, "copy.target_not_empty",
            "目标库已有数据（表 " + filled.front() + " 等），加 --replace 先清空再复制",
            "the target already holds rows (table " + filled.front() +
                " and others); add --replace to empty it first");
      }
      if (!filled.empty()) {
        if (dst.dialect() == Dialect::kPostgres) {
          std::vector<std::string> all;
          for (const auto& t : target_tables) all.push_back(t.name);
          if (auto st = dst.Exec("TRUNCATE " + Join(all) + " RESTART IDENTITY CASCADE"); !st)
            return st;
        } else {
          for (auto it = order.rbegin(); it != order.rend(); ++it) {
            if (auto st = dst.Exec("DELETE FROM " + Quote(*it)); !st) return st;
          }
        }
      }
      std::vector<std::string> indexes;
      if (dst.dialect() == Dialect::kPostgres) {
        if (auto st = MakePartitions(src, dst); !st) return st;
        if (auto st = dst.Exec("SET LOCAL maintenance_work_mem = '256MB'"); !st) return st;
        auto dropped = DropSecondaryIndexes(dst);
        if (!dropped) return dropped.error();
        indexes = std::move(*dropped);
      }
      for (const std::string& name : order) {
        const auto started = std::chrono::steady_clock::now();
        TableCopier copier(src, dst, *Find(*source_tables, name), *Find(target_tables, name),
                           settings.batch_rows);
        auto rows = copier.Run();
        if (!rows) return rows.error();
        summary.rows += *rows;
        if (settings.on_table) {
          settings.on_table(
              name, *rows,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
      }
      if (dst.dialect() == Dialect::kPostgres) {
        const auto made_at = std::chrono::steady_clock::now();
        auto made = MakeSearchRows(src, dst);
        if (!made) return made.error();
        search_counts = std::move(*made);
        if (settings.on_table) {
          const double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - made_at).count();
          for (const auto& c : search_counts) settings.on_table(c.table, c.source, seconds);
        }
      } else {
        // A new epoch: the target's search file is rebuilt from what was copied.
        if (auto st = dst.Exec("UPDATE search_epoch SET epoch = lower(hex(randomblob(16)))"); !st)
          return st;
        if (auto st = dst.Exec("DELETE FROM search_queue"); !st) return st;
      }
      const auto started = std::chrono::steady_clock::now();
      for (const std::string& definition : indexes) {
        if (auto st = dst.ExecScript(definition); !st) return st;
      }
      if (settings.on_table && !indexes.empty()) {
        settings.on_table(
            "(" + std::to_string(indexes.size()) + " indexes rebuilt)", 0,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      if (dst.dialect() == Dialect::kPostgres) return dst.Exec("SELECT csqm_sync_sequences()");
      return {};
    });
    if (!copied) return copied;
    for (const std::string& name : order) {
      auto n = Count(src, name);
      if (!n) return n.error();
      summary.tables.push_back({name, *n, -1});
    }
    for (const auto& c : search_counts) summary.tables.push_back(c);  // source: rows made
    return target.Read([&](Connection& dst) -> core::Status {
      for (auto& t : summary.tables) {
        auto n = Count(dst, t.table);
        if (!n) return n.error();
        t.target = *n;
      }
      return {};
    });
  });
  if (!outer) return outer.error();
  return summary;
}

}  // namespace csqm::store
