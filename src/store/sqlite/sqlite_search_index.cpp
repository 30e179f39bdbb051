#include "store/sqlite/sqlite_search_index.hpp"

#include <pthread.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include "store/errors.hpp"
#include "store/value.hpp"

namespace csqm::store {
namespace {

using std::chrono::milliseconds;

// Bump when the tables below change: an older file is then dropped and rebuilt.
constexpr int kSchemaVersion = 1;
// How FTS5 merges its segments, set on every open (files made before keep their tables):
// - automerge 8: an incremental merge of a level starts at 8 segments (FTS5's default 4 costs
//   more CPU per indexed case; 16 left a 2-character search more segments to read).
// - crisismerge 32: a level is merged all at once, inside one commit, only at 32 segments. At
//   FTS5's default 16 with automerge 16, every merge was done at once: up to 16 segments of the
//   higher levels (hundreds of MB) written in a second, which held up the main database's WAL
//   syncs for 100–250 ms.
constexpr std::string_view kMergeSettings = R"sql(
INSERT INTO case_search (case_search, rank) VALUES ('automerge', 8);
INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 8);
INSERT INTO case_search (case_search, rank) VALUES ('crisismerge', 32);
INSERT INTO customer_search (customer_search, rank) VALUES ('crisismerge', 32);
)sql";
constexpr std::string_view kSchema = R"sql(
DROP TABLE IF EXISTS case_search;
DROP TABLE IF EXISTS customer_search;
DROP TABLE IF EXISTS search_state;
CREATE VIRTUAL TABLE case_search USING fts5(body, tokenize = 'csqm');
CREATE VIRTUAL TABLE customer_search USING fts5(body, tokenize = 'csqm');
CREATE TABLE search_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch TEXT NOT NULL,                -- search_epoch of the main database indexed here
  indexed_through INTEGER NOT NULL,   -- search_queue rows up to this id are in the index
  rebuild_stage TEXT NOT NULL,        -- 'cases', 'customers' while rebuilding, else ''
  rebuild_after INTEGER NOT NULL      -- the rebuild's position: ids up to this are indexed
);
PRAGMA user_version = 1;
)sql";

constexpr int64_t kQueueChunk = 20000;              // queue rows per round (one search commit)
constexpr int kRebuildChunk = 2000;                 // documents per rebuild commit
constexpr auto kBatchInterval = milliseconds(100);  // between rounds that found work
constexpr auto kPoll = milliseconds(1000);          // other processes' commits are not notified
constexpr auto kRetry = milliseconds(1000);         // after a failed round
constexpr int kNice = 10;                           // the indexer thread's niceness
constexpr int64_t kTrimRows = 5000;                 // trim the queue past this many indexed rows
constexpr auto kTrimEvery = std::chrono::seconds(30);

core::Error NotMigrated() {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, "store.search_not_ready",
                         "数据库尚未迁移", "the database is not migrated yet");
}

// Replaces the rows of `docs` (deleting `gone`, ids whose entity no longer exists).
core::Status WriteDocuments(Connection& conn, SearchIndex index,
                            const std::vector<SearchDocument>& docs,
                            const std::vector<int64_t>& gone, bool fresh) {
  const bool cases = index == SearchIndex::kCases;
  const std::string_view del = cases ? "DELETE FROM case_search WHERE rowid = ?"
                                     : "DELETE FROM customer_search WHERE rowid = ?";
  const std::string_view ins = cases ? "INSERT INTO case_search (rowid, body) VALUES (?, ?)"
                                     : "INSERT INTO customer_search (rowid, body) VALUES (?, ?)";
  for (int64_t id : gone) {
    if (core::Status s = conn.Exec(del, Params(id)); !s) return s;
  }
  for (const SearchDocument& d : docs) {
    if (!fresh) {
      if (core::Status s = conn.Exec(del, Params(d.id)); !s) return s;
    }
    if (d.text.empty()) continue;
    if (core::Status s = conn.Exec(ins, Params(d.id, d.text)); !s) return s;
  }
  return {};
}

}  // namespace

