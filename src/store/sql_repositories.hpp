// Internal to src/store: the app store ports over a store::Connection, SQL written once for
// SQLite and PostgreSQL (search excepted: sql_search.hpp). Each object lives as long as the
// transaction that lent it its Connection (SqlStore builds them on the stack per Read/Write).
// One .cpp per repository: sql_<name>_repository.cpp; the case repository spans three.
#pragma once

#include "app/ports/store.hpp"
#include "store/db.hpp"
#include "store/sql_rows.hpp"

namespace csqm::store {

class SqlOrgRepository final : public app::OrgRepository {
 public:
  explicit SqlOrgRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::OrgUnit> GetUnit(app::Id id) override;
  core::Result<std::vector<app::OrgUnit>> ListUnits() override;
  core::Result<app::OrgUnit> InsertUnit(app::OrgUnit unit) override;
  core::Result<app::OrgUnit> UpdateUnit(const app::OrgUnit& unit,
                                        int64_t expected_version) override;

  core::Result<app::User> GetUser(app::Id id) override;
  core::Result<app::User> GetUserByLogin(const std::string& login) override;
  core::Result<app::Page<app::User>> ListUsers(std::optional<app::Id> after, int limit) override;
  core::Result<std::vector<app::User>> UsersWithRole(core::Role role, app::Id org_unit_id) override;
  core::Result<app::User> InsertUser(app::User user) override;
  core::Result<app::User> UpdateUser(const app::User& user, int64_t expected_version) override;

  core::Status InsertSession(const app::Session& session) override;
  core::Result<app::Session> GetSession(const std::string& token_hash) override;
  core::Status DeleteSession(const std::string& token_hash) override;
  core::Status DeleteSessionsOf(app::Id user_id) override;

  core::Result<app::ApiToken> InsertApiToken(app::ApiToken token) override;
  core::Result<app::ApiToken> GetApiTokenByHash(const std::string& token_hash) override;
  core::Result<std::vector<app::ApiToken>> ListApiTokens(app::Id user_id) override;
  core::Status RevokeApiToken(app::Id id, app::Id user_id, core::Instant at) override;

 private:
  Connection& conn_;
};

class SqlConfigRepository final : public app::ConfigRepository {
 public:
  explicit SqlConfigRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::CalendarRecord> GetCalendar(app::Id id) override;
  core::Result<app::CalendarRecord> GetCalendarByKey(const std::string& key) override;
  core::Result<std::vector<app::CalendarRecord>> ListCalendars() override;
  core::Result<app::CalendarRecord> InsertCalendar(app::CalendarRecord calendar) override;
  core::Result<app::CalendarRecord> UpdateCalendar(const app::CalendarRecord& c,
                                                   int64_t expected_version) override;

  core::Result<app::CaseType> GetCaseType(app::Id id) override;
  core::Result<app::CaseType> GetCaseTypeByKey(const std::string& key) override;
  core::Result<std::vector<app::CaseType>> ListCaseTypes() override;
  core::Result<app::CaseType> InsertCaseType(app::CaseType type) override;
  core::Result<app::CaseType> UpdateCaseType(const app::CaseType& type,
                                             int64_t expected_version) override;

  core::Result<app::Category> GetCategory(app::Id id) override;
  core::Result<app::Category> GetCategoryByKey(const std::string& key) override;
  core::Result<std::vector<app::Category>> ListCategories() override;
  core::Result<app::Category> InsertCategory(app::Category category) override;
  core::Result<app::Category> UpdateCategory(const app::Category& c,
                                             int64_t expected_version) override;

 private:
  Connection& conn_;
};

class SqlCustomerRepository final : public app::CustomerRepository {
 public:
  explicit SqlCustomerRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::Customer> Get(app::Id id) override;
  core::Result<app::Page<app::Customer>> List(const app::CustomerQuery& query) override;
  core::Result<app::Customer> Insert(app::Customer customer) override;
  core::Result<app::Customer> Update(const app::Customer& customer,
                                     int64_t expected_version) override;

 private:
  Connection& conn_;
};

// Split over sql_case_repository.cpp (cases, numbers, list, search),
// sql_case_clock_repository.cpp (targets, pauses, timers) and sql_case_extras.cpp (timeline,
// attachments, extension requests, links).
class SqlCaseRepository final : public app::CaseRepository {
 public:
  explicit SqlCaseRepository(Connection& conn) : conn_(conn) {}

  // The one SELECT behind List (exposed so that tests can EXPLAIN it): every filter a bound
  // parameter, newest first, LIMIT limit + 1. Errors: "store.unsupported" for search on a
  // dialect without it.
  static core::Result<SqlStatement> ListStatement(const app::CaseQuery& query, Dialect dialect);

