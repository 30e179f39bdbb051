#include "core/suspension.hpp"

namespace csqm::core {
namespace {

thread_local Suspender* tls_suspender = nullptr;

}  // namespace

__attribute__((noinline)) Suspender* CurrentSuspender() { return tls_suspender; }

__attribute__((noinline)) void SetCurrentSuspender(Suspender* suspender) {
  tls_suspender = suspender;
}

}  // namespace csqm::core
