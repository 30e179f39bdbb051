#include "core/sampling.hpp"

#include <algorithm>
#include <map>

namespace csqm::core {

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::Below(uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x = Next();
  while (x >= limit) x = Next();
  return x % bound;
}

int QuotaFor(int population, int percent) {
  percent = std::clamp(percent, 0, 100);
  return int((int64_t(population) * percent + 99) / 100);
}

namespace {

// FNV-1a of the stratum name: each stratum draws from its own stream, so adding items to one
// stratum never changes another's sample.
uint64_t Fnv1a(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

Sample DrawStratified(std::span<const SampleItem> items, int percent, uint64_t seed) {
  std::vector<SampleItem> sorted(items.begin(), items.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const SampleItem& a, const SampleItem& b) { return a.id < b.id; });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const SampleItem& a, const SampleItem& b) { return a.id == b.id; }),
               sorted.end());
  std::map<std::string, std::vector<const SampleItem*>> strata;
  for (const auto& item : sorted) strata[item.stratum].push_back(&item);

  Sample sample;
  for (auto& [name, members] : strata) {
    StratumQuota q;
    q.stratum = name;
    q.population = int(members.size());
    std::vector<int64_t> optional;
    for (const auto* m : members) {
      if (m->must) {
        ++q.must;
        sample.selected.push_back(m->id);
      } else {
        optional.push_back(m->id);
      }
    }
    q.quota = std::max(q.must, QuotaFor(q.population, percent));
    const size_t extra = size_t(q.quota - q.must);
    // Partial Fisher–Yates: the first `extra` positions become a uniform random subset.
    SplitMix64 rng(seed ^ Fnv1a(name));
    for (size_t i = 0; i < extra && i < optional.size(); ++i) {
      const size_t j = i + size_t(rng.Below(optional.size() - i));
      std::swap(optional[i], optional[j]);
      sample.selected.push_back(optional[i]);
    }
    q.selected = q.must + int(std::min(extra, optional.size()));
    sample.population += q.population;
    sample.must += q.must;
    sample.quota += q.quota;
    sample.strata.push_back(std::move(q));
  }
  std::sort(sample.selected.begin(), sample.selected.end());
  return sample;
}

}  // namespace csqm::core
