#include "http/health.hpp"

#include <utility>

namespace csqm::http {

void AddHealthRoutes(Router& router, Metrics& metrics, std::function<bool()> ready) {
  router.Add("GET", "/healthz", [](Request&) { return Response::Json(200, R"({"status":"ok"})"); });
  router.Add("GET", "/readyz", [ready = std::move(ready)](Request&) {
    if (!ready || ready()) return Response::Json(200, R"({"status":"ready"})");
    Response response = Response::Json(503, R"({"status":"not_ready"})");
    response.SetHeader("Retry-After", "1");
    return response;
  });
  router.Add("GET", "/metrics", [&metrics](Request&) {
    return Response::Text(200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace csqm::http
