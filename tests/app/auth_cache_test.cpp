// AuthCache: who a credential stands for, remembered briefly and forgotten on every change.
#include "app/auth_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace csqm::app {
namespace {

using std::chrono::milliseconds;

Caller Someone(Id id) {
  Caller c;
  c.actor.user.id = id;
  c.actor.user.login = "u" + std::to_string(id);
  c.actor.unit_path = "/1/";
  return c;
}

const Instant kNow = Instant(core::Millis(int64_t{1790000000000}));

TEST(AuthCache, Find_ReturnsWhatWasPutUntilItsTimeToLiveRunsOut) {
  AuthCache cache(milliseconds(80));
  uint64_t g = 0;
  EXPECT_FALSE(cache.Find("b:x", kNow, g));
  cache.Put("b:x", Someone(7), std::nullopt, g);
  auto hit = cache.Find("b:x", kNow, g);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->actor.id(), 7);
  EXPECT_FALSE(cache.Find("s:x", kNow, g)) << "sessions and tokens are kept apart by the key";
  std::this_thread::sleep_for(milliseconds(120));
  EXPECT_FALSE(cache.Find("b:x", kNow, g));
}

TEST(AuthCache, Find_MissesOnceTheCredentialItselfExpiresByTheServiceClock) {
  AuthCache cache(std::chrono::hours(1));
  uint64_t g = 0;
  (void)cache.Find("s:x", kNow, g);
  cache.Put("s:x", Someone(7), kNow + std::chrono::minutes(5), g);
  EXPECT_TRUE(cache.Find("s:x", kNow + std::chrono::minutes(4), g));
  EXPECT_FALSE(cache.Find("s:x", kNow + std::chrono::minutes(5), g));
  EXPECT_FALSE(cache.Find("s:x", kNow, g)) << "gone, not merely hidden";
}

TEST(AuthCache, Clear_ForgetsEverythingAndRefusesAReadThatStartedBeforeIt) {
  AuthCache cache(std::chrono::hours(1));
  uint64_t g = 0;
  (void)cache.Find("b:x", kNow, g);
  cache.Put("b:x", Someone(1), std::nullopt, g);
  uint64_t before_change = 0;
  (void)cache.Find("b:y", kNow, before_change);  // a miss: the caller reads the database …
  cache.Clear();                                 // … while another request revokes something
  cache.Put("b:y", Someone(2), std::nullopt, before_change);
  EXPECT_FALSE(cache.Find("b:x", kNow, g));
  EXPECT_FALSE(cache.Find("b:y", kNow, g)) << "a read from before the change is not kept";
  cache.Put("b:y", Someone(2), std::nullopt, g);
  EXPECT_TRUE(cache.Find("b:y", kNow, g));
}

TEST(AuthCache, Put_BeyondCapacityStartsOverInsteadOfGrowing) {
  AuthCache cache(std::chrono::hours(1), 3);
  uint64_t g = 0;
  for (int i = 0; i < 3; ++i) cache.Put("b:" + std::to_string(i), Someone(i), std::nullopt, g);
  EXPECT_TRUE(cache.Find("b:0", kNow, g));
  cache.Put("b:3", Someone(3), std::nullopt, g);
  EXPECT_FALSE(cache.Find("b:0", kNow, g));
  EXPECT_TRUE(cache.Find("b:3", kNow, g));
}

}  // namespace
}  // namespace csqm::app
