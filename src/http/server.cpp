// The only translation unit that includes Boost.Beast and Boost.Asio (compile cost: see README).
// Limits follow Beast's advanced_server (body and header limits, timeouts, graceful shutdown),
// in the coroutine style of http_server_awaitable; routing, static files and problems live in
// framework-free files (dispatch.*, router.*, static_files.*, problem.*).
#include "http/server.hpp"

#include <pthread.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "core/suspension.hpp"
#include "http/dispatch.hpp"
#include "http/http_date.hpp"
#include "http/problem.hpp"
#include "http/request_id.hpp"
#include "http/static_files.hpp"
#include "http/target.hpp"
#include "platform/log.hpp"

namespace csqm::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using platform::Log;
using platform::LogLevel;

namespace {

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr size_t kLingerDiscardLimit = 1 << 20;

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

// Where a connection is; read and written on the connection's strand only.
enum class Phase { kIdle, kReading, kBusy };

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  Phase phase = Phase::kIdle;
  std::string remote;
};

// One request as the log and the metrics see it.
struct Exchange {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string method;
  std::string path;
  std::string route = "unmatched";
  std::string request_id;
  int status = 0;
};

const std::string& CachedDate() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  auto now = std::chrono::system_clock::now();
  std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != cached_second) {
    cached = HttpDate(now);
    cached_second = second;
  }
  return cached;
}

bool IsHopByHop(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
         EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "X-Request-Id");
}

// Our Response -> a Beast response. HEAD keeps the Content-Length of the body it omits.
BeastResponse ToBeast(Response&& in, bool head, unsigned version, bool keep_alive,
                      const std::string& request_id) {
  BeastResponse out{static_cast<bhttp::status>(in.status), version};
  for (auto& [name, value] : in.headers) {
    if (!IsHopByHop(name)) out.insert(name, value);
  }
  out.set("X-Request-Id", request_id);
  out.set(bhttp::field::date, CachedDate());
  out.keep_alive(keep_alive);
  const bool no_body = in.status < 200 || in.status == 204 || in.status == 304;
  if (no_body) return out;
  if (head) {
    out.content_length(in.body.size());
  } else {
    out.body() = std::move(in.body);
    out.prepare_payload();
  }
  return out;
}

std::string RequestIdFrom(const BeastRequest& req) {
  auto it = req.find("X-Request-Id");
  if (it != req.end() && IsSaneRequestId(it->value())) return std::string(it->value());
  return NewRequestId();
}

std::string_view LanguageOf(const BeastRequest& req) {
  auto it = req.find(bhttp::field::accept_language);
  if (it == req.end()) return "zh";
  Request probe;
  probe.headers.Add("Accept-Language", std::string(it->value()));
  return PreferredLanguage(probe);
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// Stacks for the write handlers' coroutines: Boost.Context's protected stacks (a guard page
// below each, so that an overflow faults instead of overwriting a neighbour), kept for reuse: a
// fresh mapping per request costs system calls and page faults.
class StackPool {
 public:
  static constexpr size_t kStackBytes = 1024 * 1024;
  static constexpr size_t kKeep = 256;  // beyond this many idle stacks, freed ones are unmapped

  StackPool() = default;
  ~StackPool() {
    for (boost::context::stack_context& stack : idle_) allocator_.deallocate(stack);
  }
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context Allocate() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        boost::context::stack_context stack = idle_.back();
        idle_.pop_back();
        return stack;
      }
    }
    return allocator_.allocate();
  }

  void Deallocate(boost::context::stack_context& stack) noexcept {
    {
      std::lock_guard lock(mutex_);
      if (idle_.size() < kKeep) {
        idle_.push_back(stack);
        return;
      }
    }
    allocator_.deallocate(stack);
  }

 private:
  boost::context::protected_fixedsize_stack allocator_{kStackBytes};
  std::mutex mutex_;
  std::vector<boost::context::stack_context> idle_;  // guarded by mutex_
};

// Boost.Context's StackAllocator over a StackPool.
struct PooledStack {
  StackPool* pool;
  boost::context::stack_context allocate() { return pool->Allocate(); }
  void deallocate(boost::context::stack_context& stack) noexcept { pool->Deallocate(stack); }
};

