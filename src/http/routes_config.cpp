// /api/v1/case-types and /api/v1/categories: workflows and SLA policies as configuration
// (read: everyone signed in; write: admin and quality manager). Calendars: routes_calendars.cpp.
#include <boost/json.hpp>

#include "app/config_admin.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"

namespace csqm::http {
namespace json = boost::json;

namespace {

core::Status ReadStrings(const json::object& o,
                         std::initializer_list<std::pair<const char*, std::string*>> fields) {
  for (auto [key, target] : fields) {
    auto v = ReqString(o, key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  return {};
}

core::Status ReadOptStrings(
    const json::object& o,
    std::initializer_list<std::pair<const char*, std::optional<std::string>*>> fields) {
  for (auto [key, target] : fields) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  return {};
}

core::Result<app::NewCaseType> NewTypeInput(const json::object& o) {
  app::NewCaseType in;
  if (auto st = ReadStrings(o, {{"key", &in.key},
                                {"prefix", &in.prefix},
                                {"name_zh", &in.name_zh},
                                {"name_en", &in.name_en}});
      !st) {
    return st.error();
  }
  auto workflow = OptJsonObject(o, "workflow");
  if (!workflow) return workflow.error();
  if (!*workflow) return core::jsonread::Missing("workflow");
  in.workflow_json = **workflow;
  return in;
}

core::Result<app::CaseTypePatch> TypePatchInput(const json::object& o) {
  if (auto st = OnlyFields(o, {"name_zh", "name_en", "workflow"}, "case_type"); !st) {
    return st.error();
  }
  app::CaseTypePatch p;
  if (auto st = ReadOptStrings(o, {{"name_zh", &p.name_zh}, {"name_en", &p.name_en}}); !st) {
    return st.error();
  }
  auto workflow = OptJsonObject(o, "workflow");
  if (!workflow) return workflow.error();
  p.workflow_json = *workflow;
  return p;
}

core::Result<app::NewCategory> NewCategoryInput(const json::object& o) {
  app::NewCategory in;
  if (auto st =
          ReadStrings(o, {{"key", &in.key}, {"name_zh", &in.name_zh}, {"name_en", &in.name_en}});
      !st) {
    return st.error();
  }
  auto type = ReqInt(o, "case_type_id");
  if (!type) return type.error();
  in.case_type_id = *type;
  auto calendar = ReqInt(o, "calendar_id");
  if (!calendar) return calendar.error();
  in.calendar_id = *calendar;
  auto parent = OptInt(o, "parent_id");
  if (!parent) return parent.error();
  in.parent_id = *parent;
  auto policy = OptJsonObject(o, "policy");
  if (!policy) return policy.error();
  if (*policy) in.policy_json = **policy;
  return in;
}

core::Result<app::CategoryPatch> CategoryPatchInput(const json::object& o) {
  if (auto st =
          OnlyFields(o, {"name_zh", "name_en", "active", "calendar_id", "policy"}, "category");
      !st) {
    return st.error();
  }
  app::CategoryPatch p;
  if (auto st = ReadOptStrings(o, {{"name_zh", &p.name_zh}, {"name_en", &p.name_en}}); !st) {
    return st.error();
  }
  auto active = OptBool(o, "active");
  if (!active) return active.error();
  p.active = *active;
  auto calendar = OptInt(o, "calendar_id");
  if (!calendar) return calendar.error();
  p.calendar_id = *calendar;
  auto policy = OptJsonObject(o, "policy");
  if (!policy) return policy.error();
  p.policy_json = *policy;
  return p;
}

}  // namespace

void AddConfigRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/case-types", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(types, app::ListCaseTypes(s, c.actor));
               json::array items;
               for (const auto& t : *types) items.push_back(CaseTypeJson(t, false));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/case-types", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, NewTypeInput(*body));
               CSQM_TRY(type, app::CreateCaseType(s, c.actor, *input));
               Response r = Versioned(201, CaseTypeJson(*type, true), type->version);
               r.SetHeader("Location", "/api/v1/case-types/" + std::to_string(type->id));
               return r;
             }));
  router.Add("GET", "/api/v1/case-types/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(type, app::GetCaseType(s, c.actor, *id));
               return Versioned(200, CaseTypeJson(*type, true), type->version);
             }));
  router.Add("PATCH", "/api/v1/case-types/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(patch, TypePatchInput(*body));
               CSQM_TRY(type, app::UpdateCaseType(s, c.actor, *id, *patch, *version));
               return Versioned(200, CaseTypeJson(*type, true), type->version);
             }));
  router.Add("GET", "/api/v1/categories", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(categories, app::ListCategories(s, c.actor));
               json::array items;
               for (const auto& cat : *categories) items.push_back(CategoryJson(cat));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/categories", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, NewCategoryInput(*body));
               CSQM_TRY(category, app::CreateCategory(s, c.actor, *input));
               Response r = Versioned(201, CategoryJson(*category), category->version);
               r.SetHeader("Location", "/api/v1/categories/" + std::to_string(category->id));
               return r;
             }));
  router.Add("GET", "/api/v1/categories/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(category, app::GetCategory(s, c.actor, *id));
               return Versioned(200, CategoryJson(*category), category->version);
             }));
  router.Add("PATCH", "/api/v1/categories/{id}",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(patch, CategoryPatchInput(*body));
               CSQM_TRY(updated, app::UpdateCategory(s, c.actor, *id, *patch, *version));
               json::object o = CategoryJson(updated->category);
               o["replanned_cases"] = updated->replanned_cases;
               return Versioned(200, o, updated->category.version);
             }));
}

}  // namespace csqm::http
