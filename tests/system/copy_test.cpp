// csqm copy: the demo database (csqm seed --template property --demo) copied from SQLite to a
// throwaway PostgreSQL and back loses nothing, refuses a non-empty target unless told, rejects
// bad locations, and the PostgreSQL-backed server answers as the SQLite one did.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "node_process.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/pg_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

const std::string kDemoPassword = "csqm-demo-2026";

std::string Tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("csqm-copy-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

// A row as text, its values tagged with their type (so 1 and "1" differ).
std::string RowText(const store::Row& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    const store::Value& v = row.Get(int(i));
    if (std::holds_alternative<std::monostate>(v)) out += "N|";
    if (const auto* n = std::get_if<int64_t>(&v)) out += "I" + std::to_string(*n) + "|";
    if (const auto* d = std::get_if<double>(&v)) out += "R" + std::to_string(*d) + "|";
    if (const auto* s = std::get_if<std::string>(&v)) out += "T" + *s + "|";
  }
  return out;
}

// Every row of every table of a SQLite csqm database, each table's rows sorted; the search
// bookkeeping (search_queue, search_epoch) stays with its file and is left out.
std::map<std::string, std::vector<std::string>> Dump(const std::string& path) {
  store::SqliteOptions options;
  options.path = path;
  auto db = store::SqliteDatabase::Open(options);
  EXPECT_TRUE(db.ok()) << db.error().message_en;
  std::map<std::string, std::vector<std::string>> dump;
  if (!db.ok()) return dump;
  auto st = (*db)->Read([&](store::Connection& conn) -> core::Status {
    auto tables = conn.Query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('schema_migrations', 'search_queue', 'search_epoch')");
    if (!tables) return tables.error();
    for (const auto& t : *tables) {
      auto rows = conn.Query("SELECT * FROM " + t.Text(0));
      if (!rows) return rows.error();
      auto& out = dump[t.Text(0)];
      for (const auto& r : *rows) out.push_back(RowText(r));
      std::sort(out.begin(), out.end());
    }
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message_en;
  return dump;
}

class CopyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = new std::string(Tmp("demo"));
    std::filesystem::remove_all(*demo_);
    const auto seeded = RunCsqmCommand("seed --template " + std::string(CSQM_SOURCE_DIR) +
                                       "/templates/property --demo --data " + *demo_);
    ASSERT_EQ(seeded.status, 0) << seeded.output;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*demo_);
    std::filesystem::remove_all(Tmp("unused"));
    delete demo_;
  }
  static std::string DemoDb() { return "sqlite:" + *demo_ + "/csqm.db"; }
  static std::string* demo_;
};
std::string* CopyTest::demo_ = nullptr;

