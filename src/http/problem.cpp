#include "http/problem.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace csqm::http {
namespace {

// Fallback `code` for an error created without a reason.
std::string_view CodeName(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case core::ErrorCode::kNotFound:
      return "not_found";
    case core::ErrorCode::kConflict:
      return "conflict";
    case core::ErrorCode::kVersionMismatch:
      return "version_mismatch";
    case core::ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case core::ErrorCode::kPermissionDenied:
      return "permission_denied";
    case core::ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case core::ErrorCode::kOutOfRange:
      return "out_of_range";
    case core::ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

struct EdgeEntry {
  int status;
  core::ErrorCode code;
  const char* reason;
  const char* zh;
  const char* en;
};

EdgeEntry EdgeEntryFor(EdgeProblem problem) {
  using core::ErrorCode;
  switch (problem) {
    case EdgeProblem::kBadRequest:
      return {400, ErrorCode::kInvalidArgument, "http.bad_request", "请求格式错误",
              "The request is malformed"};
    case EdgeProblem::kRouteNotFound:
      return {404, ErrorCode::kNotFound, "http.not_found", "请求的地址不存在",
              "No resource at this address"};
    case EdgeProblem::kMethodNotAllowed:
      return {405, ErrorCode::kInvalidArgument, "http.method_not_allowed", "该地址不支持此请求方法",
              "This method is not allowed at this address"};
    case EdgeProblem::kBodyTooLarge:
      return {413, ErrorCode::kInvalidArgument, "http.body_too_large", "请求内容过大",
              "The request body is too large"};
    case EdgeProblem::kUnsupportedMediaType:
      return {415, ErrorCode::kInvalidArgument, "http.unsupported_media_type",
              "不支持的内容类型，请发送 JSON", "Unsupported content type: send JSON"};
    case EdgeProblem::kHeaderTooLarge:
      return {431, ErrorCode::kInvalidArgument, "http.header_too_large", "请求头过大",
              "The request header fields are too large"};
    case EdgeProblem::kInternal:
      return {500, ErrorCode::kInternal, "internal", "服务器内部错误，请稍后重试",
              "Internal server error, please try again later"};
  }
  return {500, ErrorCode::kInternal, "internal", "服务器内部错误", "Internal server error"};
}

}  // namespace

int HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kOutOfRange:
      return 400;
    case core::ErrorCode::kUnauthenticated:
      return 401;
    case core::ErrorCode::kPermissionDenied:
      return 403;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kConflict:
    case core::ErrorCode::kFailedPrecondition:
      return 409;
    case core::ErrorCode::kVersionMismatch:
      return 412;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view PreferredLanguage(const Request& request) {
  std::optional<std::string_view> accept = request.Header("Accept-Language");
  if (!accept) return "zh";
  std::string_view v = *accept;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  if (v.size() >= 2 && EqualsIgnoreCase(v.substr(0, 2), "en")) return "en";
  return "zh";
}

Response ProblemResponse(const core::Error& error, std::string_view lang) {
  return ProblemResponse(HttpStatusFor(error.code), error, lang);
}

Response ProblemResponse(int status, const core::Error& error, std::string_view lang) {
  const bool english = lang == "en";
  std::string_view code = error.reason.empty() ? CodeName(error.code) : error.reason;
  const std::string& chosen = english ? error.message_en : error.message_zh;
  const std::string& title =
      chosen.empty() ? (english ? error.message_zh : error.message_en) : chosen;

  boost::json::object body;
  body["type"] = std::string(kProblemTypeBase) + std::string(code);
  body["title"] = title;
  body["status"] = status;
  body["code"] = code;
  body["detail"] = error.field.empty() ? title : error.field + ": " + title;
  if (!error.field.empty()) body["field"] = error.field;
  body["message_zh"] = error.message_zh;
  body["message_en"] = error.message_en;

  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  response.headers.emplace_back("Content-Type", std::string(kProblemContentType));
  response.headers.emplace_back("Content-Language", english ? "en" : "zh-CN");
  return response;
}

Response EdgeProblemResponse(EdgeProblem problem, std::string_view lang) {
  EdgeEntry e = EdgeEntryFor(problem);
  return ProblemResponse(e.status, core::MakeError(e.code, e.reason, e.zh, e.en), lang);
}

}  // namespace csqm::http
