// The FTS5 tokenizer "csqm" (store/sqlite/sqlite_search_tokenizer.*) with core::MatchQuery,
// against a real SQLite FTS5 table: what users type finds exactly the rows it should.
#include "store/sqlite/sqlite_search_tokenizer.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/text_tokens.hpp"

namespace csqm::store {
namespace {

using core::IndexTokens;
using core::MatchQuery;

class Fts5 {
 public:
  Fts5() {
    EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    EXPECT_TRUE(RegisterSearchTokenizer(db_));
    Exec("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = '" + std::string(kSearchTokenizer) +
         "')");
    Exec("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'instance')");
  }
  ~Fts5() { sqlite3_close(db_); }
  Fts5(const Fts5&) = delete;
  Fts5& operator=(const Fts5&) = delete;

  void Exec(const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }

  void Insert(int64_t rowid, std::string_view text) {
    sqlite3_stmt* stmt = Prepare("INSERT INTO docs(rowid, body) VALUES (?, ?)");
    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_text(stmt, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
  }

  // Row ids matching what a user typed, in rowid order; an empty query searches nothing.
  // Any SQLite error fails the test.
  std::vector<int64_t> Search(std::string_view user_query) {
    const std::string match = MatchQuery(user_query);
    if (match.empty()) return {};
    sqlite3_stmt* stmt = Prepare("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid");
    sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    std::vector<int64_t> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(stmt, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << "query " << user_query << " -> " << match << ": "
                               << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rows;
  }

  // highlight() of the first matching row: shows that token offsets point at the right bytes.
  std::string Highlight(std::string_view user_query) {
    const std::string match = MatchQuery(user_query);
    sqlite3_stmt* stmt =
        Prepare("SELECT highlight(docs, 0, '[', ']') FROM docs WHERE docs MATCH ? ORDER BY rowid");
    sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }

  // The terms FTS5 stored, in position order.
  std::vector<std::string> Terms() {
    sqlite3_stmt* stmt = Prepare("SELECT term FROM vocab ORDER BY doc, offset");
    std::vector<std::string> terms;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      terms.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                         static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return terms;
  }

 private:
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    return stmt;
  }

  sqlite3* db_ = nullptr;
};

using Rows = std::vector<int64_t>;

class TextTokensFts5 : public ::testing::Test {
 protected:
  void SetUp() override {
    fts_.Insert(1, "3栋2单元卫生间漏水，楼下天花板渗水");
    fts_.Insert(2, "业主投诉保安态度差");
    fts_.Insert(3, "电梯困人 紧急");
    fts_.Insert(4, "物业费收费标准咨询");
    fts_.Insert(5, "WiFi 断网，联系电话 13812345678");
  }
  Fts5 fts_;
};

TEST_F(TextTokensFts5, OneAndTwoCharacterQueriesFindExactlyTheRightRows) {
  struct Case {
    const char* query;
    Rows expected;
  } cases[] = {
      {"漏", {1}},           {"漏水", {1}},     {"水管", {}},       {"水", {1}},
      {"渗水", {1}},         {"态度", {2}},     {"态", {2}},        {"投诉", {2}},
      {"电梯", {3}},         {"梯", {3}},       {"困人", {3}},      {"费", {4}},
      {"物业费", {4}},       {"收费标准", {4}}, {"业", {2, 4}},     {"业主", {2}},
      {"物业", {4}},         {"紧急", {3}},     {"急紧", {}},       {"卫生间漏水", {1}},
      {"单元", {1}},         {"3栋", {1}},      {"2单元", {1}},     {"楼下 渗水", {1}},
      {"楼下，天花板", {1}}, {"漏水 态度", {}}, {"间漏", {1}},      {"水楼", {}},
      {"wifi", {5}},         {"WIFI", {5}},     {"wi", {5}},        {"138", {5}},
      {"13812345678", {5}},  {"断网", {5}},     {"wifi 断网", {5}}, {"wifi 漏水", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fts_.Search(c.query), c.expected) << c.query << " -> " << MatchQuery(c.query);
  }
}

TEST_F(TextTokensFts5, PhrasesDoNotCrossPunctuationOrRuns) {
  // "漏水，楼下": the bigram 水楼 is not indexed, and the phrase 漏水 水楼 楼下 cannot be
  // assembled from bigrams of two runs.
  EXPECT_EQ(fts_.Search("漏水楼下"), Rows{});
  EXPECT_EQ(fts_.Search("漏水，楼下"), Rows{1});
  // 困人 and 紧急 are separate runs: 人紧 never appears.
  EXPECT_EQ(fts_.Search("困人紧急"), Rows{});
}

TEST_F(TextTokensFts5, HostileQueriesNeitherErrorNorMatchEverything) {
  for (const char* query : {"\" OR *",
                            "NEAR(",
                            "NEAR(漏 水",
                            "\"漏水",
                            "漏水\"",
                            "\"\"\"",
                            "*",
                            "OR",
                            "AND NOT",
                            "a OR b",
                            "tokens:漏",
                            "{tokens}: 漏",
                            "^漏",
                            "漏 -水",
                            "(((",
                            ")",
                            "\"* OR \"",
                            "NOT",
                            "'; DROP TABLE docs; --",
                            "\\\"",
                            "\xFF\xFE",
                            "漏*",
                            "* 漏"}) {
    const Rows rows = fts_.Search(query);
    EXPECT_LT(rows.size(), 5u) << query << " -> " << MatchQuery(query);
  }
  EXPECT_EQ(fts_.Search("\" OR *"), Rows{});
  EXPECT_EQ(fts_.Search("NEAR("), Rows{});
  EXPECT_EQ(fts_.Search("\"漏水"), Rows{1});
  EXPECT_EQ(fts_.Search("tokens:漏"), Rows{});  // "tokens" is a word to find, not a column
  EXPECT_EQ(fts_.Search("body:漏"), Rows{});    // nor is "body"
  EXPECT_EQ(fts_.Search("漏*"), Rows{1});
  EXPECT_EQ(fts_.Search("'; DROP TABLE docs; --"), Rows{});
  EXPECT_EQ(fts_.Search("电梯"), Rows{3});  // the table is still there
}

TEST(TextTokensFts5Tokenizer, KeepsEveryTokenAsOneTerm) {
  Fts5 fts;
  const std::string text = "3栋2单元卫生间漏水，Café ÉCOLE カタカナ 한국어 𠀀𡒄 人々";
  fts.Insert(1, text);
  std::vector<std::string> expected;
  const std::string tokens = IndexTokens(text);
  for (size_t start = 0; start <= tokens.size();) {
    const size_t end = std::min(tokens.find(' ', start), tokens.size());
    expected.push_back(tokens.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(fts.Terms(), expected);
}

TEST(TextTokensFts5Tokenizer, TokenOffsetsPointAtTheMatchedCharacters) {
  Fts5 fts;
  fts.Insert(1, "3栋卫生间漏水，WiFi断网");
  EXPECT_EQ(fts.Highlight("漏水"), "3栋卫生间[漏水]，WiFi断网");
  EXPECT_EQ(fts.Highlight("水"), "3栋卫生间漏[水]，WiFi断网");
  EXPECT_EQ(fts.Highlight("wifi"), "3栋卫生间漏水，[WiFi]断网");
  EXPECT_EQ(fts.Highlight("卫生间"), "3栋[卫生间]漏水，WiFi断网");
}

// A query string is split on spaces only: what MatchQuery hands over stays as it is.
TEST(TextTokensFts5Tokenizer, QueryStringsAreSplitOnSpacesOnly) {
  Fts5 fts;
  fts.Insert(1, "漏水管");
  fts.Insert(2, "漏");
  EXPECT_EQ(fts.Search("漏水管"), Rows{1});  // "漏水 水管": two bigrams in a row
  EXPECT_EQ(fts.Search("漏"), (Rows{1, 2}));
}

}  // namespace
}  // namespace csqm::store
