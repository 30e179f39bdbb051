#include "store/postgres/pg_partitions.hpp"

namespace csqm::store {

core::Result<int64_t> EnsurePartitions(Database& db, core::Instant now, int months_ahead) {
  constexpr int64_t kMonthMs = int64_t{31} * 24 * 3600 * 1000;
  const int64_t now_ms = now.time_since_epoch().count();
  int64_t created = 0;
  const core::Status st = db.Write([&](Connection& conn) -> core::Status {
    auto row = conn.QueryOne("SELECT csqm_ensure_partitions(?, ?)",
                             Params(now_ms - kMonthMs, now_ms + (months_ahead + 1) * kMonthMs));
    if (!row.ok()) return row.error();
    created = *row ? (*row)->Int(0) : 0;
    return {};
  });
  if (!st.ok()) return st.error();
  return created;
}

}  // namespace csqm::store
