#include "cli/runtime.hpp"

#include <filesystem>

#include "app/auth_cache.hpp"
#include "app/config_cache.hpp"
#include "cli/database.hpp"
#include "http/api_routes.hpp"
#include "http/health.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "jobs/month_close_job.hpp"
#include "jobs/timer_runner.hpp"
#include "platform/adapters.hpp"
#include "platform/log.hpp"
#include "platform/tz_zones.hpp"
#include "report/report_files.hpp"
#include "store/sql_store.hpp"

namespace csqm::cli {

struct Runtime::Parts {
  platform::Config config;
  std::unique_ptr<store::Database> db;  // SQLite or PostgreSQL (cli/database.hpp)
  std::unique_ptr<store::SqlStore> store;
  platform::SystemClock system_clock;
  platform::SodiumCrypto crypto;
  std::unique_ptr<platform::DiskBlobStore> blobs;
  std::unique_ptr<app::ConfigCache> cache;
  app::AuthCache auth_cache;
  std::unique_ptr<app::Services> services;
  std::shared_ptr<const core::ZoneRules> display_zone;
  std::unique_ptr<http::Api> api;
  http::Router router;
  http::Metrics metrics;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<jobs::TimerRunner> timers;
  report::ReportFiles report_files;
  std::unique_ptr<jobs::MonthCloseJob> month_close;  // the monthly quality report
};

namespace {

core::Error Failed(const std::string& zh, const std::string& en, const std::string& detail) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, "serve.start_failed",
                         zh + "：" + detail, en + ": " + detail);
}

// Exports the store's group-commit figures as gauges (refreshed with every timer run).
void ExportStoreStats(http::Metrics& m, const store::Database& db) {
  const auto stats = db.stats();
  m.GetGauge("csqm_store_commits", "Committed write transactions").Set(double(stats.commits));
  m.GetGauge("csqm_store_writes", "Write requests completed").Set(double(stats.writes));
  m.GetGauge("csqm_store_commit_batch_max", "Most writes in one commit")
      .Set(double(stats.max_batch));
  m.GetGauge("csqm_store_syncs", "WAL syncs that made commits durable (SQLite sync thread)")
      .Set(double(stats.syncs));
  for (size_t i = 0; i < stats.batch_histogram.size(); ++i) {
    m.GetGauge("csqm_store_commit_batches", "Commits by number of writes they carried (<= size)",
               {{"size", std::to_string(1u << i)}})
        .Set(double(stats.batch_histogram[i]));
  }
  m.GetGauge("csqm_search_indexed", "Documents the background search indexer wrote (SQLite)")
      .Set(double(stats.search_indexed));
  m.GetGauge("csqm_search_commits", "Transactions of the search index file (SQLite)")
      .Set(double(stats.search_commits));
  m.GetGauge("csqm_search_errors", "Failed rounds of the search indexer, retried (SQLite)")
      .Set(double(stats.search_errors));
  m.GetGauge("csqm_search_rebuilding", "1 while the search index is being rebuilt (SQLite)")
      .Set(stats.search_rebuilding ? 1.0 : 0.0);
  m.GetGauge("csqm_store_checkpoints", "WAL checkpoints run (SQLite)")
      .Set(double(stats.checkpoints));
  m.GetGauge("csqm_store_checkpoint_catch_ups",
             "Checkpoints the writer ran itself so that the WAL could start over (SQLite)")
      .Set(double(stats.checkpoint_catch_ups));
  m.GetGauge("csqm_store_checkpoint_catch_up_seconds",
             "The writer's time in those checkpoints, waiting for a background one included")
      .Set(double(stats.checkpoint_catch_up_micros) / 1e6);
  m.GetGauge("csqm_store_wal_restarts", "Times the WAL started over from its beginning (SQLite)")
      .Set(double(stats.wal_restarts));
  m.GetGauge("csqm_search_lag_commits",
             "Committed transactions whose changes are not searchable yet (SQLite)")
      .Set(double(stats.search_lag_commits));
}

}  // namespace

