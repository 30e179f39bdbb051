#include "app/admin_support.hpp"

#include <boost/json.hpp>

namespace csqm::app {

using core::ErrorCode;
using core::MakeError;

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

Status CheckLength(std::string_view text, size_t max_chars, bool allow_empty,
                   const std::string& reason, const std::string& field) {
  if ((!allow_empty && text.empty()) || Utf8Length(text) > max_chars) {
    const std::string n = std::to_string(max_chars);
    return MakeError(ErrorCode::kInvalidArgument, reason,
                     (allow_empty ? "长度不能超过 " : "不能为空，且长度不能超过 ") + n + " 字",
                     (allow_empty ? "must be at most " : "must be 1 to ") + n + " characters",
                     field);
  }
  return {};
}

Status CheckKey(std::string_view key, const std::string& reason, const std::string& field) {
  bool ok = !key.empty() && key.size() <= 64;
  for (char c : key) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    ok = ok && allowed;
  }
  if (ok) return {};
  return MakeError(ErrorCode::kInvalidArgument, reason, "应为 1 到 64 个字母、数字或 . _ - 字符",
                   "must be 1 to 64 letters, digits or . _ - characters", field);
}

core::Error AtField(core::Error error, const std::string& field) {
  error.field = field;
  return error;
}

core::Error UnderField(core::Error error, const std::string& prefix) {
  error.field = error.field.empty() ? prefix : prefix + "." + error.field;
  return error;
}

core::Error ConflictField(core::Error error, const std::string& field) {
  if (error.code == ErrorCode::kConflict && error.reason == "store.constraint") {
    error.field = field;
  }
  return error;
}

namespace {

Status CheckJsonKind(const std::string& text, const std::string& field, bool object) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (!ec && (object ? v.is_object() : v.is_array())) return {};
  return MakeError(ErrorCode::kInvalidArgument, "json.wrong_type",
                   object ? "应为 JSON 对象" : "应为 JSON 数组",
                   object ? "expected a JSON object" : "expected a JSON array", field);
}

}  // namespace

Status CheckJsonObject(const std::string& text, const std::string& field) {
  return CheckJsonKind(text, field, true);
}

Status CheckJsonArray(const std::string& text, const std::string& field) {
  return CheckJsonKind(text, field, false);
}

}  // namespace csqm::app
