#include "core/text_tokens.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace csqm::core {
namespace {

struct Case {
  std::string input;
  std::string expected;
};

void ExpectIndexTokens(const std::vector<Case>& cases) {
  for (const auto& c : cases) EXPECT_EQ(IndexTokens(c.input), c.expected) << "input: " << c.input;
}

void ExpectMatchQuery(const std::vector<Case>& cases) {
  for (const auto& c : cases) EXPECT_EQ(MatchQuery(c.input), c.expected) << "input: " << c.input;
}

TEST(TextTokens, IndexTokens_EmitsUnigramsAndBigramsForChineseRuns) {
  ExpectIndexTokens({
      {"漏", "漏"},
      {"漏水", "漏 水 漏水"},
      {"漏水管", "漏 水 管 漏水 水管"},
      {"卫生间漏水", "卫 生 间 漏 水 卫生 生间 间漏 漏水"},
      {"电梯困人 紧急", "电 梯 困 人 电梯 梯困 困人 紧 急 紧急"},
      {"水水", "水 水 水水"},
  });
}

TEST(TextTokens, IndexTokens_LowercasesAsciiWordsAndSplitsOnFullWidthPunctuation) {
  ExpectIndexTokens({
      {"Hello World", "hello world"},
      {"WiFi-6 ROUTER_x", "wifi 6 router x"},
      {"A3栋", "a3 栋"},
      {"3栋2单元", "3 栋 2 单 元 单元"},
      {"漏水，渗水。", "漏 水 漏水 渗 水 渗水"},
      {"好！坏？是、否；甲：乙", "好 坏 是 否 甲 乙"},
      {"“投诉”‘保安’（态度）【差】《规定》", "投 诉 投诉 保 安 保安 态 度 态度 差 规 定 规定"},
      {"电话：13812345678。", "电 话 电话 13812345678"},
      {"ＡＢＣ１２３ｘｙｚ", "abc123xyz"},
      {"Café ÉCOLE Straße", "café école straße"},
      {"ŁÓDŹ Ÿ İ", "łódź ÿ i"},
      {"3×4÷2", "3 4 2"},
      {"tab\there\nnew\r\nline", "tab here new line"},
      {"a\xE3\x80\x80"
       "b",
       "a b"},  // U+3000 ideographic space
  });
}

TEST(TextTokens, IndexTokens_HandlesKanaHangulAndRareIdeographs) {
  ExpectIndexTokens({
      {"カタカナ", "カ タ カ ナ カタ タカ カナ"},
      {"ひらがな", "ひ ら が な ひら らが がな"},
      {"コーヒー・ブレイク", "コ ー ヒ ー コー ーヒ ヒー ブ レ イ ク ブレ レイ イク"},
      {"한국어", "한 국 어 한국 국어"},
      {"㐀䶿", "㐀 䶿 㐀䶿"},      // Extension A, first and last
      {"𠀀𡒄", "𠀀 𡒄 𠀀𡒄"},            // Extension B
      {"豈", "豈"},                      // CJK Compatibility Ideograph U+F900
      {"人々〇", "人 々 〇 人々 々〇"},  // iteration mark and ideographic zero
      {"Привет мир", ""},                // other scripts separate runs
      {"😀漏😀", "漏"},
  });
}

TEST(TextTokens, IndexTokens_EmptyAndPunctuationOnlyGiveNothing) {
  ExpectIndexTokens({
      {"", ""},
      {"   ", ""},
      {"，。！？、", ""},
      {"\"*()^:+-", ""},
  });
}

TEST(TextTokens, IndexTokens_SkipsInvalidUtf8) {
  ExpectIndexTokens({
      {"\xFF", ""},
      {"ab\xFF"
       "cd",
       "ab cd"},  // a bad byte separates, never glues
      {"漏\xFF水", "漏 水"},
      {"\xE6\xBC"
       "abc",
       "abc"},                 // truncated 漏
      {"abc\xE6\xBC", "abc"},  // truncated at the end
      {"\xC0\xAF"
       "x",
       "x"},  // overlong '/'
      {"\xE0\x80\xAF"
       "x",
       "x"},  // overlong, three bytes
      {"\xED\xA0\x80"
       "x",
       "x"},  // surrogate U+D800
      {"\xF4\x90\x80\x80"
       "x",
       "x"},                               // above U+10FFFF
      {"\x80\x80\x80漏水", "漏 水 漏水"},  // stray continuation bytes
      {std::string("a\0b", 3), "a b"},     // NUL is a separator
  });
}

// Well-formed UTF-8 whose only ASCII bytes are a–z, 0–9 and single spaces between tokens.
bool IsCleanTokenString(const std::string& s) {
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return false;
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      const bool ok = (lead >= 'a' && lead <= 'z') || (lead >= '0' && lead <= '9') ||
                      (lead == ' ' && i + 1 < s.size() && s[i + 1] != ' ');
      if (!ok) return false;
      ++i;
      continue;
    }
    const size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (n == 0 || lead > 0xF4 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(TextTokens, IndexTokens_OutputIsCleanForEveryByteCombination) {
  // Every pair of leading bytes before a valid and a truncated CJK character.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string input = {
          static_cast<char>(a), static_cast<char>(b), '\xE6', '\xBC', '\xBC', 'Q', '\xE6', '\xBC'};
      const std::string tokens = IndexTokens(input);
      ASSERT_TRUE(IsCleanTokenString(tokens)) << a << "," << b << ": " << tokens;
    }
  }
}

