// Indicator arithmetic (core/quality*): periods on local days, quantiles from histogram
// buckets, month-end projection, targets, and what a case adds to the rollups.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/quality.hpp"
#include "core/quality_indicators.hpp"
#include "platform/tz_zones.hpp"

namespace csqm::core {
namespace {

Instant At(const char* text) { return ParseRfc3339(text).value(); }

const ZoneRules& Shanghai() {
  static auto zone = platform::SystemZones().Find("Asia/Shanghai").value();
  return *zone;
}

TEST(QualityPeriod, ParsesEveryKindToLocalDays) {
  struct Row {
    const char* key;
    PeriodKind kind;
    int first, last;
  } rows[] = {
      {"2026-10", PeriodKind::kMonth, 20261001, 20261031},
      {"2026-02", PeriodKind::kMonth, 20260201, 20260228},
      {"2028-02", PeriodKind::kMonth, 20280201, 20280229},
      {"2026-Q4", PeriodKind::kQuarter, 20261001, 20261231},
      {"2026-Q1", PeriodKind::kQuarter, 20260101, 20260331},
      {"2026", PeriodKind::kYear, 20260101, 20261231},
      {"2026-10-05", PeriodKind::kDay, 20261005, 20261005},
      {"2026-W01", PeriodKind::kWeek, 20251229, 20260104},  // ISO week 1 holds 4 January
      {"2026-W53", PeriodKind::kWeek, 20261228, 20270103},  // 2026 starts on a Thursday
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.key);
    auto p = ParsePeriod(r.key);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->kind, r.kind);
    EXPECT_EQ(p->first_day, r.first);
    EXPECT_EQ(p->last_day, r.last);
    EXPECT_EQ(p->key, r.key);
  }
}

TEST(QualityPeriod, RejectsMalformedKeys) {
  for (const char* key : {"", "26-10", "2026-13", "2026-00", "2026-Q5", "2026-02-30", "2025-W53",
                          "2026-W00", "2026/10", "2026-1", "abcd"}) {
    SCOPED_TRACE(key);
    auto p = ParsePeriod(key);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().reason, "quality.bad_period");
  }
}

TEST(QualityPeriod, PreviousPeriodCrossesYearBoundaries) {
  EXPECT_EQ(PreviousPeriod(ParsePeriod("2026-01").value()).key, "2025-12");
  EXPECT_EQ(PreviousPeriod(ParsePeriod("2026-Q1").value()).key, "2025-Q4");
  EXPECT_EQ(PreviousPeriod(ParsePeriod("2026-W01").value()).key, "2025-W52");
  EXPECT_EQ(PreviousPeriod(ParsePeriod("2026-03-01").value()).key, "2026-02-28");
  const auto months = PeriodsEndingWith(ParsePeriod("2026-02").value(), 3);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].key, "2025-12");
  EXPECT_EQ(months[2].key, "2026-02");
}

TEST(QualityPeriod, LocalDayUsesShanghaiMidnight) {
  // 2026-09-30T16:30Z is 00:30 on 1 October in Shanghai: October's first day, not September's.
  EXPECT_EQ(LocalDayKey(Shanghai(), At("2026-09-30T16:30:00Z")), 20261001);
  EXPECT_EQ(LocalDayKey(Shanghai(), At("2026-09-30T15:59:59Z")), 20260930);
}

TEST(QualityHistogram, BucketsFollowTheEdges) {
  EXPECT_EQ(HandleBucket(0), 0u);
  EXPECT_EQ(HandleBucket(5), 0u);
  EXPECT_EQ(HandleBucket(6), 1u);
  EXPECT_EQ(HandleBucket(60), 6u);
  EXPECT_EQ(HandleBucket(43200), kHandleEdges.size() - 1);
  EXPECT_EQ(HandleBucket(100000), kHandleEdges.size());
}

TEST(QualityHistogram, QuantilesInterpolateInsideTheBucket) {
  HandleHistogram h{};
  EXPECT_FALSE(HistogramQuantile(h, 0.5).has_value());
  h[HandleBucket(75)] = 10;  // ten durations in (60, 90]
  EXPECT_DOUBLE_EQ(*HistogramQuantile(h, 0.5), 75.0);
  EXPECT_DOUBLE_EQ(*HistogramQuantile(h, 0.9), 87.0);
  h = {};
  h[HandleBucket(3)] = 5;                             // (0, 5]
  h[HandleBucket(500)] = 5;                           // (480, 720]
  EXPECT_DOUBLE_EQ(*HistogramQuantile(h, 0.5), 5.0);  // the top of the lower half
  EXPECT_DOUBLE_EQ(*HistogramQuantile(h, 0.9), 480.0 + 240.0 * 0.8);
  h = {};
  h[kHandleEdges.size()] = 3;  // all longer than 30 days: the open bucket answers its edge
  EXPECT_DOUBLE_EQ(*HistogramQuantile(h, 0.9), 43200.0);
}

