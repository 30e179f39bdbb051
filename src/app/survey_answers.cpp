// Answering surveys: through a personal link without login, by an agent during a call, or in
// the suggestion book; and the results per survey.
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/surveys.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Error Bad(const std::string& reason, const std::string& zh, const std::string& en,
                const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "survey." + reason, zh, en, field);
}

std::set<std::string> OptionKeys(const SurveyQuestion& q) {
  std::set<std::string> keys;
  boost::system::error_code ec;
  auto v = json::parse(q.options_json, ec);
  if (ec || !v.is_array()) return keys;
  for (const auto& o : v.as_array()) {
    if (o.is_object() && o.as_object().if_contains("key") && o.as_object().at("key").is_string()) {
      keys.insert(std::string(o.as_object().at("key").as_string()));
    }
  }
  return keys;
}

// Every answer checked against its question; required questions answered; no question twice.
Result<std::vector<SurveyAnswer>> CheckAnswers(const std::vector<SurveyQuestion>& questions,
                                               const std::vector<AnswerInput>& answers) {
  std::map<Id, const SurveyQuestion*> by_id;
  for (const auto& q : questions) by_id[q.id] = &q;
  std::set<Id> seen;
  std::vector<SurveyAnswer> out;
  if (answers.size() > questions.size()) {
    return Bad("too_many_answers", "回答多于题目", "more answers than questions", "answers");
  }
  for (size_t i = 0; i < answers.size(); ++i) {
    const auto& a = answers[i];
    const std::string at = "answers[" + std::to_string(i) + "]";
    auto it = by_id.find(a.question_id);
    if (it == by_id.end()) {
      return Bad("unknown_question", "问卷中没有该题", "no such question in this survey",
                 at + ".question_id");
    }
    if (!seen.insert(a.question_id).second) {
      return Bad("duplicate_answer", "同一题只能回答一次", "a question is answered once",
                 at + ".question_id");
    }
    const SurveyQuestion& q = *it->second;
    SurveyAnswer out_answer;
    out_answer.question_id = q.id;
    if (q.kind == "rating") {
      if (!a.score || *a.score < 1 || *a.score > 5) {
        return Bad("bad_score", "评分应为 1 到 5", "the score must be 1 to 5", at + ".score");
      }
      out_answer.score = a.score;
    } else if (q.kind == "single" || q.kind == "multiple") {
      const auto keys = OptionKeys(q);
      std::set<std::string> chosen;
      bool ok =
          a.choices && !a.choices->empty() && (q.kind == "multiple" || a.choices->size() == 1);
      if (ok) {
        for (const auto& c : *a.choices) ok = ok && keys.count(c) && chosen.insert(c).second;
      }
      if (!ok) {
        return Bad("bad_choice",
                   q.kind == "single" ? "请从选项中选择一项" : "请从选项中选择一项或多项（不重复）",
                   q.kind == "single" ? "choose one of the options"
                                      : "choose one or more distinct options",
                   at + ".choices");
      }
      json::array arr;
      for (const auto& c : *a.choices) arr.emplace_back(c);
      out_answer.choice_json = json::serialize(arr);
    } else {
      if (!a.text || a.text->empty() || a.text->size() > 6000) {
        return Bad("bad_text", "文字回答不能为空，且不超过 2000 字",
                   "a text answer must be 1 to 2000 characters", at + ".text");
      }
      out_answer.text = a.text;
    }
    out.push_back(std::move(out_answer));
  }
  for (const auto& q : questions) {
    if (q.required && !seen.count(q.id)) {
      return Bad(
          "missing_answer", "有必答题未回答：" + q.text_zh,
          "a required question is not answered: " + (q.text_en.empty() ? q.text_zh : q.text_en),
          "answers");
    }
  }
  return out;
}

// The invitation behind a token, checked for use.
Result<SurveyInvitation> UsableInvitation(Tx& tx, Services& s, const std::string& token,
                                          Instant now) {
  if (token.empty() || token.size() > 200) {
    return MakeError(ErrorCode::kNotFound, "survey.bad_token", "问卷链接无效",
                     "the survey link is not valid");
  }
  auto inv = tx.Surveys().InvitationByHash(s.crypto.Sha256Hex(token));
  if (!inv) return inv.error();
  if (inv->answered_at) {
    return MakeError(ErrorCode::kFailedPrecondition, "survey.already_answered",
                     "该问卷链接已提交过答卷", "this survey link has been answered already");
  }
  if (inv->expires_at <= now) {
    return MakeError(ErrorCode::kFailedPrecondition, "survey.link_expired", "问卷链接已过期",
                     "this survey link has expired");
  }
  return inv;
}

