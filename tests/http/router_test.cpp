#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/dispatch.hpp"

namespace csqm::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Json(200, "\"" + name + "\""); };
}

std::string RunMatched(const Router::Match& m) {
  Request r;
  return m.route->handler(r).body;
}

TEST(Router, MatchesPathParameters) {
  Router router;
  router.Add("GET", "/api/v1/cases/{id}", Named("case"));
  router.Add("GET", "/api/v1/cases/{case_id}/comments/{comment_id}", Named("comment"));

  Router::Match m = router.Find("GET", "/api/v1/cases/42");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/cases/{id}");
  EXPECT_EQ(m.params, (std::map<std::string, std::string>{{"id", "42"}}));

  m = router.Find("GET", "/api/v1/cases/TS-1/comments/7");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(RunMatched(m), "\"comment\"");
  EXPECT_EQ(m.params,
            (std::map<std::string, std::string>{{"case_id", "TS-1"}, {"comment_id", "7"}}));
}

TEST(Router, ParameterNeedsOneNonEmptySegment) {
  Router router;
  router.Add("GET", "/cases/{id}", Named("case"));
  EXPECT_EQ(router.Find("GET", "/cases/").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/cases").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/cases/1/2").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "cases/1").kind, Router::Match::Kind::kNotFound);
}

TEST(Router, PrefersLiteralSegmentAndBacktracksToParameter) {
  Router router;
  router.Add("GET", "/cases/search", Named("search"));
  router.Add("GET", "/cases/{id}", Named("case"));
  router.Add("GET", "/a/b/d", Named("abd"));
  router.Add("GET", "/a/{x}/c", Named("axc"));

  EXPECT_EQ(RunMatched(router.Find("GET", "/cases/search")), "\"search\"");
  EXPECT_EQ(RunMatched(router.Find("GET", "/cases/7")), "\"case\"");
  Router::Match m = router.Find("GET", "/a/b/c");  // literal "b" leads nowhere: back to {x}
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(RunMatched(m), "\"axc\"");
  EXPECT_EQ(m.params.at("x"), "b");
}

TEST(Router, Returns405WithAllowHeaderForKnownPathWrongMethod) {
  Router router;
  router.Add("GET", "/cases/{id}", Named("get"));
  router.Add("PATCH", "/cases/{id}", Named("patch"));
  router.Add("DELETE", "/cases/{id}", Named("delete"));

  Router::Match m = router.Find("POST", "/cases/1");
  ASSERT_EQ(m.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"DELETE", "GET", "HEAD", "PATCH"}));
  EXPECT_EQ(router.Find("POST", "/nothing/here").kind, Router::Match::Kind::kNotFound);

  Dispatcher dispatcher(router, "");
  Request request;
  request.method = "POST";
  request.path = "/cases/1";
  Dispatched d = dispatcher.Dispatch(request);
  EXPECT_EQ(d.response.status, 405);
  EXPECT_EQ(d.response.Header("Allow").value_or(""), "DELETE, GET, HEAD, PATCH");
  EXPECT_EQ(d.response.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(d.route, "unmatched");
}

TEST(Router, HeadFallsBackToGetRoute) {
  Router router;
  router.Add("GET", "/x", Named("get"));
  Router::Match m = router.Find("HEAD", "/x");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(Router, RejectsMalformedAndDuplicatePatterns) {
  Router router;
  router.Add("GET", "/cases/{id}", Named("a"));
  EXPECT_THROW(router.Add("GET", "/cases/{case_id}", Named("b")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "cases", Named("b")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/cases/{}", Named("b")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/cases/x{id}", Named("b")), std::invalid_argument);
  EXPECT_NO_THROW(router.Add("PUT", "/cases/{id}", Named("b")));
}

TEST(Router, ListsRoutesInRegistrationOrder) {
  Router router;
  router.Add("GET", "/healthz", Named("a"));
  router.Add("POST", "/api/v1/cases", Named("b"));
  router.Add("GET", "/api/v1/cases/{id}", Named("c"));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(router.Routes(),
            (Pairs{{"GET", "/healthz"}, {"POST", "/api/v1/cases"}, {"GET", "/api/v1/cases/{id}"}}));
}

TEST(Router, RootPatternMatchesOnlyRoot) {
  Router router;
  router.Add("GET", "/", Named("root"));
  EXPECT_EQ(router.Find("GET", "/").kind, Router::Match::Kind::kFound);
  EXPECT_EQ(router.Find("GET", "/x").kind, Router::Match::Kind::kNotFound);
}

TEST(Dispatch, Answers415ForNonJsonBodyAndAcceptsJsonSuffixes) {
  Router router;
  router.Add("POST", "/items", Named("post"));
  router.Add("POST", "/upload", Named("upload"), RouteOptions{{"*/*"}});
  Dispatcher dispatcher(router, "");

  Request request;
  request.method = "POST";
  request.path = "/items";
  request.body = "a=1";
  request.headers.Add("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(dispatcher.Dispatch(request).response.status, 415);

  request.headers.Set("content-type", "application/merge-patch+json; charset=utf-8");
  EXPECT_EQ(dispatcher.Dispatch(request).response.status, 200);
  request.headers.Set("Content-Type", "Application/JSON");
  EXPECT_EQ(dispatcher.Dispatch(request).response.status, 200);

  request.path = "/upload";
  request.headers.Set("Content-Type", "text/calendar");
  EXPECT_EQ(dispatcher.Dispatch(request).response.status, 200);
}

TEST(Dispatch, HandlerExceptionBecomes500ProblemWithCodeInternal) {
  Router router;
  router.Add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("bug"); });
  router.Add("GET", "/int", [](Request&) -> Response { throw 42; });
  Dispatcher dispatcher(router, "");
  Request request;
  request.method = "GET";
  request.path = "/boom";
  Dispatched d = dispatcher.Dispatch(request);
  EXPECT_EQ(d.response.status, 500);
  EXPECT_NE(d.response.body.find("\"code\":\"internal\""), std::string::npos);
  EXPECT_EQ(d.route, "/boom");
  request.path = "/int";
  EXPECT_EQ(dispatcher.Dispatch(request).response.status, 500);
}

}  // namespace
}  // namespace csqm::http
