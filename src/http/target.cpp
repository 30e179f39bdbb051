#include "http/target.hpp"

namespace csqm::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Error BadTarget() {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "http.bad_target", "请求地址格式错误",
                         "The request target is malformed");
}

// Decodes one piece; `keep_slash` leaves "%2F" as is (path segments).
core::Result<std::string> Decode(std::string_view s, bool plus_as_space, bool keep_slash) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= s.size()) return BadTarget();
    int hi = HexValue(s[i + 1]);
    int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return BadTarget();
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return BadTarget();
    if (decoded == '/' && keep_slash) {
      out.append(s.substr(i, 3));
    } else {
      out.push_back(decoded);
    }
    i += 2;
  }
  return out;
}

}  // namespace

core::Result<std::string> PercentDecode(std::string_view s, bool plus_as_space) {
  return Decode(s, plus_as_space, /*keep_slash=*/false);
}

core::Result<DecodedTarget> DecodeTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return BadTarget();
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  DecodedTarget out;
  auto path = Decode(raw_path, /*plus_as_space=*/false, /*keep_slash=*/true);
  if (!path) return path.error();
  out.path = std::move(path).value();
  if (q == std::string_view::npos) return out;

  std::string_view rest = target.substr(q + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = Decode(pair.substr(0, eq), true, false);
    if (!key) return key.error();
    std::string value;
    if (eq != std::string_view::npos) {
      auto v = Decode(pair.substr(eq + 1), true, false);
      if (!v) return v.error();
      value = std::move(v).value();
    }
    out.query.emplace_back(std::move(key).value(), std::move(value));
  }
  return out;
}

}  // namespace csqm::http
