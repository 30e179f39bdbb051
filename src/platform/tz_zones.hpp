// The system time-zone database (tzdata under /usr/share/zoneinfo, via Howard Hinnant's
// date/tz with USE_OS_TZDB) behind core's ZoneDatabase port.
#pragma once

#include <memory>

#include "core/zone.hpp"

namespace csqm::platform {

// The process-wide system zone database; zones are looked up once and then shared.
const core::ZoneDatabase& SystemZones();

}  // namespace csqm::platform
