#include "http/field_readers.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_read.hpp"
#include "http/api_support.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

core::Result<std::optional<bool>> OptBool(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return core::jsonread::WrongType(std::string(key), "布尔值", "a boolean");
  return std::optional<bool>(v->get_bool());
}

core::Result<std::optional<std::optional<app::Id>>> OptNullableId(const json::object& o,
                                                                  std::string_view key) {
  using R = std::optional<std::optional<app::Id>>;
  const auto* v = o.if_contains(key);
  if (!v) return R();
  if (v->is_null()) return R(std::optional<app::Id>());
  auto id = OptInt(o, key);
  if (!id) return id.error();
  return R(*id);
}

namespace {

core::Result<std::optional<std::string>> OptJson(const json::object& o, std::string_view key,
                                                 bool object) {
  const auto* v = o.if_contains(key);
  if (!v) return std::optional<std::string>();
  if (object ? !v->is_object() : !v->is_array()) {
    return object ? core::jsonread::WrongType(std::string(key), "JSON 对象", "a JSON object")
                  : core::jsonread::WrongType(std::string(key), "JSON 数组", "a JSON array");
  }
  return std::optional<std::string>(json::serialize(*v));
}

}  // namespace

core::Result<std::optional<std::string>> OptJsonObject(const json::object& o,
                                                       std::string_view key) {
  return OptJson(o, key, true);
}

core::Result<std::optional<std::string>> OptJsonArray(const json::object& o, std::string_view key) {
  return OptJson(o, key, false);
}

core::Result<std::optional<bool>> QueryBool(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return MakeError(ErrorCode::kInvalidArgument, "http.bad_query", "查询参数应为 true 或 false",
                   "the query parameter must be true or false", std::string(name));
}

core::Error ReadonlyField(const std::string& entity, const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, entity + ".readonly_field",
                   "该字段不能通过修改接口更改", "this field cannot be changed here", field);
}

core::Status OnlyFields(const json::object& o, std::initializer_list<std::string_view> allowed,
                        const std::string& entity) {
  for (const auto& [key, value] : o) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
      return ReadonlyField(entity, std::string(key));
    }
  }
  return {};
}

}  // namespace csqm::http
