// The month-close job: after each month closes, generates, archives and sends the monthly
// quality report (app::RunMonthClose) — exactly once per month and top-level unit across
// restarts and nodes (the archived report's sent_at is the guard). Checks every `interval`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/quality_report.hpp"

namespace csqm::jobs {

class MonthCloseJob {
 public:
  MonthCloseJob(app::Services& services, app::ReportEnv env, std::chrono::milliseconds interval);
  ~MonthCloseJob();
  MonthCloseJob(const MonthCloseJob&) = delete;
  MonthCloseJob& operator=(const MonthCloseJob&) = delete;

  void Start();
  void Stop();
  // One check now, on the caller's thread: the number of reports sent (errors are logged).
  int RunOnce();

 private:
  app::Services& services_;
  app::ReportEnv env_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace csqm::jobs
