// How a SQLite database is opened (one typed struct, documented defaults).
#pragma once

#include <chrono>
#include <string>

namespace csqm::store {

struct SqliteOptions {
  // The database file, created when missing. Its folder must exist (the caller creates it).
  std::string path;
  // The full-text index's own file (sqlite_search_index.hpp), beside the database. Empty:
  // SqliteDatabase::Open derives it from path ("var/csqm.db" → "var/csqm-search.db").
  // Read connections attach it as schema `search`.
  std::string search_path;
  // Read connections: how many Read calls run at once; more wait. Default: 4.
  int readers = 4;
  // Most Write calls grouped into one transaction. Default: 256 (csqm serve: 32, Config).
  int max_batch = 256;
  // How long a statement waits for a lock held by another connection or process before
  // failing with "store.busy". Default: 5 s.
  std::chrono::milliseconds busy_timeout{5000};
  // Page cache per connection, in KiB. Default: 8 MiB.
  int cache_kib = 8192;
  // WAL checkpoints on a background thread of their own (sqlite_checkpointer.hpp) once the WAL
  // holds `checkpoint_pages` frames, instead of inside the writer's COMMIT. Default: on, 4000
  // (SQLite's own automatic threshold is 1000; a larger checkpoint copies a page changed by
  // many commits once, and the background thread syncs the WAL a quarter as often).
  bool background_checkpoint = true;
  // Commits are made durable by a thread of their own (sqlite_writer.hpp): the writer commits
  // with synchronous=NORMAL and goes on with the next batch while that thread fdatasync()s the
  // WAL and only then answers the batch's callers. Off: synchronous=FULL, the writer waits for
  // each commit's sync itself. Default: on.
  bool sync_thread = true;
  int checkpoint_pages = 4000;
};

}  // namespace csqm::store
