#include <cassert>
#include <charconv>

#include "store/value.hpp"

namespace csqm::store {
namespace {

const Value kNull{};
const std::string kEmpty;

template <class T>
T ParseNumber(const std::string& text) {
  T out{};
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end && *begin == ' ') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() ? out : T{};
}

}  // namespace

const Value& Row::Get(int i) const {
  assert(i >= 0 && static_cast<size_t>(i) < values_.size());
  if (i < 0 || static_cast<size_t>(i) >= values_.size()) return kNull;
  return values_[static_cast<size_t>(i)];
}

bool Row::IsNull(int i) const { return std::holds_alternative<std::monostate>(Get(i)); }

int64_t Row::Int(int i) const {
  const Value& v = Get(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return ParseNumber<int64_t>(*s);
  return 0;
}

std::optional<int64_t> Row::OptInt(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

double Row::Real(int i) const {
  const Value& v = Get(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return ParseNumber<double>(*s);
  return 0.0;
}

std::optional<double> Row::OptReal(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Real(i);
}

const std::string& Row::Text(int i) const {
  const auto* s = std::get_if<std::string>(&Get(i));
  return s ? *s : kEmpty;
}

std::optional<std::string> Row::OptText(int i) const {
  const Value& v = Get(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *d);  // shortest exact
    return std::string(buffer, result.ptr);
  }
  return std::nullopt;
}

}  // namespace csqm::store
