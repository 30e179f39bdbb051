#include "app/search.hpp"

#include <algorithm>

#include "app/customers.hpp"
#include "core/text_tokens.hpp"

namespace csqm::app {

Result<SearchResult> SearchAll(Services& s, const Actor& actor, const std::string& text,
                               int limit) {
  const std::string query = text.substr(0, 200);
  if (core::MatchQuery(query).empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "search.empty_query",
                           "请输入要搜索的文字或号码", "enter some text or a number to search for",
                           "q");
  }
  limit = std::clamp(limit, 1, 50);
  SearchResult result;
  CaseFilter f;
  f.text = query;
  f.limit = limit;
  auto cases = ListCases(s, actor, f);
  if (!cases) return cases.error();
  result.cases = std::move(cases->items);
  result.more_cases = cases->next_cursor.has_value();
  if (core::SeesUnitCases(actor.role())) {
    CustomerFilter cf;
    cf.text = query;
    cf.limit = limit;
    auto customers = ListCustomers(s, actor, cf);
    if (!customers) return customers.error();
    result.customers = std::move(customers->items);
    result.more_customers = customers->next_cursor.has_value();
  }
  return result;
}

}  // namespace csqm::app
