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

#include <boost/json/fwd.hpp>
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

// A default callback rule (回访规则, docs/callbacks.md), loaded as app::CallbackRule; keys
// name the template's case types, categories and calendars. Matched by `name` on reload.
//   {"key":"complaint_resolved","name":"投诉解决后回访","kind":"case_resolved",
//    "case_types":["complaint"],"calendar":"cn-office","clock":"business","limit":"1d"}
struct TemplateCallbackRule {
  std::string key;
  std::string name;
  std::string kind;  // case_resolved, customer_event, routine, complaint_sample
  std::vector<std::string> case_type_keys, category_keys, tiers;
  std::string event;  // customer_event: customer_created
  int interval_days = 30;
  int sample_percent = 50;
  std::string channel = "phone";
  std::string calendar_key;  // "" = none (case_resolved: the case's)
  std::string clock = "24x7";
  std::string limit = "24h";
  int max_attempts = 3;
  int retry_minutes = 120;
  std::string on_unsatisfied = "reopen";
  std::string followup_category_key;
  std::string script;
};

struct TemplateSpec {
  std::string key;
  std::string name_zh;
  std::string name_en;
  std::vector<TemplateCalendar> calendars;
  std::vector<TemplateCaseType> case_types;
  std::vector<TemplateCategory> categories;  // depth first: every parent before its children
  std::vector<TemplateCallbackRule> callback_rules;  // optional section "callback_rules"
};

// The optional "callback_rules" section (template_callbacks.cpp), after calendars, case types
// and categories are parsed: kinds, channels, clocks and limits, tiers, numbers in the ranges
// the callback use cases accept, references to keys of the template.
core::Status ParseTemplateCallbackRules(const boost::json::object& root,
                                        const std::map<std::string, core::CalendarSpec>& calendars,
                                        TemplateSpec& spec);

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
