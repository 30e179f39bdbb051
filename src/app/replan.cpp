#include "app/replan.hpp"

#include "app/case_config.hpp"
#include "app/sla_service.hpp"

namespace csqm::app {

Result<std::vector<Id>> CategoriesUsingCalendar(Services& s, Id calendar_id) {
  std::vector<Id> ids;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto categories = tx.Config().ListCategories();
    if (!categories) return categories.error();
    for (const auto& c : *categories) {
      if (c.calendar_id == calendar_id) ids.push_back(c.id);
    }
    return {};
  });
  if (!st) return st.error();
  return ids;
}

Result<int64_t> ReplanOpenCases(Services& s, const std::vector<Id>& category_ids, int batch) {
  int64_t replanned = 0;
  for (const Id category_id : category_ids) {
    std::optional<Id> cursor;
    do {
      auto st = s.store.Write([&](Tx& tx) -> Status {
        CaseQuery q;
        q.category_id = category_id;
        q.open = true;
        q.after = cursor;
        q.limit = batch;
        auto page = tx.Cases().List(q);
        if (!page) return page.error();
        cursor = page->next_cursor;
        if (page->items.empty()) return {};
        auto config = LoadCaseConfig(tx, s.config, category_id);
        if (!config) return config.error();
        for (const auto& record : page->items) {
          if (auto st2 = ReplanTargets(tx, *config, record); !st2) return st2;
        }
        replanned += int64_t(page->items.size());
        return {};
      });
      if (!st) return st.error();
    } while (cursor);
  }
  return replanned;
}

}  // namespace csqm::app
