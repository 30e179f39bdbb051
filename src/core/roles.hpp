// Roles and what each may see. Authorisation by organisation unit is applied in app/.
#pragma once

#include <optional>
#include <string_view>

namespace csqm::core {

enum class Role { kAdmin, kQualityManager, kManager, kSupervisor, kAgent, kFieldStaff, kAuditor };

inline constexpr Role kAllRoles[] = {Role::kAdmin,      Role::kQualityManager, Role::kManager,
                                     Role::kSupervisor, Role::kAgent,          Role::kFieldStaff,
                                     Role::kAuditor};

// "admin", "quality_manager", "manager", "supervisor", "agent", "field_staff", "auditor".
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Customer phone numbers are personal data (PIPL): shown in full only to roles that contact
// customers; others see 138****5678.
bool SeesFullPhone(Role role);
// Case data beyond the user's own assignments: field staff see only what is assigned to them.
bool SeesUnitCases(Role role);
// Configuration (case types, categories, calendars, users, organisation units).
bool MayConfigure(Role role);
// Approve extensions of time limits (R1.8).
bool MayApproveExtension(Role role);
// Read-only roles never change cases.
bool MayWriteCases(Role role);

// "13812345678" → "138****5678"; short numbers keep their last two digits.
std::string MaskPhone(std::string_view phone);

}  // namespace csqm::core
