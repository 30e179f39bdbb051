// ZoneRules: the port through which core asks a time-zone database about offsets.
// core never loads zone data itself; platform/ implements this over the system tzdata.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time_types.hpp"

namespace csqm::core {

class ZoneRules {
 public:
  virtual ~ZoneRules() = default;
  // The IANA name, e.g. "Asia/Shanghai".
  virtual const std::string& Name() const = 0;
  // UTC offset in force at an instant (local = utc + offset).
  virtual std::chrono::seconds OffsetAt(Instant instant) const = 0;
  // The instant of a wall time. A wall time inside a gap (DST start) moves forward by the
  // length of the gap; an ambiguous one (DST end) takes the earlier offset — in both cases
  // the offset in force just before the transition.
  virtual Instant ToInstant(LocalTime local) const = 0;
};

// Looks zones up by IANA name: kNotFound ("calendar.unknown_zone") for a name it lacks.
class ZoneDatabase {
 public:
  virtual ~ZoneDatabase() = default;
  virtual Result<std::shared_ptr<const ZoneRules>> Find(std::string_view name) const = 0;
};

// The wall time of an instant in a zone.
inline LocalTime ToLocal(const ZoneRules& zone, Instant instant) {
  return LocalTime{instant.time_since_epoch() + zone.OffsetAt(instant)};
}

}  // namespace csqm::core
