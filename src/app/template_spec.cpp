#include "app/template_spec.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <set>

#include "core/calendar_json.hpp"
#include "core/json_read.hpp"
#include "core/schedule.hpp"
#include "core/sla_clock.hpp"

namespace csqm::app {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;
using core::jsonread::Index;
using core::jsonread::Member;

constexpr int kMaxDepth = 4;

core::Error Invalid(std::string reason, std::string zh, std::string en, std::string field) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(zh), std::move(en),
                   std::move(field));
}

// An error of a nested parser, its field placed under `at`.
core::Error Under(core::Error e, const std::string& at) {
  e.field = e.field.empty() ? at : Member(at, e.field);
  return e;
}

core::Status OnlyKeys(const json::object& o, std::initializer_list<std::string_view> allowed,
                      const std::string& at) {
  for (const auto& [k, v] : o) {
    const std::string_view key(k.data(), k.size());
    if (key.starts_with("_")) continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid("template.unknown_key", "未知字段“" + std::string(key) + "”",
                     "unknown key \"" + std::string(key) + "\"", Member(at, key));
    }
  }
  return {};
}

bool ValidKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

bool ValidPrefix(std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= 6 &&
         std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A required key in lower_snake (dots and dashes allowed), unique within `seen`.
core::Result<std::string> Key(const json::object& o, const std::string& at,
                              std::set<std::string>& seen) {
  auto key = core::jsonread::String(o, "key", at);
  if (!key) return key.error();
  if (!ValidKey(*key)) {
    return Invalid("template.bad_key", "键只能由小写字母、数字、_ . - 组成（1 到 64 个字符）",
                   "a key is 1 to 64 of a-z, 0-9, _ . -", Member(at, "key"));
  }
  if (!seen.insert(*key).second) {
    return Invalid("template.duplicate_key", "键“" + *key + "”重复", "key \"" + *key + "\" repeats",
                   Member(at, "key"));
  }
  return key;
}

core::Status Names(const std::string& zh, const std::string& en, const std::string& at) {
  if (zh.empty() || en.empty()) {
    return Invalid("template.missing_name", "需要中文名（zh）和英文名（en）",
                   "a Chinese (zh) and an English (en) name are required", at);
  }
  return {};
}

// "zh" and "en" of an object, both required.
core::Status ReadNames(const json::object& o, const std::string& at, std::string& zh,
                       std::string& en) {
  auto zh_text = core::jsonread::String(o, "zh", at, false);
  if (!zh_text) return zh_text.error();
  auto en_text = core::jsonread::String(o, "en", at, false);
  if (!en_text) return en_text.error();
  zh = std::move(*zh_text);
  en = std::move(*en_text);
  return Names(zh, en, at);
}

const json::array* ArrayOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

core::Status ParseCalendars(const json::object& root, const TemplateFiles& files,
                            const core::ZoneDatabase& zones, TemplateSpec& spec,
                            std::map<std::string, core::CalendarSpec>& parsed) {
  const auto* list = ArrayOf(root, "calendars");
  if (!list || list->empty()) {
    return Invalid("template.no_calendars", "模板至少需要一个日历",
                   "a template needs at least one calendar", "calendars");
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Index("calendars", i);
    const auto* o = (*list)[i].if_object();
    if (!o) return core::jsonread::WrongType(at, "对象", "an object");
    if (auto st = OnlyKeys(*o, {"key", "file", "name"}, at); !st) return st;
    auto key = Key(*o, at, keys);
    if (!key) return key.error();
    auto name = core::jsonread::String(*o, "name", at, false);
    if (!name) return name.error();
    auto text = files.calendar_json_by_key.find(*key);
    if (text == files.calendar_json_by_key.end()) {
      return Invalid("template.calendar_missing", "日历“" + *key + "”的文件未读入",
                     "the file of calendar \"" + *key + "\" was not read", Member(at, "file"));
    }
    auto calendar = core::ParseCalendarJson(text->second);
    if (!calendar) return Under(calendar.error(), Member(at, "file"));
    auto schedule = core::Schedule::Compile(*calendar, zones);
    if (!schedule) return Under(schedule.error(), Member(at, "file"));
    TemplateCalendar c;
    c.key = *key;
    c.name = !name->empty() ? *name : !calendar->name.empty() ? calendar->name : *key;
    c.spec_json = core::CalendarToJson(*calendar);
    parsed.emplace(c.key, std::move(*calendar));
    spec.calendars.push_back(std::move(c));
  }
  return {};
}

core::Status CheckWorkflowNames(const core::Workflow& w, const std::string& at) {
  for (size_t i = 0; i < w.statuses.size(); ++i) {
    const auto& s = w.statuses[i];
    if (auto st = Names(s.name_zh, s.name_en, Index(Member(at, "statuses"), i)); !st) return st;
  }
  for (size_t i = 0; i < w.transitions.size(); ++i) {
    const auto& t = w.transitions[i];
    if (auto st = Names(t.name_zh, t.name_en, Index(Member(at, "transitions"), i)); !st) return st;
  }
  return {};
}

core::Status ParseCaseTypes(const json::object& root, TemplateSpec& spec) {
  const auto* list = ArrayOf(root, "case_types");
  if (!list || list->empty()) {
    return Invalid("template.no_case_types", "模板至少需要一个工单类型",
                   "a template needs at least one case type", "case_types");
  }
  std::set<std::string> keys, prefixes;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Index("case_types", i);
    const auto* o = (*list)[i].if_object();
    if (!o) return core::jsonread::WrongType(at, "对象", "an object");
    if (auto st = OnlyKeys(*o, {"key", "prefix", "zh", "en", "workflow"}, at); !st) return st;
    TemplateCaseType t;
    auto key = Key(*o, at, keys);
    if (!key) return key.error();
    t.key = *key;
    auto prefix = core::jsonread::String(*o, "prefix", at);
    if (!prefix) return prefix.error();
    if (!ValidPrefix(*prefix)) {
      return Invalid("template.bad_prefix", "编号前缀应为 1 到 6 个大写字母",
                     "a number prefix is 1 to 6 capital letters", Member(at, "prefix"));
    }
    if (!prefixes.insert(*prefix).second) {
      return Invalid("template.duplicate_prefix", "编号前缀“" + *prefix + "”重复",
                     "prefix \"" + *prefix + "\" repeats", Member(at, "prefix"));
    }
    t.prefix = *prefix;
    if (auto st = ReadNames(*o, at, t.name_zh, t.name_en); !st) return st;
    const auto* workflow = o->if_contains("workflow");
    if (!workflow || !workflow->is_object()) {
      return core::jsonread::WrongType(Member(at, "workflow"), "对象", "an object");
    }
    auto parsed = core::ParseWorkflowJson(json::serialize(*workflow));
    if (!parsed) return Under(parsed.error(), Member(at, "workflow"));
    if (auto st = CheckWorkflowNames(*parsed, Member(at, "workflow")); !st) return st;
    t.workflow = std::move(*parsed);
    t.workflow_json = core::WorkflowToJson(t.workflow);
    spec.case_types.push_back(std::move(t));
  }
  return {};
}

