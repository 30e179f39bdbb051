// Internal to src/store: the callback and survey ports (app/ports/callbacks.hpp,
// app/ports/surveys.hpp) over a store::Connection, SQL written once for SQLite and PostgreSQL. Like
// sql_repositories.hpp, each object lives as long as its transaction.
#pragma once

#include "app/ports/callbacks.hpp"
#include "app/ports/surveys.hpp"
#include "store/db.hpp"
#include "store/sql_rows.hpp"

namespace csqm::store {

class SqlCallbackRepository final : public app::CallbackRepository {
 public:
  explicit SqlCallbackRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::CallbackRule> GetRule(app::Id id) override;
  core::Result<std::vector<app::CallbackRule>> ListRules() override;
  core::Result<std::vector<app::CallbackRule>> ActiveRules(const std::string& kind) override;
  core::Result<app::CallbackRule> InsertRule(app::CallbackRule rule) override;
  core::Result<app::CallbackRule> UpdateRule(const app::CallbackRule& rule,
                                             int64_t expected_version) override;

  core::Result<std::optional<app::CallbackTask>> InsertTask(app::CallbackTask task) override;
  core::Result<app::CallbackTask> GetTask(app::Id id) override;
  core::Result<app::CallbackTask> UpdateTask(const app::CallbackTask& task,
                                             int64_t expected_version) override;
  core::Result<app::Page<app::CallbackTask>> ListTasks(
      const app::CallbackTaskQuery& query) override;

  core::Result<app::CallbackAttempt> AddAttempt(app::CallbackAttempt attempt) override;
  core::Result<std::vector<app::CallbackAttempt>> Attempts(app::Id task_id) override;

  core::Result<app::CallbackSample> InsertSample(app::CallbackSample sample) override;
  core::Result<app::CallbackSample> GetSample(app::Id id) override;
  core::Result<std::vector<app::CallbackSample>> Samples(app::Id rule_id) override;

  core::Result<std::vector<app::SampleCase>> ResolvedCases(
      core::Instant from, core::Instant to, const std::vector<app::Id>& case_type_ids) override;
  core::Result<std::vector<app::SegmentCustomer>> SegmentCustomers(
      const std::vector<std::string>& tiers, const std::vector<std::string>& unit_paths,
      app::Id after, int limit) override;

 private:
  Connection& conn_;
};

class SqlSurveyRepository final : public app::SurveyRepository {
 public:
  explicit SqlSurveyRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::Survey> Insert(app::Survey survey) override;
  core::Result<app::Survey> Get(app::Id id) override;
  core::Result<std::vector<app::Survey>> List() override;
  core::Result<app::Survey> Update(const app::Survey& survey, int64_t expected_version) override;
  core::Result<std::optional<app::Survey>> SuggestionBook() override;

  core::Result<std::vector<app::SurveyQuestion>> ReplaceQuestions(
      app::Id survey_id, std::vector<app::SurveyQuestion> questions) override;
  core::Result<std::vector<app::SurveyQuestion>> Questions(app::Id survey_id) override;

  core::Result<std::optional<app::SurveyInvitation>> InsertInvitation(
      app::SurveyInvitation inv) override;
  core::Result<app::SurveyInvitation> InvitationByHash(const std::string& token_hash) override;
  core::Result<bool> MarkAnswered(app::Id invitation_id, core::Instant at) override;
  core::Result<std::vector<app::SegmentCoverage>> Coverage(app::Id survey_id) override;

  core::Result<app::SurveyResponse> InsertResponse(app::SurveyResponse response) override;
  core::Result<int64_t> ResponseCount(app::Id survey_id) override;
  core::Result<std::vector<app::AnswerGroup>> AnswerGroups(app::Id survey_id) override;
  core::Result<app::Page<app::SurveyResponse>> Responses(app::Id survey_id,
                                                         std::optional<app::Id> after,
                                                         int limit) override;
  core::Result<int64_t> CountFromRemote(const std::string& remote_hash,
                                        core::Instant since) override;

 private:
  Connection& conn_;
};

}  // namespace csqm::store
