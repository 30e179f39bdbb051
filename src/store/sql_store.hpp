// SqlStore: the app::Store port over a store::Database (SQLite now, PostgreSQL later). Each
// Read or Write runs the use case's callback inside one database transaction and lends it an
// app::Tx whose repositories speak SQL over that transaction's Connection.
#pragma once

#include <functional>

#include "app/ports/store.hpp"
#include "store/db.hpp"

namespace csqm::store {

class SqlStore final : public app::Store {
 public:
  // `db` must outlive the SqlStore. Cheap to construct and to call: a Read or Write builds
  // its Tx on the stack and allocates nothing itself.
  explicit SqlStore(Database& db) : db_(db) {}

  // A consistent read-only snapshot (Database::Read); writes inside fn fail.
  core::Status Read(const std::function<core::Status(app::Tx&)>& fn) override;
  // All or nothing, durable on return (Database::Write, group commit). fn may run on the
  // writer's thread.
  core::Status Write(const std::function<core::Status(app::Tx&)>& fn) override;
  // Database::AwaitSearchIndex, at most one second.
  void AwaitSearchIndex() override;

  Database& database() { return db_; }

 private:
  Database& db_;
};

}  // namespace csqm::store
