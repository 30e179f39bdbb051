// Store contract: SLA targets, pauses and timers (CaseRepository). Timers fire exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

class CaseClockRepositoryTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    if (HasFatalFailure()) return;
    w_ = MakeWorld();
    case_id_ = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-202611-000001").id;
  }

  static app::TimerRecord Timer(int step, Instant fire_at) {
    app::TimerRecord t;
    t.step = step;
    t.fire_at = fire_at;
    return t;
  }

  std::vector<app::TimerRecord> Timers(Id case_id) {
    return Must(InRead([&](app::Tx& tx) { return tx.Cases().Timers(case_id); }));
  }

  core::Result<bool> Claim(Id timer_id, Instant at) {
    return InWrite([&](app::Tx& tx) { return tx.Cases().ClaimTimer(timer_id, at); });
  }

  World w_;
  Id case_id_ = 0;
};

TEST_F(CaseClockRepositoryTest, Targets_UpsertReplacesByKeyAndRoundTrips) {
  app::TargetRecord t;
  t.case_id = case_id_;
  t.target_key = "answered";
  t.clock = "business";
  t.limit_text = "30m";
  t.due_at = At(30);
  t.warn_at = At(24);
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertTarget(t); }));
  t.met_at = At(20);
  t.extended_due = At(60);
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertTarget(t); }));
  app::TargetRecord resolved = t;
  resolved.target_key = "resolved";
  resolved.clock = "workdays";
  resolved.limit_text = "2d";
  resolved.due_at = std::nullopt;  // paused
  resolved.warn_at = std::nullopt;
  resolved.met_at = std::nullopt;
  resolved.breached_at = At(99);
  resolved.extended_due = std::nullopt;
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertTarget(resolved); }));

  const auto targets = Must(InRead([&](app::Tx& tx) { return tx.Cases().Targets(case_id_); }));
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].target_key, "answered");
  EXPECT_EQ(targets[0].clock, "business");
  EXPECT_EQ(targets[0].limit_text, "30m");
  EXPECT_EQ(targets[0].due_at, At(30));
  EXPECT_EQ(targets[0].warn_at, At(24));
  EXPECT_EQ(targets[0].met_at, At(20));
  EXPECT_EQ(targets[0].breached_at, std::nullopt);
  EXPECT_EQ(targets[0].extended_due, At(60));
  EXPECT_EQ(targets[1].target_key, "resolved");
  EXPECT_EQ(targets[1].due_at, std::nullopt);
  EXPECT_EQ(targets[1].breached_at, At(99));

  const Id other = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-2").id;
  resolved.case_id = other;
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertTarget(resolved); }));
  const auto both = Must(InRead([&](app::Tx& tx) {
    return tx.Cases().TargetsOf({other, case_id_, 999});
  }));
  ASSERT_EQ(both.size(), 3u);
  EXPECT_EQ(both[0].case_id, case_id_);
  EXPECT_EQ(both[2].case_id, other);
  EXPECT_TRUE(Must(InRead([&](app::Tx& tx) { return tx.Cases().TargetsOf({}); })).empty());

  Must(InWrite([&](app::Tx& tx) { return tx.Cases().DeleteTargets(case_id_); }));
  EXPECT_TRUE(Must(InRead([&](app::Tx& tx) { return tx.Cases().Targets(case_id_); })).empty());
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Cases().Targets(other); })).size(), 1u);
}

TEST_F(CaseClockRepositoryTest, Pauses_UpsertClosesAnOpenPause) {
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().UpsertPause({case_id_, At(10), std::nullopt});
  }));
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertPause({case_id_, At(5), At(7)}); }));
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertPause({case_id_, At(10), At(25)}); }));
  const auto pauses = Must(InRead([&](app::Tx& tx) { return tx.Cases().Pauses(case_id_); }));
  ASSERT_EQ(pauses.size(), 2u);
  EXPECT_EQ(pauses[0].started_at, At(5));
  EXPECT_EQ(pauses[0].ended_at, At(7));
  EXPECT_EQ(pauses[1].started_at, At(10));
  EXPECT_EQ(pauses[1].ended_at, At(25));
}

