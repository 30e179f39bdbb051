// Internal to the SQL repositories (sql_*_repository.cpp): row mapping and the small pieces of
// SQL every repository shares. Instants are int64 UTC milliseconds, enums are their core
// names as TEXT, optional text columns are NULL when empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/records.hpp"
#include "app/ports/store.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

using app::Id;
using core::Instant;

// --- reading columns ----------------------------------------------------------------------
inline Instant ToInstant(int64_t ms) { return Instant(core::Millis(ms)); }
inline Instant InstantAt(const Row& row, int i) { return ToInstant(row.Int(i)); }
inline std::optional<Instant> OptInstantAt(const Row& row, int i) {
  const std::optional<int64_t> ms = row.OptInt(i);
  if (!ms) return std::nullopt;
  return ToInstant(*ms);
}

// --- binding ------------------------------------------------------------------------------
// "" is stored as NULL in the nullable text columns (phone, email, address …).
inline Value TextOrNull(const std::string& text) { return text.empty() ? Value{} : Value{text}; }

// --- errors -------------------------------------------------------------------------------
// A table with an id column and how a miss on it is reported.
struct Entity {
  std::string_view table;   // e.g. "cases" (a constant, never user input)
  std::string_view reason;  // e.g. "case.not_found"
  std::string_view zh;
  std::string_view en;
};

inline constexpr Entity kOrgUnitEntity{"org_units", "org_unit.not_found", "组织单元不存在",
                                       "organisation unit not found"};
inline constexpr Entity kUserEntity{"users", "user.not_found", "用户不存在", "user not found"};
inline constexpr Entity kCalendarEntity{"calendars", "calendar.not_found", "工作日历不存在",
                                        "calendar not found"};
inline constexpr Entity kCaseTypeEntity{"case_types", "case_type.not_found", "工单类型不存在",
                                        "case type not found"};
inline constexpr Entity kCategoryEntity{"categories", "category.not_found", "工单分类不存在",
                                        "category not found"};
inline constexpr Entity kCustomerEntity{"customers", "customer.not_found", "客户不存在",
                                        "customer not found"};
inline constexpr Entity kCaseEntity{"cases", "case.not_found", "工单不存在", "case not found"};
inline constexpr Entity kAttachmentEntity{"attachments", "attachment.not_found", "附件不存在",
                                          "attachment not found"};
inline constexpr Entity kExtensionEntity{"extension_requests", "extension.not_found",
                                         "延期申请不存在", "extension request not found"};
inline constexpr Entity kNotificationEntity{"notifications", "notification.not_found", "通知不存在",
                                            "notification not found"};

// kNotFound "<entity>.not_found".
core::Error NotFound(const Entity& entity);
// kNotFound with an explicit reason, for rows keyed by something else than an id.
core::Error NotFound(std::string_view reason, std::string_view zh, std::string_view en);
// kVersionMismatch "store.version_mismatch".
core::Error VersionMismatch();
// kInternal "store.bad_value": a stored column holds a value csqm does not know.
core::Error BadValue(std::string_view column, std::string_view text);

// After an optimistic UPDATE … WHERE id = ? AND version = ? changed nothing: kNotFound when
// the row is absent, else kVersionMismatch "store.version_mismatch" (or a store error).
core::Error UpdateMiss(Connection& conn, const Entity& entity, Id id);

// Maps the row of a Get (nullopt: miss) with `from_row`, a function Row -> Result<T> or T.
template <class T, class FromRow>
core::Result<T> OneOrNotFound(core::Result<std::optional<Row>> row, const Entity& entity,
                              FromRow from_row) {
  if (!row.ok()) return row.error();
  if (!row->has_value()) return NotFound(entity);
  return from_row(**row);
}

// Maps every row with `from_row` (Row -> Result<T>); the first bad row is the error.
template <class T, class FromRow>
core::Result<std::vector<T>> MapRows(core::Result<std::vector<Row>> rows, FromRow from_row) {
  if (!rows.ok()) return rows.error();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    core::Result<T> item = from_row(row);
    if (!item.ok()) return item.error();
    out.push_back(std::move(item).value());
  }
  return out;
}

// --- pages --------------------------------------------------------------------------------
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// limit < 1 reads as the default; more than kMaxPageSize is cut to it.
int ClampLimit(int limit);

// Turns up to limit+1 rows (queried with LIMIT limit+1) into a page: the extra row only tells
// that a next page exists; the cursor is the id of the page's last item.
template <class T>
app::Page<T> MakePage(std::vector<T> items, int limit) {
  app::Page<T> page;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<size_t>(limit));
    page.next_cursor = items.back().id;
  }
  page.items = std::move(items);
  return page;
}

// --- building SQL -------------------------------------------------------------------------
// A statement built from filters: its text and the values of its '?'.
struct SqlStatement {
  std::string sql;
  std::vector<Value> params;
};

// Appends "?, ?, …" for `values` and binds them. The list is padded to a power of two by
// repeating its last value (same result for IN / NOT IN), so that the statement cache, keyed
// by SQL text, sees few distinct texts. `values` must not be empty.
void AppendInList(std::string& sql, std::vector<Value>& params, const std::vector<Value>& values);
std::vector<Value> IdValues(const std::vector<Id>& ids);

// Appends "<column> IN (SELECT id FROM org_units WHERE path >= ? AND path < ? OR …)": rows of
// the subtrees rooted at `unit_paths` ("/1/4/"), as index range scans on org_units.path (both
// dialects; PostgreSQL needs the column in the "C" collation). `unit_paths` must not be empty.
void AppendUnitScope(std::string& sql, std::vector<Value>& params, std::string_view column,
                     const std::vector<std::string>& unit_paths);

}  // namespace csqm::store
