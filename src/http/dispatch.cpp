#include "http/dispatch.hpp"

#include <exception>

#include "http/problem.hpp"
#include "platform/log.hpp"

namespace csqm::http {
namespace {

std::string_view MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  while (!content_type.empty() && content_type.front() == ' ') content_type.remove_prefix(1);
  return content_type;
}

std::string JoinAllowed(const std::vector<std::string>& methods) {
  std::string out;
  for (const std::string& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

Response RunHandler(const Route& route, Request& request) {
  try {
    Response response = route.handler(request);
    if (response.status >= 100 && response.status <= 599) return response;
    platform::Log(platform::LogLevel::kError, "handler returned an invalid status",
                  {{"route", route.pattern},
                   {"request_id", request.request_id},
                   {"status", response.status}});
  } catch (const std::exception& e) {
    platform::Log(
        platform::LogLevel::kError, "handler threw",
        {{"route", route.pattern}, {"request_id", request.request_id}, {"error", e.what()}});
  } catch (...) {
    platform::Log(platform::LogLevel::kError, "handler threw",
                  {{"route", route.pattern},
                   {"request_id", request.request_id},
                   {"error", "unknown exception"}});
  }
  return EdgeProblemResponse(EdgeProblem::kInternal, PreferredLanguage(request));
}

}  // namespace

bool ContentTypeAccepted(const Request& request, const RouteOptions& options) {
  std::string_view type = MediaType(request.Header("Content-Type").value_or(""));
  for (const std::string& accepted : options.accepts) {
    if (accepted == "*/*" || EqualsIgnoreCase(type, accepted)) return true;
    if (EqualsIgnoreCase(accepted, "application/json") && type.size() > 5 &&
        EqualsIgnoreCase(type.substr(type.size() - 5), "+json")) {
      return true;
    }
  }
  return false;
}

Dispatcher::Dispatcher(const Router& router, const std::string& static_dir) : router_(router) {
  if (!static_dir.empty()) static_files_.emplace(static_dir);
}

Dispatched Dispatcher::Dispatch(Request& request) const {
  std::string_view lang = PreferredLanguage(request);
  Router::Match match = router_.Find(request.method, request.path);
  if (match.kind == Router::Match::Kind::kFound) {
    const Route& route = *match.route;
    if (!request.body.empty() && !ContentTypeAccepted(request, route.options)) {
      return {EdgeProblemResponse(EdgeProblem::kUnsupportedMediaType, lang), route.pattern};
    }
    request.path_params = std::move(match.params);
    return {RunHandler(route, request), route.pattern};
  }
  if (match.kind == Router::Match::Kind::kMethodNotAllowed) {
    Response response = EdgeProblemResponse(EdgeProblem::kMethodNotAllowed, lang);
    response.SetHeader("Allow", JoinAllowed(match.allowed));
    return {std::move(response), "unmatched"};
  }
  if (static_files_ && (request.method == "GET" || request.method == "HEAD")) {
    try {
      if (std::optional<Response> file = static_files_->Serve(request)) {
        return {std::move(*file), "static"};
      }
    } catch (const std::exception& e) {
      platform::Log(platform::LogLevel::kError, "static file failed",
                    {{"path", request.path}, {"error", e.what()}});
      return {EdgeProblemResponse(EdgeProblem::kInternal, lang), "static"};
    }
  }
  return {EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang), "unmatched"};
}

}  // namespace csqm::http
