// /api/v1/surveys (questionnaires, invitations, agent entry, results), /api/v1/suggestions (the
// suggestion book, read side) and the public, unauthenticated routes under /api/v1/public:
// a personal survey link (GET the questionnaire, POST the answers) and the suggestion book.
// Public routes take no session or token; what they may do is bounded by the link token
// (random, stored hashed, expiring, one answer) or by size and a per-address rate limit.
#include <boost/json.hpp>

#include "app/surveys.hpp"
#include "http/admin_json.hpp"
#include "http/api_routes.hpp"
#include "http/field_readers.hpp"
#include "http/problem.hpp"

namespace csqm::http {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

json::object QuestionJson(const app::SurveyQuestion& q) {
  return json::object{{"id", q.id},
                      {"position", q.position},
                      {"section", q.section},
                      {"kind", q.kind},
                      {"text_zh", q.text_zh},
                      {"text_en", q.text_en},
                      {"options", ParsedOr(q.options_json, json::array())},
                      {"required", q.required}};
}

json::object SurveyJson(const Api& api, const app::Survey& s) {
  return json::object{{"id", s.id},
                      {"kind", s.kind},
                      {"title", s.title},
                      {"description", s.description},
                      {"status", s.status},
                      {"created_by", IdJson(s.created_by)},
                      {"created_at", InstantJson(api, s.created_at)},
                      {"updated_at", InstantJson(api, s.updated_at)},
                      {"version", s.version}};
}

json::object ViewJson(const Api& api, const app::SurveyView& v) {
  json::object o = SurveyJson(api, v.survey);
  json::array qs;
  for (const auto& q : v.questions) qs.push_back(QuestionJson(q));
  o["questions"] = std::move(qs);
  return o;
}

// The public view: only what a customer needs to answer.
json::object PublicJson(const app::SurveyView& v) {
  json::array qs;
  for (const auto& q : v.questions) qs.push_back(QuestionJson(q));
  return json::object{{"title", v.survey.title},
                      {"description", v.survey.description},
                      {"questions", std::move(qs)}};
}

core::Result<std::vector<app::SurveyQuestion>> Questions(const json::value& v) {
  if (!v.is_array()) return core::jsonread::WrongType("questions", "数组", "an array");
  std::vector<app::SurveyQuestion> out;
  size_t i = 0;
  for (const auto& e : v.as_array()) {
    const std::string at = "questions[" + std::to_string(i++) + "]";
    if (!e.is_object()) return core::jsonread::WrongType(at, "JSON 对象", "a JSON object");
    const auto& o = e.as_object();
    app::SurveyQuestion q;
    for (auto [key, target] :
         {std::pair{"section", &q.section}, std::pair{"kind", &q.kind},
          std::pair{"text_zh", &q.text_zh}, std::pair{"text_en", &q.text_en}}) {
      auto s = OptString(o, key);
      if (!s) {
        core::Error err = s.error();
        err.field = at + "." + key;
        return err;
      }
      if (*s) *target = **s;
    }
    auto options = OptJsonArray(o, "options");
    if (!options) {
      core::Error err = options.error();
      err.field = at + ".options";
      return err;
    }
    q.options_json = options->value_or("[]");
    auto required = OptBool(o, "required");
    if (!required) return required.error();
    q.required = required->value_or(true);
    out.push_back(std::move(q));
  }
  return out;
}

core::Result<app::SurveyInput> Input(const json::object& o) {
  if (auto st = OnlyFields(o, {"title", "description", "status", "questions"}, "survey"); !st) {
    return st.error();
  }
  app::SurveyInput in;
  for (auto [key, target] :
       {std::pair{"title", &in.title}, std::pair{"description", &in.description},
        std::pair{"status", &in.status}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *target = *v;
  }
  if (const auto* q = o.if_contains("questions")) {
    auto qs = Questions(*q);
    if (!qs) return qs.error();
    in.questions = std::move(*qs);
  }
  return in;
}

core::Result<std::vector<app::AnswerInput>> Answers(const json::object& o) {
  const auto* v = o.if_contains("answers");
  if (!v) return core::jsonread::Missing("answers");
  if (!v->is_array()) return core::jsonread::WrongType("answers", "数组", "an array");
  std::vector<app::AnswerInput> out;
  size_t i = 0;
  for (const auto& e : v->as_array()) {
    const std::string at = "answers[" + std::to_string(i++) + "]";
    if (!e.is_object()) return core::jsonread::WrongType(at, "JSON 对象", "a JSON object");
    const auto& a = e.as_object();
    app::AnswerInput in;
    auto qid = ReqInt(a, "question_id");
    if (!qid) {
      core::Error err = qid.error();
      err.field = at + ".question_id";
      return err;
    }
    in.question_id = *qid;
    auto score = OptInt(a, "score");
    if (!score) {
      core::Error err = score.error();
      err.field = at + ".score";
      return err;
    }
    if (*score) in.score = int(std::clamp<int64_t>(**score, -1, 100));
    auto text = OptString(a, "text");
    if (!text) {
      core::Error err = text.error();
      err.field = at + ".text";
      return err;
    }
    in.text = *text;
    if (const auto* c = a.if_contains("choices"); c && !c->is_null()) {
      bool ok = c->is_array();
      std::vector<std::string> choices;
      if (ok) {
        for (const auto& x : c->as_array()) {
          ok = ok && x.is_string();
          if (ok) choices.emplace_back(x.as_string());
        }
      }
      if (!ok)
        return core::jsonread::WrongType(at + ".choices", "字符串数组", "an array of strings");
      in.choices = std::move(choices);
    }
    out.push_back(std::move(in));
  }
  return out;
}

core::Result<app::InviteInput> Invite(const json::object& o) {
  if (auto st =
          OnlyFields(o, {"tiers", "org_unit_id", "percent", "seed", "expires_days"}, "survey");
      !st) {
    return st.error();
  }
  app::InviteInput in;
  if (const auto* t = o.if_contains("tiers"); t && !t->is_null()) {
    bool ok = t->is_array();
    if (ok) {
      for (const auto& x : t->as_array()) {
        ok = ok && x.is_string();
        if (ok) in.tiers.emplace_back(x.as_string());
      }
    }
    if (!ok) return core::jsonread::WrongType("tiers", "字符串数组", "an array of strings");
  }
  auto unit = OptInt(o, "org_unit_id");
  if (!unit) return unit.error();
  in.org_unit_id = *unit;
  for (auto [key, target] :
       {std::pair{"percent", &in.percent}, std::pair{"expires_days", &in.expires_days}}) {
    auto v = OptInt(o, key);
    if (!v) return v.error();
    if (*v) *target = int(std::clamp<int64_t>(**v, -1, 100000));
  }
  if (const auto* sd = o.if_contains("seed"); sd && !sd->is_null()) {
    if (sd->is_uint64()) {
      in.seed = sd->get_uint64();
    } else if (sd->is_int64() && sd->get_int64() >= 0) {
      in.seed = uint64_t(sd->get_int64());
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "survey.bad_seed", "随机种子应为非负整数",
                       "seed must be a non-negative integer", "seed");
    }
  }
  return in;
}

Response PublicProblem(const Request& req, const core::Error& e) {
  if (e.reason == "suggestion.rate_limited") {
    Response r = ProblemResponse(429, e, PreferredLanguage(req));
    r.SetHeader("Retry-After", "3600");
    return r;
  }
  if (e.reason == "survey.link_expired") return ProblemResponse(410, e, PreferredLanguage(req));
  return Problem(req, e);
}

}  // namespace

