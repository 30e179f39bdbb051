// JSON text written straight into a string: for large responses (a page of 50 cases is ~40 KB)
// building a boost::json DOM first costs more than everything else the request does (a node
// allocated, then freed, per field). The caller writes in order and keeps the nesting right;
// strings are escaped here (RFC 8259: quote, backslash and control characters; UTF-8 passes
// through). boost::json::parse of the output equals the DOM the same fields would have made.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csqm::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Inside an object, before each value. Keys are csqm's own field names (no quote, backslash
  // or control character): written as they are, unescaped.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Already serialised JSON (e.g. boost::json::serialize output), written as it is.
  JsonWriter& Raw(std::string_view json);

 private:
  void Separate();  // the comma before a value or key, when one is due

  std::string& out_;
  std::vector<bool> first_;  // per open object or array: nothing written in it yet
  bool after_key_ = false;
};

// `value` as a JSON string literal, quotes included, appended to `out`.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace csqm::http
