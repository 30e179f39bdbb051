#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/health.hpp"
#include "test_server.hpp"

namespace csqm::http {
namespace {

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Router router;
  router.Add("GET", "/items/{id}", [](Request&) { return Response::Json(200, "{}"); });
  router.Add("POST", "/items", [](Request&) { return Response::Json(201, "{}"); });
  testing::RunningServer running(std::move(router));

  test::HttpClient client = running.Client();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(client.Request("GET", "/items/" + std::to_string(i)).status, 200);
  EXPECT_EQ(client.Request("POST", "/items", "{}").status, 201);
  EXPECT_EQ(client.Request("GET", "/nope").status, 404);
  EXPECT_EQ(client.Request("DELETE", "/items/1").status, 405);

  std::string text = running.metrics().Render();
  EXPECT_TRUE(Contains(text, "# TYPE csqm_http_requests_total counter\n")) << text;
  EXPECT_TRUE(Contains(
      text, "csqm_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 3\n"))
      << text;
  EXPECT_TRUE(Contains(
      text, "csqm_http_requests_total{route=\"/items\",method=\"POST\",status=\"201\"} 1\n"));
  EXPECT_TRUE(Contains(
      text, "csqm_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(Contains(
      text, "csqm_http_requests_total{route=\"unmatched\",method=\"DELETE\",status=\"405\"} 1\n"));
  EXPECT_TRUE(
      Contains(text, "csqm_http_request_duration_seconds_count{route=\"/items/{id}\"} 3\n"));
  EXPECT_TRUE(Contains(
      text, "csqm_http_request_duration_seconds_bucket{route=\"/items/{id}\",le=\"+Inf\"} 3\n"));
}

TEST(Metrics, RendersHistogramBucketsCumulatively) {
  Metrics metrics;
  const double bounds[] = {1, 2, 4, 8};
  Histogram& h = metrics.GetHistogram("csqm_store_commit_batch_size", "Writes per commit", bounds);
  for (double v : {1.0, 1.0, 3.0, 8.0, 100.0}) h.Observe(v);
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# HELP csqm_store_commit_batch_size Writes per commit\n"));
  EXPECT_TRUE(Contains(text, "# TYPE csqm_store_commit_batch_size histogram\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_bucket{le=\"1\"} 2\n")) << text;
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_bucket{le=\"2\"} 2\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_bucket{le=\"4\"} 3\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_bucket{le=\"8\"} 4\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_bucket{le=\"+Inf\"} 5\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_sum 113\n"));
  EXPECT_TRUE(Contains(text, "csqm_store_commit_batch_size_count 5\n"));
}

TEST(Metrics, GaugesCountersAndEscapedLabels) {
  Metrics metrics;
  metrics.GetGauge("csqm_timers_due", "Timer steps due now").Set(7);
  metrics.GetCounter("csqm_timers_fired_total", "Timer steps fired", {{"kind", "sla\"warn\\"}})
      .Inc(2);
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE csqm_timers_due gauge\ncsqm_timers_due 7\n")) << text;
  EXPECT_TRUE(Contains(text, "csqm_timers_fired_total{kind=\"sla\\\"warn\\\\\"} 2\n")) << text;
  // Families come out sorted by name.
  EXPECT_LT(text.find("csqm_timers_due"), text.find("csqm_timers_fired_total"));
}

TEST(Metrics, SameNameWithAnotherTypeOrBucketsIsAnError) {
  Metrics metrics;
  metrics.GetCounter("csqm_x_total", "x");
  EXPECT_THROW(metrics.GetGauge("csqm_x_total", "x"), std::logic_error);
  const double a[] = {1, 2};
  const double b[] = {1, 3};
  metrics.GetHistogram("csqm_h", "h", a);
  EXPECT_NO_THROW(metrics.GetHistogram("csqm_h", "h", a, {{"k", "v"}}));
  EXPECT_THROW(metrics.GetHistogram("csqm_h", "h", b), std::logic_error);
}

TEST(Metrics, ConcurrentUpdatesAreNotLost) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 10000; ++i) metrics.RecordRequest("/r", "GET", 200, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(
      Contains(metrics.Render(),
               "csqm_http_requests_total{route=\"/r\",method=\"GET\",status=\"200\"} 80000\n"));
}

TEST(Metrics, UnknownMethodsShareOneLabel) {
  Metrics metrics;
  metrics.RecordRequest("unmatched", "BREW", 405, 0.001);
  metrics.RecordRequest("unmatched", "PROPFIND", 405, 0.001);
  EXPECT_TRUE(
      Contains(metrics.Render(), "{route=\"unmatched\",method=\"other\",status=\"405\"} 2\n"));
}

TEST(Health, HealthzReadyzAndMetricsRoutes) {
  std::atomic<bool> ready{false};
  testing::RunningServer running([&ready](Router& router, Metrics& metrics) {
    AddHealthRoutes(router, metrics, [&ready] { return ready.load(); });
  });
  test::HttpClient client = running.Client();

  test::ClientResponse healthz = client.Request("GET", "/healthz");
  EXPECT_EQ(healthz.status, 200);
  EXPECT_EQ(healthz.body, R"({"status":"ok"})");
  EXPECT_EQ(client.Request("GET", "/readyz").status, 503);
  ready = true;
  EXPECT_EQ(client.Request("GET", "/readyz").status, 200);

  running.metrics().GetGauge("csqm_timers_due", "Timer steps due now").Set(3);
  test::ClientResponse scrape = client.Request("GET", "/metrics");
  EXPECT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.Header("Content-Type").value_or(""), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(Contains(scrape.body, "csqm_timers_due 3\n")) << scrape.body;
  // The server's own request metrics are in the same registry.
  EXPECT_TRUE(
      Contains(scrape.body,
               "csqm_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1\n"));
}

}  // namespace
}  // namespace csqm::http
