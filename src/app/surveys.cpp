// Questionnaires and their invitations to a stratified sample of customers.
#include "app/surveys.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "app/access.hpp"
#include "app/audit.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

namespace {

core::Error Bad(const std::string& reason, const std::string& zh, const std::string& en,
                const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "survey." + reason, zh, en, field);
}

Status CheckQuestions(const std::vector<SurveyQuestion>& questions) {
  if (questions.size() > 200)
    return Bad("too_many_questions", "题目过多", "too many questions", "questions");
  for (size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    const std::string at = "questions[" + std::to_string(i) + "]";
    if (q.kind != "rating" && q.kind != "single" && q.kind != "multiple" && q.kind != "text") {
      return Bad("bad_question_kind", "题型应为 rating、single、multiple 或 text",
                 "kind must be rating, single, multiple or text", at + ".kind");
    }
    if (q.text_zh.empty() || q.text_zh.size() > 3000) {
      return Bad("bad_question_text", "题目不能为空，且不超过 1000 字",
                 "the question text must be 1 to 1000 characters", at + ".text_zh");
    }
    if (q.section.size() > 200)
      return Bad("bad_section", "分节名称过长", "section too long", at + ".section");
    boost::system::error_code ec;
    auto options = json::parse(q.options_json, ec);
    const bool choice = q.kind == "single" || q.kind == "multiple";
    bool ok = !ec && options.is_array() &&
              (choice ? options.as_array().size() >= 2 : options.as_array().empty());
    std::map<std::string, int> keys;
    if (ok) {
      for (const auto& o : options.as_array()) {
        ok = ok && o.is_object() && o.as_object().if_contains("key") &&
             o.as_object().at("key").is_string() && !o.as_object().at("key").as_string().empty() &&
             ++keys[std::string(o.as_object().at("key").as_string())] == 1;
      }
    }
    if (!ok) {
      return Bad("bad_options", "选择题需要至少两个不重复的选项 {key, zh, en}；其他题型没有选项",
                 "choice questions need at least two options {key, zh, en} with distinct keys; "
                 "other kinds none",
                 at + ".options");
    }
  }
  return {};
}

Result<SurveyView> Load(Tx& tx, Id survey_id) {
  SurveyView view;
  auto survey = tx.Surveys().Get(survey_id);
  if (!survey) return survey.error();
  view.survey = std::move(*survey);
  auto questions = tx.Surveys().Questions(survey_id);
  if (!questions) return questions.error();
  view.questions = std::move(*questions);
  return view;
}

Status Apply(const SurveyInput& in, Survey& s, bool creating) {
  if (in.title) s.title = *in.title;
  if (in.description) s.description = *in.description;
  if (s.title.empty() || s.title.size() > 600) {
    return Bad("bad_title", "标题不能为空，且不超过 200 字",
               "the title must be 1 to 200 characters", "title");
  }
  if (s.description.size() > 20000)
    return Bad("bad_description", "说明过长", "description too long", "description");
  if (in.status && *in.status != s.status) {
    const std::string& to = *in.status;
    const bool allowed = (creating && to == "draft") || (s.status == "draft" && to == "open") ||
                         (s.status == "draft" && to == "closed") ||
                         (s.status == "open" && to == "closed");
    if (to != "draft" && to != "open" && to != "closed") {
      return Bad("bad_status", "状态应为 draft、open 或 closed",
                 "status must be draft, open or closed", "status");
    }
    if (!allowed) {
      return MakeError(ErrorCode::kFailedPrecondition, "survey.bad_status_change",
                       "问卷状态只能从草稿到开放再到关闭",
                       "a survey goes from draft to open to closed only", "status");
    }
    s.status = to;
  }
  return {};
}

Status RequireSurveyEditor(const Actor& actor) {
  if (core::MayConfigure(actor.role())) return {};
  return Forbidden("管理问卷", "manage surveys");
}

}  // namespace

