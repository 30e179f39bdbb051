// The demo's organisation, staff and customers (internal to demo.cpp and demo_plan.cpp).
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"

namespace csqm::app::demo {

inline constexpr std::string_view kCompanyCode = "DEMO";

struct Project {
  std::string short_name;           // "翠湖花园"
  OrgUnit unit, desk, engineering;  // the project, its 客服中心 and its 工程部
  size_t manager = 0, desk_supervisor = 0, eng_supervisor = 0;  // indices into World::staff
  std::vector<size_t> agents, field_staff;
};

struct World {
  OrgUnit company;
  std::vector<OrgUnit> units;  // every demo unit, company first
  std::vector<Actor> staff;    // admin first
  size_t admin = 0, quality = 0, auditor = 0;
  std::vector<Project> projects;
  std::vector<Customer> customers;
  std::vector<size_t> customer_project;  // parallel to customers
};

// The company, two projects with a 客服中心 and a 工程部 each, and staff of every role with
// supervisor chains (agent → supervisor → manager), in one transaction at the clock's now,
// each row audited. Every user gets `password_hash`.
Result<World> CreateOrganisation(Services& s, const std::string& password_hash);

// `count` owners and tenants (a few organisations among them), shared between the projects and
// placed in each project's 客服中心 so that its agents find them; some VIP and key accounts,
// some with a dedicated assistant (专职助理). One transaction at the clock's now.
Status CreateCustomers(Services& s, World& world, std::mt19937& rng, int count);

// Uniform helpers over std::mt19937 that give the same numbers with every standard library.
inline int Uniform(std::mt19937& rng, int lo, int hi) {  // lo … hi inclusive
  return lo + int(rng() % uint32_t(hi - lo + 1));
}
inline bool Chance(std::mt19937& rng, int percent) { return int(rng() % 100) < percent; }
template <class V>
const typename V::value_type& PickOne(std::mt19937& rng, const V& v) {
  return v[rng() % v.size()];
}

}  // namespace csqm::app::demo
