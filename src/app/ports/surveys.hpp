// Survey ports (M3): questionnaires, questions, personal-link invitations (token hashes),
// responses and answers, and the aggregates the results need. Same conventions as store.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/store.hpp"

namespace csqm::app {

struct Survey {
  Id id = 0;
  std::string kind = "questionnaire";  // questionnaire, suggestion_book
  std::string title;
  std::string description;
  std::string status = "draft";  // draft, open, closed
  std::optional<Id> created_by;
  Instant created_at;
  Instant updated_at;
  int64_t version = 1;
};

struct SurveyQuestion {
  Id id = 0;
  Id survey_id = 0;
  int position = 0;
  std::string section;
  std::string kind;  // rating, single, multiple, text
  std::string text_zh;
  std::string text_en;
  std::string options_json = "[]";
  bool required = true;
};

struct SurveyInvitation {
  Id id = 0;
  Id survey_id = 0;
  Id customer_id = 0;
  Id org_unit_id = 0;
  std::string segment;
  std::string token_hash;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> answered_at;
};

struct SurveyAnswer {
  Id response_id = 0;
  Id question_id = 0;
  std::optional<int> score;
  std::optional<std::string> choice_json;  // ["a","b"]
  std::optional<std::string> text;
};

struct SurveyResponse {
  Id id = 0;
  Id survey_id = 0;
  std::optional<Id> invitation_id;
  std::optional<Id> customer_id;
  std::optional<Id> org_unit_id;
  Instant submitted_at;
  std::string channel;  // link, agent, suggestion
  std::optional<Id> entered_by;
  std::string contact;
  std::string remote_hash;
  std::vector<SurveyAnswer> answers;
};

// Answers of one question grouped by value: a rating's score or a choice list's JSON.
struct AnswerGroup {
  Id question_id = 0;
  std::optional<int> score;
  std::optional<std::string> choice_json;
  bool has_text = false;
  int64_t count = 0;
};

struct SegmentCoverage {
  std::string segment;
  int64_t invited = 0;
  int64_t answered = 0;
};

class SurveyRepository {
 public:
  virtual ~SurveyRepository() = default;
  virtual Result<Survey> Insert(Survey survey) = 0;
  virtual Result<Survey> Get(Id id) = 0;
  virtual Result<std::vector<Survey>> List() = 0;
  virtual Result<Survey> Update(const Survey& survey, int64_t expected_version) = 0;
  // The oldest suggestion book, or nullopt.
  virtual Result<std::optional<Survey>> SuggestionBook() = 0;

  // Replaces every question (only while no response exists); fills ids.
  virtual Result<std::vector<SurveyQuestion>> ReplaceQuestions(
      Id survey_id, std::vector<SurveyQuestion> questions) = 0;
  virtual Result<std::vector<SurveyQuestion>> Questions(Id survey_id) = 0;

  // nullopt when the customer is already invited to this survey.
  virtual Result<std::optional<SurveyInvitation>> InsertInvitation(SurveyInvitation inv) = 0;
  // kNotFound "survey.bad_token" on a miss.
  virtual Result<SurveyInvitation> InvitationByHash(const std::string& token_hash) = 0;
  // Sets answered_at unless already set; false when it was already answered.
  virtual Result<bool> MarkAnswered(Id invitation_id, Instant at) = 0;
  virtual Result<std::vector<SegmentCoverage>> Coverage(Id survey_id) = 0;

  virtual Result<SurveyResponse> InsertResponse(SurveyResponse response) = 0;
  virtual Result<int64_t> ResponseCount(Id survey_id) = 0;
  virtual Result<std::vector<AnswerGroup>> AnswerGroups(Id survey_id) = 0;
  // Newest first with their answers; cursor `after` = ids below it.
  virtual Result<Page<SurveyResponse>> Responses(Id survey_id, std::optional<Id> after,
                                                 int limit) = 0;
  virtual Result<int64_t> CountFromRemote(const std::string& remote_hash, Instant since) = 0;
};

}  // namespace csqm::app
