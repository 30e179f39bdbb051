// The SQLite full-text index, kept in a database file of its own (csqm.db → csqm-search.db) and
// written by a background thread, so that a case's durable commit never waits for FTS5.
//
// A write that changes searchable text adds a row to the main database's `search_queue` in
// its own transaction (store/sql_search.cpp). This thread reads the queue past the id it has
// indexed through, loads the current text of each named case or customer (SearchDocuments),
// and replaces their FTS5 rows in large transactions of the search file, together with the new
// high-water mark (`search_state.indexed_through`): the index only ever moves forward by whole
// queue rows, and after a crash it resumes from its last commit. The queue rows it has indexed
// are deleted from the main database now and then (one group-committed write).
//
// The search file is derived data: when it is missing, belongs to another database
// (`search_epoch`), is older than the queue it must continue from (rows it never saw were
// deleted), or is ahead of the main database (restored from an older backup), it is rebuilt
// from the cases and customers, in chunks, resuming after a restart. Searches during a rebuild
// see what is indexed so far.
//
// Readers ATTACH the file as `search`; AwaitCaughtUp lets a search see every write committed
// before it began (the API's searches wait for that, briefly). Being derived, the file is
// written with synchronous=NORMAL (after a power failure it may be rebuilt), and the thread runs
// at a lower priority (nice 10): under load, requests go first and the index catches up after.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/search_documents.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_options.hpp"

namespace csqm::store {

class SqliteSearchIndex {
 public:
  // Opens (creating) the search file of `main` (SqliteOptions::search_path) and its tables.
  static core::Result<std::unique_ptr<SqliteSearchIndex>> Open(const SqliteOptions& main);
  // Stops the thread (the chunk under way finishes first; what is not indexed yet stays queued).
  ~SqliteSearchIndex();
  // The same, ahead of destruction: OnCommit and AwaitCaughtUp may still be called afterwards.
  void Stop();
  SqliteSearchIndex(const SqliteSearchIndex&) = delete;
  SqliteSearchIndex& operator=(const SqliteSearchIndex&) = delete;

  // Starts the thread. `main_db` is the main database (the queue is trimmed through it);
  // `commits` tells how many transactions it has committed so far. Waits idle while the main
  // database has no search_queue yet (not migrated). Once only.
  core::Status Start(const SqliteOptions& main, Database& main_db,
                     std::shared_ptr<const SearchDocuments> documents,
                     std::function<uint64_t()> commits);

  // The main database committed a transaction (from its writer thread; cheap).
  void OnCommit();

  // Returns true once every transaction the main database committed before the call is in the
  // index and no rebuild is under way; false after `timeout`, or at once when not started.
  bool AwaitCaughtUp(std::chrono::milliseconds timeout);

  struct Stats {
    uint64_t indexed = 0;     // documents written since start
    uint64_t commits = 0;     // transactions of the search file since start
    uint64_t errors = 0;      // failed rounds (retried)
    bool rebuilding = false;  // a rebuild is under way
    int64_t indexed_through = 0;
    uint64_t lag_commits = 0;  // main-database commits not yet covered by the index
  };
  Stats stats() const;

 private:
  explicit SqliteSearchIndex(std::unique_ptr<SqliteConnection> conn);
  void Loop();
  core::Status Prepare();              // at start, or once migrated: check or rebuild
  core::Result<bool> RebuildChunk();   // true when the rebuild is done
  core::Result<int64_t> IndexQueue();  // queue rows indexed this round
  core::Status Trim();
  core::Status LoadState();
  core::Status Commit(const std::function<core::Status()>& body);

  std::unique_ptr<SqliteConnection> conn_;    // the search file, read-write
  std::unique_ptr<SqliteConnection> source_;  // the main database, read-only
  Database* main_db_ = nullptr;
  std::shared_ptr<const SearchDocuments> documents_;
  std::function<uint64_t()> commits_;

  // Thread-owned copy of search_state.
  struct State {
    std::string epoch;
    int64_t indexed_through = 0;
    std::string rebuild_stage;  // "", "cases" or "customers"
    int64_t rebuild_after = 0;
  } state_;
  bool prepared_ = false;
  int64_t trimmed_below_ = 0;
  std::chrono::steady_clock::time_point last_trim_{};

  mutable std::mutex mu_;
  std::condition_variable wake_;    // the thread: a commit, a waiter, or stopping
  std::condition_variable caught_;  // waiters: covered_ moved
  bool pending_ = false;            // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  int waiters_ = 0;                 // guarded by mu_
  uint64_t covered_ = 0;            // guarded by mu_: commits whose changes are indexed
  std::atomic<bool> started_{false};
  std::atomic<bool> rebuilding_{false};
  std::atomic<uint64_t> indexed_{0};
  std::atomic<uint64_t> search_commits_{0};
  std::atomic<uint64_t> errors_{0};
  std::atomic<int64_t> through_{0};
  std::thread thread_;
};

}  // namespace csqm::store
