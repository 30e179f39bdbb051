// The store ports: what use cases may ask of the database, one repository per aggregate.
// Implementations live in src/store (SQL over SQLite or PostgreSQL). Every method runs inside
// the transaction of the Tx it came from. Conventions for every method:
//   - a miss on a Get is kNotFound ("<entity>.not_found"), never an empty record;
//   - a uniqueness violation is kConflict ("store.constraint");
//   - an Update with an expected version that no longer matches is kVersionMismatch
//     ("store.version_mismatch") and changes nothing;
//   - other database failures are kInternal.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/records.hpp"
#include "core/result.hpp"

namespace csqm::app {

using core::Result;
using core::Status;

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<Id> next_cursor;  // pass as `after` to get the next page; absent at the end
};

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  virtual Result<OrgUnit> GetUnit(Id id) = 0;
  virtual Result<std::vector<OrgUnit>> ListUnits() = 0;
  // Fills id and path (parent's path + id) and returns the stored unit.
  virtual Result<OrgUnit> InsertUnit(OrgUnit unit) = 0;
  virtual Result<OrgUnit> UpdateUnit(const OrgUnit& unit, int64_t expected_version) = 0;

  virtual Result<User> GetUser(Id id) = 0;
  virtual Result<User> GetUserByLogin(const std::string& login) = 0;
  virtual Result<Page<User>> ListUsers(std::optional<Id> after, int limit) = 0;
  // Active users with this role in the unit or one of its ancestors (nearest first).
  virtual Result<std::vector<User>> UsersWithRole(core::Role role, Id org_unit_id) = 0;
  virtual Result<User> InsertUser(User user) = 0;
  virtual Result<User> UpdateUser(const User& user, int64_t expected_version) = 0;

  virtual Status InsertSession(const Session& session) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;  // expired ones too
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(Id user_id) = 0;

  virtual Result<ApiToken> InsertApiToken(ApiToken token) = 0;
  virtual Result<ApiToken> GetApiTokenByHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(Id user_id) = 0;
  virtual Status RevokeApiToken(Id id, Id user_id, Instant at) = 0;
};

class ConfigRepository {
 public:
  virtual ~ConfigRepository() = default;
  virtual Result<CalendarRecord> GetCalendar(Id id) = 0;
  virtual Result<CalendarRecord> GetCalendarByKey(const std::string& key) = 0;
  virtual Result<std::vector<CalendarRecord>> ListCalendars() = 0;
  virtual Result<CalendarRecord> InsertCalendar(CalendarRecord calendar) = 0;
  virtual Result<CalendarRecord> UpdateCalendar(const CalendarRecord& c,
                                                int64_t expected_version) = 0;

  virtual Result<CaseType> GetCaseType(Id id) = 0;
  virtual Result<CaseType> GetCaseTypeByKey(const std::string& key) = 0;
  virtual Result<std::vector<CaseType>> ListCaseTypes() = 0;
  virtual Result<CaseType> InsertCaseType(CaseType type) = 0;
  virtual Result<CaseType> UpdateCaseType(const CaseType& type, int64_t expected_version) = 0;

  virtual Result<Category> GetCategory(Id id) = 0;
  virtual Result<Category> GetCategoryByKey(const std::string& key) = 0;
  virtual Result<std::vector<Category>> ListCategories() = 0;
  virtual Result<Category> InsertCategory(Category category) = 0;
  virtual Result<Category> UpdateCategory(const Category& c, int64_t expected_version) = 0;
};

struct CustomerQuery {
  std::string text;                     // name or phone fragment
  std::vector<std::string> unit_paths;  // scope: customers in these org subtrees; empty = all
  std::optional<Id> after;
  int limit = 50;
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  virtual Result<Customer> Get(Id id) = 0;
  virtual Result<Page<Customer>> List(const CustomerQuery& query) = 0;
  // Also indexes the customer for search.
  virtual Result<Customer> Insert(Customer customer) = 0;
  virtual Result<Customer> Update(const Customer& customer, int64_t expected_version) = 0;
};

struct CaseQuery {
  std::vector<std::string> statuses;
  std::optional<Id> category_id;
  std::optional<Id> assignee_id;
  std::optional<Id> owner_id;
  std::optional<Id> customer_id;
  std::optional<core::Severity> severity;
  std::vector<std::string> unit_paths;       // scope: cases of these org subtrees; empty = all
  std::optional<Id> visible_to_field_staff;  // scope: assigned to (or owned by) this user only
  std::optional<bool> open;                  // true: not final; false: final
  std::optional<Instant> due_before;  // an open target due before this instant (breaching soon)
  std::optional<Instant> overdue_at;  // an open target already past due at this instant
  std::string search;                 // an FTS match expression (core::MatchQuery)
  std::optional<Id> after;            // cursor: ids below this (newest first)
  int limit = 50;
  // Queue pages: the description (a case's longest column) is not read; records carry "".
  bool without_description = false;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  // Next number for PREFIX-YYYYMM-NNNNNN, unique per prefix and month.
  virtual Result<std::string> NextNumber(const std::string& prefix, int month) = 0;
  virtual Result<CaseRecord> Insert(CaseRecord record) = 0;
  virtual Result<CaseRecord> Get(Id id) = 0;
  virtual Result<CaseRecord> Update(const CaseRecord& record, int64_t expected_version) = 0;
  virtual Result<Page<CaseRecord>> List(const CaseQuery& query) = 0;
  // The case's searchable text changed (number, title, description, customer, comments):
  // the store indexes it again from what the transaction wrote.
  virtual Status Reindex(Id case_id) = 0;

