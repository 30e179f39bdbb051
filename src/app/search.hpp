// The one search box: cases (full text, Chinese included) and customers (name, unit, address or
// a phone fragment) at once, each list capped, each within the actor's scope and with the
// actor's masking. Field staff get cases only (they have no customer list).
#pragma once

#include <string>
#include <vector>

#include "app/cases.hpp"
#include "app/context.hpp"

namespace csqm::app {

struct SearchResult {
  std::vector<CaseListItem> cases;
  std::vector<Customer> customers;
  bool more_cases = false;  // the cap cut the list
  bool more_customers = false;
};

// kInvalidArgument "search.empty_query" (field "q") when the text has nothing to search for.
Result<SearchResult> SearchAll(Services& s, const Actor& actor, const std::string& text,
                               int limit = 10);

}  // namespace csqm::app
