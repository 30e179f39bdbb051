// The read connections: a fixed pool, each Read borrowing one for one read transaction.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace csqm::store {

class SqliteReaderPool {
 public:
  explicit SqliteReaderPool(std::vector<std::unique_ptr<SqliteConnection>> connections);

  // Waits for a free connection, runs fn between BEGIN and COMMIT (a deferred transaction:
  // its snapshot is taken by the first read), returns fn's status. Database::Read.
  core::Status Run(const ReadFn& fn);
  uint64_t reads() const { return reads_.load(std::memory_order_relaxed); }

 private:
  SqliteConnection* Acquire();
  void Release(SqliteConnection* conn);

  std::vector<std::unique_ptr<SqliteConnection>> connections_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<SqliteConnection*> idle_;  // guarded by mu_
  std::atomic<uint64_t> reads_{0};
};

}  // namespace csqm::store