  virtual Result<std::vector<TargetRecord>> Targets(Id case_id) = 0;
  virtual Result<std::vector<TargetRecord>> TargetsOf(const std::vector<Id>& case_ids) = 0;
  virtual Status UpsertTarget(const TargetRecord& target) = 0;
  virtual Status DeleteTargets(Id case_id) = 0;

  virtual Result<std::vector<PauseRecord>> Pauses(Id case_id) = 0;
  virtual Status UpsertPause(const PauseRecord& pause) = 0;

  // Timers: the due-time table. Replace sets the unfired timers of a target to exactly these
  // (step, fire_at) pairs; fired ones are kept and never re-armed.
  virtual Status ReplaceTimers(Id case_id, const std::string& target_key,
                               const std::vector<TimerRecord>& timers) = 0;
  // Adds the timers of a target that has none yet (a case just opened); kConflict otherwise.
  virtual Status AddTimers(const std::vector<TimerRecord>& timers) = 0;
  virtual Status CancelTimers(Id case_id, const std::optional<std::string>& target_key) = 0;
  virtual Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) = 0;
  virtual Result<std::vector<TimerRecord>> Timers(Id case_id) = 0;
  // Marks a timer fired; false when it was already fired (another worker or node won).
  virtual Result<bool> ClaimTimer(Id timer_id, Instant fired_at) = 0;

  virtual Result<TimelineEntry> AddTimeline(TimelineEntry entry) = 0;
  virtual Result<Page<TimelineEntry>> Timeline(Id case_id, bool include_internal,
                                               std::optional<Id> after, int limit) = 0;

  virtual Result<Attachment> AddAttachment(Attachment attachment) = 0;
  virtual Result<Attachment> GetAttachment(Id id) = 0;
  virtual Result<std::vector<Attachment>> Attachments(Id case_id) = 0;

  virtual Result<ExtensionRequest> AddExtension(ExtensionRequest request) = 0;
  virtual Result<ExtensionRequest> GetExtension(Id id) = 0;
  virtual Result<std::vector<ExtensionRequest>> Extensions(Id case_id) = 0;
  virtual Result<std::vector<ExtensionRequest>> PendingExtensions(
      const std::vector<std::string>& unit_paths) = 0;
  virtual Result<ExtensionRequest> UpdateExtension(const ExtensionRequest& r,
                                                   int64_t expected_version) = 0;

  virtual Status AddLink(const CaseLink& link) = 0;             // kConflict when it exists
  virtual Result<std::vector<CaseLink>> Links(Id case_id) = 0;  // both directions
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  virtual Result<Notification> Add(Notification n) = 0;
  virtual Result<Page<Notification>> List(Id user_id, bool unread_only, std::optional<Id> after,
                                          int limit) = 0;
  virtual Result<int64_t> UnreadCount(Id user_id) = 0;
  virtual Status MarkRead(Id id, Id user_id, Instant at) = 0;  // kNotFound for another's
  virtual Result<OutboxMessage> Enqueue(OutboxMessage message) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // The hash of the newest row, or "" for an empty log.
  virtual Result<std::string> LastHash() = 0;
  virtual Result<AuditEntry> Append(AuditEntry entry) = 0;  // hash and prev_hash filled by caller
  // Rows in id order from `after`, for verification and the audit API.
  virtual Result<std::vector<AuditEntry>> Scan(Id after, int limit) = 0;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual Result<std::optional<IdempotentResponse>> Find(Id user_id, const std::string& key) = 0;
  virtual Status Save(Id user_id, const std::string& key, const IdempotentResponse& response,
                      Instant at) = 0;
};

class CallbackRepository;  // app/ports/callbacks.hpp
class SurveyRepository;    // app/ports/surveys.hpp
class QualityRepository;   // app/ports/quality.hpp

// One transaction's repositories.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual OrgRepository& Org() = 0;
  virtual ConfigRepository& Config() = 0;
  virtual CustomerRepository& Customers() = 0;
  virtual CaseRepository& Cases() = 0;
  virtual NotificationRepository& Notifications() = 0;
  virtual AuditRepository& Audit() = 0;
  virtual IdempotencyRepository& Idempotency() = 0;
  virtual CallbackRepository& Callbacks() = 0;
  virtual SurveyRepository& Surveys() = 0;
  virtual QualityRepository& Quality() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // A consistent read-only snapshot.
  virtual Status Read(const std::function<Status(Tx&)>& fn) = 0;
  // Runs fn exactly once, all or nothing: an error from fn rolls back everything it did.
  // Returns after the commit is durable.
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;
  // Before a full-text search: waits briefly until every write committed before the call is
  // searchable (a store may index in the background); returns at once where it already is.
  virtual void AwaitSearchIndex() {}
};

}  // namespace csqm::app