namespace {

// The search file opened read-write with its tables at kSchemaVersion.
core::Result<std::unique_ptr<SqliteConnection>> OpenSearchFile(const SqliteOptions& options) {
  auto conn = SqliteConnection::Open(options, SqliteConnection::Role::kWriter);
  if (!conn) return conn.error();
  // Derived data: its commits need not wait for the disk (WAL + NORMAL stays consistent). After
  // a power failure it may be behind a queue already trimmed past it; Prepare then rebuilds it.
  if (core::Status s = (*conn)->Exec("PRAGMA synchronous=NORMAL", {}); !s) return s.error();
  auto version = (*conn)->QueryOne("PRAGMA user_version", {});
  if (!version) return version.error();
  const bool fresh = !*version || (**version).Int(0) != kSchemaVersion;
  if (core::Status s = (*conn)->Control("BEGIN IMMEDIATE"); !s) return s.error();
  core::Status made = fresh ? (*conn)->ExecScript(kSchema) : core::Status{};
  made = made ? (*conn)->ExecScript(kMergeSettings) : made;
  made = made ? (*conn)->Control("COMMIT") : made;
  if (!made) {
    if ((*conn)->InTransaction()) (void)(*conn)->Control("ROLLBACK");
    return OpenFailedError(options.path, made.error().message_zh, made.error().message_en);
  }
  return conn;
}

}  // namespace

// The file holds nothing that cannot be made again: one that SQLite reports damaged or not a
// database is deleted and made anew (the indexer then rebuilds it). Other failures (a folder
// that cannot be written, a lock held too long) are reported as the main database's would be.
core::Result<std::unique_ptr<SqliteSearchIndex>> SqliteSearchIndex::Open(
    const SqliteOptions& main) {
  SqliteOptions options = main;
  options.path = main.search_path;
  options.search_path.clear();
  auto conn = OpenSearchFile(options);
  // Only a file SQLite calls damaged or foreign: a busy one may be another process's.
  const auto damaged = [&] {
    const std::string& why = conn.error().message_en;
    return why.find(sqlite3_errstr(SQLITE_NOTADB)) != std::string::npos ||
           why.find(sqlite3_errstr(SQLITE_CORRUPT)) != std::string::npos;
  };
  if (!conn && damaged() && std::filesystem::exists(options.path)) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(options.path + suffix, ignored);
    conn = OpenSearchFile(options);
  }
  if (!conn) return conn.error();
  return std::unique_ptr<SqliteSearchIndex>(new SqliteSearchIndex(std::move(*conn)));
}

SqliteSearchIndex::SqliteSearchIndex(std::unique_ptr<SqliteConnection> conn)
    : conn_(std::move(conn)) {}

SqliteSearchIndex::~SqliteSearchIndex() { Stop(); }

void SqliteSearchIndex::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  caught_.notify_all();
  if (thread_.joinable()) thread_.join();
  started_ = false;
}

core::Status SqliteSearchIndex::Start(const SqliteOptions& main, Database& main_db,
                                      std::shared_ptr<const SearchDocuments> documents,
                                      std::function<uint64_t()> commits) {
  if (thread_.joinable()) return {};
  SqliteOptions options = main;
  options.search_path.clear();  // the source needs no index
  auto source = SqliteConnection::Open(options, SqliteConnection::Role::kReader);
  if (!source) return source.error();
  source_ = std::move(*source);
  main_db_ = &main_db;
  documents_ = std::move(documents);
  commits_ = std::move(commits);
  // Checked now, before the main database takes a write: after a backup was restored, a write
  // reusing the queue ids the file has indexed could make a stale file look continuous. (Not
  // migrated yet, or failed: the thread tries again.)
  prepared_ = Prepare().ok();
  pending_ = true;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "csqm-search");  // shown by top -H, ps -L
    // Background work: under load the request threads go first (the index catches up when
    // they pause; csqm_search_lag_commits shows how far behind it is).
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
    Loop();
  });
  started_ = true;
  return {};
}

