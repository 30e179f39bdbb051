// Waiting without holding a thread. Code that waits for another thread (the SQLite writer's
// commit) asks CurrentSuspender(): on an ordinary thread there is none and it blocks as usual;
// inside a stackful coroutine (the HTTP server runs write handlers as such) it suspends the
// coroutine instead, and the thread runs other handlers meanwhile. The coroutine may resume on
// another thread of its pool, so nothing thread-bound (a held mutex, a thread_local cached
// across the wait) may span a Suspend.
//
//   core::AwaitCompletion([&](std::function<void()> done) { queue.Push(&job, std::move(done)); });
#pragma once

#include <functional>

namespace csqm::core {

class Suspender {
 public:
  virtual ~Suspender() = default;
  // Suspends the calling coroutine, calls start(resume) once it is suspended, and returns after
  // someone (any thread) called resume() — exactly once; it may be called before start returns.
  virtual void Suspend(const std::function<void(std::function<void()> resume)>& start) = 0;
};

// Starts some work and returns once it is done: start(done) hands `done` to whoever finishes
// the work, who calls it exactly once, from any thread (perhaps before start returns). A
// coroutine is suspended meanwhile (CurrentSuspender); a plain thread blocks.
void AwaitCompletion(const std::function<void(std::function<void()> done)>& start);

// The calling thread's current coroutine's suspender, or nullptr. Set by whoever runs
// coroutines (around each resumption); not inline, so no caller caches the thread's slot.
Suspender* CurrentSuspender();
void SetCurrentSuspender(Suspender* suspender);

}  // namespace csqm::core