// Suspends a write handler's coroutine while it waits (a commit), so that its thread runs other
// handlers; the resumption is posted to the coroutine's pool (resume() may run on any thread).
template <class Yield>
class CoroutineSuspender final : public core::Suspender {
 public:
  explicit CoroutineSuspender(const Yield& yield) : yield_(yield) {}

  void Suspend(const std::function<void(std::function<void()>)>& start) override {
    core::SetCurrentSuspender(nullptr);  // this thread runs other coroutines meanwhile
    asio::async_initiate<const Yield&, void()>(
        [&start](auto handler) {  // runs once the coroutine is suspended
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          start([shared] {
            asio::post(asio::get_associated_executor(*shared), [shared] { (*shared)(); });
          });
        },
        yield_);
    core::SetCurrentSuspender(this);  // resumed, perhaps on another thread of the pool
  }

 private:
  const Yield& yield_;
};

Dispatched DispatchCaught(Dispatcher& dispatcher, Request& request) {
  try {
    return dispatcher.Dispatch(request);
  } catch (...) {  // Dispatch catches handler exceptions; this is bad_alloc and kin
    return {EdgeProblemResponse(EdgeProblem::kInternal), "unmatched"};
  }
}

core::Error BindFailed(const ServerOptions& o, const std::string& why) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, "http.bind_failed",
                         fmt::format("无法在 {}:{} 上监听：{}", o.host, o.port, why),
                         fmt::format("Cannot listen on {}:{}: {}", o.host, o.port, why), "port");
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Metrics& metrics)
      : options_(std::move(options)),
        router_(router),
        dispatcher_(router, options_.static_dir),
        metrics_(metrics),
        open_connections_(
            metrics.GetGauge("csqm_http_open_connections", "HTTP connections currently open")),
        acceptor_(asio::make_strand(ioc_)) {}

  ~Impl() { Stop(); }

  core::Status Start();
  void Stop();
  void Wait();
  uint16_t port() const { return port_.load(); }

 private:
  asio::awaitable<void> Accept();
  void StartSession(tcp::socket socket);
  void ArmSignals();
  void RunIo();
  asio::awaitable<void> RunSession(std::shared_ptr<Session> s);
  asio::awaitable<Dispatched> DispatchOnPool(Request& request);
  asio::awaitable<bool> Answer(Session& s, BeastRequest in, Exchange& x);
  asio::awaitable<void> AnswerParseError(Session& s, const beast::error_code& ec,
                                         const BeastRequest& partial, Exchange& x);
  asio::awaitable<void> LingeringClose(Session& s);
  void Record(const Exchange& x, const std::string& remote);

  const ServerOptions options_;
  const Router& router_;
  Dispatcher dispatcher_;
  Metrics& metrics_;
  Gauge& open_connections_;
  std::atomic<uint16_t> port_{0};
  std::atomic<bool> stopping_{false};

  // Declared before the io_context: coroutine frames it destroys may still touch them.
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<std::shared_ptr<Session>> sessions_;  // guarded by mutex_
  bool started_ = false;                         // guarded by mutex_
  bool stop_requested_ = false;                  // a signal asked Wait() to stop
  bool stopped_ = false;
  std::mutex stop_mutex_;  // one Stop() at a time

  asio::io_context ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  StackPool stacks_;                   // the write handlers' coroutine stacks; outlives the pools
  std::atomic<size_t> coroutines_{0};  // write handlers running
  std::optional<asio::thread_pool> pool_;       // destroyed (joined) before the io_context
  std::optional<asio::thread_pool> read_pool_;  // GET and HEAD handlers
  std::vector<std::thread> io_threads_;
};

