// Loading a configuration template (`csqm seed --template NAME`): calendars, case types and the
// category tree, upserted by key. Configuration only: users come from `csqm user add` or the
// demo (demo.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/template_spec.hpp"

namespace csqm::app {

enum class SeedAction { kCreated, kUpdated, kUnchanged };
std::string_view SeedActionName(SeedAction action);  // "created", "updated", "unchanged"

struct SeedItem {
  std::string kind;  // "calendar", "case_type", "category"
  std::string key;
  SeedAction action = SeedAction::kUnchanged;
  Id id = 0;
  int64_t version = 1;  // after the load
};

struct SeedReport {
  std::string template_key;
  std::vector<SeedItem> items;  // calendars, then case types, then categories (parents first)
  int Count(SeedAction action) const;
  bool Unchanged() const { return Count(SeedAction::kUnchanged) == int(items.size()); }
};

// Checks the whole template first (ParseTemplate: a broken template writes nothing), then in ONE
// write transaction creates what is missing and updates what differs, by key — an update
// bumps the record's version, so cached workflows and policies are re-read. Records the
// database has and the template lacks are left alone. Every created or updated record gets an
// audit row ("calendar.create", "category.update" …, actor: the system) with before and after;
// loading the same template again changes nothing and writes nothing. Errors: the template's
// (kInvalidArgument "template.*" and the core parsers'), kConflict "template.prefix_taken"
// when another case type in the database already uses a prefix, store errors.
Result<SeedReport> LoadTemplate(Services& services, const TemplateFiles& files);

}  // namespace csqm::app
