// Satisfaction surveys (M3): questionnaires (rating, single and multiple choice, text; sections
// aligned with the SLA targets) with status draft → open → closed; invitations to a stratified
// sample of customers (tier × organisation unit), each a personal link token stored hashed,
// expiring, answerable once without login; answers entered by an agent during a call; the
// suggestion book (意见簿) anyone may write to; results per survey.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/ports/callbacks.hpp"
#include "app/ports/surveys.hpp"
#include "core/sampling.hpp"

namespace csqm::app {

struct SurveyInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> status;                     // draft, open, closed
  std::optional<std::vector<SurveyQuestion>> questions;  // replaced as a whole; drafts only
};

struct SurveyView {
  Survey survey;
  std::vector<SurveyQuestion> questions;
};

// Configurers (admin, quality manager) create and edit; everyone signed in may read.
Result<std::vector<Survey>> ListSurveys(Services& s, const Actor& actor);
Result<SurveyView> GetSurvey(Services& s, const Actor& actor, Id survey_id);
Result<SurveyView> CreateSurvey(Services& s, const Actor& actor, const SurveyInput& in);
// Status moves draft → open → closed (draft → closed too); opening needs a question.
Result<SurveyView> UpdateSurvey(Services& s, const Actor& actor, Id survey_id,
                                const SurveyInput& in, int64_t expected_version);

struct InviteInput {
  std::vector<std::string> tiers;  // segment filter; empty = every tier
  std::optional<Id> org_unit_id;   // segment filter; default: the actor's unit
  int percent = 100;               // share of each stratum (tier × unit) invited, 1–100
  std::optional<uint64_t> seed;    // random when absent; returned
  int expires_days = 30;           // 1–365
};
struct InvitationToken {
  Id invitation_id = 0;
  Id customer_id = 0;
  std::string segment;
  std::string token;  // shown once: the personal link is /api/v1/public/surveys/{token}
  Instant expires_at;
};
struct InviteResult {
  uint64_t seed = 0;
  std::vector<InvitationToken> invitations;
  std::vector<core::StratumQuota> strata;
  int already_invited = 0;
};
Result<InviteResult> InviteCustomers(Services& s, const Actor& actor, Id survey_id,
                                     const InviteInput& in);

struct AnswerInput {
  Id question_id = 0;
  std::optional<int> score;
  std::optional<std::vector<std::string>> choices;
  std::optional<std::string> text;
};

// The public link: the questionnaire behind a valid, unexpired, unanswered token of an open
// survey. Errors: kNotFound "survey.bad_token", kFailedPrecondition "survey.link_expired",
// "survey.already_answered", "survey.not_open".
Result<SurveyView> PublicSurvey(Services& s, const std::string& token);
// Validates every answer (errors name "answers[i].score" …) and stores the response once.
Result<Id> SubmitPublicResponse(Services& s, const std::string& token,
                                const std::vector<AnswerInput>& answers);
// An agent enters the answers during a call (channel "agent").
Result<Id> EnterSurveyResponse(Services& s, const Actor& actor, Id survey_id,
                               std::optional<Id> customer_id,
                               const std::vector<AnswerInput>& answers);

struct SuggestionInput {
  std::string text;     // 1–2000 characters
  std::string contact;  // optional name / phone, ≤ 100 characters
  std::string remote_address;
};
// Anyone, without login; at most kSuggestionsPerHour from one address (kOutOfRange
// "suggestion.rate_limited").
inline constexpr int kSuggestionsPerHour = 5;
Result<Id> SubmitSuggestion(Services& s, const SuggestionInput& in);
Result<Page<SurveyResponse>> ListSuggestions(Services& s, const Actor& actor,
                                             std::optional<Id> after, int limit);

struct QuestionResult {
  SurveyQuestion question;
  int64_t answered = 0;
  std::optional<double> mean;                                 // rating
  std::vector<std::pair<std::string, int64_t>> distribution;  // score or option → count
};
struct SurveyResults {
  Survey survey;
  int64_t responses = 0;
  std::vector<QuestionResult> questions;
  std::vector<SegmentCoverage> coverage;
};
// Managers, supervisors, quality managers, administrators and auditors.
Result<SurveyResults> GetSurveyResults(Services& s, const Actor& actor, Id survey_id);

}  // namespace csqm::app
