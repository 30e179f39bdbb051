// core::DrawStratified: quotas (≥ percent of each stratum, every "must" item), stratification,
// reproducibility from the seed, independence from input order.
#include "core/sampling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace csqm::core {
namespace {

// `n` items per stratum; every `major_every`-th one is a must.
std::vector<SampleItem> Population(const std::map<std::string, int>& sizes, int major_every) {
  std::vector<SampleItem> items;
  int64_t id = 1;
  for (const auto& [stratum, n] : sizes) {
    for (int i = 0; i < n; ++i, ++id) {
      items.push_back({id, stratum, major_every > 0 && i % major_every == 0});
    }
  }
  return items;
}

std::map<std::string, std::string> StratumOf(const std::vector<SampleItem>& items) {
  std::map<std::string, std::string> out;
  for (const auto& i : items) out[std::to_string(i.id)] = i.stratum;
  return out;
}

TEST(Sampling, QuotaIsAtLeastThePercentOfEachStratumRoundedUp) {
  struct Case {
    int population, percent, quota;
  } cases[] = {{0, 50, 0},  {1, 50, 1},    {2, 50, 1},   {3, 50, 2}, {7, 50, 4},
               {10, 50, 5}, {10, 100, 10}, {99, 50, 50}, {3, 1, 1},  {5, 0, 0}};
  for (const auto& c : cases) {
    EXPECT_EQ(QuotaFor(c.population, c.percent), c.quota) << c.population << " @ " << c.percent;
  }
}

TEST(Sampling, EveryStratumGetsHalfAndEveryMajorItem) {
  const auto items = Population({{"c1/u1", 9}, {"c1/u2", 4}, {"c2/u1", 1}, {"c3/u3", 20}}, 7);
  const Sample s = DrawStratified(items, 50, 42);
  const auto stratum_of = StratumOf(items);
  std::map<std::string, int> selected_per;
  for (int64_t id : s.selected) ++selected_per[stratum_of.at(std::to_string(id))];
  ASSERT_EQ(s.strata.size(), 4u);
  for (const auto& q : s.strata) {
    EXPECT_EQ(q.quota, std::max(q.must, QuotaFor(q.population, 50))) << q.stratum;
    EXPECT_EQ(q.selected, q.quota) << q.stratum;
    EXPECT_EQ(selected_per[q.stratum], q.selected) << q.stratum;
    EXPECT_GE(2 * q.selected, q.population) << q.stratum << ": at least half";
  }
  for (const auto& i : items) {
    if (i.must) {
      EXPECT_TRUE(std::binary_search(s.selected.begin(), s.selected.end(), i.id))
          << "major item " << i.id << " must be sampled";
    }
  }
  EXPECT_EQ(s.population, 34);
  EXPECT_EQ(int(s.selected.size()), s.quota);
}

TEST(Sampling, MajorItemsRaiseTheQuotaAboveThePercent) {
  // 4 items, 3 of them major: 50 % would be 2, but every major one is taken.
  std::vector<SampleItem> items = {{1, "a", true}, {2, "a", true}, {3, "a", true}, {4, "a", false}};
  const Sample s = DrawStratified(items, 50, 7);
  EXPECT_EQ(s.strata[0].quota, 3);
  EXPECT_EQ(s.selected, (std::vector<int64_t>{1, 2, 3}));
}

TEST(Sampling, SameSeedSameSampleWhateverTheInputOrder) {
  auto items = Population({{"c1/u1", 50}, {"c2/u1", 31}, {"c2/u2", 8}}, 0);
  const Sample first = DrawStratified(items, 50, 20261101);
  std::mt19937 shuffle(3);
  std::shuffle(items.begin(), items.end(), shuffle);
  const Sample again = DrawStratified(items, 50, 20261101);
  EXPECT_EQ(first.selected, again.selected);
  const Sample other = DrawStratified(items, 50, 20261102);
  EXPECT_NE(first.selected, other.selected) << "another seed draws another sample";
}

TEST(Sampling, AddingToOneStratumLeavesTheOthersSamplesAlone) {
  const auto base = Population({{"a", 20}, {"b", 20}}, 0);
  auto more = base;
  more.push_back({1000, "a", false});
  const auto s1 = DrawStratified(base, 50, 9);
  const auto s2 = DrawStratified(more, 50, 9);
  std::set<int64_t> b1, b2;
  for (int64_t id : s1.selected) {
    if (id > 20 && id <= 40) b1.insert(id);
  }
  for (int64_t id : s2.selected) {
    if (id > 20 && id <= 40) b2.insert(id);
  }
  EXPECT_EQ(b1, b2);
}

TEST(Sampling, HundredPercentTakesEverythingAndDuplicatesCountOnce) {
  std::vector<SampleItem> items = {{5, "x", false}, {5, "x", false}, {6, "x", false}};
  const Sample s = DrawStratified(items, 100, 1);
  EXPECT_EQ(s.population, 2);
  EXPECT_EQ(s.selected, (std::vector<int64_t>{5, 6}));
}

TEST(Sampling, TheDrawIsRoughlyUniform) {
  // Over many seeds each of 10 items is picked about half the time.
  const auto items = Population({{"s", 10}}, 0);
  std::map<int64_t, int> hits;
  for (uint64_t seed = 0; seed < 4000; ++seed) {
    for (int64_t id : DrawStratified(items, 50, seed).selected) ++hits[id];
  }
  for (const auto& [id, n] : hits) {
    EXPECT_NEAR(n, 2000, 200) << "item " << id;
  }
}

TEST(Sampling, SplitMixBelowStaysInRange) {
  SplitMix64 rng(123);
  for (uint64_t bound : {1ull, 2ull, 3ull, 10ull, 1000003ull}) {
    for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.Below(bound), bound);
  }
}

}  // namespace
}  // namespace csqm::core
