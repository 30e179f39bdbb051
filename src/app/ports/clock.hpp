// Clock: the one source of "now". Read once per use case; tests use a manual clock.
#pragma once

#include <atomic>

#include "core/time_types.hpp"

namespace csqm::app {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::Instant Now() const = 0;
};

// A clock that stands still until told to move: for tests and scenario runs.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(core::Instant start) : ms_(start.time_since_epoch().count()) {}
  core::Instant Now() const override { return core::Instant(core::Millis(ms_.load())); }
  void Set(core::Instant t) { ms_.store(t.time_since_epoch().count()); }
  void Advance(core::Millis d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> ms_;
};

}  // namespace csqm::app
