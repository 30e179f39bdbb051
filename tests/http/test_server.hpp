// Helpers for the HTTP tests: a Server on 127.0.0.1:0 with a given router, and a raw POSIX
// socket for what a well-behaved client would never send.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace csqm::http::testing {

inline ServerOptions TestOptions() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 8;
  options.log_requests = false;
  options.shutdown_grace = std::chrono::seconds(5);
  return options;
}

// Starts in the constructor (failing the test when it cannot), stops in the destructor.
class RunningServer {
 public:
  explicit RunningServer(Router router, ServerOptions options = TestOptions())
      : router_(std::move(router)) {
    Start(std::move(options));
  }
  // For routes that need the server's metrics registry (AddHealthRoutes).
  explicit RunningServer(const std::function<void(Router&, Metrics&)>& add_routes,
                         ServerOptions options = TestOptions()) {
    add_routes(router_, metrics_);
    Start(std::move(options));
  }

  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  Metrics& metrics() { return metrics_; }
  test::HttpClient Client() { return test::HttpClient("127.0.0.1", port()); }

 private:
  void Start(ServerOptions options) {
    server_ = std::make_unique<Server>(std::move(options), router_, metrics_);
    core::Status started = server_->Start();
    if (!started) throw std::runtime_error("server did not start: " + started.error().OneLine());
  }

  Metrics metrics_;
  Router router_;
  std::unique_ptr<Server> server_;
};

// A blocking TCP connection with a receive deadline.
class RawSocket {
 public:
  explicit RawSocket(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  ~RawSocket() { ::close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  void Send(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      sent += static_cast<size_t>(n);
    }
  }

  // Reads until `needle` has arrived, the peer closes, or `deadline` passes.
  std::string ReadUntil(const std::string& needle,
                        std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
    std::string data;
    auto end = std::chrono::steady_clock::now() + deadline;
    while (needle.empty() || data.find(needle) == std::string::npos) {
      if (!WaitReadable(end)) break;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      data.append(buf, static_cast<size_t>(n));
    }
    return data;
  }

  // Everything until the peer closes (or the deadline passes: then closed() is false).
  std::string ReadToClose(std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
    return ReadUntil("", deadline);
  }
  bool closed() const { return closed_; }

 private:
  bool WaitReadable(std::chrono::steady_clock::time_point end) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
  }

  int fd_;
  bool closed_ = false;
};

}  // namespace csqm::http::testing
