// The web UI's files (web/dist) served for GET/HEAD paths that no route matches and that are
// not under /api/. A path without a file extension that names no file gets index.html (the
// single-page app routes it); "..", "." and symlinks leading out of the root are refused.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"

namespace csqm::http {

class StaticFiles {
 public:
  // `root` should be an existing directory (see CheckRoot); it is resolved once here.
  explicit StaticFiles(std::string root);

  // kFailedPrecondition "http.static_dir_missing" when `root` is not a directory.
  static core::Status CheckRoot(const std::string& root);

  // nullopt when the path is not for static files (under /api/): the caller answers 404.
  // Otherwise 200 with Content-Type, ETag and Cache-Control, 304 when If-None-Match matches,
  // or a 404 problem. The body is filled for HEAD too; the server drops it.
  std::optional<Response> Serve(const Request& request) const;

  // The Content-Type for a file name, by extension; application/octet-stream when unknown.
  static std::string ContentTypeFor(std::string_view file_name);

 private:
  std::string root_;  // canonical, without a trailing '/'
};

}  // namespace csqm::http
