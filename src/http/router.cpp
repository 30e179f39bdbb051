#include "http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace csqm::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::vector<const Route*> routes;  // those ending here, one per method
};

namespace {

// "/a/b" -> {"a","b"}; "/" -> {""}. The caller guarantees a leading '/'.
std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  for (;;) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

struct Walk {
  std::string_view method;
  const std::vector<std::string_view>& segments;
  std::vector<std::string_view> captured;
  std::set<std::string> allowed;
  const Route* found = nullptr;
};

const Route* RouteFor(const std::vector<const Route*>& routes, std::string_view method) {
  for (const Route* r : routes) {
    if (r->method == method) return r;
  }
  return nullptr;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  if (method.empty() || !handler) throw std::invalid_argument("route needs a method and handler");
  Node* node = root_.get();
  std::vector<std::string> names;
  for (std::string_view segment : SplitSegments(pattern)) {
    if (IsParam(segment)) {
      names.emplace_back(segment.substr(1, segment.size() - 2));
      if (names.back().empty()) throw std::invalid_argument("empty {} in route: " + pattern);
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
      continue;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("braces inside a literal segment: " + pattern);
    }
    auto it = node->literals.find(segment);
    if (it == node->literals.end()) {
      it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
    }
    node = it->second.get();
  }
  if (RouteFor(node->routes, method) != nullptr) {
    throw std::invalid_argument("duplicate route: " + method + " " + pattern);
  }
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler),
                          std::move(options), std::move(names)});
  node->routes.push_back(&routes_.back());
}

namespace {

// Depth-first, literal before parameter; stops at the first node with a route for the method
// and remembers the methods of every node the path reached (for 405 Allow).
template <class NodeT>
bool Descend(const NodeT& node, size_t i, Walk& walk) {
  if (i == walk.segments.size()) {
    if (node.routes.empty()) return false;
    const Route* route = RouteFor(node.routes, walk.method);
    if (route == nullptr && walk.method == "HEAD") route = RouteFor(node.routes, "GET");
    if (route != nullptr) {
      walk.found = route;
      return true;
    }
    for (const Route* r : node.routes) {
      walk.allowed.insert(r->method);
      if (r->method == "GET") walk.allowed.insert("HEAD");
    }
    return false;
  }
  std::string_view segment = walk.segments[i];
  auto it = node.literals.find(segment);
  if (it != node.literals.end() && Descend(*it->second, i + 1, walk)) return true;
  if (node.param && !segment.empty()) {
    walk.captured.push_back(segment);
    if (Descend(*node.param, i + 1, walk)) return true;
    walk.captured.pop_back();
  }
  return false;
}

}  // namespace

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  std::vector<std::string_view> segments = SplitSegments(path);
  Walk walk{method, segments, {}, {}, nullptr};
  if (Descend(*root_, 0, walk)) {
    match.kind = Match::Kind::kFound;
    match.route = walk.found;
    for (size_t k = 0; k < walk.captured.size() && k < walk.found->param_names.size(); ++k) {
      match.params.emplace(walk.found->param_names[k], std::string(walk.captured[k]));
    }
    return match;
  }
  if (!walk.allowed.empty()) {
    match.kind = Match::Kind::kMethodNotAllowed;
    match.allowed.assign(walk.allowed.begin(), walk.allowed.end());
  }
  return match;
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace csqm::http
