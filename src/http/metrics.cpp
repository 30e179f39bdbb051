#include "http/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <stdexcept>

namespace csqm::http {
namespace {

enum FamilyType { kCounter, kGauge, kHistogram };

constexpr std::array<double, 13> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,    0.25,  0.5,    1,     2.5,  5};

void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

// `k1="v1",k2="v2"` with the exposition format's escapes.
std::string LabelKey(const Labels& labels) {
  std::string key;
  for (const auto& [name, value] : labels) {
    if (!key.empty()) key.push_back(',');
    key += name;
    key += "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') {
        key.push_back('\\');
        key.push_back(c);
      } else if (c == '\n') {
        key += "\\n";
      } else {
        key.push_back(c);
      }
    }
    key.push_back('"');
  }
  return key;
}

void AppendSeries(std::string& out, std::string_view name, std::string_view labels,
                  std::string_view extra_label, double value) {
  out += name;
  if (!labels.empty() || !extra_label.empty()) {
    out.push_back('{');
    out += labels;
    if (!labels.empty() && !extra_label.empty()) out.push_back(',');
    out += extra_label;
    out.push_back('}');
  }
  out.push_back(' ');
  AppendNumber(out, value);
  out.push_back('\n');
}

// Methods outside this list share the label "other": clients cannot grow the series set.
std::string_view MethodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view m : kKnown) {
    if (m == method) return m;
  }
  return "other";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.bounds = bounds_;
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(total);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::span<const double> DefaultLatencyBuckets() { return kLatencyBuckets; }

struct Metrics::Family {
  std::string name;
  std::string help;
  int type = kCounter;
  std::vector<double> bounds;
  mutable std::mutex mutex;  // guards the series maps, not the values
  std::map<std::string, std::unique_ptr<Counter>> counters;
  std::map<std::string, std::unique_ptr<Gauge>> gauges;
  std::map<std::string, std::unique_ptr<Histogram>> histograms;
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Family& Metrics::FamilyFor(std::string_view name, std::string_view help, int type,
                                    std::span<const double> bounds) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->name = std::string(name);
    family->help = std::string(help);
    family->type = type;
    family->bounds.assign(bounds.begin(), bounds.end());
    if (!std::is_sorted(family->bounds.begin(), family->bounds.end())) {
      throw std::logic_error("histogram buckets must ascend: " + family->name);
    }
    it = families_.emplace(std::string(name), std::move(family)).first;
  }
  Family& family = *it->second;
  if (family.type != type ||
      !std::equal(bounds.begin(), bounds.end(), family.bounds.begin(), family.bounds.end())) {
    throw std::logic_error("metric registered twice with another type or buckets: " + family.name);
  }
  return family;
}

Counter& Metrics::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
  Family& family = FamilyFor(name, help, kCounter, {});
  std::lock_guard lock(family.mutex);
  auto& slot = family.counters[LabelKey(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Metrics::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
  Family& family = FamilyFor(name, help, kGauge, {});
  std::lock_guard lock(family.mutex);
  auto& slot = family.gauges[LabelKey(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Metrics::GetHistogram(std::string_view name, std::string_view help,
                                 std::span<const double> bounds, const Labels& labels) {
  Family& family = FamilyFor(name, help, kHistogram, bounds);
  std::lock_guard lock(family.mutex);
  auto& slot = family.histograms[LabelKey(labels)];
  if (!slot) slot = std::make_unique<Histogram>(family.bounds);
  return *slot;
}

void Metrics::RecordRequest(std::string_view route, std::string_view method, int status,
                            double seconds) {
  GetCounter("csqm_http_requests_total", "HTTP requests answered, by route, method and status",
             {{"route", std::string(route)},
              {"method", std::string(MethodLabel(method))},
              {"status", std::to_string(status)}})
      .Inc();
  GetHistogram("csqm_http_request_duration_seconds",
               "Time from the request read to the response ready to send, by route",
               DefaultLatencyBuckets(), {{"route", std::string(route)}})
      .Observe(seconds);
}

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    std::lock_guard family_lock(family->mutex);
    static constexpr std::array<const char*, 3> kTypeNames = {"counter", "gauge", "histogram"};
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, family->help,
                   name, kTypeNames[family->type]);
    for (const auto& [labels, counter] : family->counters) {
      AppendSeries(out, name, labels, {}, counter->Value());
    }
    for (const auto& [labels, gauge] : family->gauges) {
      AppendSeries(out, name, labels, {}, gauge->Value());
    }
    for (const auto& [labels, histogram] : family->histograms) {
      Histogram::Snapshot s = histogram->Read();
      std::string bucket_name = name + "_bucket";
      for (size_t i = 0; i <= s.bounds.size(); ++i) {
        std::string le = "le=\"";
        AppendNumber(le, i < s.bounds.size() ? s.bounds[i] : INFINITY);
        le.push_back('"');
        AppendSeries(out, bucket_name, labels, le, static_cast<double>(s.cumulative[i]));
      }
      AppendSeries(out, name + "_sum", labels, {}, s.sum);
      AppendSeries(out, name + "_count", labels, {}, static_cast<double>(s.cumulative.back()));
    }
  }
  return out;
}

}  // namespace csqm::http
