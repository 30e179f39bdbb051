// Built-in routes: GET /healthz (the process answers), GET /readyz (ready() says it can serve,
// e.g. migrations done, database reachable) and GET /metrics (Prometheus text).
#pragma once

#include <functional>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace csqm::http {

// `metrics` must outlive the router. `ready` runs on a worker thread at each /readyz.
void AddHealthRoutes(Router& router, Metrics& metrics, std::function<bool()> ready);

}  // namespace csqm::http