core::Error NotOpen() {
  return MakeError(ErrorCode::kFailedPrecondition, "survey.not_open", "问卷未开放",
                   "the survey is not open");
}

Result<SurveyView> LoadOpen(Tx& tx, Id survey_id) {
  SurveyView view;
  auto survey = tx.Surveys().Get(survey_id);
  if (!survey) return survey.error();
  if (survey->status != "open") return NotOpen();
  view.survey = std::move(*survey);
  auto questions = tx.Surveys().Questions(survey_id);
  if (!questions) return questions.error();
  view.questions = std::move(*questions);
  return view;
}

}  // namespace

Result<SurveyView> PublicSurvey(Services& s, const std::string& token) {
  const Instant now = s.clock.Now();
  std::optional<SurveyView> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto inv = UsableInvitation(tx, s, token, now);
    if (!inv) return inv.error();
    auto view = LoadOpen(tx, inv->survey_id);
    if (!view) return view.error();
    out = std::move(*view);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<Id> SubmitPublicResponse(Services& s, const std::string& token,
                                const std::vector<AnswerInput>& answers) {
  const Instant now = s.clock.Now();
  Id id = 0;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto inv = UsableInvitation(tx, s, token, now);
    if (!inv) return inv.error();
    auto view = LoadOpen(tx, inv->survey_id);
    if (!view) return view.error();
    auto checked = CheckAnswers(view->questions, answers);
    if (!checked) return checked.error();
    auto marked = tx.Surveys().MarkAnswered(inv->id, now);
    if (!marked) return marked.error();
    if (!*marked) {
      return MakeError(ErrorCode::kFailedPrecondition, "survey.already_answered",
                       "该问卷链接已提交过答卷", "this survey link has been answered already");
    }
    SurveyResponse r;
    r.survey_id = inv->survey_id;
    r.invitation_id = inv->id;
    r.customer_id = inv->customer_id;
    r.org_unit_id = inv->org_unit_id;
    r.submitted_at = now;
    r.channel = "link";
    r.answers = std::move(*checked);
    auto stored = tx.Surveys().InsertResponse(std::move(r));
    if (!stored) return stored.error();
    id = stored->id;
    return AppendAudit(tx, s.crypto, now, std::nullopt, "survey.answer", "survey", inv->survey_id,
                       json::serialize(json::object{{"response_id", id}, {"channel", "link"}}));
  });
  if (!st) return st.error();
  return id;
}

Result<Id> EnterSurveyResponse(Services& s, const Actor& actor, Id survey_id,
                               std::optional<Id> customer_id,
                               const std::vector<AnswerInput>& answers) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  Id id = 0;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto view = LoadOpen(tx, survey_id);
    if (!view) return view.error();
    if (view->survey.kind != "questionnaire") return NotOpen();
    std::optional<Id> unit;
    if (customer_id) {
      auto customer = tx.Customers().Get(*customer_id);
      if (!customer) {
        return Bad("bad_customer", "客户不存在", "no such customer", "customer_id");
      }
      unit = customer->org_unit_id;
    }
    auto checked = CheckAnswers(view->questions, answers);
    if (!checked) return checked.error();
    SurveyResponse r;
    r.survey_id = survey_id;
    r.customer_id = customer_id;
    r.org_unit_id = unit ? unit : std::optional<Id>(actor.user.org_unit_id);
    r.submitted_at = now;
    r.channel = "agent";
    r.entered_by = actor.id();
    r.answers = std::move(*checked);
    auto stored = tx.Surveys().InsertResponse(std::move(r));
    if (!stored) return stored.error();
    id = stored->id;
    return AppendAudit(tx, s.crypto, now, actor.id(), "survey.answer", "survey", survey_id,
                       json::serialize(json::object{{"response_id", id}, {"channel", "agent"}}));
  });
  if (!st) return st.error();
  return id;
}