core::Status Server::Impl::Start() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (started_) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "http.already_started",
                             "服务器已经启动", "The server is already started");
    }
  }
  if (!options_.static_dir.empty()) {
    if (core::Status root = StaticFiles::CheckRoot(options_.static_dir); !root) return root;
  }
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) return BindFailed(options_, ec ? ec.message() : "no address");
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  if (acceptor_.open(endpoint.protocol(), ec)) return BindFailed(options_, ec.message());
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor_.bind(endpoint, ec) ||
      acceptor_.listen(asio::socket_base::max_listen_connections, ec)) {
    beast::error_code ignored;
    acceptor_.close(ignored);
    return BindFailed(options_, ec.message());
  }
  port_ = acceptor_.local_endpoint(ec).port();

  pool_.emplace(static_cast<size_t>(std::max(1, options_.worker_threads)));
  read_pool_.emplace(static_cast<size_t>(std::max(1, options_.read_threads)));
  work_.emplace(asio::make_work_guard(ioc_));
  asio::co_spawn(acceptor_.get_executor(), Accept(), [](std::exception_ptr e) {
    if (e) Log(LogLevel::kError, "accept loop ended by an exception");
  });
  if (options_.handle_signals) {
    signals_.emplace(asio::make_strand(ioc_), SIGINT, SIGTERM);
    ArmSignals();
  }
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "csqm-io");  // shown by top -H, ps -L
      RunIo();
    });
  }
  {
    std::lock_guard lock(mutex_);
    started_ = true;
  }
  Log(LogLevel::kInfo, "listening", {{"host", options_.host}, {"port", port_.load()}});
  return {};
}

void Server::Impl::RunIo() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      Log(LogLevel::kError, "io loop exception", {{"error", e.what()}});
    } catch (...) {
      Log(LogLevel::kError, "io loop exception", {{"error", "unknown"}});
    }
  }
}

void Server::Impl::ArmSignals() {
  signals_->async_wait([this](const beast::error_code& ec, int signo) {
    if (ec) return;
    bool second = false;
    {
      std::lock_guard lock(mutex_);
      second = stop_requested_;
      stop_requested_ = true;
    }
    if (second) {
      Log(LogLevel::kWarn, "second signal, exiting now", {{"signal", signo}});
      std::_Exit(128 + signo);
    }
    Log(LogLevel::kInfo, "signal received, stopping gracefully", {{"signal", signo}});
    cv_.notify_all();
    ArmSignals();
  });
}

void Server::Impl::Stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopped_) return;
  }
  stopping_ = true;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  if (signals_) {
    asio::post(signals_->get_executor(), [this] {
      beast::error_code ignored;
      signals_->cancel(ignored);
    });
  }
  auto close_sessions = [this](bool idle_only) {
    std::lock_guard lock(mutex_);
    for (const auto& s : sessions_) {
      asio::post(s->stream.get_executor(), [s, idle_only] {
        if (!idle_only || s->phase == Phase::kIdle) s->stream.cancel();
      });
    }
  };
  close_sessions(/*idle_only=*/true);
  {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, options_.shutdown_grace, [this] { return sessions_.empty(); })) {
      Log(LogLevel::kWarn, "shutdown grace expired, closing connections",
          {{"open", sessions_.size()}});
    }
  }
  close_sessions(/*idle_only=*/false);
  {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::seconds(1), [this] { return sessions_.empty(); });
  }
  {
    // A write handler still waiting for its commit lives on a coroutine stack the pool owns:
    // like a blocked thread, it is waited for (handlers bound their own waits).
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return coroutines_.load() == 0; });
  }
  work_.reset();
  ioc_.stop();
  for (std::thread& t : io_threads_) t.join();
  io_threads_.clear();
  pool_->stop();
  pool_->join();
  read_pool_->stop();
  read_pool_->join();
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  cv_.notify_all();
  Log(LogLevel::kInfo, "server stopped", {{"port", port_.load()}});
}

void Server::Impl::Wait() {
  std::unique_lock lock(mutex_);
  if (!started_) return;
  cv_.wait(lock, [this] { return stopped_ || stop_requested_; });
  if (stopped_) return;
  lock.unlock();
  Stop();
}

asio::awaitable<void> Server::Impl::Accept() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kAwait);
    if (ec) {
      if (stopping_ || !acceptor_.is_open()) co_return;
      Log(LogLevel::kWarn, "accept failed", {{"error", ec.message()}});
      // Out of file descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kAwait);
      continue;
    }
    StartSession(std::move(socket));
  }
}

