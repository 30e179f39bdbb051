// /api/v1/cases and what hangs off a case: the handlers decode, call one use case, encode.
#include <boost/json.hpp>

#include "app/case_actions.hpp"
#include "app/cases.hpp"
#include "app/extensions.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/case_json.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Result<app::CaseFilter> Filter(const Request& req, const app::Caller& caller) {
  app::CaseFilter f;
  f.statuses = req.QueryAll("status");
  for (auto [name, target] :
       {std::pair{"category_id", &f.category_id}, std::pair{"owner_id", &f.owner_id},
        std::pair{"customer_id", &f.customer_id}, std::pair{"org_unit_id", &f.org_unit_id},
        std::pair{"after", &f.after}}) {
    auto v = QueryInt(req, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  if (auto a = req.Query("assignee_id")) {
    if (*a == "me") {
      f.assignee_id = caller.actor.id();
    } else {
      auto v = QueryInt(req, "assignee_id");
      if (!v) return v.error();
      f.assignee_id = *v;
    }
  }
  if (auto sev = req.Query("severity")) {
    f.severity = core::ParseSeverity(*sev);
    if (!f.severity) {
      return MakeError(ErrorCode::kInvalidArgument, "http.bad_query",
                       "severity 应为 ordinary、serious 或 major",
                       "severity must be ordinary, serious or major", "severity");
    }
  }
  if (auto open = req.Query("open")) f.open = *open == "true";
  if (auto overdue = req.Query("overdue")) f.overdue = *overdue == "true";
  auto within = QueryInt(req, "breaching_within");
  if (!within) return within.error();
  if (*within) f.breaching_within_minutes = int(std::clamp<int64_t>(**within, 0, 60 * 24 * 365));
  if (auto q = req.Query("q")) f.text = q->substr(0, 200);
  auto limit = QueryInt(req, "limit");
  if (!limit) return limit.error();
  if (*limit) f.limit = int(std::clamp<int64_t>(**limit, 1, 200));
  return f;
}

core::Result<app::OpenCaseInput> OpenInput(const json::object& o) {
  app::OpenCaseInput in;
  auto category = ReqInt(o, "category_id");
  if (!category) return category.error();
  in.category_id = *category;
  auto title = ReqString(o, "title");
  if (!title) return title.error();
  in.title = *title;
  auto description = OptString(o, "description");
  if (!description) return description.error();
  in.description = description->value_or("");
  auto channel = OptString(o, "channel");
  if (!channel) return channel.error();
  if (*channel) {
    auto c = core::ParseChannel(**channel);
    if (!c) {
      return MakeError(ErrorCode::kInvalidArgument, "case.bad_channel", "未知的受理渠道",
                       "unknown channel", "channel");
    }
    in.channel = *c;
  }
  auto severity = OptString(o, "severity");
  if (!severity) return severity.error();
  if (*severity) {
    auto sv = core::ParseSeverity(**severity);
    if (!sv) {
      return MakeError(ErrorCode::kInvalidArgument, "case.bad_severity", "未知的严重程度",
                       "unknown severity", "severity");
    }
    in.severity = *sv;
  }
  for (auto [name, target] :
       {std::pair{"customer_id", &in.customer_id}, std::pair{"assignee_id", &in.assignee_id},
        std::pair{"org_unit_id", &in.org_unit_id}}) {
    auto v = OptInt(o, name);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  auto received = OptInstant(o, "received_at");
  if (!received) return received.error();
  in.received_at = *received;
  if (const auto* custom = o.if_contains("custom_fields"))
    in.custom_json = json::serialize(*custom);
  return in;
}

core::Result<app::CasePatch> PatchInput(const json::object& o) {
  app::CasePatch p;
  for (const auto& [key, value] : o) {
    const std::string field(key);
    if (key == "title" || key == "description") {
      auto v = OptString(o, key);
      if (!v || !*v)
        return MakeError(ErrorCode::kInvalidArgument, "json.wrong_type", "应为字符串",
                         "expected a string", field);
      (key == "title" ? p.title : p.description) = **v;
    } else if (key == "category_id") {
      auto v = ReqInt(o, key);
      if (!v) return v.error();
      p.category_id = *v;
    } else if (key == "severity") {
      auto v = OptString(o, key);
      auto sv = v && *v ? core::ParseSeverity(**v) : std::nullopt;
      if (!sv)
        return MakeError(ErrorCode::kInvalidArgument, "case.bad_severity", "未知的严重程度",
                         "unknown severity", field);
      p.severity = sv;
    } else if (key == "customer_id") {
      auto v = OptInt(o, key);
      if (!v) return v.error();
      p.customer_id = *v;
    } else if (key == "custom_fields") {
      p.custom_json = json::serialize(value);
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "case.readonly_field",
                       "该字段不能通过修改接口更改（状态用流转，处理人用转办）",
                       "this field cannot be patched (use transitions for status, assignment "
                       "for the assignee)",
                       field);
    }
  }
  return p;
}

}  // namespace

void AddCaseRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/cases", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(filter, Filter(req, c));
               CSQM_TRY(page, app::ListCases(s, c.actor, *filter));
               return Response::Json(200, CasePageJson(api, *page, s.clock.Now()));
             }));
  router.Add("POST", "/api/v1/cases", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, OpenInput(*body));
               CSQM_TRY(view, app::OpenCaseView(s, c.actor, *input));
               Response r =
                   Versioned(201, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
               r.SetHeader("Location", "/api/v1/cases/" + std::to_string(view->record.id));
               return r;
             }));
  router.Add("GET", "/api/v1/cases/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(view, app::GetCase(s, c.actor, *id));
               return Versioned(200, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
             }));
  router.Add("PATCH", "/api/v1/cases/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(patch, PatchInput(*body));
               CSQM_TRY(updated, app::UpdateCase(s, c.actor, *id, *patch, *version));
               CSQM_TRY(view, app::GetCase(s, c.actor, *id));
               return Versioned(200, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
             }));
  router.Add("POST", "/api/v1/cases/{id}/transitions",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               app::TransitionInput in;
               CSQM_TRY(key, ReqString(*body, "transition"));
               in.transition = *key;
               CSQM_TRY(comment, OptString(*body, "comment"));
               in.comment = comment->value_or("");
               if (const auto* fields = body->if_contains("fields")) {
                 if (!fields->is_object()) {
                   return Problem(req, MakeError(ErrorCode::kInvalidArgument, "json.wrong_type",
                                                 "应为对象", "expected an object", "fields"));
                 }
                 for (const auto& [k, v] : fields->get_object()) {
                   in.fields[std::string(k)] =
                       v.is_string() ? std::string(v.get_string()) : json::serialize(v);
                 }
               }
               CSQM_TRY(moved, app::TransitionCase(s, c.actor, *id, in, *version));
               CSQM_TRY(view, app::GetCase(s, c.actor, *id));
               return Versioned(200, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
             }));
  router.Add(
      "POST", "/api/v1/cases/{id}/assignment", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(version, IfMatch(req));
        CSQM_TRY(body, BodyObject(req));
        CSQM_TRY(assignee, ReqInt(*body, "assignee_id"));
        CSQM_TRY(reason, OptString(*body, "reason"));
        CSQM_TRY(moved,
                 app::AssignCase(s, c.actor, *id, *assignee, reason->value_or(""), *version));
        CSQM_TRY(view, app::GetCase(s, c.actor, *id));
        return Versioned(200, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
      }));
  router.Add(
      "POST", "/api/v1/cases/{id}/comments", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(body, BodyObject(req));
        CSQM_TRY(text, ReqString(*body, "body"));
        CSQM_TRY(visibility, OptString(*body, "visibility"));
        CSQM_TRY(added, app::AddComment(s, c.actor, *id, *text, visibility->value_or("internal")));
        return JsonResponse(201, TimelineJson(api, *added));
      }));
  router.Add(
      "GET", "/api/v1/cases/{id}/timeline", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(after, QueryInt(req, "after"));
        CSQM_TRY(limit, QueryInt(req, "limit"));
        CSQM_TRY(page, app::ListTimeline(s, c.actor, *id, *after, int(limit->value_or(100))));
        json::array items;
        for (const auto& e : page->items) items.push_back(TimelineJson(api, e));
        return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
      }));
  router.Add("POST", "/api/v1/cases/{id}/arrival",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(at, OptInstant(*body, "at"));
               CSQM_TRY(place, OptString(*body, "place"));
               CSQM_TRY(updated, app::RecordArrival(s, c.actor, *id, *at, place->value_or("")));
               CSQM_TRY(view, app::GetCase(s, c.actor, *id));
               return Versioned(200, CaseViewJson(api, *view, s.clock.Now()), view->record.version);
             }));
  router.Add("GET", "/api/v1/cases/{id}/links",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(links, app::ListLinks(s, c.actor, *id));
               json::array items;
               for (const auto& l : *links) items.push_back(LinkJson(api, l));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/cases/{id}/links",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(other, ReqInt(*body, "case_id"));
               CSQM_TRY(kind, OptString(*body, "kind"));
               CSQM_TRY(link, app::LinkCases(s, c.actor, *id, *other, kind->value_or("related")));
               return JsonResponse(201, LinkJson(api, *link));
             }));
  router.Add("GET", "/api/v1/cases/{id}/attachments",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(list, app::ListAttachments(s, c.actor, *id));
               json::array items;
               for (const auto& a : *list) items.push_back(AttachmentJson(api, a));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/cases/{id}/attachments",
             Authed(api,
                    [&](Request& req, const app::Caller& c) {
                      CSQM_TRY(id, PathId(req));
                      const std::string filename = req.Query("filename").value_or("attachment");
                      const std::string type(req.Header("Content-Type").value_or(""));
                      CSQM_TRY(added,
                               app::AddAttachment(s, c.actor, *id, filename, type, req.body));
                      return JsonResponse(201, AttachmentJson(api, *added));
                    }),
             RouteOptions{{"*/*"}});
  router.Add("GET", "/api/v1/attachments/{id}/content",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(content, app::GetAttachment(s, c.actor, *id));
               Response r =
                   Response::Text(200, std::move(content->bytes), content->meta.content_type);
               r.SetHeader("Content-Disposition", "inline");
               r.SetHeader("X-Content-Type-Options", "nosniff");
               r.SetHeader("Cache-Control", "private, max-age=86400, immutable");
               return r;
             }));
  router.Add("GET", "/api/v1/cases/{id}/extensions",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(list, app::ListExtensions(s, c.actor, *id));
               json::array items;
               for (const auto& x : *list) items.push_back(ExtensionJson(api, x));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add(
      "POST", "/api/v1/cases/{id}/extensions", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(body, BodyObject(req));
        CSQM_TRY(target, ReqString(*body, "target_key"));
        CSQM_TRY(due, OptInstant(*body, "requested_due"));
        if (!*due) {
          return Problem(req, core::jsonread::Missing("requested_due"));
        }
        CSQM_TRY(reason, OptString(*body, "reason"));
        CSQM_TRY(x, app::RequestExtension(s, c.actor, *id, *target, **due, reason->value_or("")));
        return Versioned(201, ExtensionJson(api, *x), x->version);
      }));
  router.Add("GET", "/api/v1/extensions", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(list, app::PendingExtensions(s, c.actor));
               json::array items;
               for (const auto& x : *list) items.push_back(ExtensionJson(api, x));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/extensions/{id}/decision",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(decision, ReqString(*body, "decision"));
               if (*decision != "approve" && *decision != "reject") {
                 return Problem(req,
                                MakeError(ErrorCode::kInvalidArgument, "extension.bad_decision",
                                          "decision 应为 approve 或 reject",
                                          "decision must be approve or reject", "decision"));
               }
               CSQM_TRY(note, OptString(*body, "note"));
               CSQM_TRY(x, app::DecideExtension(s, c.actor, *id, *decision == "approve",
                                                note->value_or(""), *version));
               return Versioned(200, ExtensionJson(api, *x), x->version);
             }));
}

}  // namespace csqm::http
