// A stand-in for a coroutine in tests that run on plain threads: Suspend hands over the resume
// callback, then blocks until it is called, counting both. From the code under test's side it
// is a suspension like the HTTP server's (resume may come from any thread, even before start
// returns); a second resume would throw (std::promise).
#pragma once

#include <atomic>
#include <functional>
#include <future>

#include "core/suspension.hpp"

namespace csqm::test {

class WaitingSuspender final : public core::Suspender {
 public:
  void Suspend(const std::function<void(std::function<void()>)>& start) override {
    ++suspends;
    std::promise<void> resumed;
    start([this, &resumed] {
      ++resumes;
      resumed.set_value();
    });
    resumed.get_future().wait();
  }
  std::atomic<int> suspends{0};
  std::atomic<int> resumes{0};
};

// Makes `suspender` the calling thread's current one for the scope (nullptr: none).
class ScopedSuspender {
 public:
  explicit ScopedSuspender(core::Suspender* suspender) { core::SetCurrentSuspender(suspender); }
  ~ScopedSuspender() { core::SetCurrentSuspender(nullptr); }
  ScopedSuspender(const ScopedSuspender&) = delete;
  ScopedSuspender& operator=(const ScopedSuspender&) = delete;
};

}  // namespace csqm::test
