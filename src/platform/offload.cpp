#include "platform/offload.hpp"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/suspension.hpp"

namespace csqm::platform {
namespace {

struct Job {
  const std::function<void()>* fn = nullptr;
  std::exception_ptr error;
  std::function<void()> done;
};

class OffloadPool {
 public:
  explicit OffloadPool(int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "csqm-offload");  // shown by top -H, ps -L
        Loop();
      });
    }
  }
  ~OffloadPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  OffloadPool(const OffloadPool&) = delete;
  OffloadPool& operator=(const OffloadPool&) = delete;

  void Push(Job* job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(job);
    }
    wake_.notify_one();
  }

 private:
  void Loop() {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and every queued job has run
        job = queue_.front();
        queue_.pop_front();
      }
      try {
        (*job->fn)();
      } catch (...) {
        job->error = std::current_exception();
      }
      std::function<void()> done = std::move(job->done);  // *job may be gone once done() ran
      done();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::vector<std::thread> threads_;
};

OffloadPool& Pool() {
  static OffloadPool pool(std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4));
  return pool;
}

}  // namespace

void RunOffloaded(const std::function<void()>& fn) {
  OffloadPool& pool = Pool();  // constructed before any suspension
  Job job;
  job.fn = &fn;
  core::AwaitCompletion([&pool, &job](std::function<void()> done) {
    job.done = std::move(done);
    pool.Push(&job);
  });
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace csqm::platform
