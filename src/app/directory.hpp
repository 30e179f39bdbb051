// The people directory: names of the active users of the caller's company, for choosing a
// handler (转办), reading a timeline's actors and showing a customer's dedicated staff member.
// Every signed-in user may read it; it carries no contact details, login or password data.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"

namespace csqm::app {

struct DirectoryEntry {
  Id id = 0;
  std::string display_name;
  core::Role role = core::Role::kAgent;
  Id org_unit_id = 0;
  std::string unit_name;
};

// Active users whose unit lies under the caller's top-level unit (their company), by id.
Result<std::vector<DirectoryEntry>> ListDirectory(Services& s, const Actor& actor);

}  // namespace csqm::app
