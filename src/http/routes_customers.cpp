// /api/v1/customers: profiles, search by name or phone fragment, and a customer's case history.
// Phone numbers come back masked for roles that may not see them (app/customers.hpp).
#include <boost/json.hpp>

#include "app/customers.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/case_json.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Result<app::CustomerFilter> Filter(const Request& req) {
  app::CustomerFilter f;
  if (auto q = req.Query("q")) f.text = *q;
  for (auto [name, target] :
       {std::pair{"org_unit_id", &f.org_unit_id}, std::pair{"after", &f.after}}) {
    auto v = QueryInt(req, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  auto limit = QueryInt(req, "limit");
  if (!limit) return limit.error();
  if (*limit) f.limit = int(std::clamp<int64_t>(**limit, 1, 200));
  return f;
}

// The fields of a create or an edit; `patch` rejects unknown fields.
core::Result<app::CustomerInput> Input(const json::object& o, bool patch) {
  if (patch) {
    if (auto st = OnlyFields(o,
                             {"kind", "name", "phone", "email", "wechat", "address", "unit", "tier",
                              "org_unit_id", "dedicated_staff_id", "contacts", "attributes"},
                             "customer");
        !st) {
      return st.error();
    }
  }
  app::CustomerInput in;
  for (auto [key, target] : {std::pair{"name", &in.name}, std::pair{"phone", &in.phone},
                             std::pair{"email", &in.email}, std::pair{"wechat", &in.wechat},
                             std::pair{"address", &in.address}, std::pair{"unit", &in.unit}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *target = *v;
  }
  if (!patch && !in.name) return core::jsonread::Missing("name");
  auto kind = OptString(o, "kind");
  if (!kind) return kind.error();
  if (*kind) {
    in.kind = core::ParseCustomerKind(**kind);
    if (!in.kind) {
      return MakeError(ErrorCode::kInvalidArgument, "customer.bad_kind",
                       "类型应为 individual 或 organisation",
                       "kind must be individual or organisation", "kind");
    }
  }
  auto tier = OptString(o, "tier");
  if (!tier) return tier.error();
  if (*tier) {
    in.tier = core::ParseCustomerTier(**tier);
    if (!in.tier) {
      return MakeError(ErrorCode::kInvalidArgument, "customer.bad_tier",
                       "等级应为 ordinary、vip 或 key_account",
                       "tier must be ordinary, vip or key_account", "tier");
    }
  }
  auto unit = OptInt(o, "org_unit_id");
  if (!unit) return unit.error();
  in.org_unit_id = *unit;
  auto staff = OptNullableId(o, "dedicated_staff_id");
  if (!staff) return staff.error();
  in.dedicated_staff_id = *staff;
  auto contacts = OptJsonArray(o, "contacts");
  if (!contacts) return contacts.error();
  in.contacts_json = *contacts;
  auto attributes = OptJsonObject(o, "attributes");
  if (!attributes) return attributes.error();
  in.attributes_json = *attributes;
  return in;
}

}  // namespace

void AddCustomerRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/customers", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(filter, Filter(req));
               CSQM_TRY(page, app::ListCustomers(s, c.actor, *filter));
               json::array items;
               for (const auto& cu : page->items) items.push_back(CustomerJson(api, cu));
               return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
             }));
  router.Add("POST", "/api/v1/customers", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, Input(*body, false));
               CSQM_TRY(customer, app::CreateCustomer(s, c.actor, *input));
               Response r = Versioned(201, CustomerJson(api, *customer), customer->version);
               r.SetHeader("Location", "/api/v1/customers/" + std::to_string(customer->id));
               return r;
             }));
  router.Add("GET", "/api/v1/customers/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(customer, app::GetCustomer(s, c.actor, *id));
               return Versioned(200, CustomerJson(api, *customer), customer->version);
             }));
  router.Add("PATCH", "/api/v1/customers/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, Input(*body, true));
               CSQM_TRY(customer, app::UpdateCustomer(s, c.actor, *id, *input, *version));
               return Versioned(200, CustomerJson(api, *customer), customer->version);
             }));
  router.Add(
      "GET", "/api/v1/customers/{id}/cases", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(after, QueryInt(req, "after"));
        CSQM_TRY(limit, QueryInt(req, "limit"));
        CSQM_TRY(page, app::CustomerCases(s, c.actor, *id, *after,
                                          int(std::clamp<int64_t>(limit->value_or(50), 1, 200))));
        return Response::Json(200, CasePageJson(api, *page, s.clock.Now()));
      }));
}

}  // namespace csqm::http
