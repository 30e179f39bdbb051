// Waiting without holding a thread. Code that waits for another thread (the SQLite writer's
// commit) asks CurrentSuspender(): on an ordinary thread there is none and it blocks as usual;
// inside a stackful coroutine (the HTTP server runs write handlers as such) it suspends the
// coroutine instead, and the thread runs other handlers meanwhile. The coroutine may resume on
// another thread of its pool, so nothing thread-bound (a held mutex, a thread_local cached
// across the wait) may span a Suspend.
//
//   if (core::Suspender* s = core::CurrentSuspender()) {
//     s->Suspend([&](std::function<void()> resume) { queue.Push(&job, std::move(resume)); });
//   } else { /* block */ }
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

// The calling thread's current coroutine's suspender, or nullptr. Set by whoever runs
// coroutines (around each resumption); not inline, so no caller caches the thread's slot.
Suspender* CurrentSuspender();
void SetCurrentSuspender(Suspender* suspender);

}  // namespace csqm::core
