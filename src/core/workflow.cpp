#include "core/workflow.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/json_read.hpp"

namespace csqm::core {
namespace json = boost::json;
using jsonread::Index;
using jsonread::Member;

const WorkflowStatus* Workflow::Status(std::string_view key) const {
  for (const auto& s : statuses) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

const WorkflowTransition* Workflow::Transition(std::string_view key) const {
  for (const auto& t : transitions) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

namespace {

bool Leaves(const WorkflowTransition& t, std::string_view status) {
  return t.from.empty() || std::find(t.from.begin(), t.from.end(), status) != t.from.end();
}

bool Allows(const WorkflowTransition& t, Role role) {
  if (!MayWriteCases(role)) return false;
  return t.roles.empty() || std::find(t.roles.begin(), t.roles.end(), role) != t.roles.end();
}

Error Invalid(std::string reason, std::string zh, std::string en, std::string field) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(zh), std::move(en),
                   std::move(field));
}

Result<WorkflowStatus> ParseStatus(const json::value& v, const std::string& at) {
  if (!v.is_object()) return jsonread::WrongType(at, "对象", "an object");
  const auto& o = v.get_object();
  WorkflowStatus s;
  auto key = jsonread::String(o, "key", at);
  if (!key) return key.error();
  s.key = *key;
  s.name_zh = jsonread::String(o, "zh", at, false).value();
  s.name_en = jsonread::String(o, "en", at, false).value();
  for (auto [name, flag] : {std::pair{"pauses_sla", &s.pauses_sla},
                            std::pair{"resolved", &s.resolved}, std::pair{"final", &s.final}}) {
    auto b = jsonread::Bool(o, name, at);
    if (!b) return b.error();
    *flag = *b;
  }
  return s;
}

Result<WorkflowTransition> ParseTransition(const json::value& v, const std::string& at) {
  if (!v.is_object()) return jsonread::WrongType(at, "对象", "an object");
  const auto& o = v.get_object();
  WorkflowTransition t;
  auto key = jsonread::String(o, "key", at);
  if (!key) return key.error();
  t.key = *key;
  auto to = jsonread::String(o, "to", at);
  if (!to) return to.error();
  t.to = *to;
  t.name_zh = jsonread::String(o, "zh", at, false).value();
  t.name_en = jsonread::String(o, "en", at, false).value();
  auto from = jsonread::Strings(o, "from", at);
  if (!from) return from.error();
  t.from = *from;
  auto required = jsonread::Strings(o, "required", at);
  if (!required) return required.error();
  t.required = *required;
  auto roles = jsonread::Strings(o, "roles", at);
  if (!roles) return roles.error();
  for (size_t i = 0; i < roles->size(); ++i) {
    auto role = ParseRole((*roles)[i]);
    if (!role) {
      return Invalid("workflow.unknown_role", "未知角色“" + (*roles)[i] + "”",
                     "unknown role \"" + (*roles)[i] + "\"", Index(Member(at, "roles"), i));
    }
    t.roles.push_back(*role);
  }
  return t;
}

Status Validate(const Workflow& w) {
  std::set<std::string> keys;
  for (size_t i = 0; i < w.statuses.size(); ++i) {
    if (!keys.insert(w.statuses[i].key).second || w.statuses[i].key.empty()) {
      return Invalid("workflow.duplicate_key", "状态键重复或为空", "status key repeats or is empty",
                     Index("statuses", i));
    }
  }
  if (!w.Status(w.initial)) {
    return Invalid("workflow.unknown_status", "初始状态不存在", "initial status is not declared",
                   "initial");
  }
  std::set<std::string> transition_keys;
  for (size_t i = 0; i < w.transitions.size(); ++i) {
    const auto& t = w.transitions[i];
    const std::string at = Index("transitions", i);
    if (!transition_keys.insert(t.key).second || t.key.empty()) {
      return Invalid("workflow.duplicate_key", "流转键重复或为空",
                     "transition key repeats or is empty", at);
    }
    if (!w.Status(t.to)) {
      return Invalid("workflow.unknown_status", "目标状态“" + t.to + "”不存在",
                     "target status \"" + t.to + "\" is not declared", Member(at, "to"));
    }
    for (size_t j = 0; j < t.from.size(); ++j) {
      const auto* from = w.Status(t.from[j]);
      if (!from) {
        return Invalid("workflow.unknown_status", "来源状态“" + t.from[j] + "”不存在",
                       "source status \"" + t.from[j] + "\" is not declared",
                       Index(Member(at, "from"), j));
      }
      if (from->final) {
        return Invalid("workflow.leaves_final", "终态不能再流转",
                       "a final status has no transitions out", Index(Member(at, "from"), j));
      }
    }
  }
  return {};
}

json::array Names(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

std::vector<const WorkflowTransition*> Workflow::Available(std::string_view status,
                                                           Role role) const {
  std::vector<const WorkflowTransition*> out;
  const auto* s = Status(status);
  if (!s || s->final) return out;
  for (const auto& t : transitions) {
    if (Leaves(t, status) && Allows(t, role)) out.push_back(&t);
  }
  return out;
}

Result<Workflow> ParseWorkflowJson(std::string_view text) {
  auto root = jsonread::Parse(text);
  if (!root) return root.error();
  if (!root->is_object()) return jsonread::WrongType("", "JSON 对象", "a JSON object");
  const auto& o = root->get_object();
  Workflow w;
  auto initial = jsonread::String(o, "initial", "");
  if (!initial) return initial.error();
  w.initial = *initial;
  for (const char* list : {"statuses", "transitions"}) {
    const auto* v = o.if_contains(list);
    if (!v || !v->is_array()) return jsonread::WrongType(list, "数组", "an array");
    for (size_t i = 0; i < v->get_array().size(); ++i) {
      const auto& item = v->get_array()[i];
      if (std::string_view(list) == "statuses") {
        auto s = ParseStatus(item, Index(list, i));
        if (!s) return s.error();
        w.statuses.push_back(std::move(*s));
      } else {
        auto t = ParseTransition(item, Index(list, i));
        if (!t) return t.error();
        w.transitions.push_back(std::move(*t));
      }
    }
  }
  if (auto st = Validate(w); !st) return st.error();
  return w;
}

std::string WorkflowToJson(const Workflow& w) {
  json::object root;
  root["initial"] = w.initial;
  json::array statuses;
  for (const auto& s : w.statuses) {
    json::object o{{"key", s.key}, {"zh", s.name_zh}, {"en", s.name_en}};
    if (s.pauses_sla) o["pauses_sla"] = true;
    if (s.resolved) o["resolved"] = true;
    if (s.final) o["final"] = true;
    statuses.push_back(std::move(o));
  }
  root["statuses"] = std::move(statuses);
  json::array transitions;
  for (const auto& t : w.transitions) {
    json::array roles;
    for (Role r : t.roles) roles.emplace_back(RoleName(r));
    transitions.push_back(json::object{{"key", t.key},
                                       {"zh", t.name_zh},
                                       {"en", t.name_en},
                                       {"from", Names(t.from)},
                                       {"to", t.to},
                                       {"roles", std::move(roles)},
                                       {"required", Names(t.required)}});
  }
  root["transitions"] = std::move(transitions);
  return json::serialize(root);
}

Result<const WorkflowTransition*> CheckTransition(const Workflow& workflow, std::string_view status,
                                                  std::string_view transition, Role role,
                                                  const std::vector<std::string>& given_fields) {
  const auto* t = workflow.Transition(transition);
  if (!t) {
    return MakeError(ErrorCode::kNotFound, "workflow.unknown_transition",
                     "未知的流转“" + std::string(transition) + "”",
                     "unknown transition \"" + std::string(transition) + "\"", "transition");
  }
  const auto* s = workflow.Status(status);
  if (!s || s->final || !Leaves(*t, status)) {
    return MakeError(
        ErrorCode::kFailedPrecondition, "workflow.not_from_status",
        "当前状态“" + std::string(status) + "”不能执行“" + t->name_zh + "”",
        "transition \"" + t->key + "\" is not possible from status \"" + std::string(status) + "\"",
        "transition");
  }
  if (!Allows(*t, role)) {
    return MakeError(ErrorCode::kPermissionDenied, "workflow.role_not_allowed",
                     "当前角色不能执行“" + t->name_zh + "”",
                     "your role may not take transition \"" + t->key + "\"", "transition");
  }
  for (const auto& field : t->required) {
    if (std::find(given_fields.begin(), given_fields.end(), field) == given_fields.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "workflow.missing_field",
                       "“" + t->name_zh + "”需要填写 " + field,
                       "transition \"" + t->key + "\" requires " + field, field);
    }
  }
  return t;
}

}  // namespace csqm::core
