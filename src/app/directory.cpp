#include "app/directory.hpp"

#include <map>

namespace csqm::app {

namespace {

// "/1/4/9/" → "/1/": the company the unit belongs to.
std::string CompanyPrefix(const std::string& path) {
  const auto second = path.find('/', 1);
  return second == std::string::npos ? path : path.substr(0, second + 1);
}

}  // namespace

Result<std::vector<DirectoryEntry>> ListDirectory(Services& s, const Actor& actor) {
  std::vector<DirectoryEntry> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    std::map<Id, const OrgUnit*> by_id;
    for (const auto& u : *units) by_id[u.id] = &u;
    const std::string company = CompanyPrefix(actor.unit_path);
    std::optional<Id> cursor;
    for (;;) {
      auto batch = tx.Org().ListUsers(cursor, 500);
      if (!batch) return batch.error();
      for (const auto& u : batch->items) {
        auto it = by_id.find(u.org_unit_id);
        if (!u.active || it == by_id.end() || it->second->path.rfind(company, 0) != 0) continue;
        out.push_back({u.id, u.display_name, u.role, u.org_unit_id, it->second->name});
      }
      if (!batch->next_cursor) break;
      cursor = batch->next_cursor;
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace csqm::app
