#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cctype>
#include <optional>
#include <stdexcept>

namespace csqm::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string> ClientResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

struct HttpClient::Impl {
  std::string host;
  std::string port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous step to completion under the stream's timeout.
  template <class Start>
  beast::error_code Run(Start start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, size_t) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void Connect() {
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, port);
    stream.emplace(ioc);
    stream->expires_after(timeout);
    beast::error_code result = asio::error::would_block;
    stream->async_connect(endpoints,
                          [&](beast::error_code ec, const tcp::endpoint&) { result = ec; });
    ioc.restart();
    ioc.run();
    if (result) throw std::runtime_error("connect failed: " + result.message());
    stream->socket().set_option(tcp::no_delay(true));
    buffer.clear();
  }
};

HttpClient::HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = std::to_string(port);
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (!impl_->stream) return;
  beast::error_code ignored;
  impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->stream->socket().close(ignored);
  impl_->stream.reset();
}

ClientResponse HttpClient::Request(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, impl_->host + ":" + impl_->port);
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    req.insert(name, value);
    if (beast::iequals(name, "Content-Type")) has_content_type = true;
  }
  if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  if (body.empty() && method != "POST" && method != "PUT" && method != "PATCH") {
    req.erase(bhttp::field::content_length);
  }

  // A kept-alive connection may have been closed by the server meanwhile: retry once on a
  // fresh connection when nothing came back on the old one.
  for (int attempt = 0;; ++attempt) {
    bool fresh = !impl_->stream;
    if (fresh) {
      impl_->Connect();
      ++connections_opened_;
    }
    auto& stream = *impl_->stream;
    stream.expires_after(impl_->timeout);
    beast::error_code ec =
        impl_->Run([&](auto handler) { bhttp::async_write(stream, req, std::move(handler)); });
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    parser.skip(method == "HEAD");
    if (!ec) {
      ec = impl_->Run([&](auto handler) {
        bhttp::async_read(stream, impl_->buffer, parser, std::move(handler));
      });
    }
    if (ec) {
      Close();
      bool retryable = !fresh && attempt == 0 && ec != beast::error::timeout;
      if (retryable) continue;
      throw std::runtime_error(method + " " + target + " failed: " + ec.message());
    }
    reused_ = !fresh;
    auto res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      if (beast::iequals(name, "Set-Cookie")) out.set_cookies.emplace_back(field.value());
      out.headers[name] = std::string(field.value());
    }
    out.body = std::move(res.body());
    out.keep_alive = res.keep_alive();
    if (!out.keep_alive) Close();
    return out;
  }
}

}  // namespace csqm::test