void SqliteSearchIndex::OnCommit() {
  {
    std::lock_guard lock(mu_);
    pending_ = true;
  }
  wake_.notify_one();
}

bool SqliteSearchIndex::AwaitCaughtUp(milliseconds timeout) {
  if (!started_) return false;
  const uint64_t target = commits_();
  const auto done = [&] { return covered_ >= target && !rebuilding_; };
  std::unique_lock lock(mu_);
  if (done()) return true;
  ++waiters_;
  pending_ = true;
  wake_.notify_one();
  caught_.wait_for(lock, timeout, [&] { return done() || stopping_; });
  --waiters_;
  return done();
}

SqliteSearchIndex::Stats SqliteSearchIndex::stats() const {
  Stats s;
  s.indexed = indexed_.load(std::memory_order_relaxed);
  s.commits = search_commits_.load(std::memory_order_relaxed);
  s.errors = errors_.load(std::memory_order_relaxed);
  s.rebuilding = rebuilding_.load(std::memory_order_relaxed);
  s.indexed_through = through_.load(std::memory_order_relaxed);
  if (started_) {
    const uint64_t committed = commits_();
    std::lock_guard lock(mu_);
    s.lag_commits = committed > covered_ ? committed - covered_ : 0;
  }
  return s;
}

void SqliteSearchIndex::Loop() {
  const auto sleep = [this](milliseconds d, bool for_waiters) {
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, d, [&] { return stopping_ || (for_waiters && waiters_ > 0); });
    return !stopping_;
  };
  while (true) {
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, kPoll, [&] { return stopping_ || pending_; });
      if (stopping_) return;
      pending_ = false;
    }
    if (!prepared_) {
      const core::Status ready = Prepare();
      if (!ready) {
        if (ready.error().reason != "store.search_not_ready") errors_.fetch_add(1);
        if (!sleep(kRetry, false)) return;
        std::lock_guard lock(mu_);
        pending_ = true;
        continue;
      }
      std::lock_guard lock(mu_);
      prepared_ = true;
    }
    if (rebuilding_) {
      auto done = RebuildChunk();
      if (!done) errors_.fetch_add(1);
      if (!done && !sleep(kRetry, false)) return;
      std::lock_guard lock(mu_);
      pending_ = true;  // the next chunk, or the queue once done
      continue;
    }
    const uint64_t target = commits_();
    auto indexed = IndexQueue();
    if (!indexed) {
      errors_.fetch_add(1);
      if (!sleep(kRetry, false)) return;
      continue;
    }
    {
      std::lock_guard lock(mu_);
      covered_ = std::max(covered_, target);
    }
    caught_.notify_all();
    if (!Trim()) errors_.fetch_add(1);
    // Let the next round gather a larger batch (FTS5 costs far less per document in large
    // transactions), unless a search is waiting for it.
    if (*indexed > 0 && !sleep(kBatchInterval, true)) return;
  }
}

core::Status SqliteSearchIndex::LoadState() {
  auto row = conn_->QueryOne(
      "SELECT epoch, indexed_through, rebuild_stage, rebuild_after FROM search_state", {});
  if (!row) return row.error();
  state_ = State{};
  if (*row) {
    state_.epoch = (**row).Text(0);
    state_.indexed_through = (**row).Int(1);
    state_.rebuild_stage = (**row).Text(2);
    state_.rebuild_after = (**row).Int(3);
  }
  through_ = state_.indexed_through;
  rebuilding_ = !state_.rebuild_stage.empty();
  return {};
}

