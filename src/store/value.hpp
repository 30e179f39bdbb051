// Values bound to and read from SQL statements, dialect-neutral: NULL, integer, real, UTF-8 text.
#pragma once

#include <array>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace csqm::store {

// NULL, INTEGER, REAL, TEXT (UTF-8). Blobs are not needed by csqm.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

// --- ToValue: the one place that says how a C++ value is bound -----------------------------
inline Value ToValue(const Value& v) { return v; }
inline Value ToValue(Value&& v) { return std::move(v); }
inline Value ToValue(std::nullopt_t) { return Value{}; }
inline Value ToValue(std::nullptr_t) { return Value{}; }
inline Value ToValue(bool b) { return Value{int64_t{b ? 1 : 0}}; }  // 0 / 1
template <std::integral T>
requires(!std::same_as<T, bool>) Value ToValue(T v) {
  static_assert(std::is_signed_v<T> || sizeof(T) < sizeof(int64_t),
                "64-bit unsigned values may not fit in int64: cast them explicitly");
  return Value{static_cast<int64_t>(v)};
}
template <std::floating_point T>
Value ToValue(T v) {
  return Value{static_cast<double>(v)};
}
inline Value ToValue(const std::string& s) { return Value{s}; }
inline Value ToValue(std::string&& s) { return Value{std::move(s)}; }
inline Value ToValue(std::string_view s) { return Value{std::string(s)}; }
inline Value ToValue(const char* s) { return s ? Value{std::string(s)} : Value{}; }
// An instant is stored as int64 UTC milliseconds (architecture.md, Conventions).
template <class Duration>
Value ToValue(std::chrono::sys_time<Duration> t) {
  return Value{static_cast<int64_t>(
      std::chrono::floor<std::chrono::milliseconds>(t).time_since_epoch().count())};
}
// An empty optional is NULL.
template <class T>
Value ToValue(const std::optional<T>& v) {
  return v ? ToValue(*v) : Value{};
}

// Params(id, "text", std::nullopt, flag): the values of one statement, converted by ToValue.
template <class... Args>
std::array<Value, sizeof...(Args)> Params(Args&&... args) {
  return {ToValue(std::forward<Args>(args))...};
}

// The parameters of one call: a view over values owned by the caller, valid during the call
// only. Accepts {Value(a), b, "c"}, Params(…), a std::vector<Value>, a std::span. Use it as a
// parameter type, never as a variable (a braced list dies at the end of the statement).
class ParamList {
 public:
  ParamList() = default;
  ParamList(std::initializer_list<Value> values)  // NOLINT(google-explicit-constructor)
      : values_(values.begin(), values.size()) {}
  ParamList(std::span<const Value> values) : values_(values) {}     // NOLINT
  ParamList(const std::vector<Value>& values) : values_(values) {}  // NOLINT
  template <size_t N>
  ParamList(const std::array<Value, N>& values) : values_(values) {}  // NOLINT

  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  const Value& operator[](size_t i) const { return values_[i]; }
  auto begin() const { return values_.begin(); }
  auto end() const { return values_.end(); }
  std::span<const Value> span() const { return values_; }

 private:
  std::span<const Value> values_;
};

// One result row; owns its values. Columns are numbered from 0 in SELECT order. Accessors
// never throw: a column out of range reads as NULL (and asserts in debug builds).
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  const Value& Get(int i) const;  // the raw value
  bool IsNull(int i) const;

  // INTEGER as is, REAL truncated, TEXT parsed as a decimal integer; 0 for NULL or non-numbers.
  int64_t Int(int i) const;
  std::optional<int64_t> OptInt(int i) const;  // nullopt for NULL, else Int(i)
  bool Bool(int i) const { return Int(i) != 0; }
  // REAL as is, INTEGER converted, TEXT parsed; 0.0 for NULL or non-numbers.
  double Real(int i) const;
  std::optional<double> OptReal(int i) const;
  // The TEXT at i; an empty string for NULL or a number (ask Int/Real for those).
  const std::string& Text(int i) const;
  // nullopt for NULL; numbers are formatted as decimal text.
  std::optional<std::string> OptText(int i) const;

  friend bool operator==(const Row&, const Row&) = default;

 private:
  std::vector<Value> values_;
};

}  // namespace csqm::store
