#include "jobs/timer_runner.hpp"

#include <pthread.h>

#include "app/callbacks.hpp"
#include "platform/log.hpp"

namespace csqm::jobs {

TimerRunner::TimerRunner(app::Services& services, std::chrono::milliseconds interval,
                         Observer observer)
    : services_(services), interval_(interval), observer_(std::move(observer)) {}

TimerRunner::~TimerRunner() { Stop(); }

void TimerRunner::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "csqm-timers");  // shown by top -H, ps -L
    Loop();
  });
}

void TimerRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TimerRunner::RunOnce() {
  // Callback rules that run by time: routine callbacks per segment, last month's samples.
  if (auto callbacks = app::RunCallbackJobs(services_); !callbacks) {
    platform::Log(platform::LogLevel::kError, "callback jobs failed",
                  {{"code", callbacks.error().reason}, {"error", callbacks.error().message_en}});
  }
  // Drain: keep going while full batches come back.
  for (int round = 0; round < 100; ++round) {
    auto report = app::RunDueTimers(services_, 200);
    if (!report) {
      platform::Log(platform::LogLevel::kError, "timers failed",
                    {{"code", report.error().reason}, {"error", report.error().message_en}});
      return;
    }
    if (observer_) observer_(*report);
    if (report->due < 200) return;
  }
}

void TimerRunner::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    RunOnce();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace csqm::jobs
