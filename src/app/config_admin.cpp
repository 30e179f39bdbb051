#include "app/config_admin.hpp"

#include <boost/json.hpp>
#include <set>

#include "app/access.hpp"
#include "app/admin_support.hpp"
#include "app/audit.hpp"
#include "app/replan.hpp"
#include "core/sla_policy.hpp"
#include "core/workflow.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

core::Error Duplicate(const std::string& field) {
  return MakeError(ErrorCode::kConflict, "store.constraint", "该值已被使用，必须唯一",
                   "this value is already in use and must be unique", field);
}

Status CheckPrefix(const std::string& prefix) {
  bool ok = !prefix.empty() && prefix.size() <= 8;
  for (char c : prefix) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (ok) return {};
  return MakeError(ErrorCode::kInvalidArgument, "case_type.bad_prefix",
                   "编号前缀应为 1 到 8 个大写字母或数字", "the prefix must be 1 to 8 of A-Z 0-9",
                   "prefix");
}

// 200 characters: the shipped T1 names run long (repair.public_urgent's English name has 119).
Status CheckNames(const std::string& zh, const std::string& en, const std::string& reason) {
  if (auto st = CheckLength(zh, 200, false, reason, "name_zh"); !st) return st;
  return CheckLength(en, 200, false, reason, "name_en");
}

Result<core::Workflow> ParseWorkflow(const std::string& text) {
  auto w = core::ParseWorkflowJson(text);
  if (!w) return UnderField(w.error(), "workflow");
  return w;
}

// Parses the policy and checks that "met_by": {"status": …} names a status of the workflow.
Status CheckPolicy(const std::string& text, const core::Workflow& workflow) {
  auto policy = core::ParseSlaPolicyJson(text);
  if (!policy) return UnderField(policy.error(), "policy");
  for (size_t i = 0; i < policy->targets.size(); ++i) {
    const auto& t = policy->targets[i];
    if (t.met_by.event == core::MetEvent::kStatus && !workflow.Status(t.met_by.status)) {
      return MakeError(ErrorCode::kInvalidArgument, "category.unknown_status",
                       "该状态不在工单类型的流程中", "no such status in the case type's workflow",
                       "policy.targets[" + std::to_string(i) + "].met_by.status");
    }
  }
  return {};
}

Result<std::shared_ptr<const core::Workflow>> TypeWorkflow(Services& s, Tx& tx, Id type_id) {
  auto type = tx.Config().GetCaseType(type_id);
  if (!type) {
    return MakeError(ErrorCode::kInvalidArgument, "category.bad_case_type", "工单类型不存在",
                     "no such case type", "case_type_id");
  }
  return s.config.Workflow(*type);
}

Status CheckCalendar(Tx& tx, Id calendar_id) {
  if (tx.Config().GetCalendar(calendar_id)) return {};
  return MakeError(ErrorCode::kInvalidArgument, "category.bad_calendar", "工作日历不存在",
                   "no such calendar", "calendar_id");
}

// Statuses of `before` that `after` lacks must not hold open cases of the type.
Status CheckStatusesKept(Tx& tx, Id type_id, const core::Workflow& before,
                         const core::Workflow& after) {
  std::vector<std::string> removed;
  for (const auto& st : before.statuses) {
    if (!after.Status(st.key)) removed.push_back(st.key);
  }
  if (removed.empty()) return {};
  auto categories = tx.Config().ListCategories();
  if (!categories) return categories.error();
  for (const auto& c : *categories) {
    if (c.case_type_id != type_id) continue;
    CaseQuery q;
    q.category_id = c.id;
    q.statuses = removed;
    q.open = true;
    q.limit = 1;
    auto cases = tx.Cases().List(q);
    if (!cases) return cases.error();
    if (!cases->items.empty()) {
      return MakeError(ErrorCode::kFailedPrecondition, "case_type.status_in_use",
                       "仍有未关闭的工单处于被删除的状态：" + cases->items[0].status,
                       "open cases are still in a removed status: " + cases->items[0].status,
                       "workflow.statuses");
    }
  }
  return {};
}

