// Small helpers shared by the administration use cases (organisation, users, customers,
// configuration): input checks with bilingual errors that name the field, and error re-labelling.
#pragma once

#include <string>
#include <string_view>

#include "app/context.hpp"

namespace csqm::app {

// The number of UTF-8 code points (invalid bytes count as one each).
size_t Utf8Length(std::string_view text);

// kInvalidArgument `reason` when `text` is empty (unless allow_empty) or longer than
// `max_chars` code points; the message names the limit.
Status CheckLength(std::string_view text, size_t max_chars, bool allow_empty,
                   const std::string& reason, const std::string& field);

// A key or code: 1–64 of [A-Za-z0-9._-]. kInvalidArgument `reason` otherwise.
Status CheckKey(std::string_view key, const std::string& reason, const std::string& field);

// The error with `field` set (or prefixed: "policy" + "targets[0].limit" → "policy.targets[0]
// .limit" when the error already names a field).
core::Error AtField(core::Error error, const std::string& field);
core::Error UnderField(core::Error error, const std::string& prefix);

// A store uniqueness violation (kConflict "store.constraint") gets `field`; other errors pass.
core::Error ConflictField(core::Error error, const std::string& field);

// kInvalidArgument "json.wrong_type" unless `text` parses as a JSON object / array.
Status CheckJsonObject(const std::string& text, const std::string& field);
Status CheckJsonArray(const std::string& text, const std::string& field);

}  // namespace csqm::app
