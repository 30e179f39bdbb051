// The demo's cases as scripts: when each arrives and what people do to it, step by step
// (internal to demo.cpp, which plays them through the use cases).
#pragma once

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/demo_world.hpp"
#include "core/zone.hpp"

namespace csqm::app::demo {

enum class StepKind {
  kTransition,
  kAssign,
  kComment,
  kArrival,
  kRequestExtension,
  kDecideExtension,
  kLink
};

struct Step {
  core::Millis at{0};  // after the case's receipt
  StepKind kind = StepKind::kComment;
  size_t actor = 0;  // index into World::staff
  std::string transition;
  std::map<std::string, std::string> fields;
  std::string text;  // comment, transfer reason, place, extension reason or decision note
  bool visible_to_customer = false;  // comments
  size_t assignee = 0;               // kAssign
  std::string target;                // extensions: the target key
  core::Millis extend_by{0};         // kRequestExtension: past the current due time
  bool approve = false;              // kDecideExtension
  size_t other_case = 0;             // kLink: index of an earlier plan
  std::string link_kind;
  bool office_hours = false;  // office work: moved into 08:00–21:00 local time
};

struct CasePlan {
  std::string category;  // category key
  std::string type;      // complaint, inquiry, repair
  Instant received;
  size_t project = 0;
  std::optional<size_t> customer;  // index into World::customers
  size_t owner = 0;                // who opens it (首问)
  std::optional<size_t> assignee;  // at opening
  core::Channel channel = core::Channel::kPhone;
  core::Severity severity = core::Severity::kOrdinary;
  std::string title;
  std::string description;
  std::vector<Step> steps;  // ascending `at`, all before DemoOptions::now
};

// Recent cases that stop in each status of each workflow (some overdue, some with a pending
// extension), and the rest spread over `options.days` days, played until `options.now` —
// most are closed by then. Sorted by receipt.
std::vector<CasePlan> PlanCases(const World& world, const DemoOptions& options, std::mt19937& rng,
                                const core::ZoneRules& zone);

}  // namespace csqm::app::demo
