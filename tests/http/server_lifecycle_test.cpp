// Start, stop, signals, timeouts and load: the server's life over real sockets.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/suspension.hpp"
#include "test_server.hpp"

namespace csqm::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::RawSocket;
using testing::RunningServer;
using testing::TestOptions;

// A latch the test opens while a handler waits on it.
class Gate {
 public:
  void Enter() {
    std::unique_lock lock(mutex_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void WaitEntered() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return entered_; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool open_ = false;
};

TEST(Server, StopLetsInFlightRequestFinish) {
  Gate gate;
  Router router;
  router.Add("GET", "/slow", [&gate](Request&) {
    gate.Enter();
    return Response::Json(200, R"({"done":true})");
  });
  router.Add("GET", "/fast", [](Request&) { return Response::Json(200, "{}"); });
  RunningServer running(std::move(router));
  uint16_t port = running.port();

  test::HttpClient idle = running.Client();  // a kept-alive connection with nothing to do
  ASSERT_EQ(idle.Request("GET", "/fast").status, 200);

  auto in_flight = std::async(std::launch::async, [port] {
    test::HttpClient client("127.0.0.1", port);
    return client.Request("GET", "/slow");
  });
  gate.WaitEntered();
  auto stopped = std::async(std::launch::async, [&running] { running.server().Stop(); });
  // Stop waits for the handler; the listener is closed meanwhile.
  EXPECT_EQ(stopped.wait_for(milliseconds(300)), std::future_status::timeout);
  gate.Open();
  test::ClientResponse r = in_flight.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"done":true})");
  EXPECT_FALSE(r.keep_alive);  // answered with Connection: close
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_THROW(RawSocket{port}, std::runtime_error);  // nobody listens any more
}

TEST(Server, StopClosesIdleKeepAliveConnectionsAtOnce) {
  Router router;
  router.Add("GET", "/fast", [](Request&) { return Response::Json(200, "{}"); });
  ServerOptions options = TestOptions();
  options.shutdown_grace = std::chrono::seconds(10);
  RunningServer running(std::move(router), options);
  RawSocket socket(running.port());
  socket.Send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(socket.ReadUntil("{}").find("200 OK"), std::string::npos);

  auto start = steady_clock::now();
  running.server().Stop();
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(3));
  socket.ReadToClose(milliseconds(2000));
  EXPECT_TRUE(socket.closed());
  running.server().Stop();  // idempotent
}

TEST(Server, ReadTimeoutClosesSilentConnection) {
  Router router;
  router.Add("GET", "/fast", [](Request&) { return Response::Json(200, "{}"); });
  ServerOptions options = TestOptions();
  options.read_timeout = milliseconds(300);
  options.idle_timeout = milliseconds(300);
  RunningServer running(std::move(router), options);

  RawSocket partial(running.port());
  partial.Send("GET /fast HTTP/1.1\r\nHost: x\r\n");  // header never finished
  auto start = steady_clock::now();
  partial.ReadToClose(std::chrono::seconds(5));
  EXPECT_TRUE(partial.closed());
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(3));

  RawSocket silent(running.port());  // never sends a byte
  silent.ReadToClose(std::chrono::seconds(5));
  EXPECT_TRUE(silent.closed());

  test::HttpClient client = running.Client();  // the server itself is fine
  EXPECT_EQ(client.Request("GET", "/fast").status, 200);
}