// What a category's policy must satisfy beyond parsing.
core::Status CheckPolicy(const core::SlaPolicy& policy, const core::Workflow& workflow,
                         const core::Schedule& schedule, const std::string& at) {
  // Any fixed instant will do: a limit that cannot be computed fails everywhere.
  const core::Instant probe{core::Millis(int64_t{1767225600000})};  // 2026-01-01T00:00Z
  for (size_t i = 0; i < policy.targets.size(); ++i) {
    const auto& t = policy.targets[i];
    const std::string target_at = Index(Member(at, "targets"), i);
    if (auto st = Names(t.name_zh, t.name_en, target_at); !st) return st;
    if (t.met_by.event == core::MetEvent::kStatus && !workflow.Status(t.met_by.status)) {
      return Invalid("template.unknown_status",
                     "达成状态“" + t.met_by.status + "”不在该工单类型的流程中",
                     "met_by status \"" + t.met_by.status + "\" is not in the case type's workflow",
                     Member(Member(target_at, "met_by"), "status"));
    }
    auto limit = core::ParseLimit(t.clock, t.limit, schedule.spec());
    if (!limit) return Under(limit.error(), Member(target_at, "limit"));
    auto due = core::DueAt(schedule, probe, *limit);
    if (!due) return Under(due.error(), Member(target_at, "limit"));
  }
  return {};
}

struct CategoryContext {
  const TemplateSpec& spec;
  const std::map<std::string, core::CalendarSpec>& calendars;
  const core::ZoneDatabase& zones;
  std::map<std::string, std::shared_ptr<const core::Schedule>> schedules;
  std::set<std::string> keys;
};