TEST(TextTokens, MatchQuery_SingleCharacterIsOneUnigram) {
  ExpectMatchQuery({
      {"漏", "\"漏\""},
      {" 费 ", "\"费\""},
      {"ア", "\"ア\""},
  });
}

TEST(TextTokens, MatchQuery_TwoCharacterWordIsOneBigram) {
  ExpectMatchQuery({
      {"漏水", "\"漏水\""},
      {"态度", "\"态度\""},
      {"한국", "\"한국\""},
  });
}

TEST(TextTokens, MatchQuery_LongerRunIsAPhraseOfBigrams) {
  ExpectMatchQuery({
      {"漏水管", "\"漏水 水管\""},
      {"卫生间漏水", "\"卫生 生间 间漏 漏水\""},
  });
}

TEST(TextTokens, MatchQuery_AsciiWordsArePrefixQueries) {
  ExpectMatchQuery({
      {"wifi", "\"wifi\"*"},
      {"WiFi Router", "\"wifi\"* AND \"router\"*"},
      {"1381234", "\"1381234\"*"},
      {"Café", "\"café\"*"},
  });
}

TEST(TextTokens, MatchQuery_MixedChineseAndLatin) {
  ExpectMatchQuery({
      {"3栋漏水", "\"3\"* AND \"栋漏 漏水\""},
      {"3栋 漏水", "\"3\"* AND \"栋\" AND \"漏水\""},
      {"A座 电梯困人", "\"a\"* AND \"座\" AND \"电梯 梯困 困人\""},
      {"漏水，楼下", "\"漏水\" AND \"楼下\""},
      {"wifi断网", "\"wifi\"* AND \"断网\""},
  });
}

TEST(TextTokens, MatchQuery_EscapesQuotesAndFtsOperators) {
  ExpectMatchQuery({
      {"\" OR *", "\"or\"*"},
      {"NEAR(", "\"near\"*"},
      {"a OR b", "\"a\"* AND \"or\"* AND \"b\"*"},
      {"NOT 漏水", "\"not\"* AND \"漏水\""},
      {"\"漏水", "\"漏水\""},
      {"漏水\"\"\"", "\"漏水\""},
      {"body:漏水", "\"body\"* AND \"漏水\""},
      {"^漏 -水 +管", "\"漏\" AND \"水\" AND \"管\""},
      {"{a b}: c", "\"a\"* AND \"b\"* AND \"c\"*"},
      {"NEAR(漏 水, 5)", "\"near\"* AND \"漏\" AND \"水\" AND \"5\"*"},
  });
}

TEST(TextTokens, MatchQuery_EmptyOrPunctuationOnlyIsEmpty) {
  ExpectMatchQuery({
      {"", ""},
      {"   ", ""},
      {"，。！？", ""},
      {"\"\"", ""},
      {"* ( ) : ^", ""},
      {"\xFF\xFE", ""},
  });
}

TEST(TextTokens, MatchQuery_PartsAreAlwaysQuoted) {
  // Whatever is typed, each part is a quoted string with no quote inside it.
  for (const char* query : {"a\"b", "\"\"\"", "漏\"水", "x*y", "(a OR b) AND c"}) {
    const std::string match = MatchQuery(query);
    size_t quotes = 0;
    for (const char c : match) quotes += c == '"';
    EXPECT_EQ(quotes % 2, 0u) << query;
    EXPECT_EQ(match.find("\"\""), std::string::npos) << query;
  }
}

}  // namespace
}  // namespace csqm::core
