// JsonWriter: what it writes parses back (boost::json) to exactly what was written.
#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace csqm::http {
namespace {

namespace json = boost::json;

TEST(JsonWriter, StringsRoundTripThroughEveryEscape) {
  std::string tricky;
  for (int c = 0; c < 0x20; ++c) tricky += char(c);
  tricky += "\"\\/ 漏水，“引号” 😀 \x7f end";
  std::string out;
  JsonWriter w(out);
  w.String(tricky);
  EXPECT_EQ(json::parse(out).as_string(), tricky) << out;
  EXPECT_EQ(out.find('\n'), std::string::npos) << "control characters are escaped";
}

// The scan skips eight plain bytes at a time: a character to escape is found wherever it sits.
TEST(JsonWriter, EscapesAreFoundAtEveryOffsetOfLongText) {
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string text = std::string(at, 'a') + "漏水" + special + std::string(at % 11, 'b');
      std::string out;
      JsonWriter(out).String(text);
      ASSERT_EQ(json::parse(out).as_string(), text) << int(special) << " at " << at;
    }
  }
  std::string plain(1000, 'x');
  plain += "楼栋\x7f~ ";
  std::string out;
  JsonWriter(out).String(plain);
  EXPECT_EQ(out, "\"" + plain + "\"") << "nothing else is touched";
}

TEST(JsonWriter, NestingAndCommasMatchTheDomOfTheSameValues) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Key("items")
      .BeginArray()
      .BeginObject()
      .Key("id")
      .Int(1)
      .Key("closed")
      .Bool(false)
      .Key("customer_id")
      .Null()
      .Key("tags")
      .BeginArray()
      .EndArray()
      .Key("custom_fields")
      .Raw("{\"楼\":3}")
      .EndObject()
      .BeginObject()
      .EndObject()
      .Int(-42)
      .String("x")
      .EndArray()
      .Key("next_cursor")
      .String("17")
      .EndObject();
  const json::value expected = {
      {"items", json::array{json::object{{"id", 1},
                                         {"closed", false},
                                         {"customer_id", nullptr},
                                         {"tags", json::array()},
                                         {"custom_fields", json::object{{"楼", 3}}}},
                            json::object(), -42, "x"}},
      {"next_cursor", "17"}};
  EXPECT_EQ(json::parse(out), expected) << out;
}

}  // namespace
}  // namespace csqm::http