void Server::Impl::StartSession(tcp::socket socket) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto session = std::make_shared<Session>(std::move(socket));
  auto peer = beast::get_lowest_layer(session->stream).socket().remote_endpoint(ec);
  session->remote = ec ? std::string() : peer.address().to_string();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // the socket closes with the session
    sessions_.insert(session);
  }
  open_connections_.Add(1);
  asio::co_spawn(session->stream.get_executor(), RunSession(session),
                 [this, session](std::exception_ptr e) {
                   if (e) Log(LogLevel::kError, "connection ended by an exception");
                   open_connections_.Add(-1);
                   {
                     std::lock_guard lock(mutex_);
                     sessions_.erase(session);
                   }
                   cv_.notify_all();
                 });
}

asio::awaitable<void> Server::Impl::RunSession(std::shared_ptr<Session> s) {
  beast::flat_buffer buffer;
  for (;;) {
    if (stopping_) break;
    s->phase = Phase::kIdle;
    if (buffer.size() == 0) {  // wait for the first byte of the next request
      s->stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await s->stream.async_read_some(buffer.prepare(4096), kAwait);
      if (ec) break;  // idle timeout, peer closed, or Stop()
      buffer.commit(n);
    }
    s->phase = Phase::kReading;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    parser.body_limit(options_.body_limit);
    s->stream.expires_after(options_.read_timeout);
    auto [hec, hn] = co_await bhttp::async_read_header(s->stream, buffer, parser, kAwait);
    Exchange x;
    if (!hec && !parser.is_done()) {
      auto expect = parser.get().find(bhttp::field::expect);
      if (expect != parser.get().end() && beast::iequals(expect->value(), "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        auto [cec, cn] = co_await bhttp::async_write(s->stream, go_on, kAwait);
        if (cec) break;
      }
      auto [bec, bn] = co_await bhttp::async_read(s->stream, buffer, parser, kAwait);
      hec = bec;
    }
    if (hec) {
      if (IsHttpParseError(hec)) co_await AnswerParseError(*s, hec, parser.get(), x);
      break;  // timeouts and resets close silently
    }
    s->phase = Phase::kBusy;
    x.start = std::chrono::steady_clock::now();
    bool keep_alive = co_await Answer(*s, parser.release(), x);
    if (!keep_alive) break;
  }
  beast::error_code ignored;
  s->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  s->stream.socket().close(ignored);
}

asio::awaitable<Dispatched> Server::Impl::DispatchOnPool(Request& request) {
  // Run the handler on a worker pool, then complete on this connection's strand. Reads go to
  // a small pool (about a thread per core): each runs to its end and the rest queue in order,
  // instead of dozens of threads sharing two cores slice by slice (long tails under load).
  // Writes run as stackful coroutines on the write pool: one waiting for its group commit is
  // suspended (core::Suspender), and its thread goes on with the next request.
  const bool read = request.method == "GET" || request.method == "HEAD";
  return asio::async_initiate<const asio::use_awaitable_t<>, void(Dispatched)>(
      [this, &request, read](auto handler) {
        auto finish = [](auto completion, Dispatched done) {
          auto ex = asio::get_associated_executor(completion);
          asio::dispatch(ex,
                         [completion = std::move(completion), done = std::move(done)]() mutable {
                           std::move(completion)(std::move(done));
                         });
        };
        if (read) {
          asio::post(*read_pool_, [this, &request, finish, handler = std::move(handler)]() mutable {
            finish(std::move(handler), DispatchCaught(dispatcher_, request));
          });
          return;
        }
        ++coroutines_;
        asio::spawn(
            pool_->get_executor(), std::allocator_arg, PooledStack{&stacks_},
            [this, &request, finish, handler = std::move(handler)](const auto& yield) mutable {
              CoroutineSuspender<std::decay_t<decltype(yield)>> suspender(yield);
              core::SetCurrentSuspender(&suspender);
              Dispatched done = DispatchCaught(dispatcher_, request);
              core::SetCurrentSuspender(nullptr);
              finish(std::move(handler), std::move(done));
              if (coroutines_.fetch_sub(1) == 1 && stopping_) {
                std::lock_guard lock(mutex_);  // Stop() checks and waits under it: no lost wake
                cv_.notify_all();
              }
            },
            asio::detached);
      },
      asio::use_awaitable);
}

asio::awaitable<bool> Server::Impl::Answer(Session& s, BeastRequest in, Exchange& x) {
  const bool head = in.method() == bhttp::verb::head;
  const unsigned version = in.version();
  Request request;
  request.method = std::string(in.method_string());
  request.target = std::string(in.target());
  request.request_id = RequestIdFrom(in);
  request.remote_address = s.remote;
  for (const auto& field : in) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  x.method = request.method;
  x.request_id = request.request_id;

  Dispatched done;
  auto decoded = DecodeTarget(request.target);
  if (decoded) {
    request.path = std::move(decoded->path);
    request.query = std::move(decoded->query);
    request.body = std::move(in.body());
    x.path = request.path;
    done = co_await DispatchOnPool(request);
  } else {
    x.path = request.target;
    done = {ProblemResponse(decoded.error(), PreferredLanguage(request)), "unmatched"};
  }
  x.route = std::move(done.route);
  x.status = done.response.status;
  // Counted and logged before the write, so a client that has its answer sees it counted.
  Record(x, s.remote);

  const bool keep_alive = in.keep_alive() && !stopping_;  // stopping may begin in the handler
  BeastResponse out =
      ToBeast(std::move(done.response), head, version, keep_alive, request.request_id);
  s.stream.expires_after(options_.write_timeout);
  auto [ec, n] = co_await bhttp::async_write(s.stream, out, kAwait);
  co_return !ec && keep_alive;
}

asio::awaitable<void> Server::Impl::AnswerParseError(Session& s, const beast::error_code& ec,
                                                     const BeastRequest& partial, Exchange& x) {
  EdgeProblem problem = EdgeProblem::kBadRequest;
  if (ec == bhttp::error::body_limit) problem = EdgeProblem::kBodyTooLarge;
  if (ec == bhttp::error::header_limit) problem = EdgeProblem::kHeaderTooLarge;
  x.method = std::string(partial.method_string());
  x.path = std::string(partial.target());
  x.request_id = RequestIdFrom(partial);
  if (problem == EdgeProblem::kBodyTooLarge) {
    auto decoded = DecodeTarget(partial.target());
    if (decoded) {
      Router::Match match = router_.Find(x.method, decoded->path);
      if (match.route != nullptr) x.route = match.route->pattern;
    }
  }
  Response problem_response = EdgeProblemResponse(problem, LanguageOf(partial));
  x.status = problem_response.status;
  Record(x, s.remote);
  BeastResponse out = ToBeast(std::move(problem_response), false, 11, false, x.request_id);
  s.stream.expires_after(options_.write_timeout);
  auto [wec, wn] = co_await bhttp::async_write(s.stream, out, kAwait);
  if (!wec) co_await LingeringClose(s);
}

asio::awaitable<void> Server::Impl::LingeringClose(Session& s) {
  // Closing with unread request bytes would send a reset that can destroy the answer before
  // the client reads it: stop sending, then drain what the client still sends, briefly.
  beast::error_code ignored;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  s.stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16 * 1024> sink;
  size_t discarded = 0;
  while (discarded < kLingerDiscardLimit) {
    auto [ec, n] = co_await s.stream.async_read_some(asio::buffer(sink), kAwait);
    if (ec) break;
    discarded += n;
  }
}

void Server::Impl::Record(const Exchange& x, const std::string& remote) {
  if (x.status == 0) return;
  auto elapsed = std::chrono::steady_clock::now() - x.start;
  double seconds = std::chrono::duration<double>(elapsed).count();
  metrics_.RecordRequest(x.route, x.method, x.status, seconds);
  if (!options_.log_requests) return;
  Log(x.status >= 500 ? LogLevel::kError : LogLevel::kInfo, "request",
      {{"method", x.method},
       {"path", x.path},
       {"route", x.route},
       {"status", x.status},
       {"duration_ms", seconds * 1000.0},
       {"request_id", x.request_id},
       {"remote", remote}});
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
Server::~Server() = default;
core::Status Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }

}  // namespace csqm::http
