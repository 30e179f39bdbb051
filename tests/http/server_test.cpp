// The server over a real socket on 127.0.0.1: limits, errors, keep-alive, request ids, logs.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/problem.hpp"
#include "platform/log.hpp"
#include "test_server.hpp"

namespace csqm::http {
namespace {

using testing::RawSocket;
using testing::RunningServer;
using testing::TestOptions;

Router TestRouter() {
  Router router;
  router.Add("GET", "/items/{id}", [](Request& r) {
    return Response::Json(200, "{\"id\":\"" + r.path_params.at("id") + "\"}");
  });
  router.Add("POST", "/items", [](Request& r) { return Response::Json(201, r.body); });
  router.Add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("bug"); });
  router.Add("GET", "/conflict", [](Request& r) {
    return ProblemResponse(core::MakeError(core::ErrorCode::kConflict, "case.closed", "工单已关闭",
                                           "The case is closed"),
                           PreferredLanguage(r));
  });
  router.Add("GET", "/echo/{id}", [](Request& r) {
    boost::json::object o;
    o["id"] = r.path_params.at("id");
    o["path"] = r.path;
    o["q"] = r.Query("q").value_or("");
    o["tags"] = boost::json::value_from(r.QueryAll("tag"));
    o["remote"] = r.remote_address;
    o["request_id"] = r.request_id;
    o["session"] = std::string(r.Cookie("sid").value_or(""));
    Response response = Response::Json(200, boost::json::serialize(o));
    response.AddHeader("Set-Cookie", "a=1; HttpOnly");
    response.AddHeader("Set-Cookie", "b=2; SameSite=Lax");
    return response;
  });
  return router;
}

boost::json::object ParseObject(const std::string& body) {
  return boost::json::parse(body).as_object();
}

