// Metrics in the Prometheus text exposition format (version 0.0.4), rendered at GET /metrics.
// Families are created on first use by name; each series (label set) is an atomic value, so
// hot paths can keep the returned reference and update it without a lock.
//   metrics.GetCounter("csqm_timers_fired_total", "Timer steps fired").Inc();
//   metrics.GetHistogram("csqm_store_commit_batch_size", "Writes per commit", {1, 2, 4, 8})
//       .Observe(n);
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace csqm::http {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Inc(double v = 1) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);  // ascending upper bounds, +Inf implied
  void Observe(double v);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
  };
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1 (overflow)
  std::atomic<double> sum_{0};
};

// Default buckets of csqm_http_request_duration_seconds: 0.5 ms … 5 s.
std::span<const double> DefaultLatencyBuckets();

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Get or create the series `name{labels}`. References stay valid for the registry's
  // lifetime. Reusing a name with another type or other buckets is a programming error
  // (std::logic_error); the help text of the first registration wins.
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          std::span<const double> bounds, const Labels& labels = {});

  // csqm_http_requests_total{route,method,status} and
  // csqm_http_request_duration_seconds{route}. `route` is the pattern, "unmatched" or "static".
  void RecordRequest(std::string_view route, std::string_view method, int status, double seconds);

  // All families, sorted by name, series sorted by labels.
  std::string Render() const;

 private:
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, int type,
                    std::span<const double> bounds);

  mutable std::mutex mutex_;  // guards families_ (the map, not the values)
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

}  // namespace csqm::http
