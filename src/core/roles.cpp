#include "core/roles.hpp"

#include <string>

namespace csqm::core {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kQualityManager:
      return "quality_manager";
    case Role::kManager:
      return "manager";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAgent:
      return "agent";
    case Role::kFieldStaff:
      return "field_staff";
    case Role::kAuditor:
      return "auditor";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

bool SeesFullPhone(Role role) { return role != Role::kAdmin && role != Role::kAuditor; }

bool SeesUnitCases(Role role) { return role != Role::kFieldStaff; }

bool MayConfigure(Role role) { return role == Role::kAdmin || role == Role::kQualityManager; }

bool MayApproveExtension(Role role) {
  return role == Role::kManager || role == Role::kQualityManager || role == Role::kAdmin;
}

bool MayWriteCases(Role role) { return role != Role::kAuditor; }

std::string MaskPhone(std::string_view phone) {
  if (phone.size() >= 7) {
    return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
           std::string(phone.substr(phone.size() - 4));
  }
  if (phone.size() <= 2) return std::string(phone.size(), '*');
  return std::string(phone.size() - 2, '*') + std::string(phone.substr(phone.size() - 2));
}

}  // namespace csqm::core