json::object TypeData(const CaseType& t) {
  return json::object{
      {"key", t.key}, {"prefix", t.prefix}, {"name_zh", t.name_zh}, {"name_en", t.name_en}};
}

json::object CategoryData(const Category& c) {
  return json::object{
      {"key", c.key},       {"name_zh", c.name_zh},         {"name_en", c.name_en},
      {"active", c.active}, {"calendar_id", c.calendar_id}, {"policy", c.policy_json}};
}

template <class T, class Fn>
Result<T> ReadOne(Services& s, Fn fn) {
  std::optional<T> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = fn(tx);
    if (!found) return found.error();
    out = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

}  // namespace

Result<std::vector<CaseType>> ListCaseTypes(Services& s, const Actor&) {
  return ReadOne<std::vector<CaseType>>(s, [](Tx& tx) { return tx.Config().ListCaseTypes(); });
}

Result<CaseType> GetCaseType(Services& s, const Actor&, Id type_id) {
  return ReadOne<CaseType>(s, [&](Tx& tx) { return tx.Config().GetCaseType(type_id); });
}

Result<CaseType> CreateCaseType(Services& s, const Actor& actor, const NewCaseType& in) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  if (auto st = CheckKey(in.key, "case_type.bad_key", "key"); !st) return st.error();
  if (auto st = CheckPrefix(in.prefix); !st) return st.error();
  if (auto st = CheckNames(in.name_zh, in.name_en, "case_type.bad_name"); !st) return st.error();
  if (auto w = ParseWorkflow(in.workflow_json); !w) return w.error();
  const Instant now = s.clock.Now();
  CaseType stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto types = tx.Config().ListCaseTypes();
    if (!types) return types.error();
    for (const auto& t : *types) {
      if (t.key == in.key) return Duplicate("key");
      if (t.prefix == in.prefix) return Duplicate("prefix");
    }
    CaseType t{0, in.key, in.prefix, in.name_zh, in.name_en, in.workflow_json, 1};
    auto inserted = tx.Config().InsertCaseType(std::move(t));
    if (!inserted) return ConflictField(inserted.error(), "key");
    stored = std::move(*inserted);
    json::object data = TypeData(stored);
    data["workflow"] = stored.workflow_json;
    return AppendAudit(tx, s.crypto, now, actor.id(), "case_type.create", "case_type", stored.id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  return stored;
}

