// One libpq connection: '?' rewritten to $n, statements prepared once and cached by their SQL
// text, text-format parameters, rows converted by column type, errors mapped to store.*.
// Used by one thread at a time (the caller holding it from PgDatabase's pool).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/postgres/pg_options.hpp"

struct pg_conn;
struct pg_result;

namespace csqm::store {

class PgConnection final : public Connection {
 public:
  // Connects with options.conninfo (client_encoding UTF8, the lock timeout set). Errors:
  // kFailedPrecondition "store.open_failed" with libpq's reason (never the password).
  static core::Result<std::unique_ptr<PgConnection>> Open(const PgOptions& options);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  core::Status Exec(std::string_view sql, ParamList params) override;
  core::Result<int64_t> ExecCount(std::string_view sql, ParamList params) override;
  core::Result<int64_t> InsertId(std::string_view sql, ParamList params) override;
  core::Result<std::vector<Row>> Query(std::string_view sql, ParamList params) override;
  core::Result<std::optional<Row>> QueryOne(std::string_view sql, ParamList params) override;
  core::Status ExecScript(std::string_view sql) override;
  Dialect dialect() const override { return Dialect::kPostgres; }

  // Transaction control (BEGIN …, COMMIT, ROLLBACK) for the Database only; the methods above
  // refuse it.
  core::Status Control(std::string_view sql);
  // A statement failed since BEGIN: PostgreSQL ignores everything until ROLLBACK.
  bool TransactionFailed() const;
  // The connection is gone (server restart, network); the pool drops it.
  bool Broken() const;

 private:
  struct Prepared {
    std::string name;
    int parameters = 0;
  };
  struct ResultDeleter {
    void operator()(pg_result* r) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  // Prepares (or finds) sql, runs it with params; the result of a successful run.
  core::Result<ResultPtr> Run(std::string_view sql, ParamList params);
  core::Error ErrorOf(const pg_result* result, std::string_view sql) const;

  pg_conn* conn_ = nullptr;
  std::unordered_map<std::string, Prepared> statements_;
  int next_statement_ = 0;
};

}  // namespace csqm::store
