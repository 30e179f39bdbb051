// Cases (app::CaseRepository, part 1 of 3): numbers, rows, the filtered list and search.
// Targets, pauses and timers: sql_case_clock_repository.cpp; timeline, attachments, extension
// requests and links: sql_case_extras.cpp.
#include <cstdio>
#include <string>

#include "store/errors.hpp"
#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"
#include "store/sql_search.hpp"

#define CASE_COLUMNS_AFTER_DESCRIPTION                                                         \
  "channel, severity, status, status_final, customer_id, owner_id, assignee_id, org_unit_id, " \
  "received_at, created_at, updated_at, first_reply_at, arrived_at, resolved_at, closed_at, "  \
  "paused_since, month, custom_json, version"
#define CASE_COLUMNS \
  "id, number, case_type_id, category_id, title, description, " CASE_COLUMNS_AFTER_DESCRIPTION
// The same positions, the description left out (queue pages: CaseQuery::without_description).
#define CASE_SUMMARY_COLUMNS \
  "id, number, case_type_id, category_id, title, '', " CASE_COLUMNS_AFTER_DESCRIPTION

namespace csqm::store {
namespace {

core::Result<app::CaseRecord> CaseFromRow(const Row& row) {
  const std::optional<core::Channel> channel = core::ParseChannel(row.Text(6));
  if (!channel) return BadValue("cases.channel", row.Text(6));
  const std::optional<core::Severity> severity = core::ParseSeverity(row.Text(7));
  if (!severity) return BadValue("cases.severity", row.Text(7));
  app::CaseRecord c;
  c.id = row.Int(0);
  c.number = row.Text(1);
  c.case_type_id = row.Int(2);
  c.category_id = row.Int(3);
  c.title = row.Text(4);
  c.description = row.Text(5);
  c.channel = *channel;
  c.severity = *severity;
  c.status = row.Text(8);
  c.status_final = row.Bool(9);
  c.customer_id = row.OptInt(10);
  c.owner_id = row.Int(11);
  c.assignee_id = row.OptInt(12);
  c.org_unit_id = row.Int(13);
  c.received_at = InstantAt(row, 14);
  c.created_at = InstantAt(row, 15);
  c.updated_at = InstantAt(row, 16);
  c.first_reply_at = OptInstantAt(row, 17);
  c.arrived_at = OptInstantAt(row, 18);
  c.resolved_at = OptInstantAt(row, 19);
  c.closed_at = OptInstantAt(row, 20);
  c.paused_since = OptInstantAt(row, 21);
  c.month = static_cast<int>(row.Int(22));
  c.custom_json = row.Text(23);
  c.version = row.Int(24);
  return c;
}

bool ValidMonth(int month) {
  return month >= 100001 && month <= 999912 && month % 100 >= 1 && month % 100 <= 12;
}

// The WHERE clause of a case list, parameters bound (never user text in the SQL).
// The common queues use indexes (EXPLAIN QUERY PLAN: tests/store/case_list_repository_test.cpp):
// assignee + open -> cases_assignee; unit scope + open -> org_units_path then cases_org_unit;
// due/overdue -> case_targets_open_due; field staff -> cases_assignee OR cases_owner.
core::Status AppendCaseFilters(const app::CaseQuery& q, Dialect dialect, std::string& sql,
                               std::vector<Value>& params) {
  if (q.after) {
    sql += " AND id < ?";
    params.emplace_back(*q.after);
  }
  if (!q.statuses.empty()) {
    sql += " AND status IN (";
    AppendInList(sql, params, std::vector<Value>(q.statuses.begin(), q.statuses.end()));
    sql += ")";
  }
  const auto equals = [&](const char* column, const std::optional<Id>& id) {
    if (!id) return;
    sql += " AND ";
    sql += column;
    sql += " = ?";
    params.emplace_back(*id);
  };
  equals("category_id", q.category_id);
  equals("assignee_id", q.assignee_id);
  equals("owner_id", q.owner_id);
  equals("customer_id", q.customer_id);
  if (q.severity) {
    sql += " AND severity = ?";
    params.emplace_back(std::string(core::Name(*q.severity)));
  }
  if (!q.unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", q.unit_paths);
  }
  if (q.visible_to_field_staff) {
    sql += " AND (assignee_id = ? OR owner_id = ?)";
    params.emplace_back(*q.visible_to_field_staff);
    params.emplace_back(*q.visible_to_field_staff);
  }
  if (q.open) {
    sql += " AND status_final = ?";
    params.emplace_back(int64_t{*q.open ? 0 : 1});
  }
  // An open (unmet) target due before the instant; the partial index case_targets_open_due
  // holds exactly the unmet targets.
  for (const std::optional<Instant>& due : {q.due_before, q.overdue_at}) {
    if (!due) continue;
    sql += " AND id IN (SELECT case_id FROM case_targets WHERE met_at IS NULL AND due_at < ?)";
    params.push_back(ToValue(*due));
  }
  if (!q.search.empty()) {
    core::Result<std::string_view> predicate = SearchPredicate(dialect, SearchIndex::kCases);
    if (!predicate.ok()) return predicate.error();
    sql += " AND ";
    sql += *predicate;
    params.emplace_back(SearchParameter(dialect, q.search));
  }
  return {};
}

}  // namespace

core::Result<std::string> SqlCaseRepository::NextNumber(const std::string& prefix, int month) {
  if (!ValidMonth(month)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "case.bad_month",
                           "月份应为 YYYYMM 形式", "the month must be YYYYMM", "month");
  }
  if (prefix.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "case.bad_prefix",
                           "工单编号前缀不能为空", "the case number prefix is empty", "prefix");
  }
  // The upsert locks the row until the transaction ends, so concurrent writers never get the
  // same number (both dialects), and the read after it sees this transaction's own value.
  // Two statements rather than one with RETURNING, which costs SQLite a temporary table.
  if (auto st =
          conn_.Exec("INSERT INTO case_sequences (prefix, month, last) VALUES (?, ?, 1) "
                     "ON CONFLICT (prefix, month) DO UPDATE SET last = case_sequences.last + 1",
                     Params(prefix, month));
      !st) {
    return st.error();
  }
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "SELECT last FROM case_sequences WHERE prefix = ? AND month = ?", Params(prefix, month));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return StoreError("the case number sequence row is missing");
  const int64_t last = (*row)->Int(0);
  char digits[40];
  std::snprintf(digits, sizeof digits, "-%06d-%06lld", month, static_cast<long long>(last));
  return prefix + digits;
}

