#include "http/problem.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace csqm::http {
namespace {

using core::ErrorCode;

TEST(Problem, MapsEachErrorCodeToOneStatus) {
  struct Row {
    ErrorCode code;
    int status;
  };
  const Row rows[] = {
      {ErrorCode::kInvalidArgument, 400},    {ErrorCode::kOutOfRange, 400},
      {ErrorCode::kUnauthenticated, 401},    {ErrorCode::kPermissionDenied, 403},
      {ErrorCode::kNotFound, 404},           {ErrorCode::kConflict, 409},
      {ErrorCode::kFailedPrecondition, 409}, {ErrorCode::kVersionMismatch, 412},
      {ErrorCode::kInternal, 500},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(HttpStatusFor(row.code), row.status) << static_cast<int>(row.code);
  }
}

TEST(Problem, BodyCarriesTypeCodeFieldAndBothMessages) {
  core::Error error = core::MakeError(ErrorCode::kNotFound, "case.not_found", "工单不存在",
                                      "The case does not exist", "id");
  Response r = ProblemResponse(error);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
  boost::json::object body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("type").as_string(), "https://csqm.dev/problems/case.not_found");
  EXPECT_EQ(body.at("title").as_string(), "工单不存在");
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_EQ(body.at("code").as_string(), "case.not_found");
  EXPECT_EQ(body.at("detail").as_string(), "id: 工单不存在");
  EXPECT_EQ(body.at("field").as_string(), "id");
  EXPECT_EQ(body.at("message_zh").as_string(), "工单不存在");
  EXPECT_EQ(body.at("message_en").as_string(), "The case does not exist");
}

TEST(Problem, OmitsFieldWhenGlobalAndFallsBackToCodeNameWithoutReason) {
  core::Error error{ErrorCode::kVersionMismatch, "", "版本已变化", "The version changed", ""};
  Response r = ProblemResponse(error);
  EXPECT_EQ(r.status, 412);
  boost::json::object body = boost::json::parse(r.body).as_object();
  EXPECT_FALSE(body.contains("field"));
  EXPECT_EQ(body.at("code").as_string(), "version_mismatch");
}

TEST(Problem, UsesEnglishTitleForAcceptLanguageEn) {
  core::Error error =
      core::MakeError(ErrorCode::kConflict, "case.closed", "工单已关闭", "The case is closed");
  Request request;
  request.headers.Add("accept-language", "en-US,en;q=0.9,zh-CN;q=0.8");
  ASSERT_EQ(PreferredLanguage(request), "en");
  boost::json::object body =
      boost::json::parse(ProblemResponse(error, PreferredLanguage(request)).body).as_object();
  EXPECT_EQ(body.at("title").as_string(), "The case is closed");
  EXPECT_EQ(body.at("message_zh").as_string(), "工单已关闭");
}

TEST(Problem, DefaultsToChineseTitle) {
  core::Error error =
      core::MakeError(ErrorCode::kConflict, "case.closed", "工单已关闭", "The case is closed");
  for (const char* accept : {"zh-CN,zh;q=0.9,en;q=0.8", "fr-FR", ""}) {
    Request request;
    if (*accept != '\0') request.headers.Add("Accept-Language", accept);
    EXPECT_EQ(PreferredLanguage(request), "zh") << accept;
    boost::json::object body =
        boost::json::parse(ProblemResponse(error, PreferredLanguage(request)).body).as_object();
    EXPECT_EQ(body.at("title").as_string(), "工单已关闭");
  }
}

TEST(Problem, EdgeProblemsHaveTheirStatusAndHttpReason) {
  struct Row {
    EdgeProblem problem;
    int status;
    const char* code;
  };
  const Row rows[] = {
      {EdgeProblem::kBadRequest, 400, "http.bad_request"},
      {EdgeProblem::kRouteNotFound, 404, "http.not_found"},
      {EdgeProblem::kMethodNotAllowed, 405, "http.method_not_allowed"},
      {EdgeProblem::kBodyTooLarge, 413, "http.body_too_large"},
      {EdgeProblem::kUnsupportedMediaType, 415, "http.unsupported_media_type"},
      {EdgeProblem::kHeaderTooLarge, 431, "http.header_too_large"},
      {EdgeProblem::kInternal, 500, "internal"},
  };
  for (const Row& row : rows) {
    Response r = EdgeProblemResponse(row.problem, "en");
    EXPECT_EQ(r.status, row.status);
    boost::json::object body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("code").as_string(), row.code);
    EXPECT_EQ(body.at("status").as_int64(), row.status);
  }
}

}  // namespace
}  // namespace csqm::http