Result<Id> SubmitSuggestion(Services& s, const SuggestionInput& in) {
  if (in.text.empty() || in.text.size() > 6000) {
    return MakeError(ErrorCode::kInvalidArgument, "suggestion.bad_text",
                     "意见不能为空，且不超过 2000 字", "a suggestion must be 1 to 2000 characters",
                     "text");
  }
  if (in.contact.size() > 300) {
    return MakeError(ErrorCode::kInvalidArgument, "suggestion.bad_contact", "联系方式过长",
                     "the contact is too long", "contact");
  }
  const Instant now = s.clock.Now();
  const std::string remote = s.crypto.Sha256Hex("suggestion:" + in.remote_address);
  Id id = 0;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto recent = tx.Surveys().CountFromRemote(remote, now - std::chrono::hours(1));
    if (!recent) return recent.error();
    if (*recent >= kSuggestionsPerHour) {
      return MakeError(ErrorCode::kOutOfRange, "suggestion.rate_limited",
                       "提交过于频繁，请稍后再试", "too many suggestions, please try again later");
    }
    auto book = tx.Surveys().SuggestionBook();
    if (!book) return book.error();
    Id survey_id = 0, question_id = 0;
    if (*book) {
      survey_id = (*book)->id;
      auto qs = tx.Surveys().Questions(survey_id);
      if (!qs) return qs.error();
      if (qs->empty()) return NotOpen();
      question_id = qs->front().id;
    } else {
      Survey b;
      b.kind = "suggestion_book";
      b.title = "意见簿 / Suggestion book";
      b.status = "open";
      b.created_at = now;
      b.updated_at = now;
      auto created = tx.Surveys().Insert(b);
      if (!created) return created.error();
      survey_id = created->id;
      SurveyQuestion q;
      q.kind = "text";
      q.text_zh = "您的意见或建议";
      q.text_en = "Your opinion or suggestion";
      auto qs = tx.Surveys().ReplaceQuestions(survey_id, {q});
      if (!qs) return qs.error();
      question_id = qs->front().id;
    }
    SurveyResponse r;
    r.survey_id = survey_id;
    r.submitted_at = now;
    r.channel = "suggestion";
    r.contact = in.contact;
    r.remote_hash = remote;
    r.answers.push_back({0, question_id, std::nullopt, std::nullopt, in.text});
    auto stored = tx.Surveys().InsertResponse(std::move(r));
    if (!stored) return stored.error();
    id = stored->id;
    return AppendAudit(tx, s.crypto, now, std::nullopt, "suggestion.create", "survey", survey_id,
                       json::serialize(json::object{{"response_id", id}}));
  });
  if (!st) return st.error();
  return id;
}

namespace {

Status RequireResultsReader(const Actor& actor) {
  const auto r = actor.role();
  if (r == core::Role::kAgent || r == core::Role::kFieldStaff) {
    return Forbidden("查看调查结果", "read survey results");
  }
  return {};
}

}  // namespace

Result<Page<SurveyResponse>> ListSuggestions(Services& s, const Actor& actor,
                                             std::optional<Id> after, int limit) {
  if (auto st = RequireResultsReader(actor); !st) return st.error();
  Page<SurveyResponse> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto book = tx.Surveys().SuggestionBook();
    if (!book) return book.error();
    if (!*book) return {};
    auto found = tx.Surveys().Responses((*book)->id, after, limit);
    if (!found) return found.error();
    page = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  for (auto& r : page.items) r.remote_hash.clear();
  return page;
}

Result<SurveyResults> GetSurveyResults(Services& s, const Actor& actor, Id survey_id) {
  if (auto st = RequireResultsReader(actor); !st) return st.error();
  SurveyResults out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto survey = tx.Surveys().Get(survey_id);
    if (!survey) return survey.error();
    out.survey = std::move(*survey);
    auto questions = tx.Surveys().Questions(survey_id);
    if (!questions) return questions.error();
    auto count = tx.Surveys().ResponseCount(survey_id);
    if (!count) return count.error();
    out.responses = *count;
    auto groups = tx.Surveys().AnswerGroups(survey_id);
    if (!groups) return groups.error();
    auto coverage = tx.Surveys().Coverage(survey_id);
    if (!coverage) return coverage.error();
    out.coverage = std::move(*coverage);
    for (const auto& q : *questions) {
      QuestionResult qr;
      qr.question = q;
      std::map<std::string, int64_t> dist;
      if (q.kind == "rating") {
        for (int v = 1; v <= 5; ++v) dist[std::to_string(v)] = 0;
      } else if (q.kind != "text") {
        for (const auto& k : OptionKeys(q)) dist[k] = 0;
      }
      int64_t sum = 0, rated = 0;
      for (const auto& g : *groups) {
        if (g.question_id != q.id) continue;
        qr.answered += g.count;
        if (g.score) {
          sum += int64_t(*g.score) * g.count;
          rated += g.count;
          dist[std::to_string(*g.score)] += g.count;
        }
        if (g.choice_json) {
          boost::system::error_code ec;
          auto v = json::parse(*g.choice_json, ec);
          if (!ec && v.is_array()) {
            for (const auto& c : v.as_array()) {
              if (c.is_string()) dist[std::string(c.as_string())] += g.count;
            }
          }
        }
      }
      if (rated > 0) qr.mean = double(sum) / double(rated);
      for (auto& [k, n] : dist) qr.distribution.emplace_back(k, n);
      out.questions.push_back(std::move(qr));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace csqm::app
