// Stratified, reproducible sampling (篇14 callback quota; R3.2 survey coverage). Items are split
// into strata (e.g. category × organisation unit, or customer tier × unit); each stratum gets
// a quota of ceil(percent × size), never fewer than its "must" items (major complaints are
// always sampled), and the rest of the quota is drawn at random. The draw depends only on the
// seed and the set of items — not on their order — so a recorded seed redraws the same sample.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace csqm::core {

// SplitMix64: a small, portable generator whose output is the same on every platform
// (std::uniform_int_distribution is not).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, bound), bound > 0 (rejection sampling, no modulo bias).
  uint64_t Below(uint64_t bound);

 private:
  uint64_t state_;
};

struct SampleItem {
  int64_t id = 0;
  std::string stratum;  // e.g. "c12/u4"
  bool must = false;    // always selected (a major complaint)
};

struct StratumQuota {
  std::string stratum;
  int population = 0;
  int must = 0;
  int quota = 0;  // max(must, ceil(population × percent / 100))
  int selected = 0;
};

struct Sample {
  std::vector<int64_t> selected;     // ids, ascending
  std::vector<StratumQuota> strata;  // by stratum name
  int population = 0;
  int must = 0;
  int quota = 0;
};

// percent in [0, 100]. Duplicate ids are counted once (the first occurrence's stratum wins
// after sorting by id).
Sample DrawStratified(std::span<const SampleItem> items, int percent, uint64_t seed);

// ceil(population × percent / 100) without floating point.
int QuotaFor(int population, int percent);

}  // namespace csqm::core
