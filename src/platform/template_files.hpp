// Reading a configuration template from disk for app::LoadTemplate: the template file and the
// calendar files it names (paths relative to the template file).
#pragma once

#include <string>

#include "app/template_spec.hpp"
#include "core/result.hpp"

namespace csqm::platform {

// `path` is a template folder (holding template.json) or the template file itself. A template
// that is not valid JSON, or whose calendars are malformed, is passed through as it is: the
// app's checks report it with field names. Errors: kNotFound "file.not_found" for a missing
// template file or calendar file (field "calendars[i].file"), "file.unreadable".
core::Result<app::TemplateFiles> ReadTemplateFiles(const std::string& path);

}  // namespace csqm::platform
