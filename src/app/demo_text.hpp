// What the demo's people write: case titles and descriptions per category, resolutions,
// causes, answers, work reports, reasons and notes (internal to the demo).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace csqm::app::demo {

struct CaseText {
  std::string_view title;
  std::string_view description;  // "{unit}" stands for the customer's room, "{bld}" a building
};

struct CategoryText {
  std::string_view key;
  std::vector<CaseText> cases;
  // complaint: the resolution; inquiry: the answer; repair: the work done.
  std::vector<std::string_view> outcomes;
  std::vector<std::string_view> causes;  // complaint: the cause analysis (R1.7)
};

// Every category of the property template; nullptr for another key.
const CategoryText* TextFor(std::string_view category_key);

enum class Phrase {
  kWaitCustomer,      // why a complaint or inquiry waits for the customer
  kWaitParts,         // why a repair waits for parts
  kCancel,            // why a case is cancelled
  kRejectClose,       // why closing a complaint is refused
  kReopenComplaint,   // why a resolved complaint is reopened
  kReopenRepair,      // why a finished repair is reopened (返修)
  kExtension,         // why a time limit needs extending
  kApproveExtension,  // a manager's approval note
  kRejectExtension,   // a manager's rejection note
  kInternalNote,      // desk staff, internal
  kFieldNote,         // field staff, internal
  kApology,           // a public reply to a complaint
  kAcknowledge,       // a public "we are on it"
  kCallback,          // a public note after a repair (回访)
  kToSupervisor,      // transfer reason: to the desk supervisor
  kHandover,          // transfer reason: shift handover
  kRedispatch,        // transfer reason: another technician
  kManagerCallback,   // a manager's public callback on a major complaint
};
const std::vector<std::string_view>& Phrases(Phrase phrase);

// Replaces "{unit}" and "{bld}" in `text`.
std::string Fill(std::string_view text, const std::string& unit, int building);

}  // namespace csqm::app::demo
