// Calendars, case types and categories (app::ConfigRepository) in SQL.
#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define CALENDAR_COLUMNS "id, key, name, spec_json, updated_at, version"
#define CASE_TYPE_COLUMNS "id, key, prefix, name_zh, name_en, workflow_json, version"
#define CATEGORY_COLUMNS \
  "id, parent_id, case_type_id, key, name_zh, name_en, calendar_id, policy_json, active, version"

namespace csqm::store {
namespace {

app::CalendarRecord CalendarFromRow(const Row& row) {
  app::CalendarRecord calendar;
  calendar.id = row.Int(0);
  calendar.key = row.Text(1);
  calendar.name = row.Text(2);
  calendar.spec_json = row.Text(3);
  calendar.updated_at = InstantAt(row, 4);
  calendar.version = row.Int(5);
  return calendar;
}

app::CaseType CaseTypeFromRow(const Row& row) {
  app::CaseType type;
  type.id = row.Int(0);
  type.key = row.Text(1);
  type.prefix = row.Text(2);
  type.name_zh = row.Text(3);
  type.name_en = row.Text(4);
  type.workflow_json = row.Text(5);
  type.version = row.Int(6);
  return type;
}

app::Category CategoryFromRow(const Row& row) {
  app::Category category;
  category.id = row.Int(0);
  category.parent_id = row.OptInt(1);
  category.case_type_id = row.Int(2);
  category.key = row.Text(3);
  category.name_zh = row.Text(4);
  category.name_en = row.Text(5);
  category.calendar_id = row.Int(6);
  category.policy_json = row.Text(7);
  category.active = row.Bool(8);
  category.version = row.Int(9);
  return category;
}

}  // namespace

// --- calendars ----------------------------------------------------------------------------

core::Result<app::CalendarRecord> SqlConfigRepository::GetCalendar(app::Id id) {
  return OneOrNotFound<app::CalendarRecord>(
      conn_.QueryOne("SELECT " CALENDAR_COLUMNS " FROM calendars WHERE id = ?", Params(id)),
      kCalendarEntity, CalendarFromRow);
}

core::Result<app::CalendarRecord> SqlConfigRepository::GetCalendarByKey(const std::string& key) {
  return OneOrNotFound<app::CalendarRecord>(
      conn_.QueryOne("SELECT " CALENDAR_COLUMNS " FROM calendars WHERE key = ?", Params(key)),
      kCalendarEntity, CalendarFromRow);
}

core::Result<std::vector<app::CalendarRecord>> SqlConfigRepository::ListCalendars() {
  return MapRows<app::CalendarRecord>(
      conn_.Query("SELECT " CALENDAR_COLUMNS " FROM calendars ORDER BY key"), CalendarFromRow);
}

core::Result<app::CalendarRecord> SqlConfigRepository::InsertCalendar(
    app::CalendarRecord calendar) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO calendars (key, name, spec_json, updated_at, version) "
      "VALUES (?, ?, ?, ?, 1)",
      Params(calendar.key, calendar.name, calendar.spec_json, calendar.updated_at));
  if (!id.ok()) return id.error();
  calendar.id = *id;
  calendar.version = 1;
  return calendar;
}

core::Result<app::CalendarRecord> SqlConfigRepository::UpdateCalendar(const app::CalendarRecord& c,
                                                                      int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE calendars SET key = ?, name = ?, spec_json = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING " CALENDAR_COLUMNS,
      Params(c.key, c.name, c.spec_json, c.updated_at, c.id, expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kCalendarEntity, c.id);
  return CalendarFromRow(**row);
}

// --- case types ---------------------------------------------------------------------------

core::Result<app::CaseType> SqlConfigRepository::GetCaseType(app::Id id) {
  return OneOrNotFound<app::CaseType>(
      conn_.QueryOne("SELECT " CASE_TYPE_COLUMNS " FROM case_types WHERE id = ?", Params(id)),
      kCaseTypeEntity, CaseTypeFromRow);
}

core::Result<app::CaseType> SqlConfigRepository::GetCaseTypeByKey(const std::string& key) {
  return OneOrNotFound<app::CaseType>(
      conn_.QueryOne("SELECT " CASE_TYPE_COLUMNS " FROM case_types WHERE key = ?", Params(key)),
      kCaseTypeEntity, CaseTypeFromRow);
}

core::Result<std::vector<app::CaseType>> SqlConfigRepository::ListCaseTypes() {
  return MapRows<app::CaseType>(
      conn_.Query("SELECT " CASE_TYPE_COLUMNS " FROM case_types ORDER BY key"), CaseTypeFromRow);
}

core::Result<app::CaseType> SqlConfigRepository::InsertCaseType(app::CaseType type) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO case_types (key, prefix, name_zh, name_en, workflow_json, version) "
      "VALUES (?, ?, ?, ?, ?, 1)",
      Params(type.key, type.prefix, type.name_zh, type.name_en, type.workflow_json));
  if (!id.ok()) return id.error();
  type.id = *id;
  type.version = 1;
  return type;
}

core::Result<app::CaseType> SqlConfigRepository::UpdateCaseType(const app::CaseType& type,
                                                                int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE case_types SET key = ?, prefix = ?, name_zh = ?, name_en = ?, workflow_json = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING " CASE_TYPE_COLUMNS,
      Params(type.key, type.prefix, type.name_zh, type.name_en, type.workflow_json, type.id,
             expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kCaseTypeEntity, type.id);
  return CaseTypeFromRow(**row);
}

// --- categories ---------------------------------------------------------------------------

core::Result<app::Category> SqlConfigRepository::GetCategory(app::Id id) {
  return OneOrNotFound<app::Category>(
      conn_.QueryOne("SELECT " CATEGORY_COLUMNS " FROM categories WHERE id = ?", Params(id)),
      kCategoryEntity, CategoryFromRow);
}

core::Result<app::Category> SqlConfigRepository::GetCategoryByKey(const std::string& key) {
  return OneOrNotFound<app::Category>(
      conn_.QueryOne("SELECT " CATEGORY_COLUMNS " FROM categories WHERE key = ?", Params(key)),
      kCategoryEntity, CategoryFromRow);
}

core::Result<std::vector<app::Category>> SqlConfigRepository::ListCategories() {
  return MapRows<app::Category>(
      conn_.Query("SELECT " CATEGORY_COLUMNS " FROM categories ORDER BY case_type_id, key"),
      CategoryFromRow);
}

core::Result<app::Category> SqlConfigRepository::InsertCategory(app::Category category) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO categories (parent_id, case_type_id, key, name_zh, name_en, calendar_id, "
      "policy_json, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
      Params(category.parent_id, category.case_type_id, category.key, category.name_zh,
             category.name_en, category.calendar_id, category.policy_json, category.active));
  if (!id.ok()) return id.error();
  category.id = *id;
  category.version = 1;
  return category;
}

core::Result<app::Category> SqlConfigRepository::UpdateCategory(const app::Category& c,
                                                                int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE categories SET parent_id = ?, case_type_id = ?, key = ?, name_zh = ?, "
      "name_en = ?, calendar_id = ?, policy_json = ?, active = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING " CATEGORY_COLUMNS,
      Params(c.parent_id, c.case_type_id, c.key, c.name_zh, c.name_en, c.calendar_id, c.policy_json,
             c.active, c.id, expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kCategoryEntity, c.id);
  return CategoryFromRow(**row);
}

}  // namespace csqm::store
