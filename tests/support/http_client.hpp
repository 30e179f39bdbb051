// A small synchronous HTTP/1.1 client for tests: one keep-alive connection, reconnected when
// the server closed it. Beast stays inside http_client.cpp.
//   HttpClient client("127.0.0.1", server.port());
//   ClientResponse r = client.Request("GET", "/api/v1/cases/42");
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace csqm::test {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct ClientResponse {
  int status = 0;
  // Last value per name; Set-Cookie lines are all in set_cookies.
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::vector<std::string> set_cookies;
  std::string body;
  bool keep_alive = true;  // false when the server said Connection: close

  std::optional<std::string> Header(const std::string& name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the answer. Content-Length is set from `body`; a non-empty
  // body without a Content-Type header is sent as application/json. HEAD responses have no
  // body. Throws std::runtime_error on a network error or timeout (a test failure).
  ClientResponse Request(const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

  // Closes the connection; the next Request reconnects.
  void Close();
  // Whether the last response arrived on the connection used by the one before.
  bool reused_connection() const { return reused_; }
  int connections_opened() const { return connections_opened_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool reused_ = false;
  int connections_opened_ = 0;
};

}  // namespace csqm::test
