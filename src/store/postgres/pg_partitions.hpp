// Upkeep of the monthly partitions of cases, timeline and audit_log (migrations/postgres).
#pragma once

#include "core/result.hpp"
#include "core/time_types.hpp"
#include "store/db.hpp"

namespace csqm::store {

// Creates the missing monthly partitions from the month before `now` to `months_ahead` months
// after it (csqm_ensure_partitions in 0001_init.sql); returns how many it created. Rows
// outside every monthly partition land in the default ones, so a late call loses nothing.
// Safe from several nodes at once.
core::Result<int64_t> EnsurePartitions(Database& db, core::Instant now, int months_ahead = 12);

}  // namespace csqm::store
