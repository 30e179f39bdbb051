// PostgreSQL behind store::Database: a pool of libpq connections shared by Read and Write.
//
// Read  = BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY: one snapshot for the callback.
// Write = BEGIN (READ COMMITTED), the callback, COMMIT: one transaction per call. There is no
//         group commit: PostgreSQL runs concurrent transactions itself, each waiting only for
//         the rows it touches, and commits them with its own WAL group flushing. Row locks
//         (UPDATE … WHERE version = ?, INSERT … ON CONFLICT, SELECT … FOR UPDATE SKIP LOCKED)
//         and advisory locks serialise what must be serial (see src/store/README.md).
// A statement that fails aborts the transaction (PostgreSQL ignores the rest until ROLLBACK):
// a callback that goes on after an error and returns ok still fails ("store.error").
// Retries: a connection found broken at BEGIN (server restart, network) is replaced and the
// transaction started again once, before the callback ran. A callback is never run twice, so
// a deadlock or serialization failure inside it comes back as "store.busy".
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/postgres/pg_options.hpp"

namespace csqm::store {

class PgConnection;

class PgDatabase final : public Database {
 public:
  // Opens the first connection (so a wrong address or password fails here, with
  // kFailedPrecondition "store.open_failed"); the others open when first needed.
  static core::Result<std::unique_ptr<PgDatabase>> Open(const PgOptions& options);
  ~PgDatabase() override;

  core::Status Read(const ReadFn& fn) override;
  core::Status Write(const WriteFn& fn) override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  // commits, writes, failed_writes, reads; max_batch is 1 and batch_histogram[0] counts the
  // commits (one Write per transaction); queue_depth: callers waiting for a free connection.
  Stats stats() const override;

  const PgOptions& options() const { return options_; }

 private:
  explicit PgDatabase(PgOptions options);
  core::Result<std::unique_ptr<PgConnection>> Acquire();
  void Release(std::unique_ptr<PgConnection> conn);
  core::Status Run(const std::function<core::Status(Connection&)>& fn, bool write);

  PgOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;     // connections in use or idle
  int waiting_ = 0;  // callers waiting for one

  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> failed_writes_{0};
  std::atomic<uint64_t> reads_{0};
};

}  // namespace csqm::store
