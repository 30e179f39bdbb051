// What the server does with one parsed request, free of sockets: route it, check the body's
// media type, run the handler (catching anything it throws), fall back to static files, and
// produce 404/405/415 problems. The server calls it on a worker thread.
#pragma once

#include <optional>
#include <string>

#include "http/message.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace csqm::http {

struct Dispatched {
  Response response;
  std::string route;  // metrics/log label: the route pattern, "static" or "unmatched"
};

class Dispatcher {
 public:
  // `router` must outlive the dispatcher; `static_dir` empty means no static files.
  Dispatcher(const Router& router, const std::string& static_dir);

  // Never throws: a throwing handler becomes a logged 500 problem (code "internal").
  Dispatched Dispatch(Request& request) const;

 private:
  const Router& router_;
  std::optional<StaticFiles> static_files_;
};

// True when the request's Content-Type is one of `accepts` ("*/*" accepts anything; a
// "+json" suffix counts as application/json). Parameters such as charset are ignored.
bool ContentTypeAccepted(const Request& request, const RouteOptions& options);

}  // namespace csqm::http