TEST_F(CopyTest, Copy_SqliteToPostgresAndBackLosesNoRowAndTheAuditChainVerifies) {
  PgServer& pg = PgServer::Get();
  const std::string name = pg.UniqueName("copy_round");
  const std::string uri = pg.CreateDatabase(name);

  const auto there = RunCsqmCommand("copy --from " + DemoDb() + " --to " + uri);
  ASSERT_EQ(there.status, 0) << there.output;
  EXPECT_NE(there.output.find("row counts match"), std::string::npos) << there.output;
  EXPECT_NE(there.output.find("audit log is intact"), std::string::npos) << there.output;
  const auto verified = RunCsqmCommand("audit verify --data " + Tmp("unused") + " --db " + uri);
  EXPECT_EQ(verified.status, 0) << verified.output;

  // Ids kept, sequences moved past them: the next case gets the next id.
  auto db = store::PgDatabase::Open({uri, 2});
  ASSERT_TRUE(db.ok());
  auto st = (*db)->Read([&](store::Connection& conn) -> core::Status {
    auto row = conn.QueryOne(
        "SELECT (SELECT MAX(id) FROM cases), (SELECT last_value FROM cases_id_seq), "
        "(SELECT COUNT(*) FROM case_ids), (SELECT COUNT(*) FROM cases), "
        "(SELECT COUNT(*) FROM cases_default)");
    if (!row) return row.error();
    EXPECT_EQ((*row)->Int(1), (*row)->Int(0) + 1);
    EXPECT_EQ((*row)->Int(2), (*row)->Int(3));  // case_ids written by the trigger
    EXPECT_EQ((*row)->Int(4), 0);               // every case in its month's partition
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message_en;

  // The secondary indexes dropped for the copy are all back: the same as a migrated database.
  const std::string fresh_name = pg.UniqueName("copy_fresh");
  const std::string fresh = pg.CreateDatabase(fresh_name);
  ASSERT_EQ(RunCsqmCommand("migrate --data " + Tmp("unused") + " --db " + fresh).status, 0);
  auto indexes = [](const std::string& at) {
    std::set<std::string> names;
    auto conn = store::PgDatabase::Open({at, 1});
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return names;
    auto read = (*conn)->Read([&](store::Connection& c) -> core::Status {
      auto rows = c.Query(
          "SELECT i.relname::text FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
          "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
          "WHERE n.nspname = current_schema() AND NOT t.relispartition");
      if (!rows) return rows.error();
      for (const auto& r : *rows) names.insert(r.Text(0));
      return {};
    });
    EXPECT_TRUE(read.ok());
    return names;
  };
  const auto expected_indexes = indexes(fresh);
  EXPECT_GT(expected_indexes.size(), 40u);
  EXPECT_EQ(indexes(uri), expected_indexes);
  pg.DropDatabase(fresh_name);

  const std::string back = Tmp("back.db");
  std::filesystem::remove(back);
  const auto returned = RunCsqmCommand("copy --quiet --from " + uri + " --to sqlite:" + back);
  ASSERT_EQ(returned.status, 0) << returned.output;
  const auto original = Dump(*demo_ + "/csqm.db");
  const auto copied = Dump(back);
  ASSERT_GT(original.size(), 30u);
  EXPECT_GT(original.at("cases").size(), 100u);
  for (const auto& [table, rows] : original) {
    ASSERT_TRUE(copied.count(table)) << table;
    EXPECT_EQ(copied.at(table), rows) << "table " << table << " differs after the round trip";
  }
  for (const auto& suffix : {"", "-wal", "-shm"}) std::filesystem::remove(back + suffix);
  pg.DropDatabase(name);
}

TEST_F(CopyTest, Copy_RefusesANonEmptyTargetUnlessReplaceIsGiven) {
  PgServer& pg = PgServer::Get();
  const std::string name = pg.UniqueName("copy_twice");
  const std::string uri = pg.CreateDatabase(name);
  ASSERT_EQ(RunCsqmCommand("copy --quiet --from " + DemoDb() + " --to " + uri).status, 0);
  const auto again = RunCsqmCommand("copy --quiet --from " + DemoDb() + " --to " + uri);
  EXPECT_NE(again.status, 0);
  EXPECT_NE(again.output.find("--replace"), std::string::npos) << again.output;
  const auto replaced =
      RunCsqmCommand("copy --quiet --replace --from " + DemoDb() + " --to " + uri);
  EXPECT_EQ(replaced.status, 0) << replaced.output;
  pg.DropDatabase(name);
}

TEST_F(CopyTest, Copy_ExplainsBadLocationsUnreachableServersAndSchemaVersions) {
  auto bad = RunCsqmCommand("copy --from " + DemoDb() + " --to mysql://x/y");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("postgresql://"), std::string::npos) << bad.output;

  bad =
      RunCsqmCommand("copy --from sqlite:" + Tmp("missing.db") + " --to sqlite:" + Tmp("never.db"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("does not exist"), std::string::npos) << bad.output;

  const uint16_t closed = FreeLoopbackPort();  // nothing listens there
  bad = RunCsqmCommand("copy --from " + DemoDb() +
                       " --to postgresql://postgres@127.0.0.1:" + std::to_string(closed) + "/csqm");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("--to"), std::string::npos) << bad.output;

  // A target migrated to another version is refused (both sides must match).
  PgServer& pg = PgServer::Get();
  const std::string name = pg.UniqueName("copy_version");
  const std::string uri = pg.CreateDatabase(name);
  ASSERT_EQ(RunCsqmCommand("migrate --data " + Tmp("unused") + " --db " + uri).status, 0);
  {
    auto db = store::PgDatabase::Open({uri, 1});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Write([](store::Connection& conn) {
                      return conn.Exec(
                          "DELETE FROM schema_migrations WHERE version = "
                          "(SELECT MAX(version) FROM schema_migrations)");
                    })
                    .ok());
  }
  bad = RunCsqmCommand("copy --from " + DemoDb() + " --to " + uri);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("schema versions differ"), std::string::npos) << bad.output;
  pg.DropDatabase(name);
}

