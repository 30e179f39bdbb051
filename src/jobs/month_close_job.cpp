#include "jobs/month_close_job.hpp"

#include <pthread.h>

#include "platform/log.hpp"

namespace csqm::jobs {

MonthCloseJob::MonthCloseJob(app::Services& services, app::ReportEnv env,
                             std::chrono::milliseconds interval)
    : services_(services), env_(env), interval_(interval) {}

MonthCloseJob::~MonthCloseJob() { Stop(); }

void MonthCloseJob::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "csqm-monthclose");  // shown by top -H, ps -L
    std::unique_lock lock2(mutex_);
    while (!stopping_) {
      lock2.unlock();
      RunOnce();
      lock2.lock();
      wake_.wait_for(lock2, interval_, [this] { return stopping_; });
    }
  });
}

void MonthCloseJob::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int MonthCloseJob::RunOnce() {
  auto sent = app::RunMonthClose(services_, env_);
  if (!sent) {
    platform::Log(platform::LogLevel::kError, "month close failed",
                  {{"code", sent.error().reason}, {"error", sent.error().message_en}});
    return 0;
  }
  if (*sent > 0)
    platform::Log(platform::LogLevel::kInfo, "monthly quality report sent", {{"reports", *sent}});
  return *sent;
}

}  // namespace csqm::jobs
