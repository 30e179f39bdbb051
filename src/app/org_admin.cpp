#include "app/org_admin.hpp"

#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/admin_support.hpp"
#include "app/audit.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

Status RequireAdmin(const Actor& actor) {
  if (actor.role() == core::Role::kAdmin) return {};
  return Forbidden("修改组织架构", "change the organisation");
}

core::Error UnitNotFound() {
  return MakeError(ErrorCode::kNotFound, "org_unit.not_found", "组织单元不存在",
                   "organisation unit not found", "id");
}

Status CheckKind(const std::string& kind) {
  if (kind == "company" || kind == "project" || kind == "department") return {};
  return MakeError(ErrorCode::kInvalidArgument, "org_unit.bad_kind",
                   "类型应为 company、project 或 department",
                   "kind must be company, project or department", "kind");
}

Status CheckCodeAndName(const std::string& code, const std::string& name) {
  if (auto st = CheckKey(code, "org_unit.bad_code", "code"); !st) return st;
  return CheckLength(name, 100, false, "org_unit.bad_name", "name");
}

// A unit the actor may see, or kNotFound (other subtrees are not disclosed).
Result<OrgUnit> VisibleUnit(Tx& tx, const Actor& actor, Id unit_id) {
  auto unit = tx.Org().GetUnit(unit_id);
  if (!unit) return unit.error().code == ErrorCode::kNotFound ? UnitNotFound() : unit.error();
  if (!InScope(actor, unit->path)) return UnitNotFound();
  return unit;
}

// A move: the unit must not be a top unit, and the new parent must exist in the actor's
// scope (a parent inside the unit's own subtree is refused by the repository: org_unit.cycle).
Status CheckNewParent(Tx& tx, const Actor& actor, const OrgUnit& unit, Id parent_id) {
  const auto bad = MakeError(
      ErrorCode::kInvalidArgument, "org_unit.bad_parent", "上级组织单元不存在，或该单元不能移动",
      "the parent unit does not exist or this unit cannot move", "parent_id");
  if (!unit.parent_id) return bad;
  auto parent = tx.Org().GetUnit(parent_id);
  if (!parent || !InScope(actor, parent->path)) return bad;
  return {};
}

json::object UnitData(const OrgUnit& u) {
  return json::object{{"kind", u.kind}, {"code", u.code}, {"name", u.name}, {"path", u.path}};
}

}  // namespace

Result<std::vector<OrgUnit>> ListOrgUnits(Services& s, const Actor& actor) {
  std::vector<OrgUnit> units;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto all = tx.Org().ListUnits();
    if (!all) return all.error();
    for (auto& u : *all) {
      if (InScope(actor, u.path)) units.push_back(std::move(u));
    }
    return {};
  });
  if (!st) return st.error();
  return units;
}

Result<OrgUnit> GetOrgUnit(Services& s, const Actor& actor, Id unit_id) {
  OrgUnit unit;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = VisibleUnit(tx, actor, unit_id);
    if (!found) return found.error();
    unit = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return unit;
}

Result<OrgUnit> CreateOrgUnit(Services& s, const Actor& actor, const NewOrgUnit& in) {
  if (auto st = RequireAdmin(actor); !st) return st.error();
  if (auto st = CheckKind(in.kind); !st) return st.error();
  if (auto st = CheckCodeAndName(in.code, in.name); !st) return st.error();
  const Instant now = s.clock.Now();
  OrgUnit stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto parent = tx.Org().GetUnit(in.parent_id);
    if (!parent || !InScope(actor, parent->path)) {
      return MakeError(ErrorCode::kInvalidArgument, "org_unit.bad_parent", "上级组织单元不存在",
                       "the parent unit does not exist", "parent_id");
    }
    OrgUnit u;
    u.parent_id = in.parent_id;
    u.kind = in.kind;
    u.code = in.code;
    u.name = in.name;
    u.created_at = now;
    auto inserted = tx.Org().InsertUnit(std::move(u));
    if (!inserted) return ConflictField(inserted.error(), "code");
    stored = std::move(*inserted);
    json::object data = UnitData(stored);
    data["parent_id"] = in.parent_id;
    return AppendAudit(tx, s.crypto, now, actor.id(), "org_unit.create", "org_unit", stored.id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  return stored;
}

Result<OrgUnit> UpdateOrgUnit(Services& s, const Actor& actor, Id unit_id, const OrgUnitPatch& p,
                              int64_t expected_version) {
  if (auto st = RequireAdmin(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  OrgUnit updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = VisibleUnit(tx, actor, unit_id);
    if (!current) return current.error();
    OrgUnit u = *current;
    if (p.code) u.code = *p.code;
    if (p.name) u.name = *p.name;
    if (auto st2 = CheckCodeAndName(u.code, u.name); !st2) return st2;
    if (p.parent_id && p.parent_id != current->parent_id) {
      if (auto st2 = CheckNewParent(tx, actor, *current, *p.parent_id); !st2) return st2;
      u.parent_id = *p.parent_id;
    }
    auto saved = tx.Org().UpdateUnit(u, ExpectedVersion(expected_version, current->version));
    if (!saved) {
      if (saved.error().field == "parent_id") return saved.error();  // org_unit.cycle
      return ConflictField(saved.error(), "code");
    }
    updated = std::move(*saved);
    json::object data{{"before", UnitData(*current)}, {"after", UnitData(updated)}};
    if (updated.parent_id != current->parent_id) {
      data["parent_before"] = current->parent_id ? json::value(*current->parent_id) : nullptr;
      data["parent_after"] = *updated.parent_id;
    }
    return AppendAudit(tx, s.crypto, now, actor.id(), "org_unit.update", "org_unit", updated.id,
                       json::serialize(data));
  });
  ForgetCallers(s);  // the unit paths of its users may have moved
  if (!st) return st.error();
  return updated;
}

}  // namespace csqm::app
