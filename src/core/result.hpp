// Result<T>: a value or an Error. Expected failures (bad input, not found, conflict …) travel
// as values across every layer; exceptions are kept for bugs and resource exhaustion.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace csqm::core {

// Domain error codes: never HTTP numbers. The HTTP edge maps them in one table.
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kConflict,
  // Optimistic concurrency: the caller's expected version (If-Match) is not the current one.
  kVersionMismatch,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kOutOfRange,
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string reason;      // stable machine-readable code, e.g. "calendar.bad_time"
  std::string message_zh;  // one sentence for a Chinese-speaking user
  std::string message_en;  // the same sentence in English
  std::string field;       // where the problem is, e.g. "week.mon[0]"; empty when global

  // "field: 中文 / English", the one-line form used on the command line.
  std::string OneLine() const {
    std::string line = field.empty() ? std::string() : field + ": ";
    return line + message_zh + " / " + message_en;
  }
};

inline Error MakeError(ErrorCode code, std::string reason, std::string zh, std::string en,
                       std::string field = {}) {
  return Error{code, std::move(reason), std::move(zh), std::move(en), std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace csqm::core
