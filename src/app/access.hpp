// Authorisation rules shared by the use cases: by role, and by organisation-unit scope.
#pragma once

#include <string>

#include "app/context.hpp"

namespace csqm::app {

// kPermissionDenied "auth.forbidden" with a bilingual message naming the action.
core::Error Forbidden(const std::string& what_zh, const std::string& what_en);

// True when `unit_path` lies in the actor's subtree.
bool InScope(const Actor& actor, const std::string& unit_path);

// May the actor see this case? Field staff: only cases assigned to or owned by them; others:
// cases of their organisation subtree. `case_unit_path` is the path of the case's unit.
bool CanSeeCase(const Actor& actor, const CaseRecord& record, const std::string& case_unit_path);

// Loads a case the actor may see: kNotFound for a case outside their scope too, so that ids
// of other units' cases are not disclosed.
Result<CaseRecord> LoadVisibleCase(Tx& tx, const Actor& actor, Id case_id);

// Reads something hanging off a case (its attachments, links, extensions …) in one snapshot,
// after checking the actor may see the case. `read(tx)` returns a Result<T>.
template <class Read>
auto ReadOfVisibleCase(Store& store, const Actor& actor, Id case_id, Read read)
    -> decltype(read(std::declval<Tx&>())) {
  using R = decltype(read(std::declval<Tx&>()));
  std::optional<R> out;
  auto st = store.Read([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    out.emplace(read(tx));
    return out->ok() ? Status{} : Status{out->error()};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Status RequireCaseWriter(const Actor& actor);

// The version an update must match: the caller's If-Match, or (absent, < 0) the current one.
inline int64_t ExpectedVersion(int64_t if_match, int64_t current) {
  return if_match < 0 ? current : if_match;
}
Status RequireConfigurer(const Actor& actor);

}  // namespace csqm::app
