// platform::RunOffloaded: off the caller's thread, bounded, exceptions carried back, and a
// coroutine caller suspended rather than blocked.
#include "platform/offload.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/adapters.hpp"
#include "support/waiting_suspender.hpp"

namespace csqm::platform {
namespace {

TEST(Offload, RunsOnAnotherThreadAndReturnsAfterItRan) {
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id runner;
  int value = 0;
  RunOffloaded([&] {
    runner = std::this_thread::get_id();
    value = 42;
  });
  EXPECT_NE(runner, caller);
  EXPECT_EQ(value, 42);
}

TEST(Offload, AnExceptionReachesTheCaller) {
  EXPECT_THROW(RunOffloaded([] { throw std::runtime_error("boom"); }), std::runtime_error);
  int after = 0;
  RunOffloaded([&] { after = 1; });  // the thread survived
  EXPECT_EQ(after, 1);
}

TEST(Offload, AtMostFourRunAtOnce) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 16; ++i) {
    callers.emplace_back([&] {
      RunOffloaded([&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --running;
      });
    });
  }
  for (auto& t : callers) t.join();
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_GE(most.load(), 1);
  EXPECT_LE(most.load(), std::clamp(cores, 1, 4));
}

TEST(Offload, ACoroutineCallerIsSuspendedWhileThePasswordHashRuns) {
  test::WaitingSuspender suspender;
  SodiumCrypto crypto;
  std::optional<core::Result<std::string>> hash;
  bool right = false;
  bool wrong = false;
  {
    test::ScopedSuspender scope(&suspender);
    hash = crypto.HashPassword("正确的密码 correct horse");
    right = hash->ok() && crypto.VerifyPassword(**hash, "正确的密码 correct horse");
    wrong = hash->ok() && crypto.VerifyPassword(**hash, "wrong password");
  }
  ASSERT_TRUE(hash->ok()) << hash->error().OneLine();
  EXPECT_TRUE(right);
  EXPECT_FALSE(wrong);
  EXPECT_EQ(suspender.suspends.load(), 3);
}

}  // namespace
}  // namespace csqm::platform