TEST(Server, AnswersProblemJsonWith413WhenBodyExceedsLimit) {
  ServerOptions options = TestOptions();
  options.body_limit = 1024;
  RunningServer running(TestRouter(), options);
  test::HttpClient client = running.Client();

  EXPECT_EQ(client.Request("POST", "/items", std::string(1000, ' ')).status, 201);
  test::ClientResponse r = client.Request("POST", "/items", std::string(64 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(ParseObject(r.body).at("code").as_string(), "http.body_too_large");
  EXPECT_TRUE(r.Header("X-Request-Id").has_value());
  EXPECT_FALSE(r.keep_alive);
  // The server goes on serving (the client reconnects).
  EXPECT_EQ(client.Request("GET", "/items/1").status, 200);
}

TEST(Server, Answers413ForChunkedBodyOverLimit) {
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  RunningServer running(TestRouter(), options);
  RawSocket socket(running.port());
  socket.Send(
      "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n96\r\n" +
      std::string(150, 'x') + "\r\n0\r\n\r\n");
  std::string answer = socket.ReadToClose();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
  EXPECT_TRUE(socket.closed());
}

TEST(Server, HandlerExceptionBecomes500AndServerKeepsServing) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse r = client.Request("GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(ParseObject(r.body).at("code").as_string(), "internal");
  EXPECT_TRUE(r.keep_alive);
  test::ClientResponse next = client.Request("GET", "/items/7");
  EXPECT_EQ(next.status, 200);
  EXPECT_TRUE(client.reused_connection());
  EXPECT_EQ(next.body, R"({"id":"7"})");
}

TEST(Server, KeepAliveServesManyRequestsOnOneConnection) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(client.Request("GET", "/items/" + std::to_string(i)).status, 200);
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
  RunningServer running(TestRouter());
  RawSocket socket(running.port());
  socket.Send(
      "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string all = socket.ReadToClose();
  size_t one = all.find(R"({"id":"1"})");
  size_t two = all.find(R"({"id":"2"})");
  size_t three = all.find(R"({"id":"3"})");
  ASSERT_NE(three, std::string::npos) << all;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_TRUE(socket.closed());
}

TEST(Server, HonoursExpect100Continue) {
  RunningServer running(TestRouter());
  RawSocket socket(running.port());
  socket.Send(
      "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_TRUE(socket.ReadUntil("\r\n\r\n").starts_with("HTTP/1.1 100 Continue"));
  socket.Send(R"({"a":1})");
  std::string answer = socket.ReadUntil(R"({"a":1})");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 201")) << answer;
}

TEST(Server, ParsesPathQueryCookiesAndSetsSeveralCookies) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse r = client.Request("GET", "/echo/%E5%B7%A5%E5%8D%95?q=a+b&tag=x&tag=y", "",
                                          {{"Cookie", "sid=s3cret; other=1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  boost::json::object o = ParseObject(r.body);
  EXPECT_EQ(o.at("id").as_string(), "工单");
  EXPECT_EQ(o.at("path").as_string(), "/echo/工单");
  EXPECT_EQ(o.at("q").as_string(), "a b");
  EXPECT_EQ(boost::json::serialize(o.at("tags")), R"(["x","y"])");
  EXPECT_EQ(o.at("remote").as_string(), "127.0.0.1");
  EXPECT_EQ(o.at("session").as_string(), "s3cret");
  EXPECT_EQ(r.set_cookies, (std::vector<std::string>{"a=1; HttpOnly", "b=2; SameSite=Lax"}));
}

TEST(Server, EveryResponseCarriesARequestId) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse given = client.Request("GET", "/echo/1", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(given.Header("X-Request-Id").value_or(""), "abc-123");
  EXPECT_EQ(ParseObject(given.body).at("request_id").as_string(), "abc-123");

  test::ClientResponse insane =
      client.Request("GET", "/nope", "", {{"X-Request-Id", "a b <script>"}});
  std::string id = insane.Header("X-Request-Id").value_or("");
  EXPECT_EQ(id.size(), 16u) << id;
  EXPECT_EQ(insane.status, 404);
  EXPECT_TRUE(client.Request("GET", "/boom").Header("X-Request-Id").has_value());
  EXPECT_TRUE(client.Request("GET", "/items/1").Header("Date").has_value());
}

TEST(Server, Answers404ProblemAnd405WithAllow) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse missing = client.Request("GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ParseObject(missing.body).at("code").as_string(), "http.not_found");
  test::ClientResponse wrong = client.Request("PUT", "/items/1", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("Allow").value_or(""), "GET, HEAD");
}

TEST(Server, Answers415ForFormBodies) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse r = client.Request("POST", "/items", "a=1",
                                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(ParseObject(r.body).at("code").as_string(), "http.unsupported_media_type");
}

TEST(Server, HeadOfGetRouteHasLengthButNoBody) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse head = client.Request("HEAD", "/items/12345");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length").value_or(""), "14");  // {"id":"12345"}
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(client.Request("GET", "/items/1").status, 200);  // the connection is still in sync
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Problem, ServerUsesEnglishTitleForAcceptLanguageEn) {
  RunningServer running(TestRouter());
  test::HttpClient client = running.Client();
  test::ClientResponse en = client.Request("GET", "/conflict", "", {{"Accept-Language", "en-GB"}});
  EXPECT_EQ(en.status, 409);
  EXPECT_EQ(ParseObject(en.body).at("title").as_string(), "The case is closed");
  test::ClientResponse zh = client.Request("GET", "/conflict");
  EXPECT_EQ(ParseObject(zh.body).at("title").as_string(), "工单已关闭");
  test::ClientResponse edge = client.Request("GET", "/nope", "", {{"Accept-Language", "en"}});
  EXPECT_EQ(ParseObject(edge.body).at("title").as_string(), "No resource at this address");
}

TEST(Server, MalformedRequestGets400AndClose) {
  RunningServer running(TestRouter());
  RawSocket socket(running.port());
  socket.Send("GET /items/1 HTTP/1.1\r\nHost x\r\n\r\n");
  std::string answer = socket.ReadToClose();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
  EXPECT_NE(answer.find("http.bad_request"), std::string::npos);
  EXPECT_TRUE(socket.closed());

  RawSocket bad_target(running.port());
  bad_target.Send("GET /items/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(bad_target.ReadUntil("http.bad_target").find("HTTP/1.1 400"), std::string::npos);
}

TEST(Server, OversizedHeaderGets431) {
  ServerOptions options = TestOptions();
  options.header_limit = 2048;
  RunningServer running(TestRouter(), options);
  RawSocket socket(running.port());
  socket.Send("GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
  std::string answer = socket.ReadToClose();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer;
}

TEST(Server, LogsOneJsonLinePerRequest) {
  std::mutex mutex;
  std::vector<std::string> lines;
  platform::SetLogSinkForTesting([&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  });
  {
    ServerOptions options = TestOptions();
    options.log_requests = true;
    RunningServer running(TestRouter(), options);
    test::HttpClient client = running.Client();
    EXPECT_EQ(client.Request("GET", "/items/9", "", {{"X-Request-Id", "log-test-1"}}).status, 200);
  }
  platform::SetLogSinkForTesting({});

  std::lock_guard lock(mutex);
  int requests = 0;
  for (const std::string& line : lines) {
    boost::json::object o = ParseObject(line);  // every line is one JSON object
    if (o.at("msg").as_string() != "request") continue;
    ++requests;
    EXPECT_EQ(o.at("level").as_string(), "info");
    EXPECT_EQ(o.at("method").as_string(), "GET");
    EXPECT_EQ(o.at("path").as_string(), "/items/9");
    EXPECT_EQ(o.at("route").as_string(), "/items/{id}");
    EXPECT_EQ(o.at("status").as_int64(), 200);
    EXPECT_EQ(o.at("request_id").as_string(), "log-test-1");
    EXPECT_EQ(o.at("remote").as_string(), "127.0.0.1");
    EXPECT_TRUE(o.at("duration_ms").is_number());
    EXPECT_TRUE(o.contains("ts"));
  }
  EXPECT_EQ(requests, 1);
}

}  // namespace
}  // namespace csqm::http