TEST(QualityHistogram, EstimateStaysWithinOneBucketOfTheExactQuantile) {
  std::mt19937 rng(42);
  std::lognormal_distribution<double> minutes(5.5, 1.4);
  std::vector<int64_t> values;
  HandleHistogram h{};
  for (int i = 0; i < 5000; ++i) {
    const int64_t v = std::min<int64_t>(40000, int64_t(minutes(rng)));
    values.push_back(v);
    ++h[HandleBucket(v)];
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9}) {
    const int64_t exact = values[size_t(q * double(values.size())) - 1];
    const size_t b = HandleBucket(exact);
    const double lo = b == 0 ? 0 : double(kHandleEdges[b - 1]);
    const double hi = double(kHandleEdges[b]);
    const double est = *HistogramQuantile(h, q);
    EXPECT_GE(est, lo) << q;
    EXPECT_LE(est, hi) << q;
  }
}

TEST(QualityProjection, ExtrapolatesAtTheRecentPace) {
  // 40 of 50 so far (80 %); the last 7 days 7 of 14 (50 %); 10 days left → 50 / 70.
  auto p = ProjectRatio({40, 50, 7, 14, 7, 10});
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(*p, 50.0 / 70.0, 1e-12);
  EXPECT_NEAR(*ProjectRatio({40, 50, 7, 14, 7, 0}), 0.8, 1e-12);  // last day: as it stands
  EXPECT_FALSE(ProjectRatio({0, 0, 0, 0, 7, 10}).has_value());
}

TEST(QualityTargets, DefaultsFromTheSourcePlansAndOverrides) {
  auto t = EffectiveTargets({});
  EXPECT_DOUBLE_EQ(t.at("callback_rate"), 0.5);
  EXPECT_DOUBLE_EQ(t.at("major_callback_rate"), 1.0);
  EXPECT_DOUBLE_EQ(t.at("satisfaction_rate"), 0.9);
  EXPECT_EQ(t.count("received"), 0u);
  t = EffectiveTargets({{"satisfaction_rate", 0.95}, {"no_such_indicator", 1}});
  EXPECT_DOUBLE_EQ(t.at("satisfaction_rate"), 0.95);
  EXPECT_EQ(t.count("no_such_indicator"), 0u);
  EXPECT_TRUE(MeetsTarget(*FindIndicator("reopen_rate"), 0.05, 0.05));
  EXPECT_FALSE(MeetsTarget(*FindIndicator("reopen_rate"), 0.06, 0.05));
  EXPECT_TRUE(MeetsTarget(*FindIndicator("satisfaction_rate"), 0.9, 0.9));
  EXPECT_FALSE(MeetsTarget(*FindIndicator("satisfaction_rate"), 0.899, 0.9));
}

TEST(QualityIndicators, ComputesRatiosBesideTargets) {
  IndicatorInputs in;
  in.received = 120;
  in.resolved = 100;
  in.on_time = 85;
  in.reopened = 3;
  in.targets_met = 90;
  in.targets_missed = 10;
  in.complaints_received = 30;
  in.complaints_resolved = 20;
  in.major_complaints_resolved = 2;
  in.complaints_called = 9;
  in.major_called = 2;
  in.satisfied = 8;
  in.basically_satisfied = 1;
  in.dissatisfied = 1;
  in.customers = 1500;
  const auto values = ComputeIndicators(in, EffectiveTargets({}));
  auto get = [&](const char* k) {
    return *std::find_if(values.begin(), values.end(), [&](auto& v) { return v.key == k; });
  };
  EXPECT_DOUBLE_EQ(*get("on_time_rate").value, 0.85);
  EXPECT_FALSE(*get("on_time_rate").met);
  EXPECT_DOUBLE_EQ(*get("sla_attainment").value, 0.9);
  EXPECT_TRUE(*get("sla_attainment").met);
  EXPECT_DOUBLE_EQ(*get("reopen_rate").value, 0.03);
  EXPECT_DOUBLE_EQ(*get("callback_rate").value, 0.45);
  EXPECT_FALSE(*get("callback_rate").met);  // below 50 %
  EXPECT_DOUBLE_EQ(*get("major_callback_rate").value, 1.0);
  EXPECT_TRUE(*get("major_callback_rate").met);
  EXPECT_DOUBLE_EQ(*get("satisfaction_rate").value, 0.9);  // (满意 + 基本满意) / answered
  EXPECT_TRUE(*get("satisfaction_rate").met);
  EXPECT_DOUBLE_EQ(*get("complaints_per_1000").value, 20.0);
  EXPECT_FALSE(get("survey_score").value.has_value());  // nothing answered
  EXPECT_FALSE(get("survey_score").met.has_value());
}