Result<CaseType> UpdateCaseType(Services& s, const Actor& actor, Id type_id, const CaseTypePatch& p,
                                int64_t expected_version) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  std::optional<core::Workflow> workflow;
  if (p.workflow_json) {
    auto w = ParseWorkflow(*p.workflow_json);
    if (!w) return w.error();
    workflow = std::move(*w);
  }
  const Instant now = s.clock.Now();
  CaseType updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = tx.Config().GetCaseType(type_id);
    if (!current) return current.error();
    CaseType t = *current;
    if (p.name_zh) t.name_zh = *p.name_zh;
    if (p.name_en) t.name_en = *p.name_en;
    if (auto st2 = CheckNames(t.name_zh, t.name_en, "case_type.bad_name"); !st2) return st2;
    if (workflow) {
      auto before = s.config.Workflow(*current);
      if (!before) return before.error();
      if (auto st2 = CheckStatusesKept(tx, type_id, **before, *workflow); !st2) return st2;
      t.workflow_json = *p.workflow_json;
    }
    auto saved = tx.Config().UpdateCaseType(t, ExpectedVersion(expected_version, current->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    json::object data{{"before", TypeData(*current)}, {"after", TypeData(updated)}};
    if (workflow) data["workflow"] = updated.workflow_json;
    return AppendAudit(tx, s.crypto, now, actor.id(), "case_type.update", "case_type", updated.id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  return updated;
}

Result<std::vector<Category>> ListCategories(Services& s, const Actor&) {
  return ReadOne<std::vector<Category>>(s, [](Tx& tx) { return tx.Config().ListCategories(); });
}

Result<Category> GetCategory(Services& s, const Actor&, Id category_id) {
  return ReadOne<Category>(s, [&](Tx& tx) { return tx.Config().GetCategory(category_id); });
}

Result<Category> CreateCategory(Services& s, const Actor& actor, const NewCategory& in) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  if (auto st = CheckKey(in.key, "category.bad_key", "key"); !st) return st.error();
  if (auto st = CheckNames(in.name_zh, in.name_en, "category.bad_name"); !st) return st.error();
  const Instant now = s.clock.Now();
  Category stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto workflow = TypeWorkflow(s, tx, in.case_type_id);
    if (!workflow) return workflow.error();
    if (in.parent_id) {
      auto parent = tx.Config().GetCategory(*in.parent_id);
      if (!parent || parent->case_type_id != in.case_type_id) {
        return MakeError(
            ErrorCode::kInvalidArgument, "category.bad_parent", "上级分类不存在或属于其他工单类型",
            "the parent category does not exist or belongs to another case type", "parent_id");
      }
    }
    if (auto st2 = CheckCalendar(tx, in.calendar_id); !st2) return st2;
    if (auto st2 = CheckPolicy(in.policy_json, **workflow); !st2) return st2;
    if (tx.Config().GetCategoryByKey(in.key)) return Duplicate("key");
    Category c;
    c.parent_id = in.parent_id;
    c.case_type_id = in.case_type_id;
    c.key = in.key;
    c.name_zh = in.name_zh;
    c.name_en = in.name_en;
    c.calendar_id = in.calendar_id;
    c.policy_json = in.policy_json;
    auto inserted = tx.Config().InsertCategory(std::move(c));
    if (!inserted) return ConflictField(inserted.error(), "key");
    stored = std::move(*inserted);
    return AppendAudit(tx, s.crypto, now, actor.id(), "category.create", "category", stored.id,
                       json::serialize(CategoryData(stored)));
  });
  if (!st) return st.error();
  return stored;
}

Result<CategoryUpdate> UpdateCategory(Services& s, const Actor& actor, Id category_id,
                                      const CategoryPatch& p, int64_t expected_version) {
  if (auto st = RequireConfigurer(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  CategoryUpdate result;
  bool calendar_changed = false;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = tx.Config().GetCategory(category_id);
    if (!current) return current.error();
    Category c = *current;
    if (p.name_zh) c.name_zh = *p.name_zh;
    if (p.name_en) c.name_en = *p.name_en;
    if (auto st2 = CheckNames(c.name_zh, c.name_en, "category.bad_name"); !st2) return st2;
    if (p.active) c.active = *p.active;
    if (p.calendar_id && *p.calendar_id != c.calendar_id) {
      if (auto st2 = CheckCalendar(tx, *p.calendar_id); !st2) return st2;
      c.calendar_id = *p.calendar_id;
      calendar_changed = true;
    }
    if (p.policy_json) {
      auto workflow = TypeWorkflow(s, tx, c.case_type_id);
      if (!workflow) return workflow.error();
      if (auto st2 = CheckPolicy(*p.policy_json, **workflow); !st2) return st2;
      c.policy_json = *p.policy_json;
    }
    auto saved = tx.Config().UpdateCategory(c, ExpectedVersion(expected_version, current->version));
    if (!saved) return saved.error();
    result.category = std::move(*saved);
    json::object data{{"before", CategoryData(*current)}, {"after", CategoryData(result.category)}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "category.update", "category", category_id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  if (calendar_changed) {
    auto replanned = ReplanOpenCases(s, {category_id});
    if (!replanned) return replanned.error();
    result.replanned_cases = *replanned;
  }
  return result;
}

}  // namespace csqm::app
