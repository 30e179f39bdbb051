// Small helpers for reading validated data out of Boost.JSON values with errors that name the
// field. Used by the parsers of workflows, SLA policies and templates.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace csqm::core::jsonread {

Error WrongType(const std::string& field, const char* zh, const char* en);
Error Missing(const std::string& field);

Result<std::string> String(const boost::json::object& o, std::string_view key,
                           const std::string& at, bool required = true);
Result<bool> Bool(const boost::json::object& o, std::string_view key, const std::string& at);
Result<std::vector<std::string>> Strings(const boost::json::object& o, std::string_view key,
                                         const std::string& at);
// Parses text into a value; "json.bad" with the parser's message on failure.
Result<boost::json::value> Parse(std::string_view text);

inline std::string Index(const std::string& at, size_t i) {
  return at + "[" + std::to_string(i) + "]";
}
inline std::string Member(const std::string& at, std::string_view key) {
  return at.empty() ? std::string(key) : at + "." + std::string(key);
}

}  // namespace csqm::core::jsonread
