// Responses remembered per (user, Idempotency-Key) so that a retried POST returns the first
// result (app::IdempotencyRepository).
#include <string>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

namespace csqm::store {

core::Result<std::optional<app::IdempotentResponse>> SqlIdempotencyRepository::Find(
    app::Id user_id, const std::string& key) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "SELECT request_hash, status, response_body FROM idempotency_keys "
      "WHERE user_id = ? AND key = ?",
      Params(user_id, key));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<app::IdempotentResponse>();
  app::IdempotentResponse response;
  response.request_hash = (*row)->Text(0);
  response.status = static_cast<int>((*row)->Int(1));
  response.body = (*row)->Text(2);
  return std::optional<app::IdempotentResponse>(std::move(response));
}

// A key saved twice is kConflict "store.constraint": the first response stays, and the
// transaction of the second request (two racing retries) rolls back with its create.
core::Status SqlIdempotencyRepository::Save(app::Id user_id, const std::string& key,
                                            const app::IdempotentResponse& response,
                                            core::Instant at) {
  return conn_.Exec(
      "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response_body, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      Params(user_id, key, response.request_hash, response.status, response.body, at));
}

}  // namespace csqm::store