Result<std::vector<Survey>> ListSurveys(Services& s, const Actor&) {
  std::vector<Survey> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto list = tx.Surveys().List();
    if (!list) return list.error();
    out = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<SurveyView> GetSurvey(Services& s, const Actor&, Id survey_id) {
  std::optional<SurveyView> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto view = Load(tx, survey_id);
    if (!view) return view.error();
    out = std::move(*view);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<SurveyView> CreateSurvey(Services& s, const Actor& actor, const SurveyInput& in) {
  if (auto st = RequireSurveyEditor(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  Survey survey;
  survey.created_by = actor.id();
  survey.created_at = now;
  survey.updated_at = now;
  SurveyInput draft = in;
  draft.status.reset();
  if (auto st = Apply(draft, survey, true); !st) return st.error();
  const auto questions = in.questions.value_or(std::vector<SurveyQuestion>{});
  if (auto st = CheckQuestions(questions); !st) return st.error();
  std::optional<SurveyView> out;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto stored = tx.Surveys().Insert(survey);
    if (!stored) return stored.error();
    auto qs = tx.Surveys().ReplaceQuestions(stored->id, questions);
    if (!qs) return qs.error();
    out = SurveyView{*stored, std::move(*qs)};
    return AppendAudit(tx, s.crypto, now, actor.id(), "survey.create", "survey", stored->id,
                       json::serialize(json::object{{"title", stored->title},
                                                    {"questions", out->questions.size()}}));
  });
  if (!st) return st.error();
  if (in.status && *in.status != "draft") {
    SurveyInput open;
    open.status = in.status;
    return UpdateSurvey(s, actor, out->survey.id, open, out->survey.version);
  }
  return std::move(*out);
}

Result<SurveyView> UpdateSurvey(Services& s, const Actor& actor, Id survey_id,
                                const SurveyInput& in, int64_t expected_version) {
  if (auto st = RequireSurveyEditor(actor); !st) return st.error();
  if (in.questions) {
    if (auto st = CheckQuestions(*in.questions); !st) return st.error();
  }
  const Instant now = s.clock.Now();
  std::optional<SurveyView> out;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = Load(tx, survey_id);
    if (!current) return current.error();
    if (current->survey.kind != "questionnaire") {
      return MakeError(ErrorCode::kFailedPrecondition, "survey.suggestion_book", "意见簿不能编辑",
                       "the suggestion book cannot be edited");
    }
    Survey next = current->survey;
    const std::string before = next.status;
    if (auto a = Apply(in, next, false); !a) return a;
    next.updated_at = now;
    std::vector<SurveyQuestion> questions = current->questions;
    if (in.questions) {
      if (current->survey.status != "draft") {
        return MakeError(ErrorCode::kFailedPrecondition, "survey.not_draft",
                         "问卷开放后不能修改题目", "questions can change only while a draft",
                         "questions");
      }
      auto qs = tx.Surveys().ReplaceQuestions(survey_id, *in.questions);
      if (!qs) return qs.error();
      questions = std::move(*qs);
    }
    if (next.status == "open" && questions.empty()) {
      return MakeError(ErrorCode::kFailedPrecondition, "survey.no_questions",
                       "没有题目的问卷不能开放", "a survey needs a question before it opens",
                       "status");
    }
    auto saved =
        tx.Surveys().Update(next, ExpectedVersion(expected_version, current->survey.version));
    if (!saved) return saved.error();
    out = SurveyView{*saved, std::move(questions)};
    return AppendAudit(tx, s.crypto, now, actor.id(), "survey.update", "survey", survey_id,
                       json::serialize(json::object{{"from", before}, {"to", saved->status}}));
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<InviteResult> InviteCustomers(Services& s, const Actor& actor, Id survey_id,
                                     const InviteInput& in) {
  if (auto st = RequireSurveyEditor(actor); !st) return st.error();
  if (in.percent < 1 || in.percent > 100) {
    return Bad("bad_percent", "抽样比例应为 1 到 100", "percent must be 1 to 100", "percent");
  }
  if (in.expires_days < 1 || in.expires_days > 365) {
    return Bad("bad_expiry", "有效期应为 1 到 365 天", "expires_days must be 1 to 365",
               "expires_days");
  }
  for (const auto& t : in.tiers) {
    if (!core::ParseCustomerTier(t)) {
      return Bad("bad_tier", "客户等级应为 ordinary、vip 或 key_account",
                 "tiers must be ordinary, vip or key_account", "tiers");
    }
  }
  const Instant now = s.clock.Now();
  InviteResult result;
  if (in.seed) {
    result.seed = *in.seed;
  } else {
    const std::string hex = s.crypto.Sha256Hex(s.crypto.RandomToken(16)).substr(0, 15);
    std::from_chars(hex.data(), hex.data() + hex.size(), result.seed, 16);
  }
  auto st = s.store.Write([&](Tx& tx) -> Status {
    result.invitations.clear();
    result.already_invited = 0;
    auto survey = tx.Surveys().Get(survey_id);
    if (!survey) return survey.error();
    if (survey->status != "open" || survey->kind != "questionnaire") {
      return MakeError(ErrorCode::kFailedPrecondition, "survey.not_open", "问卷未开放",
                       "the survey is not open");
    }
    std::string path = actor.unit_path;
    if (in.org_unit_id) {
      auto unit = tx.Org().GetUnit(*in.org_unit_id);
      if (!unit)
        return Bad("bad_org_unit", "组织单元不存在", "no such organisation unit", "org_unit_id");
      if (!InScope(actor, unit->path))
        return Forbidden("邀请该单元的客户", "invite that unit's customers");
      path = unit->path;
    }
    std::vector<core::SampleItem> items;
    std::map<Id, SegmentCustomer> by_id;
    Id after = 0;
    for (;;) {
      auto page = tx.Callbacks().SegmentCustomers(in.tiers, {path}, after, 1000);
      if (!page) return page.error();
      for (const auto& c : *page) {
        const std::string segment = c.tier + "/u" + std::to_string(c.org_unit_id);
        items.push_back({c.id, segment, false});
        by_id[c.id] = c;
      }
      if (page->size() < 1000) break;
      after = page->back().id;
    }
    const auto sample = core::DrawStratified(items, in.percent, result.seed);
    result.strata = sample.strata;
    const Instant expires = now + std::chrono::days(in.expires_days);
    for (Id id : sample.selected) {
      const auto& c = by_id.at(id);
      const std::string token = s.crypto.RandomToken(32);
      SurveyInvitation inv;
      inv.survey_id = survey_id;
      inv.customer_id = id;
      inv.org_unit_id = c.org_unit_id;
      inv.segment = c.tier + "/u" + std::to_string(c.org_unit_id);
      inv.token_hash = s.crypto.Sha256Hex(token);
      inv.created_at = now;
      inv.expires_at = expires;
      auto stored = tx.Surveys().InsertInvitation(inv);
      if (!stored) return stored.error();
      if (!*stored) {
        ++result.already_invited;
        continue;
      }
      result.invitations.push_back({(*stored)->id, id, inv.segment, token, expires});
    }
    return AppendAudit(tx, s.crypto, now, actor.id(), "survey.invite", "survey", survey_id,
                       json::serialize(json::object{{"seed", std::to_string(result.seed)},
                                                    {"percent", in.percent},
                                                    {"population", sample.population},
                                                    {"invited", result.invitations.size()}}));
  });
  if (!st) return st.error();
  return result;
}

}  // namespace csqm::app