  core::Result<std::string> NextNumber(const std::string& prefix, int month) override;
  core::Result<app::CaseRecord> Insert(app::CaseRecord record) override;
  core::Result<app::CaseRecord> Get(app::Id id) override;
  core::Result<app::CaseRecord> Update(const app::CaseRecord& record,
                                       int64_t expected_version) override;
  core::Result<app::Page<app::CaseRecord>> List(const app::CaseQuery& query) override;
  core::Status Reindex(app::Id case_id) override;

  core::Result<std::vector<app::TargetRecord>> Targets(app::Id case_id) override;
  core::Result<std::vector<app::TargetRecord>> TargetsOf(
      const std::vector<app::Id>& case_ids) override;
  core::Status UpsertTarget(const app::TargetRecord& target) override;
  core::Status DeleteTargets(app::Id case_id) override;

  core::Result<std::vector<app::PauseRecord>> Pauses(app::Id case_id) override;
  core::Status UpsertPause(const app::PauseRecord& pause) override;

  core::Status ReplaceTimers(app::Id case_id, const std::string& target_key,
                             const std::vector<app::TimerRecord>& timers) override;
  core::Status AddTimers(const std::vector<app::TimerRecord>& timers) override;
  core::Status CancelTimers(app::Id case_id, const std::optional<std::string>& target_key) override;
  core::Result<std::vector<app::TimerRecord>> DueTimers(core::Instant now, int limit) override;
  core::Result<std::vector<app::TimerRecord>> Timers(app::Id case_id) override;
  core::Result<bool> ClaimTimer(app::Id timer_id, core::Instant fired_at) override;

  core::Result<app::TimelineEntry> AddTimeline(app::TimelineEntry entry) override;
  core::Result<app::Page<app::TimelineEntry>> Timeline(app::Id case_id, bool include_internal,
                                                       std::optional<app::Id> after,
                                                       int limit) override;

  core::Result<app::Attachment> AddAttachment(app::Attachment attachment) override;
  core::Result<app::Attachment> GetAttachment(app::Id id) override;
  core::Result<std::vector<app::Attachment>> Attachments(app::Id case_id) override;

  core::Result<app::ExtensionRequest> AddExtension(app::ExtensionRequest request) override;
  core::Result<app::ExtensionRequest> GetExtension(app::Id id) override;
  core::Result<std::vector<app::ExtensionRequest>> Extensions(app::Id case_id) override;
  core::Result<std::vector<app::ExtensionRequest>> PendingExtensions(
      const std::vector<std::string>& unit_paths) override;
  core::Result<app::ExtensionRequest> UpdateExtension(const app::ExtensionRequest& r,
                                                      int64_t expected_version) override;

  core::Status AddLink(const app::CaseLink& link) override;
  core::Result<std::vector<app::CaseLink>> Links(app::Id case_id) override;

 private:
  Connection& conn_;
};

class SqlNotificationRepository final : public app::NotificationRepository {
 public:
  explicit SqlNotificationRepository(Connection& conn) : conn_(conn) {}

  core::Result<app::Notification> Add(app::Notification n) override;
  core::Result<app::Page<app::Notification>> List(app::Id user_id, bool unread_only,
                                                  std::optional<app::Id> after, int limit) override;
  core::Result<int64_t> UnreadCount(app::Id user_id) override;
  core::Status MarkRead(app::Id id, app::Id user_id, core::Instant at) override;
  core::Result<app::OutboxMessage> Enqueue(app::OutboxMessage message) override;

 private:
  Connection& conn_;
};

class SqlAuditRepository final : public app::AuditRepository {
 public:
  explicit SqlAuditRepository(Connection& conn) : conn_(conn) {}

  core::Result<std::string> LastHash() override;
  core::Result<app::AuditEntry> Append(app::AuditEntry entry) override;
  core::Result<std::vector<app::AuditEntry>> Scan(app::Id after, int limit) override;

 private:
  Connection& conn_;
};

class SqlIdempotencyRepository final : public app::IdempotencyRepository {
 public:
  explicit SqlIdempotencyRepository(Connection& conn) : conn_(conn) {}

  core::Result<std::optional<app::IdempotentResponse>> Find(app::Id user_id,
                                                            const std::string& key) override;
  core::Status Save(app::Id user_id, const std::string& key,
                    const app::IdempotentResponse& response, core::Instant at) override;

 private:
  Connection& conn_;
};

}  // namespace csqm::store
