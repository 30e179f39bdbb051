#include "platform/tz_zones.hpp"

#include <date/tz.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace csqm::platform {
namespace {

using core::Instant;
using core::LocalTime;

class DateZone final : public core::ZoneRules {
 public:
  explicit DateZone(const date::time_zone* zone) : zone_(zone), name_(zone->name()) {}

  const std::string& Name() const override { return name_; }

  // get_info builds a sys_info (with its abbreviation string) on every call; a page of cases
  // asks for hundreds of offsets, nearly always within one span of the zone's rules, so each
  // thread remembers the last span it was given.
  std::chrono::seconds OffsetAt(Instant instant) const override {
    struct Span {
      const date::time_zone* zone = nullptr;
      date::sys_seconds begin, end;
      std::chrono::seconds offset{0};
    };
    thread_local Span last;
    const date::sys_seconds s{std::chrono::floor<std::chrono::seconds>(instant.time_since_epoch())};
    if (last.zone == zone_ && s >= last.begin && s < last.end) return last.offset;
    const date::sys_info info = zone_->get_info(s);
    last = Span{zone_, info.begin, info.end, info.offset};
    return info.offset;
  }

  Instant ToInstant(LocalTime local) const override {
    const auto whole = std::chrono::floor<std::chrono::seconds>(local.time_since_epoch());
    const date::local_seconds ls{whole};
    // For a unique time `first` is the offset in force; for a gap or an ambiguous time it is
    // the offset before the transition — which moves a gap time forward by the gap's length
    // and gives an ambiguous time its earlier instant.
    const date::local_info info = zone_->get_info(ls);
    return Instant{local.time_since_epoch() - info.first.offset};
  }

 private:
  const date::time_zone* zone_;
  std::string name_;
};

class SystemZoneDatabase final : public core::ZoneDatabase {
 public:
  core::Result<std::shared_ptr<const core::ZoneRules>> Find(std::string_view name) const override {
    std::lock_guard lock(mutex_);
    const std::string key(name);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    const date::time_zone* zone = nullptr;
    try {
      zone = date::locate_zone(key);
    } catch (const std::exception&) {
      zone = nullptr;
    }
    if (zone == nullptr || key.empty()) {
      return core::MakeError(
          core::ErrorCode::kNotFound, "calendar.unknown_zone",
          "未知时区“" + key + "”（应为 IANA 时区名，如 Asia/Shanghai）",
          "unknown time zone \"" + key + "\" (expected an IANA name such as Asia/Shanghai)");
    }
    auto rules = std::make_shared<const DateZone>(zone);
    cache_.emplace(key, rules);
    return std::shared_ptr<const core::ZoneRules>(rules);
  }

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const core::ZoneRules>> cache_;
};

}  // namespace

const core::ZoneDatabase& SystemZones() {
  static const SystemZoneDatabase db;
  return db;
}

}  // namespace csqm::platform
