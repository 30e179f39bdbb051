// Small helpers shared by the sub-commands: loading a calendar file, reading times given on
// the command line, and reporting an Error as one bilingual line.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"

namespace csqm::cli {

inline constexpr int kExitBadInput = 2;

// Prints "错误 / error: <field>: 中文 / English" to stderr and returns kExitBadInput.
int ReportError(const core::Error& error, const std::string& context = {});

// Reads, parses and validates a calendar JSON file; errors name the file and the field.
core::Result<core::CalendarSpec> LoadCalendarSpec(const std::string& path);
// LoadCalendarSpec, then binds it to the system zone database.
core::Result<std::shared_ptr<const core::Schedule>> LoadSchedule(const std::string& path);

// A wall time in the schedule's zone ("2026-02-14T09:00") or an RFC 3339 instant.
core::Result<core::Instant> ParseTimeArg(const core::Schedule& schedule, const std::string& text,
                                         const std::string& field);
// "FROM/TO" pairs.
core::Result<std::vector<core::Span>> ParsePauseArgs(const core::Schedule& schedule,
                                                     const std::vector<std::string>& pauses);

// Minutes with up to five decimals, trailing zeros dropped: "480", "0.5".
std::string FormatMinutes(core::Millis ms);

// RFC 3339 in the schedule's zone with the offset in force at that instant.
std::string FormatLocal(const core::Schedule& schedule, core::Instant instant);

}  // namespace csqm::cli
