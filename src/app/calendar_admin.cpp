#include "app/calendar_admin.hpp"

#include <boost/json.hpp>
#include <functional>

#include "app/access.hpp"
#include "app/admin_support.hpp"
#include "app/audit.hpp"
#include "app/replan.hpp"
#include "core/calendar_json.hpp"
#include "core/schedule.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

constexpr int kOpenEndedYears = 5;

// Parses, checks the zone and compiles: the spec a calendar may hold, normalised.
Result<core::CalendarSpec> ValidSpec(Services& s, std::string_view text) {
  auto spec = core::ParseCalendarJson(text);
  if (!spec) return UnderField(spec.error(), "spec");
  if (auto zone = s.config.zones().Find(spec->tz); !zone) {
    return AtField(zone.error(), "spec.tz");
  }
  if (auto compiled = core::Schedule::Compile(*spec, s.config.zones()); !compiled) {
    return UnderField(compiled.error(), "spec");
  }
  core::NormaliseCalendar(*spec);
  return spec;
}

Result<CalendarRecord> ReadCalendar(Services& s, Id calendar_id) {
  CalendarRecord calendar;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Config().GetCalendar(calendar_id);
    if (!found) return found.error();
    calendar = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return calendar;
}

// Stores a new spec (and name) and appends the audit row, in one transaction; `spec_of`
// derives the new spec from the stored record inside that transaction. An unchanged calendar
// is left as it is (same version).
Result<CalendarRecord> StoreSpec(
    Services& s, const Actor& actor, Id calendar_id, const std::optional<std::string>& name,
    const std::function<Result<std::string>(const CalendarRecord&)>& spec_of,
    int64_t expected_version, const std::string& action, json::object detail) {
  const Instant now = s.clock.Now();
  CalendarRecord updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = tx.Config().GetCalendar(calendar_id);
    if (!current) return current.error();
    const int64_t expected = ExpectedVersion(expected_version, current->version);
    if (expected != current->version) {
      return MakeError(ErrorCode::kVersionMismatch, "store.version_mismatch",
                       "该记录已被他人修改，请刷新后重试",
                       "the record was changed by someone else; reload and try again");
    }
    auto spec = spec_of(*current);
    if (!spec) return spec.error();
    if (*spec == current->spec_json && (!name || *name == current->name)) {
      updated = *current;  // nothing changes: no new version, no audit row
      return {};
    }
    CalendarRecord c = *current;
    c.spec_json = std::move(*spec);
    if (name) c.name = *name;
    c.updated_at = now;
    auto saved = tx.Config().UpdateCalendar(c, expected);
    if (!saved) return saved.error();
    updated = std::move(*saved);
    detail["key"] = updated.key;
    detail["name"] = updated.name;
    detail["before"] = current->spec_json;
    detail["after"] = updated.spec_json;
    return AppendAudit(tx, s.crypto, now, actor.id(), action, "calendar", calendar_id,
                       json::serialize(detail));
  });
  if (!st) return st.error();
  return updated;
}

