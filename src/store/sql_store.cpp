#include "store/sql_store.hpp"

#include "store/sql_feedback_repositories.hpp"
#include "store/sql_quality_repository.hpp"
#include "store/sql_repositories.hpp"

namespace csqm::store {
namespace {

// One transaction's repositories, all over the same Connection; lives on the stack of the
// Read or Write callback.
class SqlTx final : public app::Tx {
 public:
  explicit SqlTx(Connection& conn)
      : org_(conn),
        config_(conn),
        customers_(conn),
        cases_(conn),
        notifications_(conn),
        audit_(conn),
        idempotency_(conn),
        callbacks_(conn),
        surveys_(conn),
        quality_(conn) {}

  app::OrgRepository& Org() override { return org_; }
  app::ConfigRepository& Config() override { return config_; }
  app::CustomerRepository& Customers() override { return customers_; }
  app::CaseRepository& Cases() override { return cases_; }
  app::NotificationRepository& Notifications() override { return notifications_; }
  app::AuditRepository& Audit() override { return audit_; }
  app::IdempotencyRepository& Idempotency() override { return idempotency_; }
  app::CallbackRepository& Callbacks() override { return callbacks_; }
  app::SurveyRepository& Surveys() override { return surveys_; }
  app::QualityRepository& Quality() override { return quality_; }

 private:
  SqlOrgRepository org_;
  SqlConfigRepository config_;
  SqlCustomerRepository customers_;
  SqlCaseRepository cases_;
  SqlNotificationRepository notifications_;
  SqlAuditRepository audit_;
  SqlIdempotencyRepository idempotency_;
  SqlCallbackRepository callbacks_;
  SqlSurveyRepository surveys_;
  SqlQualityRepository quality_;
};

}  // namespace

// The lambdas capture one reference, so std::function keeps them inline (no allocation).
core::Status SqlStore::Read(const std::function<core::Status(app::Tx&)>& fn) {
  return db_.Read([&fn](Connection& conn) {
    SqlTx tx(conn);
    return fn(tx);
  });
}

core::Status SqlStore::Write(const std::function<core::Status(app::Tx&)>& fn) {
  return db_.Write([&fn](Connection& conn) {
    SqlTx tx(conn);
    return fn(tx);
  });
}

// A search right after a write should find it; a store busy with a backlog (a rebuild, a bulk
// import) answers with what is indexed after a second rather than keep the user waiting.
void SqlStore::AwaitSearchIndex() { (void)db_.AwaitSearchIndex(std::chrono::seconds(1)); }

}  // namespace csqm::store