core::Status SqliteSearchIndex::Commit(const std::function<core::Status()>& body) {
  if (core::Status s = conn_->Control("BEGIN IMMEDIATE"); !s) return s;
  core::Status result = body();
  if (result) result = conn_->Control("COMMIT");
  if (!result) {
    if (conn_->InTransaction()) (void)conn_->Control("ROLLBACK");
    (void)LoadState();  // the file is as it was; so is our copy of its state
    return result;
  }
  search_commits_.fetch_add(1, std::memory_order_relaxed);
  return result;
}

// Decides, once the main database is migrated, whether the file can continue from where it
// is or must be rebuilt (see the header).
core::Status SqliteSearchIndex::Prepare() {
  std::string epoch;
  std::optional<int64_t> queue_min;
  int64_t queue_max = 0;
  bool mark_present = false;
  if (core::Status s = source_->Control("BEGIN"); !s) return s;
  core::Status read = [&]() -> core::Status {
    auto migrated = source_->QueryOne(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_queue'", {});
    if (!migrated) return migrated.error();
    if (!*migrated) return NotMigrated();
    auto e = source_->QueryOne("SELECT epoch FROM search_epoch", {});
    if (!e) return e.error();
    if (*e) epoch = (**e).Text(0);
    auto range = source_->QueryOne("SELECT min(id), max(id) FROM search_queue", {});
    if (!range) return range.error();
    queue_min = (**range).OptInt(0);
    queue_max = (**range).OptInt(1).value_or(0);
    if (core::Status s = LoadState(); !s) return s;
    if (state_.indexed_through > 0) {
      auto mark = source_->QueryOne("SELECT 1 FROM search_queue WHERE id = ?",
                                    Params(state_.indexed_through));
      if (!mark) return mark.error();
      mark_present = mark->has_value();
    }
    return {};
  }();
  if (source_->InTransaction()) (void)source_->Control("COMMIT");
  if (!read) return read;
  const bool continues = state_.indexed_through > 0 ? mark_present : queue_min.value_or(1) <= 1;
  if (!state_.epoch.empty() && state_.epoch == epoch && continues) return {};
  // Rebuild: everything the queue holds up to queue_max is covered by the scans that follow,
  // which read the tables as they are at or after this point.
  return Commit([&]() -> core::Status {
    if (core::Status s = conn_->ExecScript(
            "DROP TABLE case_search; DROP TABLE customer_search;"
            "CREATE VIRTUAL TABLE case_search USING fts5(body, tokenize = 'csqm');"
            "CREATE VIRTUAL TABLE customer_search USING fts5(body, tokenize = 'csqm');");
        !s) {
      return s;
    }
    if (core::Status s = conn_->ExecScript(kMergeSettings); !s) {
      return s;
    }
    if (core::Status s = conn_->Exec(
            "INSERT OR REPLACE INTO search_state (id, epoch, indexed_through, rebuild_stage, "
            "rebuild_after) VALUES (1, ?, ?, 'cases', 0)",
            Params(epoch, queue_max));
        !s) {
      return s;
    }
    return LoadState();
  });
}

core::Result<bool> SqliteSearchIndex::RebuildChunk() {
  const State expected = state_;
  const SearchIndex index =
      expected.rebuild_stage == "cases" ? SearchIndex::kCases : SearchIndex::kCustomers;
  std::vector<SearchDocument> docs;
  if (core::Status s = source_->Control("BEGIN"); !s) return s.error();
  auto scanned = documents_->Scan(*source_, index, expected.rebuild_after, kRebuildChunk);
  if (source_->InTransaction()) (void)source_->Control("COMMIT");
  if (!scanned) return scanned.error();
  docs = std::move(*scanned);
  std::string next_stage = expected.rebuild_stage;
  int64_t next_after = docs.empty() ? expected.rebuild_after : docs.back().id;
  if (static_cast<int>(docs.size()) < kRebuildChunk) {
    next_stage = index == SearchIndex::kCases ? "customers" : "";
    next_after = 0;
  }
  core::Status written = Commit([&]() -> core::Status {
    if (core::Status s = LoadState(); !s) return s;
    if (state_.rebuild_stage != expected.rebuild_stage ||
        state_.rebuild_after != expected.rebuild_after) {
      return {};  // another process moved on: take its state
    }
    if (core::Status s = WriteDocuments(*conn_, index, docs, {}, true); !s) return s;
    if (core::Status s =
            conn_->Exec("UPDATE search_state SET rebuild_stage = ?, rebuild_after = ? WHERE id = 1",
                        Params(next_stage, next_after));
        !s) {
      return s;
    }
    indexed_.fetch_add(docs.size(), std::memory_order_relaxed);
    return LoadState();
  });
  if (!written) return written.error();
  return !rebuilding_;
}

core::Result<int64_t> SqliteSearchIndex::IndexQueue() {
  int64_t total = 0;
  while (true) {
    const int64_t from = state_.indexed_through;
    std::vector<SearchDocument> docs[2];
    std::vector<int64_t> gone[2];
    int64_t last = from;
    int64_t rows = 0;
    if (core::Status s = source_->Control("BEGIN"); !s) return s.error();
    core::Status read = [&]() -> core::Status {
      auto queued = source_->Query(
          "SELECT id, entity, entity_id FROM search_queue WHERE id > ? ORDER BY id LIMIT ?",
          Params(from, kQueueChunk));
      if (!queued) return queued.error();
      rows = static_cast<int64_t>(queued->size());
      if (queued->empty()) return {};
      last = queued->back().Int(0);
      std::set<int64_t> ids[2];
      for (const Row& r : *queued) ids[r.Text(1) == "case" ? 0 : 1].insert(r.Int(2));
      for (int i = 0; i < 2; ++i) {
        if (ids[i].empty()) continue;
        const std::vector<int64_t> wanted(ids[i].begin(), ids[i].end());
        auto loaded = documents_->Load(
            *source_, i == 0 ? SearchIndex::kCases : SearchIndex::kCustomers, wanted);
        if (!loaded) return loaded.error();
        docs[i] = std::move(*loaded);
        std::set<int64_t> found;
        for (const SearchDocument& d : docs[i]) found.insert(d.id);
        for (int64_t id : wanted) {
          if (!found.count(id)) gone[i].push_back(id);
        }
      }
      return {};
    }();
    if (source_->InTransaction()) (void)source_->Control("COMMIT");
    if (!read) return read.error();
    if (rows == 0) return total;
    core::Status written = Commit([&]() -> core::Status {
      if (core::Status s = LoadState(); !s) return s;
      if (state_.indexed_through != from || rebuilding_) return {};  // another process did it
      for (int i = 0; i < 2; ++i) {
        const SearchIndex index = i == 0 ? SearchIndex::kCases : SearchIndex::kCustomers;
        if (core::Status s = WriteDocuments(*conn_, index, docs[i], gone[i], false); !s) return s;
      }
      if (core::Status s =
              conn_->Exec("UPDATE search_state SET indexed_through = ? WHERE id = 1", Params(last));
          !s) {
        return s;
      }
      indexed_.fetch_add(docs[0].size() + docs[1].size(), std::memory_order_relaxed);
      return LoadState();
    });
    if (!written) return written.error();
    total += rows;
    if (rows < kQueueChunk || rebuilding_) return total;
  }
}

// Deletes the queue rows below the mark (the row at the mark stays: Prepare looks for it).
core::Status SqliteSearchIndex::Trim() {
  const int64_t mark = state_.indexed_through;
  if (mark <= trimmed_below_) return {};
  const auto now = std::chrono::steady_clock::now();
  if (mark - trimmed_below_ < kTrimRows && now - last_trim_ < kTrimEvery) return {};
  core::Status s = main_db_->Write([mark](Connection& c) {
    return c.Exec("DELETE FROM search_queue WHERE id < ?", Params(mark));
  });
  if (!s) return s;
  trimmed_below_ = mark;
  last_trim_ = now;
  return {};
}

}  // namespace csqm::store