CaseState Resolved(const char* received, const char* resolved, bool in_resolved) {
  CaseState s;
  s.dims = {4, 7, 1, 9, "ordinary"};
  s.received_at = At(received);
  s.resolved_at = At(resolved);
  s.in_resolved = in_resolved;
  s.targets = {{"resolved", At("2026-10-08T12:00:00+08:00"), At(resolved), std::nullopt}};
  return s;
}

TEST(QualityFacts, ReopenIsStickyAndCountedOnTheResolvedDay) {
  const auto first =
      ComputeFacts(1, Resolved("2026-10-08T09:00:00+08:00", "2026-10-08T11:00:00+08:00", true),
                   Shanghai(), std::nullopt);
  EXPECT_FALSE(first.reopened);
  EXPECT_TRUE(first.on_time);
  EXPECT_EQ(first.handle_minutes, 120);
  EXPECT_EQ(first.resolved_day, 20261008);
  auto reopened_state = Resolved("2026-10-08T09:00:00+08:00", "2026-10-08T11:00:00+08:00", false);
  const auto reopened = ComputeFacts(1, reopened_state, Shanghai(), first);
  EXPECT_TRUE(reopened.reopened);
  const auto again =
      ComputeFacts(1, Resolved("2026-10-08T09:00:00+08:00", "2026-10-08T11:00:00+08:00", true),
                   Shanghai(), reopened);
  EXPECT_TRUE(again.reopened);
  const auto diff = DiffFacts(first, again);
  ASSERT_EQ(diff.rollups.size(), 1u);  // only the reopen count moves, on the resolved day
  EXPECT_EQ(diff.rollups[0].day, 20261008);
  EXPECT_EQ(diff.rollups[0].reopened, 1);
  EXPECT_EQ(diff.rollups[0].resolved, 0);
  EXPECT_TRUE(diff.targets.empty());
  EXPECT_TRUE(DiffFacts(again, again).rollups.empty());
}

TEST(QualityFacts, LateTargetMissesAndMovesWithTheAssignee) {
  auto s = Resolved("2026-10-08T09:00:00+08:00", "2026-10-09T10:00:00+08:00", true);
  const auto late = ComputeFacts(2, s, Shanghai(), std::nullopt);
  EXPECT_FALSE(late.on_time);
  ASSERT_EQ(late.targets.size(), 1u);
  EXPECT_EQ(late.targets[0].outcome, 2);
  EXPECT_EQ(DecodeTargetFacts(EncodeTargetFacts(late.targets)), late.targets);
  s.dims.assignee_id = 10;
  const auto moved = ComputeFacts(2, s, Shanghai(), late);
  const auto diff = DiffFacts(late, moved);
  int64_t received = 0, missed = 0;
  for (const auto& d : diff.rollups) received += d.received;
  for (const auto& d : diff.targets) missed += d.missed;
  EXPECT_EQ(received, 0);  // one row down, one row up
  EXPECT_EQ(missed, 0);
  EXPECT_EQ(diff.targets.size(), 2u);
}

TEST(QualityFacts, UnmetTargetCountsOnlyOnceBreached) {
  CaseState s;
  s.dims = {4, 7, 1, 0, "major"};
  s.received_at = At("2026-10-08T09:00:00+08:00");
  s.targets = {{"on_site", At("2026-10-08T09:10:00+08:00"), std::nullopt, std::nullopt}};
  EXPECT_TRUE(ComputeFacts(3, s, Shanghai(), std::nullopt).targets.empty());  // pending
  s.targets[0].breached_at = At("2026-10-08T09:10:00+08:00");
  const auto f = ComputeFacts(3, s, Shanghai(), std::nullopt);
  ASSERT_EQ(f.targets.size(), 1u);
  EXPECT_EQ(f.targets[0].outcome, 2);
  EXPECT_EQ(f.resolved_day, 0);
  EXPECT_EQ(f.handle_minutes, -1);
}

}  // namespace
}  // namespace csqm::core
