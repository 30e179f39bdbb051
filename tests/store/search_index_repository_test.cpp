// SQLite's background full-text index (store/sqlite/sqlite_search_index.*) over the real schema
// and SqlSearchDocuments: what is queued survives a restart, and a search file that is missing,
// damaged, from another database or newer than the database (a restored backup) is rebuilt.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/text_tokens.hpp"
#include "repository_fixture.hpp"
#include "store/migrations.hpp"
#include "store/sql_search.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

#include <sqlite3.h>

#ifndef CSQM_TEST_PG  // SQLite's own machinery: nothing to run on PostgreSQL

namespace csqm::store::testing {
namespace {

using namespace std::chrono_literals;

// One SQLite data folder, opened and closed at will (as csqm serve is started and stopped).
// A database file's -wal and -shm, as a copy made with the file alone would leave them.
void RemoveWalFiles(const std::string& path) {
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

class SearchFolder {
 public:
  std::string db_path() const { return dir_.File("csqm.db"); }
  std::string search_path() const { return dir_.File("csqm-search.db"); }

  // Opens and migrates; starts the indexer unless told not to.
  void Open(bool index = true) {
    db_ = OpenDb(db_path());
    ASSERT_TRUE(db_);
    ASSERT_TRUE(Migrate(*db_, SqliteMigrations()).ok());
    if (index) {
      ASSERT_TRUE(db_->StartSearchIndex(std::make_shared<SqlSearchDocuments>()).ok());
    }
    store_ = std::make_unique<SqlStore>(*db_);
  }
  void Close() {
    store_.reset();
    db_.reset();
  }

  app::Id Unit() {
    if (unit_) return unit_;
    app::OrgUnit u;
    u.kind = "company";
    u.code = "C";
    u.name = "公司";
    u.created_at = At(0);
    Write([&](app::Tx& tx) -> core::Status {
      auto stored = tx.Org().InsertUnit(u);
      if (!stored) return stored.error();
      unit_ = stored->id;
      return {};
    });
    return unit_;
  }

  void AddCustomers(const std::vector<std::string>& names) {
    const app::Id unit = Unit();
    Write([&](app::Tx& tx) -> core::Status {
      for (const auto& name : names) {
        app::Customer c;
        c.name = name;
        c.org_unit_id = unit;
        c.created_at = At(0);
        if (auto stored = tx.Customers().Insert(c); !stored) return stored.error();
      }
      return {};
    });
  }

  // Names of the customers a search finds, once the index has caught up.
  std::set<std::string> Find(const std::string& text) {
    EXPECT_TRUE(db_->AwaitSearchIndex(60s)) << "the index did not catch up";
    std::set<std::string> names;
    app::CustomerQuery q;
    q.text = text;
    q.limit = 200;
    const core::Status s = store_->Read([&](app::Tx& tx) -> core::Status {
      auto page = tx.Customers().List(q);
      if (!page) return page.error();
      for (const auto& c : page->items) names.insert(c.name);
      return {};
    });
    EXPECT_TRUE(s.ok()) << s.error().OneLine();
    return names;
  }

  SqliteDatabase& db() { return *db_; }

 private:
  void Write(const std::function<core::Status(app::Tx&)>& fn) {
    const core::Status s = store_->Write(fn);
    ASSERT_TRUE(s.ok()) << s.error().OneLine();
  }

  TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
  std::unique_ptr<SqlStore> store_;
  app::Id unit_ = 0;
};

using Names = std::set<std::string>;

TEST(SearchIndex, WhatWasQueuedWithoutAnIndexerIsIndexedAfterTheRestart) {
  SearchFolder f;
  f.Open(/*index=*/false);
  f.AddCustomers({"王建国", "李卫东"});
  EXPECT_FALSE(f.db().AwaitSearchIndex(10ms)) << "nothing indexes without the indexer";
  f.Close();
  f.Open();
  EXPECT_EQ(f.Find("建国"), Names{"王建国"});
  EXPECT_EQ(f.Find("卫"), Names{"李卫东"});
}

TEST(SearchIndex, AMissingOrDamagedSearchFileIsRebuiltFromTheTables) {
  SearchFolder f;
  f.Open();
  f.AddCustomers({"王建国", "李卫东"});
  EXPECT_EQ(f.Find("建国"), Names{"王建国"});
  f.Close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f.search_path() + suffix);
  f.Open();
  EXPECT_EQ(f.Find("建国"), Names{"王建国"});
  f.Close();
  RemoveWalFiles(f.search_path());
  std::ofstream(f.search_path(), std::ios::trunc) << std::string(9000, 'x');  // not a database
  f.Open();
  EXPECT_EQ(f.Find("卫东"), Names{"李卫东"});
  f.AddCustomers({"赵六"});
  EXPECT_EQ(f.Find("赵"), Names{"赵六"}) << "and it goes on indexing";
}

// A backup of the database restored beside a newer search file: the index must show the
// database as it is, not the cases the backup never had.
TEST(SearchIndex, ASearchFileNewerThanTheDatabaseIsRebuilt) {
  SearchFolder f;
  f.Open();
  f.AddCustomers({"王建国"});
  EXPECT_EQ(f.Find("建国"), Names{"王建国"});
  f.Close();
  const std::string backup = f.db_path() + ".backup";
  std::filesystem::copy_file(f.db_path(), backup);
  f.Open();
  f.AddCustomers({"王建军"});
  EXPECT_EQ(f.Find("王建"), (Names{"王建国", "王建军"}));
  f.Close();
  std::filesystem::copy_file(backup, f.db_path(),
                             std::filesystem::copy_options::overwrite_existing);
  RemoveWalFiles(f.db_path());
  f.Open();
  f.AddCustomers({"赵六"});  // takes the id 王建军 had: a stale index would find it as 王建
  EXPECT_EQ(f.Find("王建"), Names{"王建国"});
  EXPECT_EQ(f.Find("赵"), Names{"赵六"});
}

TEST(SearchIndex, ASearchFileOfAnotherDatabaseIsRebuilt) {
  SearchFolder a;
  a.Open();
  a.AddCustomers({"王建国"});
  EXPECT_EQ(a.Find("王"), Names{"王建国"});
  a.Close();
  SearchFolder b;
  b.Open();
  b.AddCustomers({"王小明"});
  EXPECT_EQ(b.Find("王"), Names{"王小明"});
  b.Close();
  std::filesystem::copy_file(a.search_path(), b.search_path(),
                             std::filesystem::copy_options::overwrite_existing);
  RemoveWalFiles(b.search_path());
  b.Open();
  EXPECT_EQ(b.Find("建国"), Names{}) << "A's words, under the same ids as B's customers";
  EXPECT_EQ(b.Find("小明"), Names{"王小明"});
}

// The queue keeps only what is not indexed yet (and the row at the mark).
TEST(SearchIndex, IndexedQueueRowsAreDeleted) {
  SearchFolder f;
  f.Open();
  std::vector<std::string> many;
  for (int i = 0; i < 6000; ++i) many.push_back("客户" + std::to_string(i));
  f.AddCustomers(many);
  EXPECT_EQ(f.Find("5999").size(), 1u);
  int64_t left = -1;
  for (int attempt = 0; attempt < 100 && left != 1; ++attempt) {
    std::this_thread::sleep_for(50ms);
    left = CountRows(f.db(), "search_queue");
  }
  EXPECT_EQ(left, 1);
}

// FTS5's merge settings (automerge 8, crisismerge 32: see sqlite_search_index.cpp) are set on
// every open, so a file made before them gets them too, and keeps what it indexed.
TEST(SearchIndex, AnExistingSearchFileGetsTheMergeSettingsWhenOpened) {
  SearchFolder f;
  f.Open();
  f.AddCustomers({"王小明"});
  EXPECT_EQ(f.Find("小明"), Names{"王小明"});
  f.Close();
  const auto settings = [&] {
    std::vector<std::string> got;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(f.search_path().c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"SELECT group_concat(k || '=' || v, ',') FROM (SELECT k, v FROM case_search_config "
          "WHERE k IN ('automerge', 'crisismerge') ORDER BY k)",
          "SELECT group_concat(k || '=' || v, ',') FROM (SELECT k, v FROM customer_search_config "
          "WHERE k IN ('automerge', 'crisismerge') ORDER BY k)"}) {
      sqlite3_stmt* stmt = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
      if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
        got.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
      } else {
        got.emplace_back();
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return got;
  };
  const std::vector<std::string> expected{"automerge=8,crisismerge=32",
                                          "automerge=8,crisismerge=32"};
  EXPECT_EQ(settings(), expected);
  // As a file from before the settings: automerge 16 and FTS5's default crisismerge.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(f.search_path().c_str(), &db), SQLITE_OK);
  for (const char* table : {"case_search_config", "customer_search_config"}) {
    const std::string sql = std::string("DELETE FROM ") + table +
                            " WHERE k = 'crisismerge'; UPDATE " + table +
                            " SET v = 16 WHERE k = 'automerge';";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  }
  sqlite3_close(db);
  EXPECT_EQ(settings(), (std::vector<std::string>{"automerge=16", "automerge=16"}));
  f.Open();
  f.Close();
  EXPECT_EQ(settings(), expected);
  f.Open();
  EXPECT_EQ(f.Find("小明"), Names{"王小明"});
}

}  // namespace
}  // namespace csqm::store::testing

#endif  // CSQM_TEST_PG
