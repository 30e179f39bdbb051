#include "core/json_read.hpp"

#include <boost/json.hpp>

namespace csqm::core::jsonread {

Error WrongType(const std::string& field, const char* zh, const char* en) {
  return MakeError(ErrorCode::kInvalidArgument, "json.wrong_type", std::string("应为") + zh,
                   std::string("expected ") + en, field);
}

Error Missing(const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "json.missing_field", "缺少必填字段",
                   "required field is missing", field);
}

Result<std::string> String(const boost::json::object& o, std::string_view key,
                           const std::string& at, bool required) {
  const std::string field = Member(at, key);
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return Missing(field);
    return std::string();
  }
  if (!v->is_string()) return WrongType(field, "字符串", "a string");
  return std::string(v->get_string());
}

Result<bool> Bool(const boost::json::object& o, std::string_view key, const std::string& at) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) return WrongType(Member(at, key), "true 或 false", "true or false");
  return v->get_bool();
}

Result<std::vector<std::string>> Strings(const boost::json::object& o, std::string_view key,
                                         const std::string& at) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  const std::string field = Member(at, key);
  if (!v->is_array()) return WrongType(field, "字符串数组", "an array of strings");
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const auto& item = v->get_array()[i];
    if (!item.is_string()) return WrongType(Index(field, i), "字符串", "a string");
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<boost::json::value> Parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  auto value = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec,
                                  boost::json::storage_ptr(), options);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument, "json.bad", "不是有效的 JSON：" + ec.message(),
                     "not valid JSON: " + ec.message());
  }
  return value;
}

}  // namespace csqm::core::jsonread
