// The assembled application: database, store, services, HTTP routes, server and timer runner,
// wired from a Config. `csqm serve` runs one; the API tests start one on a free port.
#pragma once

#include <memory>

#include "app/context.hpp"
#include "core/result.hpp"
#include "platform/config.hpp"
#include "store/db.hpp"

namespace csqm::cli {

class Runtime {
 public:
  // Opens (creating) the database in config.data_dir and brings its schema up to date.
  // `clock` overrides the system clock (tests); it must outlive the runtime.
  static core::Result<std::unique_ptr<Runtime>> Open(const platform::Config& config,
                                                     const app::Clock* clock = nullptr);
  ~Runtime();

  app::Services& services();
  // The database under the store (SQLite or PostgreSQL), for operator tools and tests.
  store::Database& database();
  // Starts HTTP (and, unless disabled, the timer runner). port 0 in the config's listen
  // picks a free port; port() tells which.
  core::Status Serve(bool run_timers = true);
  uint16_t port() const;
  // Blocks until SIGINT/SIGTERM (when handle_signals) or Stop(), then shuts down gracefully.
  void Wait();
  void Stop();
  // Every registered (method, pattern), for the OpenAPI check.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Parts;
  explicit Runtime(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace csqm::cli
