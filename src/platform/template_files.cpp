#include "platform/template_files.hpp"

#include <boost/json.hpp>
#include <filesystem>

#include "platform/files.hpp"

namespace csqm::platform {

core::Result<app::TemplateFiles> ReadTemplateFiles(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = path;
  if (fs::is_directory(file, ec)) file /= "template.json";
  auto text = ReadFile(file.string());
  if (!text) return text.error();
  app::TemplateFiles files;
  files.template_json = std::move(*text);
  files.origin = file.string();

  boost::system::error_code parse_error;
  const auto root = boost::json::parse(files.template_json, parse_error);
  const auto* object = parse_error ? nullptr : root.if_object();
  const auto* calendars = object ? object->if_contains("calendars") : nullptr;
  if (!calendars || !calendars->is_array()) return files;
  const auto& list = calendars->get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const auto* entry = list[i].if_object();
    const auto* key = entry ? entry->if_contains("key") : nullptr;
    const auto* name = entry ? entry->if_contains("file") : nullptr;
    if (!key || !key->is_string() || !name || !name->is_string()) continue;
    const fs::path calendar = file.parent_path() / std::string(name->get_string());
    auto calendar_text = ReadFile(calendar.lexically_normal().string());
    if (!calendar_text) {
      core::Error e = calendar_text.error();
      e.field = "calendars[" + std::to_string(i) + "].file";
      return e;
    }
    files.calendar_json_by_key[std::string(key->get_string())] = std::move(*calendar_text);
  }
  return files;
}

}  // namespace csqm::platform
