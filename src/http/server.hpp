// The HTTP/1.1 server: Boost.Beast with C++20 coroutines behind a pimpl, so this header stays
// free of Beast and Asio. Connections run on `io_threads`; handlers run on separate pools, of
// `worker_threads` for writes and `read_threads` for GET and HEAD, and the connection resumes
// to write. Each write handler runs as a stackful coroutine (Boost.Context): one waiting for a
// database commit suspends itself (core::Suspender) and its thread runs the next handler.
//
//   Server server(options, router, metrics);
//   if (auto s = server.Start(); !s) { /* s.error(): http.bind_failed … */ }
//   server.Wait();  // until Stop() or, with handle_signals, SIGINT/SIGTERM
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace csqm::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address or a name resolved once at Start
  uint16_t port = 8080;            // 0 = pick a free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 4;  // POST, PUT, PATCH, DELETE handlers (csqm serve: see Config)
  int read_threads = 2;    // GET and HEAD handlers (csqm serve: one per core)
  size_t body_limit = 10 * 1024 * 1024;  // larger bodies get 413
  size_t header_limit = 16 * 1024;       // larger request headers get 431
  // The whole request (header and body) must arrive within read_timeout of its first byte;
  // a keep-alive connection waits idle_timeout for the next request; then it is closed.
  std::chrono::milliseconds read_timeout{std::chrono::seconds{30}};
  std::chrono::milliseconds idle_timeout{std::chrono::seconds{60}};
  std::chrono::milliseconds write_timeout{std::chrono::seconds{30}};
  // Stop() waits this long for in-flight requests before closing their connections.
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds{10}};
  // When non-empty, GET/HEAD of a path no route matches and not under /api/ is served from
  // this directory (the web UI), with index.html as the single-page-app fallback.
  std::string static_dir;
  // SIGINT/SIGTERM stop the server gracefully (Wait() returns after the stop); a second
  // signal during the stop exits the process at once.
  bool handle_signals = false;
  bool log_requests = true;  // one JSON line per request at level info
};

class Server {
 public:
  // `router` and `metrics` must outlive the server; the router must not change once started.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();  // Stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. kFailedPrecondition "http.bind_failed" when the address cannot
  // be bound (port in use, bad host), "http.static_dir_missing" when static_dir is set but is
  // not a directory, "http.already_started" on a second call.
  core::Status Start();
  // The bound port (the chosen one when options.port was 0); 0 before Start.
  uint16_t port() const;
  // Graceful and idempotent: stops accepting, closes idle keep-alive connections, lets
  // in-flight requests finish (answered with Connection: close) for up to shutdown_grace, then
  // closes the rest and joins every thread. Call it from any thread except a handler's. A
  // handler that never returns keeps Stop() waiting: handlers must bound their own waits.
  void Stop();
  // Blocks until the server is stopped: by Stop() on another thread or, with handle_signals,
  // by SIGINT/SIGTERM (Wait() then performs the graceful Stop itself). Returns at once when
  // the server was never started.
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace csqm::http
