#include "app/access.hpp"

namespace csqm::app {

core::Error Forbidden(const std::string& what_zh, const std::string& what_en) {
  return core::MakeError(core::ErrorCode::kPermissionDenied, "auth.forbidden", "无权" + what_zh,
                         "not allowed to " + what_en);
}

bool InScope(const Actor& actor, const std::string& unit_path) {
  return unit_path.rfind(actor.unit_path, 0) == 0;
}

bool CanSeeCase(const Actor& actor, const CaseRecord& record, const std::string& case_unit_path) {
  if (!core::SeesUnitCases(actor.role())) {
    return record.assignee_id == actor.id() || record.owner_id == actor.id();
  }
  return InScope(actor, case_unit_path);
}

Result<CaseRecord> LoadVisibleCase(Tx& tx, const Actor& actor, Id case_id) {
  auto record = tx.Cases().Get(case_id);
  if (!record) return record.error();
  auto unit = tx.Org().GetUnit(record->org_unit_id);
  if (!unit) return unit.error();
  if (!CanSeeCase(actor, *record, unit->path)) {
    return core::MakeError(core::ErrorCode::kNotFound, "case.not_found", "工单不存在",
                           "case not found", "id");
  }
  return record;
}

Status RequireCaseWriter(const Actor& actor) {
  if (core::MayWriteCases(actor.role())) return {};
  return Forbidden("修改工单", "change cases");
}

Status RequireConfigurer(const Actor& actor) {
  if (core::MayConfigure(actor.role())) return {};
  return Forbidden("修改系统配置", "change the configuration");
}

}  // namespace csqm::app
