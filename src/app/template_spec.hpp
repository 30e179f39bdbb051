// Configuration templates (templates/NAME/template.json): the calendars, case types with their
// workflows, and the category tree with SLA policies that an industry starts from. Parsed and
// checked here, as a whole, before anything is written (seed.hpp writes it).
//   {"key":"property","zh":"物业管理","en":"Property management",
//    "calendars":[{"key":"cn-office","file":"../calendars/china-0830-1730-lunch.json"}],
//    "case_types":[{"key":"complaint","prefix":"TS","zh":"投诉","en":"Complaint",
//                   "workflow":{…core/workflow.hpp…}}],
//    "categories":[{"key":"complaint","zh":"投诉","en":"Complaints","case_type":"complaint",
//                   "calendar":"cn-office","policy":{"targets":[]},
//                   "children":[{"key":"complaint.other",…,"policy":{…core/sla_policy.hpp…}}]}]}
// Keys starting with "_" are notes and are ignored; any other unknown key is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"
#include "core/sla_policy.hpp"
#include "core/workflow.hpp"
#include "core/zone.hpp"

namespace csqm::app {

// What a template consists of, read by the caller (platform/template_files.hpp reads a folder):
// the template text and the text of every calendar it names, by calendar key. app does no
// file I/O.
struct TemplateFiles {
  std::string template_json;
  std::map<std::string, std::string> calendar_json_by_key;
  std::string origin;  // where it was read from, for messages; may be empty
};

struct TemplateCalendar {
  std::string key;
  std::string name;       // the entry's "name", else the calendar's own, else the key
  std::string spec_json;  // canonical form (core::CalendarToJson)
};

struct TemplateCaseType {
  std::string key;
  std::string prefix;  // case numbers PREFIX-YYYYMM-NNNNNN: 1 to 6 capital letters
  std::string name_zh;
  std::string name_en;
  core::Workflow workflow;
  std::string workflow_json;  // canonical form (core::WorkflowToJson)
};

struct TemplateCategory {
  std::string key;
  std::string parent_key;  // "" for a root
  std::string name_zh;
  std::string name_en;
  std::string case_type_key;
  std::string calendar_key;
  core::SlaPolicy policy;
  std::string policy_json;  // canonical form (core::SlaPolicyToJson)
  bool active = true;
};

struct TemplateSpec {
  std::string key;
  std::string name_zh;
  std::string name_en;
  std::vector<TemplateCalendar> calendars;
  std::vector<TemplateCaseType> case_types;
  std::vector<TemplateCategory> categories;  // depth first: every parent before its children
};

// Parses and checks everything: JSON shape and unknown keys, unique keys and prefixes, every
// calendar (compiled against `zones`), workflow and policy (core parsers), zh and en names on
// every status, transition, target, type and category, references from categories to case
// types, calendars and workflow statuses, children of the same case type as their parent, and
// that each target's limit can be computed on its calendar. Errors are kInvalidArgument with a
// "template.*" (or the core parser's) reason and a field path such as
// "categories[0].children[2].policy.targets[0].limit".
core::Result<TemplateSpec> ParseTemplate(const TemplateFiles& files,
                                         const core::ZoneDatabase& zones);

}  // namespace csqm::app
