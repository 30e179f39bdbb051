// Request readers the administration routes share, beyond api_support.hpp: booleans, ids that
// may be cleared with null, embedded JSON documents, query flags and the error for a field a
// PATCH may not change. Errors name the field, as everywhere.
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "app/ports/records.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace csqm::http {

// Absent or null → nullopt; not a boolean → "json.wrong_type".
core::Result<std::optional<bool>> OptBool(const boost::json::object& o, std::string_view key);

// Absent → nullopt (unchanged); null → a present nullopt (clear); else the id.
core::Result<std::optional<std::optional<app::Id>>> OptNullableId(const boost::json::object& o,
                                                                  std::string_view key);

// An embedded JSON object (or array) re-serialised; absent → nullopt; another type →
// "json.wrong_type".
core::Result<std::optional<std::string>> OptJsonObject(const boost::json::object& o,
                                                       std::string_view key);
core::Result<std::optional<std::string>> OptJsonArray(const boost::json::object& o,
                                                      std::string_view key);

// ?name=true|false → the flag; absent → nullopt; anything else → "http.bad_query".
core::Result<std::optional<bool>> QueryBool(const Request& req, std::string_view name);

// kInvalidArgument "<entity>.readonly_field" naming the field a PATCH may not change.
core::Error ReadonlyField(const std::string& entity, const std::string& field);

// Rejects keys of `o` outside `allowed` with ReadonlyField.
core::Status OnlyFields(const boost::json::object& o,
                        std::initializer_list<std::string_view> allowed, const std::string& entity);

}  // namespace csqm::http