TEST(Server, ConcurrentClientsAllServed) {
  Router router;
  router.Add("POST", "/echo/{n}", [](Request& r) {
    return Response::Json(200, "{\"n\":" + r.path_params.at("n") + ",\"body\":" + r.body + "}");
  });
  ServerOptions options = TestOptions();
  options.worker_threads = 16;
  RunningServer running(std::move(router), options);

  constexpr int kThreads = 16;
  constexpr int kRequests = 200;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      test::HttpClient client("127.0.0.1", running.port());
      for (int i = 0; i < kRequests; ++i) {
        std::string n = std::to_string(t * kRequests + i);
        test::ClientResponse r = client.Request("POST", "/echo/" + n, "[" + n + "]");
        if (r.status == 200 && r.body == "{\"n\":" + n + ",\"body\":[" + n + "]}") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
  std::string text = running.metrics().Render();
  EXPECT_NE(
      text.find(
          "csqm_http_requests_total{route=\"/echo/{n}\",method=\"POST\",status=\"200\"} 3200\n"),
      std::string::npos);
}

// Collects the resume callbacks of suspended handlers; once `expected` are in (or the deadline
// passed, so that a failing test still ends), resumes them all.
class Rendezvous {
 public:
  explicit Rendezvous(size_t expected) : expected_(expected) {
    watchdog_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; })) {
        ReleaseLocked();
      }
    });
  }
  ~Rendezvous() { watchdog_.join(); }
  void Arrive(std::function<void()> resume) {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(resume));
    if (waiting_.size() == expected_) {
      all_arrived_ = true;
      ReleaseLocked();
    }
  }
  bool all_arrived() {
    std::lock_guard lock(mutex_);
    return all_arrived_;
  }

 private:
  void ReleaseLocked() {
    released_ = true;
    for (auto& resume : waiting_) resume();
    waiting_.clear();
    cv_.notify_all();
  }
  const size_t expected_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::function<void()>> waiting_;
  bool all_arrived_ = false;
  bool released_ = false;
  std::thread watchdog_;
};

TEST(Server, WriteHandlersSuspendedWhileWaitingDoNotHoldTheirThread) {
  constexpr int kClients = 8;
  Rendezvous rendezvous(kClients);
  std::atomic<int> without_suspender{0};
  Router router;
  router.Add("POST", "/wait", [&](Request&) {
    core::Suspender* suspender = core::CurrentSuspender();
    if (suspender == nullptr) {
      ++without_suspender;
      return Response::Json(500, "{}");
    }
    suspender->Suspend([&](std::function<void()> resume) { rendezvous.Arrive(std::move(resume)); });
    return Response::Json(200, R"({"resumed":true})");
  });
  router.Add("GET", "/read", [&](Request&) {
    if (core::CurrentSuspender() != nullptr) ++without_suspender;  // reads run to the end
    return Response::Json(200, "{}");
  });
  ServerOptions options = TestOptions();
  options.worker_threads = 1;  // every write handler shares one thread
  RunningServer running(std::move(router), options);

  std::vector<std::future<test::ClientResponse>> answers;
  for (int i = 0; i < kClients; ++i) {
    answers.push_back(std::async(std::launch::async, [port = running.port()] {
      test::HttpClient client("127.0.0.1", port);
      return client.Request("POST", "/wait", "{}");
    }));
  }
  for (auto& answer : answers) {
    test::ClientResponse r = answer.get();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"resumed":true})");
  }
  // All eight were waiting at once on the single thread: none was resumed by the watchdog.
  EXPECT_TRUE(rendezvous.all_arrived());
  EXPECT_EQ(running.Client().Request("GET", "/read").status, 200);
  EXPECT_EQ(without_suspender.load(), 0);
}

TEST(Server, StartReportsBindFailureBilingually) {
  Router router;
  RunningServer first{Router()};
  Metrics metrics;
  ServerOptions options = TestOptions();
  options.port = first.port();
  Server second(options, router, metrics);
  core::Status status = second.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "http.bind_failed");
  EXPECT_FALSE(status.error().message_zh.empty());
  EXPECT_NE(status.error().message_en.find(std::to_string(first.port())), std::string::npos);
  second.Wait();  // never started: returns at once

  ServerOptions bad_host = TestOptions();
  bad_host.host = "256.1.1.1";
  Server third(bad_host, router, metrics);
  EXPECT_EQ(third.Start().error().reason, "http.bind_failed");
}

TEST(Server, PicksAFreePortAndRefusesASecondStart) {
  RunningServer running{Router()};
  EXPECT_NE(running.port(), 0);
  core::Status again = running.server().Start();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "http.already_started");
}

TEST(Server, SigtermStopsGracefullyWhenHandlingSignals) {
  Router router;
  router.Add("GET", "/fast", [](Request&) { return Response::Json(200, "{}"); });
  ServerOptions options = TestOptions();
  options.handle_signals = true;
  RunningServer running(std::move(router), options);
  test::HttpClient client = running.Client();
  ASSERT_EQ(client.Request("GET", "/fast").status, 200);

  auto waited = std::async(std::launch::async, [&running] { running.server().Wait(); });
  EXPECT_EQ(waited.wait_for(milliseconds(100)), std::future_status::timeout);
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_EQ(waited.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_THROW(RawSocket{running.port()}, std::runtime_error);
}

}  // namespace
}  // namespace csqm::http