core::Result<app::CaseRecord> SqlCaseRepository::Insert(app::CaseRecord c) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO cases (number, case_type_id, category_id, title, description, channel, "
      "severity, status, status_final, customer_id, owner_id, assignee_id, org_unit_id, "
      "received_at, created_at, updated_at, first_reply_at, arrived_at, resolved_at, closed_at, "
      "paused_since, month, custom_json, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      Params(c.number, c.case_type_id, c.category_id, c.title, c.description, core::Name(c.channel),
             core::Name(c.severity), c.status, c.status_final, c.customer_id, c.owner_id,
             c.assignee_id, c.org_unit_id, c.received_at, c.created_at, c.updated_at,
             c.first_reply_at, c.arrived_at, c.resolved_at, c.closed_at, c.paused_since, c.month,
             c.custom_json));
  if (!id.ok()) return id.error();
  c.id = *id;
  c.version = 1;
  return c;
}

core::Result<app::CaseRecord> SqlCaseRepository::Get(app::Id id) {
  return OneOrNotFound<app::CaseRecord>(
      conn_.QueryOne("SELECT " CASE_COLUMNS " FROM cases WHERE id = ?", Params(id)), kCaseEntity,
      CaseFromRow);
}

// Every column but id, number and created_at.
core::Result<app::CaseRecord> SqlCaseRepository::Update(const app::CaseRecord& c,
                                                        int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE cases SET case_type_id = ?, category_id = ?, title = ?, description = ?, "
      "channel = ?, severity = ?, status = ?, status_final = ?, customer_id = ?, owner_id = ?, "
      "assignee_id = ?, org_unit_id = ?, received_at = ?, updated_at = ?, first_reply_at = ?, "
      "arrived_at = ?, resolved_at = ?, closed_at = ?, paused_since = ?, month = ?, "
      "custom_json = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING " CASE_COLUMNS,
      Params(c.case_type_id, c.category_id, c.title, c.description, core::Name(c.channel),
             core::Name(c.severity), c.status, c.status_final, c.customer_id, c.owner_id,
             c.assignee_id, c.org_unit_id, c.received_at, c.updated_at, c.first_reply_at,
             c.arrived_at, c.resolved_at, c.closed_at, c.paused_since, c.month, c.custom_json, c.id,
             expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kCaseEntity, c.id);
  return CaseFromRow(**row);
}

