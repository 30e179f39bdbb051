// Surveys, their questions, personal-link invitations, responses and answers
// (app::SurveyRepository).
#include <map>
#include <string>

#include "store/sql_feedback_repositories.hpp"

#define SURVEY_COLUMNS \
  "id, kind, title, description, status, created_by, created_at, updated_at, version"
#define QUESTION_COLUMNS \
  "id, survey_id, position, section, kind, text_zh, text_en, options_json, required"
#define INVITATION_COLUMNS                                                                 \
  "id, survey_id, customer_id, org_unit_id, segment, token_hash, created_at, expires_at, " \
  "answered_at"

namespace csqm::store {
namespace {

constexpr Entity kSurveyEntity{"surveys", "survey.not_found", "问卷不存在", "survey not found"};

app::Survey SurveyFromRow(const Row& row) {
  app::Survey s;
  s.id = row.Int(0);
  s.kind = row.Text(1);
  s.title = row.Text(2);
  s.description = row.Text(3);
  s.status = row.Text(4);
  s.created_by = row.OptInt(5);
  s.created_at = InstantAt(row, 6);
  s.updated_at = InstantAt(row, 7);
  s.version = row.Int(8);
  return s;
}

app::SurveyQuestion QuestionFromRow(const Row& row) {
  app::SurveyQuestion q;
  q.id = row.Int(0);
  q.survey_id = row.Int(1);
  q.position = int(row.Int(2));
  q.section = row.Text(3);
  q.kind = row.Text(4);
  q.text_zh = row.Text(5);
  q.text_en = row.Text(6);
  q.options_json = row.Text(7);
  q.required = row.Bool(8);
  return q;
}

app::SurveyInvitation InvitationFromRow(const Row& row) {
  app::SurveyInvitation i;
  i.id = row.Int(0);
  i.survey_id = row.Int(1);
  i.customer_id = row.Int(2);
  i.org_unit_id = row.Int(3);
  i.segment = row.Text(4);
  i.token_hash = row.Text(5);
  i.created_at = InstantAt(row, 6);
  i.expires_at = InstantAt(row, 7);
  i.answered_at = OptInstantAt(row, 8);
  return i;
}

template <class T, T (*F)(const Row&)>
core::Result<T> Map(const Row& r) {
  return F(r);
}

}  // namespace

core::Result<app::Survey> SqlSurveyRepository::Insert(app::Survey s) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO surveys (kind, title, description, status, created_by, created_at, "
      "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
      Params(s.kind, s.title, s.description, s.status, s.created_by, s.created_at, s.updated_at));
  if (!id.ok()) return id.error();
  s.id = *id;
  s.version = 1;
  return s;
}

core::Result<app::Survey> SqlSurveyRepository::Get(app::Id id) {
  return OneOrNotFound<app::Survey>(
      conn_.QueryOne("SELECT " SURVEY_COLUMNS " FROM surveys WHERE id = ?", Params(id)),
      kSurveyEntity, SurveyFromRow);
}

core::Result<std::vector<app::Survey>> SqlSurveyRepository::List() {
  return MapRows<app::Survey>(
      conn_.Query("SELECT " SURVEY_COLUMNS " FROM surveys ORDER BY id DESC"),
      Map<app::Survey, SurveyFromRow>);
}

core::Result<app::Survey> SqlSurveyRepository::Update(const app::Survey& s,
                                                      int64_t expected_version) {
  core::Result<int64_t> changed = conn_.ExecCount(
      "UPDATE surveys SET title = ?, description = ?, status = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      Params(s.title, s.description, s.status, s.updated_at, s.id, expected_version));
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return UpdateMiss(conn_, kSurveyEntity, s.id);
  app::Survey out = s;
  out.version = expected_version + 1;
  return out;
}

core::Result<std::optional<app::Survey>> SqlSurveyRepository::SuggestionBook() {
  auto row = conn_.QueryOne("SELECT " SURVEY_COLUMNS
                            " FROM surveys WHERE kind = 'suggestion_book' ORDER BY id LIMIT 1");
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<app::Survey>();
  return std::optional<app::Survey>(SurveyFromRow(**row));
}

core::Result<std::vector<app::SurveyQuestion>> SqlSurveyRepository::ReplaceQuestions(
    app::Id survey_id, std::vector<app::SurveyQuestion> questions) {
  if (auto st = conn_.Exec("DELETE FROM survey_questions WHERE survey_id = ?", Params(survey_id));
      !st) {
    return st.error();
  }
  int position = 0;
  for (auto& q : questions) {
    q.survey_id = survey_id;
    q.position = ++position;
    core::Result<Id> id = conn_.InsertId(
        "INSERT INTO survey_questions (survey_id, position, section, kind, text_zh, text_en, "
        "options_json, required) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        Params(q.survey_id, q.position, q.section, q.kind, q.text_zh, q.text_en, q.options_json,
               q.required));
    if (!id.ok()) return id.error();
    q.id = *id;
  }
  return questions;
}

