// Configuration of case types (with their workflows) and categories (with their SLA policies
// and calendars). Every signed-in user reads it (the intake form shows the time limits);
// only core::MayConfigure roles change it. Every change bumps the version (If-Match), is
// validated by the same core parsers that run the cases, and appends an audit row.
// Calendars are in calendar_admin.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace csqm::app {

Result<std::vector<CaseType>> ListCaseTypes(Services& s, const Actor& actor);
Result<CaseType> GetCaseType(Services& s, const Actor& actor, Id type_id);

struct NewCaseType {
  std::string key;  // unique, [A-Za-z0-9._-]: "case_type.bad_key"
  std::string
      prefix;  // unique, 1–8 of A–Z 0–9 (case numbers PREFIX-YYYYMM-N): "case_type.bad_prefix"
  std::string name_zh;
  std::string name_en;
  std::string workflow_json;  // core::ParseWorkflowJson; errors under field "workflow."
};

// Duplicates: kConflict "store.constraint" naming "key" or "prefix".
Result<CaseType> CreateCaseType(Services& s, const Actor& actor, const NewCaseType& in);

struct CaseTypePatch {
  std::optional<std::string> name_zh;
  std::optional<std::string> name_en;
  std::optional<std::string> workflow_json;
};

// A new workflow may not drop a status that open cases of the type are in
// (kFailedPrecondition "case_type.status_in_use", field "workflow.statuses").
Result<CaseType> UpdateCaseType(Services& s, const Actor& actor, Id type_id,
                                const CaseTypePatch& patch, int64_t expected_version);

// Every category, ordered by case type and key; parent_id links the tree.
Result<std::vector<Category>> ListCategories(Services& s, const Actor& actor);
Result<Category> GetCategory(Services& s, const Actor& actor, Id category_id);

struct NewCategory {
  std::optional<Id> parent_id;  // of the same case type: "category.bad_parent"
  Id case_type_id = 0;          // "category.bad_case_type"
  std::string key;              // unique: "category.bad_key", kConflict "store.constraint"
  std::string name_zh;
  std::string name_en;
  Id calendar_id = 0;                            // "category.bad_calendar"
  std::string policy_json = "{\"targets\":[]}";  // core::ParseSlaPolicyJson; field "policy."
};

Result<Category> CreateCategory(Services& s, const Actor& actor, const NewCategory& in);

struct CategoryPatch {
  std::optional<std::string> name_zh;
  std::optional<std::string> name_en;
  std::optional<bool> active;
  std::optional<Id> calendar_id;  // re-plans the category's open cases
  // Applies to cases opened from now on: open cases keep their planned due times. (Cases do
  // not snapshot their policy: whatever re-plans an open case later — resuming from a pause,
  // an approved extension, a calendar change — plans it with the policy current then.)
  std::optional<std::string> policy_json;
};

struct CategoryUpdate {
  Category category;
  int64_t replanned_cases = 0;
};

Result<CategoryUpdate> UpdateCategory(Services& s, const Actor& actor, Id category_id,
                                      const CategoryPatch& patch, int64_t expected_version);

}  // namespace csqm::app
