// Fires due SLA timers in the background until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "app/escalation.hpp"

namespace csqm::jobs {

class TimerRunner {
 public:
  using Observer = std::function<void(const app::TimerRunReport&)>;
  TimerRunner(app::Services& services, std::chrono::milliseconds interval, Observer observer);
  ~TimerRunner();
  TimerRunner(const TimerRunner&) = delete;
  TimerRunner& operator=(const TimerRunner&) = delete;

  void Start();
  // Wakes the thread and joins it; a run in progress finishes first.
  void Stop();
  // Runs once now, on the caller's thread (used at start-up and by tests).
  void RunOnce();

 private:
  void Loop();

  app::Services& services_;
  std::chrono::milliseconds interval_;
  Observer observer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace csqm::jobs