Result<int64_t> Replan(Services& s, const Actor& actor, Id calendar_id) {
  auto categories = CategoriesUsingCalendar(s, calendar_id);
  if (!categories) return categories.error();
  auto replanned = ReplanOpenCases(s, *categories);
  if (!replanned) return replanned.error();
  const Instant now = s.clock.Now();
  auto st = s.store.Write([&](Tx& tx) -> Status {
    json::object data{{"categories", categories->size()}, {"cases", *replanned}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "calendar.replan", "calendar", calendar_id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  return replanned;
}

}  // namespace

Result<std::vector<CalendarRecord>> ListCalendars(Services& s, const Actor&) {
  std::vector<CalendarRecord> list;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = tx.Config().ListCalendars();
    if (!found) return found.error();
    list = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return list;
}

Result<CalendarRecord> GetCalendar(Services& s, const Actor&, Id calendar_id) {
  return ReadCalendar(s, calendar_id);
}

Result<CalendarRecord> CreateCalendar(Services& s, const Actor& actor, const NewCalendar& in) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  if (auto st = CheckKey(in.key, "calendar.bad_key", "key"); !st) return st.error();
  if (auto st = CheckLength(in.name, 100, true, "calendar.bad_name", "name"); !st) {
    return st.error();
  }
  auto spec = ValidSpec(s, in.spec_json);
  if (!spec) return spec.error();
  const Instant now = s.clock.Now();
  CalendarRecord stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    if (tx.Config().GetCalendarByKey(in.key)) {
      return MakeError(ErrorCode::kConflict, "store.constraint", "该日历键已被使用",
                       "this calendar key is already in use", "key");
    }
    CalendarRecord c;
    c.key = in.key;
    c.name = !in.name.empty() ? in.name : !spec->name.empty() ? spec->name : in.key;
    c.spec_json = core::CalendarToJson(*spec);
    c.updated_at = now;
    auto inserted = tx.Config().InsertCalendar(std::move(c));
    if (!inserted) return ConflictField(inserted.error(), "key");
    stored = std::move(*inserted);
    json::object data{{"key", stored.key}, {"name", stored.name}, {"after", stored.spec_json}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "calendar.create", "calendar", stored.id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  return stored;
}

Result<CalendarUpdate> ReplaceCalendar(Services& s, const Actor& actor, Id calendar_id,
                                       const std::optional<std::string>& name,
                                       const std::string& spec_json, int64_t expected_version) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  if (name) {
    if (auto st = CheckLength(*name, 100, false, "calendar.bad_name", "name"); !st) {
      return st.error();
    }
  }
  auto spec = ValidSpec(s, spec_json);
  if (!spec) return spec.error();
  const std::string normalised = core::CalendarToJson(*spec);
  CalendarUpdate result;
  bool changed = false;
  auto stored = StoreSpec(s, actor, calendar_id, name,
                          [&](const CalendarRecord& current) -> Result<std::string> {
                            changed = current.spec_json != normalised;
                            return normalised;
                          },
                          expected_version, "calendar.update", {});
  if (!stored) return stored.error();
  result.calendar = std::move(*stored);
  if (changed) {
    auto replanned = Replan(s, actor, calendar_id);
    if (!replanned) return replanned.error();
    result.replanned_cases = *replanned;
  }
  return result;
}

Result<CalendarUpdate> ImportIcs(Services& s, const Actor& actor, Id calendar_id,
                                 std::string_view ics_text, core::ImportAs as,
                                 int64_t expected_version) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  const std::chrono::year_month_day today(std::chrono::floor<std::chrono::days>(s.clock.Now()));
  core::IcsParseOptions options;
  options.until_year = int(today.year()) + kOpenEndedYears;
  auto ics = core::ParseIcs(ics_text, options);
  if (!ics) return ics.error();
  const std::vector<core::Date> dates = core::IcsDates(*ics);
  CalendarUpdate result;
  const char* list = as == core::ImportAs::kHolidays ? "holidays" : "extra_workdays";
  auto stored = StoreSpec(
      s, actor, calendar_id, std::nullopt,
      [&](const CalendarRecord& current) -> Result<std::string> {
        auto spec = core::ParseCalendarJson(current.spec_json);
        if (!spec) return spec.error();
        auto report = core::MergeIcsDates(*spec, dates, as);
        if (!report) return UnderField(report.error(), "spec");
        result.import = *report;
        if (auto compiled = core::Schedule::Compile(*spec, s.config.zones()); !compiled) {
          return UnderField(compiled.error(), "spec");
        }
        return core::CalendarToJson(*spec);
      },
      expected_version, "calendar.import_ics",
      json::object{{"as", list}, {"events", ics->events.size()}, {"dates", dates.size()}});
  if (!stored) return stored.error();
  result.calendar = std::move(*stored);
  if (result.import.added > 0) {
    auto replanned = Replan(s, actor, calendar_id);
    if (!replanned) return replanned.error();
    result.replanned_cases = *replanned;
  }
  return result;
}

}  // namespace csqm::app
