// --explain: shows which intervals a clock counted and which days it skipped, so a user can
// see why a deadline is where it is.
#pragma once

#include <span>
#include <string>

#include "core/schedule.hpp"
#include "core/sla_clock.hpp"

namespace csqm::cli {

// Lines describing the counted spans between `from` and `to` (business and 24x7 clocks).
std::string ExplainSpans(const core::Schedule& schedule, core::ClockKind clock, core::Instant from,
                         core::Instant to, std::span<const core::Span> pauses);

// Lines listing the working days a workdays clock counted after the start day, up to `due`.
std::string ExplainWorkdays(const core::Schedule& schedule, core::Instant start, core::Instant due);

}  // namespace csqm::cli
