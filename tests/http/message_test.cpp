#include "http/message.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <vector>

#include "http/request_id.hpp"
#include "http/target.hpp"
#include "platform/log.hpp"

namespace csqm::http {
namespace {

TEST(Message, HeaderLookupIgnoresCase) {
  Request r;
  r.headers.Add("Content-Type", "application/json");
  r.headers.Add("X-Thing", "1");
  r.headers.Add("x-thing", "2");
  EXPECT_EQ(r.Header("content-type").value_or(""), "application/json");
  EXPECT_EQ(r.headers.Get("X-THING").value_or(""), "1");
  EXPECT_EQ(r.headers.GetAll("x-Thing"), (std::vector<std::string_view>{"1", "2"}));
  EXPECT_FALSE(r.Header("Accept").has_value());
}

TEST(Message, CookieParsesPairsAcrossHeaders) {
  Request r;
  r.headers.Add("Cookie", "a=1; csqm_session=abc.def ; b=\"quoted\"");
  r.headers.Add("cookie", "csrf=t0k");
  EXPECT_EQ(r.Cookie("csqm_session").value_or(""), "abc.def");
  EXPECT_EQ(r.Cookie("b").value_or(""), "quoted");
  EXPECT_EQ(r.Cookie("csrf").value_or(""), "t0k");
  EXPECT_FALSE(r.Cookie("csqm").has_value());
}

TEST(Message, QueryReturnsFirstAndAllValues) {
  Request r;
  r.query = {{"status", "open"}, {"q", "x"}, {"status", "new"}};
  EXPECT_EQ(r.Query("status").value_or(""), "open");
  EXPECT_EQ(r.QueryAll("status"), (std::vector<std::string>{"open", "new"}));
  EXPECT_FALSE(r.Query("none").has_value());
}

TEST(Message, ResponseSetHeaderReplacesAndAddHeaderAppends) {
  Response r = Response::Json(201, "{}");
  r.SetHeader("content-type", "application/merge-patch+json");
  r.AddHeader("Set-Cookie", "a=1");
  r.AddHeader("Set-Cookie", "b=2");
  EXPECT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/merge-patch+json");
  EXPECT_EQ(Response::NoContent().status, 204);
}

TEST(Target, DecodesPathAndQuery) {
  auto t = DecodeTarget("/api/v1/cases/%E5%B7%A5%E5%8D%95?q=a+b&status=open&status=&flag&x=%2B");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/api/v1/cases/工单");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(t->query,
            (Pairs{{"q", "a b"}, {"status", "open"}, {"status", ""}, {"flag", ""}, {"x", "+"}}));
}

TEST(Target, KeepsEncodedSlashInPathAndRejectsMalformedTargets) {
  auto t = DecodeTarget("/files/a%2Fb+c");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/files/a%2Fb+c");
  for (const char* bad : {"", "*", "http://x/y", "/a%", "/a%4", "/a%zz", "/a%00b", "/?q=%G0"}) {
    auto r = DecodeTarget(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().reason, "http.bad_target");
  }
}

TEST(RequestId, AcceptsSaneIdsAndGeneratesHex) {
  EXPECT_TRUE(IsSaneRequestId("abc-123_x.y:z"));
  EXPECT_FALSE(IsSaneRequestId(""));
  EXPECT_FALSE(IsSaneRequestId("has space"));
  EXPECT_FALSE(IsSaneRequestId("new\nline"));
  EXPECT_FALSE(IsSaneRequestId(std::string(65, 'a')));
  std::string id = NewRequestId();
  EXPECT_EQ(id.size(), 16u);
  EXPECT_TRUE(IsSaneRequestId(id));
  EXPECT_NE(id, NewRequestId());
}

TEST(Log, WritesOneValidJsonObjectPerLineWithEscapes) {
  std::vector<std::string> lines;
  platform::SetLogSinkForTesting([&](std::string_view line) { lines.emplace_back(line); });
  platform::InitJsonLogging("debug");
  platform::Log(platform::LogLevel::kInfo, "hello \"world\"",
                {{"path", "/a\\b\n\t\x01"},
                 {"bad_utf8", "\xff\xfe ok \xe5\xb7"},
                 {"zh", "工单"},
                 {"n", 42},
                 {"ms", 1.5},
                 {"ok", true}});
  platform::Log(platform::LogLevel::kDebug, "debug line");
  platform::InitJsonLogging("warn");
  platform::Log(platform::LogLevel::kInfo, "filtered out");
  platform::InitJsonLogging("info");
  platform::SetLogSinkForTesting({});

  ASSERT_EQ(lines.size(), 2u);
  boost::json::object o = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(o.at("level").as_string(), "info");
  EXPECT_EQ(o.at("msg").as_string(), "hello \"world\"");
  EXPECT_EQ(o.at("path").as_string(), "/a\\b\n\t\x01");
  EXPECT_EQ(o.at("bad_utf8").as_string(), "\xEF\xBF\xBD\xEF\xBF\xBD ok \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(o.at("zh").as_string(), "工单");
  EXPECT_EQ(o.at("n").as_int64(), 42);
  EXPECT_EQ(o.at("ms").as_double(), 1.5);
  EXPECT_EQ(o.at("ok").as_bool(), true);
  std::string ts(o.at("ts").as_string());
  EXPECT_EQ(ts.size(), 24u) << ts;  // 2026-11-02T08:00:00.123Z
  EXPECT_EQ(ts.back(), 'Z');
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
  EXPECT_EQ(platform::ParseLogLevel("nonsense"), std::nullopt);
}

}  // namespace
}  // namespace csqm::http
