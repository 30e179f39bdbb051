#include "store/sqlite/sqlite_database.hpp"

#include <functional>
#include <utility>
#include <vector>

#include "store/errors.hpp"
#include "store/sqlite/sqlite_checkpointer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_reader_pool.hpp"
#include "store/sqlite/sqlite_search_index.hpp"
#include "store/sqlite/sqlite_writer.hpp"

namespace csqm::store {
namespace {

// The Database whose callback this thread is running, to refuse nested Read/Write calls
// (a Write inside a Write would wait for itself forever).
thread_local const Database* tls_in_callback = nullptr;

class CallbackScope {
 public:
  explicit CallbackScope(const Database* db) : previous_(tls_in_callback) { tls_in_callback = db; }
  ~CallbackScope() { tls_in_callback = previous_; }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  const Database* previous_;
};

// "var/csqm.db" → "var/csqm-search.db"; "data/main" → "data/main-search.db".
std::string SearchPathFor(const std::string& path) {
  const std::string_view suffix = ".db";
  if (path.size() > suffix.size() &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
    return path.substr(0, path.size() - suffix.size()) + "-search.db";
  return path + "-search.db";
}

core::Error BadOptions(const std::string& zh, const std::string& en) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "store.bad_options", zh, en);
}

}  // namespace

core::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& given) {
  SqliteOptions options = given;
  if (options.search_path.empty()) options.search_path = SearchPathFor(options.path);
  if (options.path.empty() || options.path == ":memory:") {
    return BadOptions("SQLite 数据库需要一个文件路径", "a SQLite database needs a file path");
  }
  if (options.readers < 1 || options.max_batch < 1) {
    return BadOptions("readers 和 max_batch 至少为 1", "readers and max_batch must be at least 1");
  }
  auto writer_conn = SqliteConnection::Open(options, SqliteConnection::Role::kWriter);
  if (!writer_conn) return writer_conn.error();
  auto search = SqliteSearchIndex::Open(options);  // before the readers, which attach it
  if (!search) return search.error();
  std::vector<std::unique_ptr<SqliteConnection>> readers;
  for (int i = 0; i < options.readers; ++i) {
    auto reader = SqliteConnection::Open(options, SqliteConnection::Role::kReader);
    if (!reader) return reader.error();
    readers.push_back(std::move(*reader));
  }
  std::unique_ptr<SqliteCheckpointer> checkpointer;
  if (options.background_checkpoint) {
    // A connection of the reader kind: its pragmas (synchronous=FULL) govern the checkpoint's
    // fsyncs, and query_only does not stop a checkpoint.
    auto conn = SqliteConnection::Open(options, SqliteConnection::Role::kReader);
    if (!conn) return conn.error();
    checkpointer = std::make_unique<SqliteCheckpointer>(std::move(*conn), options.checkpoint_pages,
                                                        options.path);
    SqliteCheckpointer* target = checkpointer.get();
    (*writer_conn)->OnWalCommit([target](int frames) { target->OnCommit(frames); });
  }
  std::function<void(SqliteConnection&)> after_batch =
      [checkpoints = checkpointer.get(), index = search->get()](SqliteConnection& c) {
        index->OnCommit();
        if (checkpoints) checkpoints->CatchUp(c);
      };
  std::string wal_path;
  if (options.sync_thread) {  // durability from the sync thread (sqlite_writer.hpp)
    if (core::Status s = (*writer_conn)->Exec("PRAGMA synchronous=NORMAL", {}); !s) {
      return OpenFailedError(options.path, s.error().message_zh, s.error().message_en);
    }
    wal_path = options.path + "-wal";
  }
  auto writer = std::make_unique<SqliteWriter>(std::move(*writer_conn), options.max_batch,
                                               std::move(after_batch), std::move(wal_path));
  auto pool = std::make_unique<SqliteReaderPool>(std::move(readers));
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(
      options, std::move(*search), std::move(checkpointer), std::move(writer), std::move(pool)));
}

SqliteDatabase::SqliteDatabase(SqliteOptions options, std::unique_ptr<SqliteSearchIndex> search,
                               std::unique_ptr<SqliteCheckpointer> checkpointer,
                               std::unique_ptr<SqliteWriter> writer,
                               std::unique_ptr<SqliteReaderPool> readers)
    : options_(std::move(options)),
      readers_(std::move(readers)),
      search_(std::move(search)),
      checkpointer_(std::move(checkpointer)),
      writer_(std::move(writer)) {}

// The indexer writes through the writer (queue trimming): it stops before the writer drains.
SqliteDatabase::~SqliteDatabase() { search_->Stop(); }

core::Status SqliteDatabase::StartSearchIndex(std::shared_ptr<const SearchDocuments> documents) {
  SqliteWriter* writer = writer_.get();
  return search_->Start(options_, *this, std::move(documents),
                        [writer] { return writer->commits(); });
}

bool SqliteDatabase::AwaitSearchIndex(std::chrono::milliseconds timeout) {
  return search_->AwaitCaughtUp(timeout);
}

uint64_t SqliteDatabase::checkpoints() const {
  return checkpointer_ ? checkpointer_->checkpoints() : 0;
}

core::Status SqliteDatabase::Read(const ReadFn& fn) {
  if (tls_in_callback == this) return NestedError();
  return readers_->Run([this, &fn](Connection& conn) {
    CallbackScope scope(this);
    return fn(conn);
  });
}

core::Status SqliteDatabase::Write(const WriteFn& fn) {
  if (tls_in_callback == this) return NestedError();
  return writer_->Submit([this, &fn](Connection& conn) {
    CallbackScope scope(this);
    return fn(conn);
  });
}

Database::Stats SqliteDatabase::stats() const {
  Stats stats;
  writer_->FillStats(stats);
  stats.reads = readers_->reads();
  const SqliteSearchIndex::Stats search = search_->stats();
  stats.search_indexed = search.indexed;
  stats.search_commits = search.commits;
  stats.search_errors = search.errors;
  stats.search_rebuilding = search.rebuilding;
  stats.search_lag_commits = search.lag_commits;
  if (checkpointer_) {
    stats.checkpoints = checkpointer_->checkpoints();
    stats.checkpoint_catch_ups = checkpointer_->catch_ups();
    stats.checkpoint_catch_up_micros = checkpointer_->catch_up_micros();
    stats.wal_restarts = checkpointer_->wal_restarts();
  }
  return stats;
}

}  // namespace csqm::store