core::Result<std::vector<app::SurveyQuestion>> SqlSurveyRepository::Questions(app::Id survey_id) {
  return MapRows<app::SurveyQuestion>(
      conn_.Query("SELECT " QUESTION_COLUMNS
                  " FROM survey_questions WHERE survey_id = ? ORDER BY position",
                  Params(survey_id)),
      Map<app::SurveyQuestion, QuestionFromRow>);
}

core::Result<std::optional<app::SurveyInvitation>> SqlSurveyRepository::InsertInvitation(
    app::SurveyInvitation inv) {
  auto row = conn_.QueryOne(
      "INSERT INTO survey_invitations (survey_id, customer_id, org_unit_id, segment, token_hash, "
      "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (survey_id, customer_id) DO NOTHING RETURNING id",
      Params(inv.survey_id, inv.customer_id, inv.org_unit_id, inv.segment, inv.token_hash,
             inv.created_at, inv.expires_at));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<app::SurveyInvitation>();
  inv.id = (*row)->Int(0);
  return std::optional<app::SurveyInvitation>(std::move(inv));
}

core::Result<app::SurveyInvitation> SqlSurveyRepository::InvitationByHash(
    const std::string& token_hash) {
  auto row =
      conn_.QueryOne("SELECT " INVITATION_COLUMNS " FROM survey_invitations WHERE token_hash = ?",
                     Params(token_hash));
  if (!row.ok()) return row.error();
  if (!row->has_value()) {
    return NotFound("survey.bad_token", "问卷链接无效", "the survey link is not valid");
  }
  return InvitationFromRow(**row);
}

core::Result<bool> SqlSurveyRepository::MarkAnswered(app::Id invitation_id, core::Instant at) {
  auto changed = conn_.ExecCount(
      "UPDATE survey_invitations SET answered_at = ? WHERE id = ? AND answered_at IS NULL",
      Params(at, invitation_id));
  if (!changed.ok()) return changed.error();
  return *changed == 1;
}

core::Result<std::vector<app::SegmentCoverage>> SqlSurveyRepository::Coverage(app::Id survey_id) {
  return MapRows<app::SegmentCoverage>(
      conn_.Query("SELECT segment, COUNT(*), COUNT(answered_at) FROM survey_invitations "
                  "WHERE survey_id = ? GROUP BY segment ORDER BY segment",
                  Params(survey_id)),
      [](const Row& r) -> core::Result<app::SegmentCoverage> {
        return app::SegmentCoverage{r.Text(0), r.Int(1), r.Int(2)};
      });
}

core::Result<app::SurveyResponse> SqlSurveyRepository::InsertResponse(app::SurveyResponse r) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO survey_responses (survey_id, invitation_id, customer_id, org_unit_id, "
      "submitted_at, channel, entered_by, contact, remote_hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      Params(r.survey_id, r.invitation_id, r.customer_id, r.org_unit_id, r.submitted_at, r.channel,
             r.entered_by, TextOrNull(r.contact), TextOrNull(r.remote_hash)));
  if (!id.ok()) return id.error();
  r.id = *id;
  for (auto& a : r.answers) {
    a.response_id = r.id;
    if (auto st = conn_.Exec(
            "INSERT INTO survey_answers (response_id, question_id, score, choice_json, text) "
            "VALUES (?, ?, ?, ?, ?)",
            Params(a.response_id, a.question_id, a.score, a.choice_json, a.text));
        !st) {
      return st.error();
    }
  }
  return r;
}

