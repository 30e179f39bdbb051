// Organisation units (公司 → 项目 → 部门): the tree every data scope is cut from. Everyone
// signed in reads the units of their own subtree; only administrators change the tree.
// One transaction each; every change appends an audit row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace csqm::app {

// The units of the actor's subtree, parents before children (ordered by path).
Result<std::vector<OrgUnit>> ListOrgUnits(Services& s, const Actor& actor);

// kNotFound "org_unit.not_found" for a unit outside the actor's subtree too.
Result<OrgUnit> GetOrgUnit(Services& s, const Actor& actor, Id unit_id);

struct NewOrgUnit {
  Id parent_id = 0;  // required: a new unit hangs under an existing one in the actor's scope
  std::string kind;  // company, project, department
  std::string code;  // unique: kConflict "store.constraint" (field "code")
  std::string name;
};

// Admin only (kPermissionDenied "auth.forbidden"). Errors: "org_unit.bad_kind" (kind),
// "org_unit.bad_code" (code), "org_unit.bad_name" (name), "org_unit.bad_parent" (parent_id).
Result<OrgUnit> CreateOrgUnit(Services& s, const Actor& actor, const NewOrgUnit& in);

struct OrgUnitPatch {
  std::optional<std::string> code;
  std::optional<std::string> name;
  std::optional<Id> parent_id;  // moves the unit and its subtree under another unit
};

// Admin only; renames, re-codes or moves a unit with optimistic concurrency (expected_version
// from If-Match, < 0 = the current one). A move needs a new parent in the actor's scope
// ("org_unit.bad_parent", field "parent_id"; also for moving a top unit) that is not the unit
// itself or one of its descendants ("org_unit.cycle"); the subtree's paths follow.
Result<OrgUnit> UpdateOrgUnit(Services& s, const Actor& actor, Id unit_id, const OrgUnitPatch& p,
                              int64_t expected_version);

}  // namespace csqm::app
