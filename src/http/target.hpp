// Request-target decoding: "/a%20b/c?x=1&y=%E4%B8%AD" -> path "/a b/c", query [(x,1),(y,中)].
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace csqm::http {

struct DecodedTarget {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};

// Percent-decodes `s`; with `plus_as_space` (query strings) '+' becomes ' '.
// kInvalidArgument ("http.bad_target") on a malformed escape ("%G1", a trailing "%") or "%00".
core::Result<std::string> PercentDecode(std::string_view s, bool plus_as_space);

// Splits an origin-form target into the decoded path and query. The path keeps "%2F" encoded,
// so a decoded segment never contains '/'. kInvalidArgument ("http.bad_target") when the
// target does not start with '/' or has a malformed escape.
core::Result<DecodedTarget> DecodeTarget(std::string_view target);

}  // namespace csqm::http