void AddSurveyRoutes(Router& router, Api& api) {
  auto& s = api.services;
  router.Add("GET", "/api/v1/surveys", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(list, app::ListSurveys(s, c.actor));
               json::array items;
               for (const auto& sv : *list) items.push_back(SurveyJson(api, sv));
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
  router.Add("POST", "/api/v1/surveys", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, Input(*body));
               CSQM_TRY(view, app::CreateSurvey(s, c.actor, *input));
               Response r = Versioned(201, ViewJson(api, *view), view->survey.version);
               r.SetHeader("Location", "/api/v1/surveys/" + std::to_string(view->survey.id));
               return r;
             }));
  router.Add("GET", "/api/v1/surveys/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(view, app::GetSurvey(s, c.actor, *id));
               return Versioned(200, ViewJson(api, *view), view->survey.version);
             }));
  router.Add("PATCH", "/api/v1/surveys/{id}", Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(version, IfMatch(req));
               CSQM_TRY(body, BodyObject(req));
               CSQM_TRY(input, Input(*body));
               CSQM_TRY(view, app::UpdateSurvey(s, c.actor, *id, *input, *version));
               return Versioned(200, ViewJson(api, *view), view->survey.version);
             }));
  router.Add(
      "POST", "/api/v1/surveys/{id}/invitations",
      Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(body, BodyObject(req));
        CSQM_TRY(input, Invite(*body));
        CSQM_TRY(result, app::InviteCustomers(s, c.actor, *id, *input));
        json::array invitations;
        for (const auto& i : result->invitations) {
          invitations.push_back(json::object{{"id", i.invitation_id},
                                             {"customer_id", i.customer_id},
                                             {"segment", i.segment},
                                             {"token", i.token},
                                             {"link", "/s/" + i.token},
                                             {"api", "/api/v1/public/surveys/" + i.token},
                                             {"expires_at", InstantJson(api, i.expires_at)}});
        }
        json::array strata;
        for (const auto& q : result->strata) {
          strata.push_back(json::object{{"segment", q.stratum},
                                        {"population", q.population},
                                        {"quota", q.quota},
                                        {"selected", q.selected}});
        }
        Response r = JsonResponse(201, json::object{{"seed", std::to_string(result->seed)},
                                                    {"invitations", std::move(invitations)},
                                                    {"strata", std::move(strata)},
                                                    {"already_invited", result->already_invited}});
        r.SetHeader("Cache-Control", "no-store");
        return r;
      }));
  router.Add("POST", "/api/v1/surveys/{id}/responses",
             Authed(api, [&](Request& req, const app::Caller& c) {
               CSQM_TRY(id, PathId(req));
               CSQM_TRY(body, BodyObject(req));
               if (auto st = OnlyFields(*body, {"customer_id", "answers"}, "survey"); !st) {
                 return Problem(req, st.error());
               }
               CSQM_TRY(customer, OptInt(*body, "customer_id"));
               CSQM_TRY(answers, Answers(*body));
               CSQM_TRY(response, app::EnterSurveyResponse(s, c.actor, *id, *customer, *answers));
               return JsonResponse(201, json::object{{"id", *response}});
             }));
  router.Add(
      "GET", "/api/v1/surveys/{id}/results", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(id, PathId(req));
        CSQM_TRY(results, app::GetSurveyResults(s, c.actor, *id));
        json::array questions;
        for (const auto& q : results->questions) {
          json::object dist;
          for (const auto& [k, n] : q.distribution) dist[k] = n;
          questions.push_back(
              json::object{{"question_id", q.question.id},
                           {"section", q.question.section},
                           {"kind", q.question.kind},
                           {"text_zh", q.question.text_zh},
                           {"answered", q.answered},
                           {"mean", q.mean ? json::value(*q.mean) : json::value(nullptr)},
                           {"distribution", std::move(dist)}});
        }
        json::array coverage;
        for (const auto& cv : results->coverage) {
          coverage.push_back(
              json::object{{"segment", cv.segment},
                           {"invited", cv.invited},
                           {"answered", cv.answered},
                           {"rate", cv.invited ? double(cv.answered) / double(cv.invited) : 0.0}});
        }
        return JsonResponse(200, json::object{{"survey", SurveyJson(api, results->survey)},
                                              {"responses", results->responses},
                                              {"questions", std::move(questions)},
                                              {"coverage", std::move(coverage)}});
      }));
  router.Add(
      "GET", "/api/v1/suggestions", Authed(api, [&](Request& req, const app::Caller& c) {
        CSQM_TRY(after, QueryInt(req, "after"));
        CSQM_TRY(limit, QueryInt(req, "limit"));
        CSQM_TRY(page, app::ListSuggestions(s, c.actor, *after,
                                            int(std::clamp<int64_t>(limit->value_or(50), 1, 200))));
        json::array items;
        for (const auto& r : page->items) {
          std::string text;
          for (const auto& a : r.answers) text += a.text.value_or("");
          items.push_back(json::object{{"id", r.id},
                                       {"submitted_at", InstantJson(api, r.submitted_at)},
                                       {"contact", r.contact},
                                       {"text", text}});
        }
        return JsonResponse(200, PageJson(std::move(items), page->next_cursor));
      }));

  // --- public: no login -------------------------------------------------------------------
  router.Add("GET", "/api/v1/public/surveys/{token}", [&](Request& req) {
    auto view = app::PublicSurvey(s, std::string(req.PathParam("token")));
    if (!view) return PublicProblem(req, view.error());
    Response r = JsonResponse(200, PublicJson(*view));
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add("POST", "/api/v1/public/surveys/{token}", [&](Request& req) {
    auto body = BodyObject(req);
    if (!body) return PublicProblem(req, body.error());
    auto answers = Answers(*body);
    if (!answers) return PublicProblem(req, answers.error());
    auto id = app::SubmitPublicResponse(s, std::string(req.PathParam("token")), *answers);
    if (!id) return PublicProblem(req, id.error());
    return JsonResponse(201, json::object{{"id", *id}});
  });
  router.Add("POST", "/api/v1/public/suggestions", [&](Request& req) {
    if (req.body.size() > 16 * 1024) {
      return PublicProblem(req, MakeError(ErrorCode::kInvalidArgument, "suggestion.too_large",
                                          "内容过长", "the suggestion is too large"));
    }
    auto body = BodyObject(req);
    if (!body) return PublicProblem(req, body.error());
    if (auto st = OnlyFields(*body, {"text", "contact"}, "suggestion"); !st) {
      return PublicProblem(req, st.error());
    }
    auto text = ReqString(*body, "text");
    if (!text) return PublicProblem(req, text.error());
    auto contact = OptString(*body, "contact");
    if (!contact) return PublicProblem(req, contact.error());
    auto id = app::SubmitSuggestion(s, {*text, contact->value_or(""), req.remote_address});
    if (!id) return PublicProblem(req, id.error());
    return JsonResponse(201, json::object{{"id", *id}});
  });
}

}  // namespace csqm::http
