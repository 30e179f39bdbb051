#include "store/sqlite/sqlite_reader_pool.hpp"

#include "store/callback.hpp"

namespace csqm::store {

SqliteReaderPool::SqliteReaderPool(std::vector<std::unique_ptr<SqliteConnection>> connections)
    : connections_(std::move(connections)) {
  for (const auto& conn : connections_) idle_.push_back(conn.get());
}

SqliteConnection* SqliteReaderPool::Acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !idle_.empty(); });
  SqliteConnection* conn = idle_.back();
  idle_.pop_back();
  return conn;
}

void SqliteReaderPool::Release(SqliteConnection* conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(conn);
  }
  freed_.notify_one();
}

core::Status SqliteReaderPool::Run(const ReadFn& fn) {
  SqliteConnection* conn = Acquire();
  core::Status result = conn->Control("BEGIN");
  if (result) {
    result = InvokeCallback(fn, *conn);
    if (conn->InTransaction()) {
      const core::Status end = conn->Control(result ? "COMMIT" : "ROLLBACK");
      if (result && !end) result = end;
    }
  }
  Release(conn);
  reads_.fetch_add(1, std::memory_order_relaxed);
  return result;
}

}  // namespace csqm::store
