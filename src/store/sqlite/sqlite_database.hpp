// The SQLite Database: WAL, one writer thread with group commit, a pool of readers.
#pragma once

#include <chrono>
#include <memory>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/search_documents.hpp"
#include "store/sqlite/sqlite_options.hpp"

namespace csqm::store {

class SqliteCheckpointer;
class SqliteReaderPool;
class SqliteSearchIndex;
class SqliteWriter;

class SqliteDatabase final : public Database {
 public:
  // Opens (creating when missing) options.path with journal_mode=WAL, synchronous=FULL,
  // foreign_keys=ON, temp_store=MEMORY; starts the writer thread and the reader connections;
  // opens (creating) the search file (options.search_path, derived when empty), which the
  // readers attach as `search`.
  // Errors: kInvalidArgument "store.bad_options" (readers or max_batch < 1, no path, or an
  // in-memory database); kFailedPrecondition "store.open_failed" naming the path and the cause
  // (missing folder, not writable, not a database …).
  static core::Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);
  // Runs every queued Write, stops the writer thread and closes every connection. No Read or
  // Write may still be running.
  ~SqliteDatabase() override;

  core::Status Read(const ReadFn& fn) override;
  core::Status Write(const WriteFn& fn) override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  Stats stats() const override;
  bool AwaitSearchIndex(std::chrono::milliseconds timeout) override;

  // Starts the background full-text indexer (sqlite_search_index.hpp) once the schema is
  // migrated; `documents` says what each case and customer indexes. Without it nothing is
  // indexed and AwaitSearchIndex returns false at once.
  core::Status StartSearchIndex(std::shared_ptr<const SearchDocuments> documents);

  const SqliteOptions& options() const { return options_; }
  // Background checkpoints run so far (0 when options.background_checkpoint is off).
  uint64_t checkpoints() const;

 private:
  SqliteDatabase(SqliteOptions options, std::unique_ptr<SqliteSearchIndex> search,
                 std::unique_ptr<SqliteCheckpointer> checkpointer,
                 std::unique_ptr<SqliteWriter> writer, std::unique_ptr<SqliteReaderPool> readers);

  SqliteOptions options_;
  std::unique_ptr<SqliteReaderPool> readers_;
  std::unique_ptr<SqliteSearchIndex> search_;         // stopped first, destroyed after the writer
  std::unique_ptr<SqliteCheckpointer> checkpointer_;  // outlives the writer, which calls it
  std::unique_ptr<SqliteWriter> writer_;              // destroyed first: drains the queue
};

}  // namespace csqm::store
