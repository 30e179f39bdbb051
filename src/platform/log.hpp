// Structured logging: one JSON object per line on stderr, through spdlog, shared by every layer.
//   Log(LogLevel::kInfo, "request", {{"method", "GET"}, {"status", 200}});
//   -> {"ts":"2026-11-02T08:00:00.123Z","level":"info","msg":"request","method":"GET","status":200}
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace csqm::platform {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };

// "debug", "info", "warn" (or "warning"), "error", "off"; nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(std::string_view name);

// Sets the level of the process logger (stderr, JSON lines). An unknown name means "info" and
// is reported by a warning line. Safe to call again; logging before it uses "info".
void InitJsonLogging(std::string_view level);

// Tests capture lines here instead of stderr; an empty function restores stderr.
void SetLogSinkForTesting(std::function<void(std::string_view line)> sink);

bool LogEnabled(LogLevel level);

// One key and a string, integer, floating-point or boolean value. Views must outlive the call.
class LogField {
 public:
  LogField(std::string_view key, std::string_view value) : key_(key), kind_(kString), str_(value) {}
  LogField(std::string_view key, const char* value) : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value)
      : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, bool value) : key_(key), kind_(kBool), int_(value ? 1 : 0) {}
  LogField(std::string_view key, int value) : key_(key), kind_(kInt), int_(value) {}
  LogField(std::string_view key, long value) : key_(key), kind_(kInt), int_(value) {}
  LogField(std::string_view key, long long value) : key_(key), kind_(kInt), int_(value) {}
  LogField(std::string_view key, unsigned value) : key_(key), kind_(kInt), int_(value) {}
  LogField(std::string_view key, unsigned long value)
      : key_(key), kind_(kInt), int_(static_cast<int64_t>(value)) {}
  LogField(std::string_view key, double value) : key_(key), kind_(kDouble), double_(value) {}

  // Appends `,"key":value` to a JSON object under construction.
  void AppendTo(std::string& out) const;

 private:
  enum Kind { kString, kInt, kDouble, kBool };
  std::string_view key_;
  Kind kind_;
  std::string_view str_;
  int64_t int_ = 0;
  double double_ = 0;
};

// Writes one line when `level` is enabled. Never throws.
void Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});

// Appends `s` as a JSON string literal (quotes included): escapes quotes, backslashes and
// control characters, and replaces invalid UTF-8 with U+FFFD, so every line is valid JSON.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace csqm::platform