core::Result<SqlStatement> SqlCaseRepository::ListStatement(const app::CaseQuery& query,
                                                            Dialect dialect) {
  SqlStatement statement;
  statement.sql.reserve(640);
  statement.params.reserve(16);
  // Filters that an index of cases narrows down to a few rows (a person's or a customer's
  // cases, the due-time index): with them the search stays a filter on those rows.
  const bool narrowed = query.assignee_id || query.owner_id || query.customer_id ||
                        query.visible_to_field_staff || query.due_before || query.overdue_at;
  if (!query.search.empty() && dialect == Dialect::kSqlite && !narrowed) {
    // Otherwise the FTS5 index drives: it hands out the matching rowids (= case ids) newest
    // first and applies the cursor as a rowid range itself, so LIMIT stops the scan after the
    // first page. (As a filter, "id IN (SELECT rowid … MATCH ?)", every match is collected
    // before the first row comes out: most of the table for a common word.)
    statement.sql =
        query.without_description ? "SELECT " CASE_SUMMARY_COLUMNS : "SELECT " CASE_COLUMNS;
    statement.sql +=
        " FROM search.case_search JOIN cases ON cases.id = case_search.rowid"
        " WHERE case_search MATCH ?";
    statement.params.emplace_back(query.search);
    app::CaseQuery rest = query;
    rest.search.clear();
    if (rest.after) {
      statement.sql += " AND case_search.rowid < ?";
      statement.params.emplace_back(*rest.after);
      rest.after.reset();
    }
    core::Status filtered = AppendCaseFilters(rest, dialect, statement.sql, statement.params);
    if (!filtered.ok()) return filtered.error();
    statement.sql += " ORDER BY case_search.rowid DESC LIMIT ?";
  } else {
    // The page's ids first, from the covering indexes (a sort, when one is needed, moves ids
    // only), then its rows by primary key: a unit's queue need not sort every open case's
    // title and description to keep 51 of them.
    statement.sql =
        query.without_description ? "SELECT " CASE_SUMMARY_COLUMNS : "SELECT " CASE_COLUMNS;
    statement.sql += " FROM cases WHERE id IN (SELECT id FROM cases WHERE 1 = 1";
    core::Status filtered = AppendCaseFilters(query, dialect, statement.sql, statement.params);
    if (!filtered.ok()) return filtered.error();
    statement.sql += " ORDER BY id DESC LIMIT ?) ORDER BY id DESC";
  }
  statement.params.emplace_back(int64_t{ClampLimit(query.limit)} + 1);
  return statement;
}

// Newest first; one statement with every filter bound as a parameter.
core::Result<app::Page<app::CaseRecord>> SqlCaseRepository::List(const app::CaseQuery& query) {
  core::Result<SqlStatement> statement = ListStatement(query, conn_.dialect());
  if (!statement.ok()) return statement.error();
  core::Result<std::vector<app::CaseRecord>> cases =
      MapRows<app::CaseRecord>(conn_.Query(statement->sql, statement->params), CaseFromRow);
  if (!cases.ok()) return cases.error();
  return MakePage(std::move(cases).value(), ClampLimit(query.limit));
}

core::Status SqlCaseRepository::Reindex(app::Id case_id) {
  return MarkForSearch(conn_, SearchIndex::kCases, case_id);
}

}  // namespace csqm::store
