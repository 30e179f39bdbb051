// Router: (method, path) -> handler. Patterns are literal segments and "{name}" parameters,
// e.g. "/api/v1/cases/{id}/comments"; a parameter matches one non-empty segment. Matching walks
// a segment trie (literal before parameter, backtracking), no regex per request.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace csqm::http {

// Runs on a worker thread; may block (database commits). Exceptions become 500 problems, but
// expected failures should come back as ProblemResponse(error).
using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Media types accepted for a non-empty body (415 otherwise); "*/*" accepts anything.
  // JSON by default, which also keeps cross-site HTML forms out.
  std::vector<std::string> accepts = {"application/json"};
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> param_names;  // in path order
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers a route. A malformed pattern (not starting with '/', an empty "{}") or a second
  // route for the same method and path shape is a programming error: std::invalid_argument.
  // Register everything before the server starts; Find is then safe from any thread.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Route* route = nullptr;               // kFound
    std::map<std::string, std::string> params;  // kFound: {"id", "42"}
    std::vector<std::string> allowed;           // kMethodNotAllowed: sorted, for Allow
  };
  // `path` is the decoded path without query. HEAD falls back to the GET route.
  Match Find(std::string_view method, std::string_view path) const;

  // (method, pattern) of every registered route in registration order (OpenAPI check).
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::deque<Route> routes_;  // stable addresses for Match::route
};

}  // namespace csqm::http