const TemplateCaseType* FindType(const TemplateSpec& spec, const std::string& key) {
  for (const auto& t : spec.case_types) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

core::Status ParseCategoryList(const json::array& list, const std::string& list_at,
                               const TemplateCategory* parent, int depth, CategoryContext& ctx,
                               std::vector<TemplateCategory>& out) {
  if (depth > kMaxDepth) {
    return Invalid("template.too_deep", "类别最多 4 层", "categories nest at most 4 levels",
                   list_at);
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = Index(list_at, i);
    const auto* o = list[i].if_object();
    if (!o) return core::jsonread::WrongType(at, "对象", "an object");
    if (auto st = OnlyKeys(
            *o, {"key", "zh", "en", "case_type", "calendar", "policy", "active", "children"}, at);
        !st) {
      return st;
    }
    TemplateCategory c;
    auto key = Key(*o, at, ctx.keys);
    if (!key) return key.error();
    c.key = *key;
    c.parent_key = parent ? parent->key : "";
    if (auto st = ReadNames(*o, at, c.name_zh, c.name_en); !st) return st;
    auto type_key = core::jsonread::String(*o, "case_type", at);
    if (!type_key) return type_key.error();
    const auto* type = FindType(ctx.spec, *type_key);
    if (!type) {
      return Invalid("template.unknown_case_type", "工单类型“" + *type_key + "”未在模板中定义",
                     "case type \"" + *type_key + "\" is not defined in the template",
                     Member(at, "case_type"));
    }
    if (parent && parent->case_type_key != *type_key) {
      return Invalid("template.child_of_other_type", "子类别必须与上级类别属于同一工单类型",
                     "a child category must have its parent's case type", Member(at, "case_type"));
    }
    c.case_type_key = *type_key;
    auto calendar_key = core::jsonread::String(*o, "calendar", at);
    if (!calendar_key) return calendar_key.error();
    auto calendar = ctx.calendars.find(*calendar_key);
    if (calendar == ctx.calendars.end()) {
      return Invalid("template.unknown_calendar", "日历“" + *calendar_key + "”未在模板中定义",
                     "calendar \"" + *calendar_key + "\" is not defined in the template",
                     Member(at, "calendar"));
    }
    c.calendar_key = *calendar_key;
    auto active = core::jsonread::Bool(*o, "active", at);
    if (!active) return active.error();
    c.active = o->contains("active") ? *active : true;
    const auto* policy = o->if_contains("policy");
    if (!policy || !policy->is_object()) {
      return core::jsonread::WrongType(Member(at, "policy"), "对象", "an object");
    }
    auto parsed = core::ParseSlaPolicyJson(json::serialize(*policy));
    if (!parsed) return Under(parsed.error(), Member(at, "policy"));
    auto& schedule = ctx.schedules[c.calendar_key];
    if (!schedule) {
      auto compiled = core::Schedule::Compile(calendar->second, ctx.zones);
      if (!compiled) return Under(compiled.error(), Member(at, "calendar"));
      schedule = *compiled;
    }
    if (auto st = CheckPolicy(*parsed, type->workflow, *schedule, Member(at, "policy")); !st) {
      return st;
    }
    c.policy = std::move(*parsed);
    c.policy_json = core::SlaPolicyToJson(c.policy);
    out.push_back(c);
    if (const auto* children = o->if_contains("children")) {
      if (!children->is_array()) {
        return core::jsonread::WrongType(Member(at, "children"), "数组", "an array");
      }
      if (auto st = ParseCategoryList(children->get_array(), Member(at, "children"), &c, depth + 1,
                                      ctx, out);
          !st) {
        return st;
      }
    }
  }
  return {};
}

}  // namespace

core::Result<TemplateSpec> ParseTemplate(const TemplateFiles& files,
                                         const core::ZoneDatabase& zones) {
  auto root = core::jsonread::Parse(files.template_json);
  if (!root) return root.error();
  const auto* o = root->if_object();
  if (!o) return core::jsonread::WrongType("", "JSON 对象", "a JSON object");
  if (auto st = OnlyKeys(
          *o, {"key", "zh", "en", "calendars", "case_types", "categories", "callback_rules"}, "");
      !st) {
    return st.error();
  }
  TemplateSpec spec;
  std::set<std::string> template_keys;
  auto key = Key(*o, "", template_keys);
  if (!key) return key.error();
  spec.key = *key;
  if (auto st = ReadNames(*o, "", spec.name_zh, spec.name_en); !st) return st.error();
  std::map<std::string, core::CalendarSpec> calendars;
  if (auto st = ParseCalendars(*o, files, zones, spec, calendars); !st) return st.error();
  if (auto st = ParseCaseTypes(*o, spec); !st) return st.error();
  const auto* categories = ArrayOf(*o, "categories");
  if (!categories || categories->empty()) {
    return Invalid("template.no_categories", "模板至少需要一个类别",
                   "a template needs at least one category", "categories");
  }
  CategoryContext ctx{spec, calendars, zones, {}, {}};
  std::vector<TemplateCategory> out;
  if (auto st = ParseCategoryList(*categories, "categories", nullptr, 1, ctx, out); !st) {
    return st.error();
  }
  spec.categories = std::move(out);
  if (auto st = ParseTemplateCallbackRules(*o, calendars, spec); !st) return st.error();
  return spec;
}

}  // namespace csqm::app
