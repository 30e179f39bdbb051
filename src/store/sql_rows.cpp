#include "store/sql_rows.hpp"

#include <algorithm>
#include <string>

namespace csqm::store {
namespace {

size_t PaddedSize(size_t n) {
  size_t padded = 1;
  while (padded < n) padded *= 2;
  return padded;
}

// The smallest string above every string that starts with `prefix`: its last byte plus one.
// "/1/4/" -> "/1/40". An empty prefix (or one of 0xFF bytes) has no bound: nullopt.
std::optional<std::string> PrefixUpperBound(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

}  // namespace

core::Error NotFound(const Entity& entity) { return NotFound(entity.reason, entity.zh, entity.en); }

core::Error NotFound(std::string_view reason, std::string_view zh, std::string_view en) {
  return core::MakeError(core::ErrorCode::kNotFound, std::string(reason), std::string(zh),
                         std::string(en));
}

core::Error VersionMismatch() {
  return core::MakeError(core::ErrorCode::kVersionMismatch, "store.version_mismatch",
                         "记录已被他人修改，请刷新后重试",
                         "the record was changed by someone else; reload and retry");
}

core::Error BadValue(std::string_view column, std::string_view text) {
  const std::string what = std::string(column) + " = '" + std::string(text) + "'";
  return core::MakeError(core::ErrorCode::kInternal, "store.bad_value",
                         "数据库中的值无法识别：" + what, "unknown value in the database: " + what,
                         std::string(column));
}

core::Error UpdateMiss(Connection& conn, const Entity& entity, Id id) {
  const std::string sql = "SELECT 1 FROM " + std::string(entity.table) + " WHERE id = ?";
  core::Result<std::optional<Row>> row = conn.QueryOne(sql, Params(id));
  if (!row.ok()) return row.error();
  return row->has_value() ? VersionMismatch() : NotFound(entity);
}

int ClampLimit(int limit) {
  if (limit < 1) return kDefaultPageSize;
  return std::min(limit, kMaxPageSize);
}

void AppendInList(std::string& sql, std::vector<Value>& params, const std::vector<Value>& values) {
  const size_t padded = PaddedSize(values.size());
  for (size_t i = 0; i < padded; ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.push_back(values[std::min(i, values.size() - 1)]);
  }
}

std::vector<Value> IdValues(const std::vector<Id>& ids) {
  std::vector<Value> values;
  values.reserve(ids.size());
  for (Id id : ids) values.emplace_back(id);
  return values;
}

void AppendUnitScope(std::string& sql, std::vector<Value>& params, std::string_view column,
                     const std::vector<std::string>& unit_paths) {
  sql += column;
  sql += " IN (SELECT id FROM org_units WHERE ";
  const size_t padded = PaddedSize(unit_paths.size());
  for (size_t i = 0; i < padded; ++i) {
    const std::string& path = unit_paths[std::min(i, unit_paths.size() - 1)];
    if (i > 0) sql += " OR ";
    sql += "(path >= ? AND path < ?)";
    params.emplace_back(path);
    // No upper bound (an empty path: every unit): compare with a string above any path.
    params.emplace_back(PrefixUpperBound(path).value_or("\xF4\x8F\xBF\xBF"));
  }
  sql += ")";
}

}  // namespace csqm::store
