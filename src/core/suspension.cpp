#include "core/suspension.hpp"

#include <condition_variable>
#include <mutex>

namespace csqm::core {
namespace {

thread_local Suspender* tls_suspender = nullptr;

}  // namespace

__attribute__((noinline)) Suspender* CurrentSuspender() { return tls_suspender; }

__attribute__((noinline)) void SetCurrentSuspender(Suspender* suspender) {
  tls_suspender = suspender;
}

void AwaitCompletion(const std::function<void(std::function<void()> done)>& start) {
  if (Suspender* suspender = CurrentSuspender()) {
    suspender->Suspend(start);
    return;
  }
  // (A mutex and condition variable rather than a std::binary_semaphore: libstdc++'s semaphore
  // spins with sched_yield before sleeping, which costs CPU when dozens of threads wait.)
  std::mutex mutex;
  std::condition_variable cv;
  bool finished = false;
  start([&] {
    std::lock_guard lock(mutex);  // notify under the lock: the waiter's frame may go right after
    finished = true;
    cv.notify_one();
  });
  std::unique_lock lock(mutex);
  cv.wait(lock, [&] { return finished; });
}

}  // namespace csqm::core