Runtime::Runtime(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Runtime::~Runtime() {
  if (parts_) Stop();
}

core::Result<std::unique_ptr<Runtime>> Runtime::Open(const platform::Config& config,
                                                     const app::Clock* clock) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir + "/attachments", ec);
  if (ec) return Failed("无法创建数据目录", "cannot create the data folder", ec.message());
  auto db = OpenMigratedStore(config);
  if (!db) return db.error();
  p->db = std::move(*db);
  p->store = std::make_unique<store::SqlStore>(*p->db);
  p->blobs = std::make_unique<platform::DiskBlobStore>(config.data_dir + "/attachments");
  p->cache = std::make_unique<app::ConfigCache>(platform::SystemZones());
  auto zone = platform::SystemZones().Find(config.display_tz);
  if (!zone) return zone.error();
  p->display_zone = *zone;
  app::Settings settings;
  settings.session_lifetime = std::chrono::hours(config.session_hours);
  settings.max_backdating = std::chrono::hours(config.max_backdating_hours);
  settings.attachment_limit = config.attachment_limit;
  const app::Clock& chosen = clock ? *clock : p->system_clock;
  p->services.reset(new app::Services{*p->store, chosen, p->crypto, *p->blobs, *p->cache, settings,
                                      &p->auth_cache});
  p->api.reset(new http::Api{*p->services, *p->display_zone});
  http::AddApiRoutes(p->router, *p->api);
  Parts* raw = p.get();
  http::AddHealthRoutes(p->router, p->metrics, [raw] { return raw->server != nullptr; });
  return std::unique_ptr<Runtime>(new Runtime(std::move(p)));
}

app::Services& Runtime::services() { return *parts_->services; }

store::Database& Runtime::database() { return *parts_->db; }

core::Status Runtime::Serve(bool run_timers) {
  auto& p = *parts_;
  http::ServerOptions options;
  options.host = p.config.host();
  options.port = uint16_t(p.config.port());
  options.io_threads = p.config.ResolvedIoThreads();
  auto location = ParseStoreLocation(p.config);
  const bool writes_block = location && location->kind == StoreKind::kPostgres;
  options.worker_threads = p.config.ResolvedWorkerThreads(writes_block);
  options.read_threads = p.config.ResolvedReadThreads();
  options.body_limit = size_t(p.config.body_limit);
  options.read_timeout = std::chrono::seconds(p.config.read_timeout_seconds);
  options.handle_signals = true;
  if (std::filesystem::exists(p.config.web_dir + "/index.html"))
    options.static_dir = p.config.web_dir;
  auto server = std::make_unique<http::Server>(options, p.router, p.metrics);
  if (auto st = server->Start(); !st) return st;
  p.server = std::move(server);
  if (run_timers) {
    auto& due = p.metrics.GetCounter("csqm_timers_due_total", "SLA timers found due");
    auto& fired = p.metrics.GetCounter("csqm_timers_fired_total",
                                       "SLA timers fired (breaches and escalation steps)");
    p.timers = std::make_unique<jobs::TimerRunner>(
        *p.services, std::chrono::milliseconds(p.config.timer_interval_ms),
        [&p, &due, &fired](const app::TimerRunReport& r) {
          due.Inc(r.due);
          fired.Inc(r.fired);
          ExportStoreStats(p.metrics, *p.db);
        });
    p.timers->Start();
    p.month_close = std::make_unique<jobs::MonthCloseJob>(
        *p.services, app::ReportEnv{p.report_files, *p.display_zone}, std::chrono::minutes(10));
    p.month_close->Start();
  }
  platform::Log(
      platform::LogLevel::kInfo, "serving",
      {{"listen", p.config.host()}, {"port", int(p.server->port())}, {"data", p.config.data_dir}});
  return {};
}

uint16_t Runtime::port() const { return parts_->server ? parts_->server->port() : 0; }

void Runtime::Wait() {
  if (parts_->server) parts_->server->Wait();
  Stop();
}

void Runtime::Stop() {
  auto& p = *parts_;
  if (p.month_close) p.month_close->Stop();
  if (p.timers) p.timers->Stop();
  if (p.server) p.server->Stop();
}

std::vector<std::pair<std::string, std::string>> Runtime::Routes() const {
  return parts_->router.Routes();
}

}  // namespace csqm::cli