core::Result<int64_t> SqlSurveyRepository::ResponseCount(app::Id survey_id) {
  auto row = conn_.QueryOne("SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?",
                            Params(survey_id));
  if (!row.ok()) return row.error();
  return row->has_value() ? (*row)->Int(0) : 0;
}

core::Result<std::vector<app::AnswerGroup>> SqlSurveyRepository::AnswerGroups(app::Id survey_id) {
  return MapRows<app::AnswerGroup>(
      conn_.Query("SELECT a.question_id, a.score, a.choice_json, "
                  "CASE WHEN a.text IS NULL THEN 0 ELSE 1 END, COUNT(*) "
                  "FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id "
                  "WHERE q.survey_id = ? "
                  "GROUP BY a.question_id, a.score, a.choice_json, "
                  "CASE WHEN a.text IS NULL THEN 0 ELSE 1 END ORDER BY a.question_id",
                  Params(survey_id)),
      [](const Row& r) -> core::Result<app::AnswerGroup> {
        app::AnswerGroup g;
        g.question_id = r.Int(0);
        if (auto s = r.OptInt(1)) g.score = int(*s);
        g.choice_json = r.OptText(2);
        g.has_text = r.Int(3) != 0;
        g.count = r.Int(4);
        return g;
      });
}

core::Result<app::Page<app::SurveyResponse>> SqlSurveyRepository::Responses(
    app::Id survey_id, std::optional<app::Id> after, int limit) {
  limit = ClampLimit(limit);
  std::string sql =
      "SELECT id, survey_id, invitation_id, customer_id, org_unit_id, submitted_at, channel, "
      "entered_by, contact, remote_hash FROM survey_responses WHERE survey_id = ?";
  std::vector<Value> params = {Value{survey_id}};
  if (after) {
    sql += " AND id < ?";
    params.emplace_back(*after);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
  auto items = MapRows<app::SurveyResponse>(conn_.Query(sql, params),
                                            [](const Row& r) -> core::Result<app::SurveyResponse> {
                                              app::SurveyResponse s;
                                              s.id = r.Int(0);
                                              s.survey_id = r.Int(1);
                                              s.invitation_id = r.OptInt(2);
                                              s.customer_id = r.OptInt(3);
                                              s.org_unit_id = r.OptInt(4);
                                              s.submitted_at = InstantAt(r, 5);
                                              s.channel = r.Text(6);
                                              s.entered_by = r.OptInt(7);
                                              s.contact = r.Text(8);
                                              s.remote_hash = r.Text(9);
                                              return s;
                                            });
  if (!items.ok()) return items.error();
  auto page = MakePage(std::move(items).value(), limit);
  if (page.items.empty()) return page;
  std::map<Id, app::SurveyResponse*> by_id;
  std::vector<Id> ids;
  for (auto& item : page.items) {
    by_id[item.id] = &item;
    ids.push_back(item.id);
  }
  std::string answers_sql =
      "SELECT response_id, question_id, score, choice_json, text FROM survey_answers "
      "WHERE response_id IN (";
  std::vector<Value> answer_params;
  AppendInList(answers_sql, answer_params, IdValues(ids));
  answers_sql += ") ORDER BY response_id, question_id";
  auto rows = conn_.Query(answers_sql, answer_params);
  if (!rows.ok()) return rows.error();
  for (const Row& r : *rows) {
    app::SurveyAnswer a;
    a.response_id = r.Int(0);
    a.question_id = r.Int(1);
    if (auto s = r.OptInt(2)) a.score = int(*s);
    a.choice_json = r.OptText(3);
    a.text = r.OptText(4);
    by_id[a.response_id]->answers.push_back(std::move(a));
  }
  return page;
}

core::Result<int64_t> SqlSurveyRepository::CountFromRemote(const std::string& remote_hash,
                                                           core::Instant since) {
  auto row = conn_.QueryOne(
      "SELECT COUNT(*) FROM survey_responses WHERE remote_hash = ? AND submitted_at >= ?",
      Params(remote_hash, since));
  if (!row.ok()) return row.error();
  return row->has_value() ? (*row)->Int(0) : 0;
}

}  // namespace csqm::store
