#include "store/errors.hpp"

#include <string>

namespace csqm::store {
namespace {

constexpr size_t kMaxSqlInMessage = 120;

std::string Quote(std::string_view sql) {
  if (sql.empty()) return {};
  std::string shown(sql.substr(0, kMaxSqlInMessage));
  for (char& c : shown) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (sql.size() > kMaxSqlInMessage) shown += "…";
  return " [" + shown + "]";
}

core::Error Make(core::ErrorCode code, std::string_view reason, std::string zh, std::string en) {
  return core::MakeError(code, std::string(reason), std::move(zh), std::move(en));
}

}  // namespace

core::Error ConstraintError(std::string_view detail) {
  const std::string d(detail);
  return Make(core::ErrorCode::kConflict, kReasonConstraint, "数据违反约束：" + d,
              "constraint violated: " + d);
}

core::Error BusyError(std::string_view detail) {
  const std::string d(detail);
  return Make(core::ErrorCode::kInternal, kReasonBusy, "数据库繁忙，等待超时：" + d,
              "database busy, timed out waiting: " + d);
}

core::Error StoreError(std::string_view detail, std::string_view sql) {
  const std::string d = std::string(detail) + Quote(sql);
  return Make(core::ErrorCode::kInternal, kReasonError, "数据库错误：" + d, "database error: " + d);
}

core::Error ExceptionError(std::string_view what) {
  const std::string w(what);
  return Make(core::ErrorCode::kInternal, kReasonException, "数据库事务中发生异常：" + w,
              "exception inside a database transaction: " + w);
}

core::Error NestedError() {
  return Make(core::ErrorCode::kInternal, kReasonNested,
              "不能在同一数据库的 Read/Write 回调中再次调用 Read/Write",
              "Read/Write called from inside a Read/Write callback of the same database");
}

core::Error ClosedError() {
  return Make(core::ErrorCode::kInternal, kReasonClosed, "数据库正在关闭",
              "the database is shutting down");
}

core::Error OpenFailedError(std::string_view where, std::string_view detail_zh,
                            std::string_view detail_en) {
  const std::string w(where);
  return Make(core::ErrorCode::kFailedPrecondition, kReasonOpenFailed,
              "无法打开数据库 " + w + "：" + std::string(detail_zh),
              "cannot open database " + w + ": " + std::string(detail_en));
}

}  // namespace csqm::store
