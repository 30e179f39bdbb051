// A few threads of their own for steps that are heavy on CPU and memory: argon2id password
// hashes (64 MiB and ~60 ms each). Called from a write handler's coroutine, RunOffloaded
// suspends the coroutine meanwhile (core::AwaitCompletion), so the handler pool's few threads
// go on serving other requests; called from a plain thread, it blocks that thread. Either way at
// most one such step per core (at most 4) runs at once, which bounds their memory.
//
//   bool ok = false;
//   platform::RunOffloaded([&] { ok = VerifyPassword(hash, password); });
#pragma once

#include <functional>

namespace csqm::platform {

// Runs fn on an offload thread and returns when it has; an exception fn throws is rethrown here.
void RunOffloaded(const std::function<void()>& fn);

}  // namespace csqm::platform