TEST_F(CopyTest, Copy_PostgresServerAnswersLikeTheSqliteServer) {
  PgServer& pg = PgServer::Get();
  const std::string name = pg.UniqueName("copy_served");
  const std::string uri = pg.CreateDatabase(name);
  ASSERT_EQ(RunCsqmCommand("copy --quiet --from " + DemoDb() + " --to " + uri).status, 0);
  const std::string pg_data = Tmp("pgdata");
  NodeProcess on_sqlite(*demo_, "", FreeLoopbackPort());
  NodeProcess on_pg(pg_data, uri, FreeLoopbackPort());
  HttpClient a("127.0.0.1", on_sqlite.port());
  HttpClient b("127.0.0.1", on_pg.port());
  const Session sa = Login(a, "demo.admin", kDemoPassword);
  const Session sb = Login(b, "demo.admin", kDemoPassword);

  // Closed and cancelled cases: nothing may change them, so they read byte for byte the same.
  auto list_a = a.Request("GET", "/api/v1/cases?open=false&limit=40", "", sa.Headers());
  auto list_b = b.Request("GET", "/api/v1/cases?open=false&limit=40", "", sb.Headers());
  ASSERT_EQ(list_a.status, 200) << list_a.body;
  ASSERT_EQ(list_b.status, 200) << list_b.body;
  EXPECT_EQ(list_a.body, list_b.body);
  const auto items = json::parse(list_a.body).at("items").as_array();
  ASSERT_GE(items.size(), 20u);
  for (const auto& item : items) {
    const std::string path = "/api/v1/cases/" + std::to_string(item.at("id").as_int64());
    for (const std::string& sub : {std::string(), std::string("/timeline")}) {
      auto ra = a.Request("GET", path + sub, "", sa.Headers());
      auto rb = b.Request("GET", path + sub, "", sb.Headers());
      ASSERT_EQ(ra.status, 200) << ra.body;
      EXPECT_EQ(ra.body, rb.body) << path + sub;
    }
  }
  // Chinese search finds the same cases on both (through FTS5 / the copied tsvectors).
  auto ids = [](const std::string& body) {
    std::set<int64_t> out;
    const json::value parsed = json::parse(body);
    for (const auto& i : parsed.at("items").as_array()) out.insert(i.at("id").as_int64());
    return out;
  };
  const std::string search = "/api/v1/cases?q=%E6%BC%8F%E6%B0%B4&limit=100";  // 漏水
  auto qa = a.Request("GET", search, "", sa.Headers());
  auto qb = b.Request("GET", search, "", sb.Headers());
  ASSERT_EQ(qa.status, 200) << qa.body;
  ASSERT_EQ(qb.status, 200) << qb.body;
  EXPECT_FALSE(ids(qa.body).empty());
  EXPECT_EQ(ids(qa.body), ids(qb.body));
  on_pg.Kill(SIGTERM);
  std::filesystem::remove_all(pg_data);
  pg.DropDatabase(name);
}

}  // namespace
}  // namespace csqm::test