TEST_F(CaseClockRepositoryTest, ClaimTimer_SucceedsOnceThenFails) {
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "answered", {Timer(0, At(24)), Timer(-1, At(30))});
  }));
  const auto timers = Timers(case_id_);
  ASSERT_EQ(timers.size(), 2u);
  EXPECT_EQ(timers[0].step, -1);  // ordered by target, then step
  EXPECT_EQ(timers[0].target_key, "answered");
  EXPECT_EQ(timers[0].case_id, case_id_);
  EXPECT_EQ(timers[0].fire_at, At(30));
  const Id warn = timers[1].id;

  EXPECT_EQ(Must(Claim(warn, At(25))), true);
  EXPECT_EQ(Must(Claim(warn, At(26))), false);
  const auto after = Timers(case_id_);
  EXPECT_EQ(after[1].fired_at, At(25));           // the winner's time stays
  EXPECT_EQ(Must(Claim(424242, At(26))), false);  // no such timer: nothing to claim
}

TEST_F(CaseClockRepositoryTest, ClaimTimer_ExactlyOneOfEightConcurrentClaimsWins) {
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "answered", {Timer(-1, At(30))});
  }));
  const Id timer = Timers(case_id_).at(0).id;
  std::atomic<int> wins{0};
  std::atomic<int> losses{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const auto claimed = Claim(timer, At(31 + i));
      if (!claimed.ok()) {
        ++errors;
      } else if (*claimed) {
        ++wins;
      } else {
        ++losses;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(losses.load(), 7);
}

TEST_F(CaseClockRepositoryTest, ReplaceTimers_NeverRearmsAFiredTimer) {
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "resolved",
                                    {Timer(0, At(100)), Timer(1, At(200)), Timer(-1, At(300))});
  }));
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "answered", {Timer(-1, At(30))});
  }));
  const Id step0 = Timers(case_id_).at(2).id;  // answered/-1, resolved/-1, resolved/0 …
  ASSERT_EQ(Timers(case_id_).at(2).step, 0);
  ASSERT_TRUE(Must(Claim(step0, At(100))));

  // Re-projected (e.g. after a pause): step 0 again, step 1 gone, breach moved.
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "resolved", {Timer(0, At(150)), Timer(-1, At(400))});
  }));
  const auto timers = Timers(case_id_);
  ASSERT_EQ(timers.size(), 3u);
  EXPECT_EQ(timers[0].target_key, "answered");  // the other target is untouched
  EXPECT_EQ(timers[1].step, -1);
  EXPECT_EQ(timers[1].fire_at, At(400));
  EXPECT_EQ(timers[2].id, step0);
  EXPECT_EQ(timers[2].fire_at, At(100));  // fired: neither moved nor re-armed
  EXPECT_EQ(timers[2].fired_at, At(100));

  // An empty list removes every unfired timer of the target; the fired one stays.
  Must(InWrite([&](app::Tx& tx) { return tx.Cases().ReplaceTimers(case_id_, "resolved", {}); }));
  const auto left = Timers(case_id_);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[1].id, step0);
}

TEST_F(CaseClockRepositoryTest, DueTimers_ReturnsUnfiredDueOnesOldestFirst) {
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(case_id_, "answered",
                                    {Timer(0, At(20)), Timer(1, At(10)), Timer(-1, At(90))});
  }));
  const Id other = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-2").id;
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().ReplaceTimers(other, "answered", {Timer(-1, At(15))});
  }));

  auto due = Must(InRead([&](app::Tx& tx) { return tx.Cases().DueTimers(At(20), 10); }));
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].fire_at, At(10));
  EXPECT_EQ(due[1].case_id, other);
  EXPECT_EQ(due[2].fire_at, At(20));  // fire_at == now is due

  ASSERT_TRUE(Must(Claim(due[0].id, At(20))));
  due = Must(InRead([&](app::Tx& tx) { return tx.Cases().DueTimers(At(20), 1); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].case_id, other);

  Must(InWrite([&](app::Tx& tx) { return tx.Cases().CancelTimers(case_id_, std::nullopt); }));
  due = Must(InRead([&](app::Tx& tx) { return tx.Cases().DueTimers(At(1000), 10); }));
  ASSERT_EQ(due.size(), 1u);  // only the other case's; the fired one is kept, not due
  EXPECT_EQ(due[0].case_id, other);
  EXPECT_EQ(Timers(case_id_).size(), 1u);

  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().CancelTimers(other, std::string("resolved"));  // another target
  }));
  EXPECT_EQ(Timers(other).size(), 1u);
  Must(InWrite(
      [&](app::Tx& tx) { return tx.Cases().CancelTimers(other, std::string("answered")); }));
  EXPECT_TRUE(Timers(other).empty());
}

}  // namespace
}  // namespace csqm::store::testing
