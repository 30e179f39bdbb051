// Settings of `csqm serve` and the operator commands: one typed struct with defaults that work
// on a laptop, read from csqm.toml and then CSQM_* environment variables (which win), and
// validated with every problem listed at once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace csqm::platform {

struct Config {
  std::string data_dir = "./var";         // data: SQLite file, attachments   (CSQM_DATA)
  std::string listen = "127.0.0.1:8080";  // HOST:PORT                         (CSQM_LISTEN)
  int io_threads = 0;      // network threads; 0: see ResolvedIoThreads        (CSQM_IO_THREADS)
  int worker_threads = 0;  // write handlers; 0: see ResolvedWorkerThreads (CSQM_WORKER_THREADS)
  int read_threads = 0;    // GET/HEAD handlers; 0: one per core (CSQM_READ_THREADS)
  int64_t body_limit = 25 * 1024 * 1024;  // bytes                             (CSQM_BODY_LIMIT)
  int read_timeout_seconds = 30;          //                                   (CSQM_READ_TIMEOUT)
  std::string display_tz = "Asia/Shanghai";  // offset of times in API answers  (CSQM_DISPLAY_TZ)
  std::string log_level = "info";            // trace … error                     (CSQM_LOG_LEVEL)
  int session_hours = 12;         //                                   (CSQM_SESSION_HOURS)
  int max_backdating_hours = 72;  // earliest time of receipt allowed  (CSQM_MAX_BACKDATING_HOURS)
  int64_t attachment_limit =
      20 * 1024 * 1024;              //                              (CSQM_ATTACHMENT_LIMIT)
  std::string web_dir = "web/dist";  // built UI served at /              (CSQM_WEB_DIR)
  int readers = 4;                   // SQLite read connections           (CSQM_READERS)
  int max_batch = 32;                // SQLite: most writes in one group commit  (CSQM_MAX_BATCH)
  int checkpoint_pages =
      4000;  // SQLite: WAL frames that start a checkpoint (CSQM_CHECKPOINT_PAGES)
  int timer_interval_ms = 1000;  // how often due timers are fired    (CSQM_TIMER_INTERVAL_MS)
  std::string db;  // "" = SQLite in data_dir; postgresql://USER@HOST:PORT/DB; sqlite:PATH (CSQM_DB)
  int db_pool = 16;  // PostgreSQL connections per process          (CSQM_DB_POOL)

  std::string host() const;
  int port() const;
  // io_threads, with 0 resolved to one per four cores (at least 1).
  int ResolvedIoThreads() const;
  // read_threads, with 0 resolved to the number of cores (at least 1).
  int ResolvedReadThreads() const;
  // worker_threads, with 0 resolved for the store: where a write waiting for its commit
  // suspends its handler (SQLite), one per core and at least 2 (the threads then only run
  // handlers; password hashes run on offload threads); where it holds its thread for the
  // whole transaction (PostgreSQL, writes_block), 64.
  int ResolvedWorkerThreads(bool writes_block) const;
};

// Reads `path` (when given, it must exist; otherwise ./csqm.toml is read if present), then the
// environment. Unknown keys and bad values are all reported in one error ("config.invalid").
core::Result<Config> LoadConfig(const std::optional<std::string>& path,
                                const std::map<std::string, std::string>& environment);

// The process environment's CSQM_* variables.
std::map<std::string, std::string> CsqmEnvironment();

}  // namespace csqm::platform
