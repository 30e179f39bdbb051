// csqm_quality_bench: the monthly quality report and the dashboard indicators over millions of
// generated cases (issue 6: a month's report of a 10M-case SQLite database in <= 1 s).
//
//   csqm_quality_bench --data DIR --cases N [--months 24] [--projects 20] [--runs 5]
//
// Generation (skipped when DIR already holds N cases): the property template, a company with
// `--projects` projects (a manager and 10 agents each) and N/20 customers, then N cases spread
// over `--months` months ending with last month, written in bulk straight into the tables —
// cases (with received/resolved/closed times, severity, assignee), case_targets (one SLA
// target each, met or breached), quality_case_facts and the daily rollups (aggregated in
// memory with the same core::ComputeFacts / DiffFacts the app uses), and a done callback task
// with a satisfaction answer for about half of the resolved complaints. No timeline, audit or
// search rows: the report never reads them.
//
// Measurement, each `--runs` times (first run cold after opening, the others warm):
//   report   app::GenerateReport for last month, the whole company: indicators beside the
//            previous month and targets, per project and per category, the Pareto, SLA
//            attainment, callbacks, surveys, improvement actions, HTML + .xlsx, archive;
//   indicators  app::QueryIndicators, last month, grouped by project;
//   dashboard   app::QueryDashboard, 12 months ending last month.
// Prints a Markdown table (min / median / max ms) and one JSON line.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "app/config_cache.hpp"
#include "app/quality_report.hpp"
#include "app/seed.hpp"
#include "core/quality.hpp"
#include "platform/adapters.hpp"
#include "platform/config.hpp"
#include "platform/template_files.hpp"
#include "platform/tz_zones.hpp"
#include "report/report_files.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

#ifndef CSQM_SOURCE_DIR
#define CSQM_SOURCE_DIR "."
#endif

namespace {

using namespace csqm;
using app::Id;
using core::Instant;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string data;
  int64_t cases = 1000000;
  int months = 24;
  int projects = 20;
  int runs = 5;
};

[[noreturn]] void Fail(const std::string& what, const core::Error& e) {
  std::fprintf(stderr, "csqm_quality_bench: %s: %s %s\n", what.c_str(), e.reason.c_str(),
               e.message_en.c_str());
  std::exit(1);
}
template <class T>
T Must(core::Result<T> r, const char* what) {
  if (!r) Fail(what, r.error());
  return std::move(*r);
}
void Must(const core::Status& s, const char* what) {
  if (!s) Fail(what, s.error());
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Category {
  Id id, type_id;
  std::string type_key, target_key;
  int64_t limit_minutes;
};

struct World {
  Id company = 0;
  std::vector<Id> projects;
  std::vector<std::vector<Id>> agents;  // per project
  std::vector<Category> categories;
  Id rule = 0;
  int64_t customers = 0;
};

int64_t Count(store::Database& db, const char* table) {
  int64_t n = 0;
  Must(db.Read([&](store::Connection& c) -> core::Status {
    auto row = c.QueryOne(std::string("SELECT count(*) FROM ") + table);
    if (!row) return row.error();
    n = (*row)->Int(0);
    return {};
  }),
       "count");
  return n;
}

World CreateWorld(app::Services& s, store::Database& db, const Options& o, Instant now) {
  Must(app::LoadTemplate(s, Must(platform::ReadTemplateFiles(std::string(CSQM_SOURCE_DIR) +
                                                             "/templates/property"),
                                 "template")),
       "load template");
  World w;
  Must(s.store.Write([&](app::Tx& tx) -> core::Status {
    auto company =
        Must(tx.Org().InsertUnit({0, std::nullopt, "company", "QB", "质量基准公司", "", now, 1}),
             "company");
    w.company = company.id;
    for (int p = 0; p < o.projects; ++p) {
      auto unit = Must(tx.Org().InsertUnit({0, company.id, "project", "QB-P" + std::to_string(p),
                                            "项目" + std::to_string(p + 1), "", now, 1}),
                       "project");
      w.projects.push_back(unit.id);
      w.agents.emplace_back();
      for (int a = 0; a < 11; ++a) {
        app::User u;
        u.login = "qb." + std::to_string(p) + "." + std::to_string(a);
        u.display_name = (a == 0 ? "经理" : "客服") + std::to_string(p) + "-" + std::to_string(a);
        u.password_hash = "$argon2id$unused";
        u.role = a == 0 ? core::Role::kManager : core::Role::kAgent;
        u.org_unit_id = unit.id;
        u.created_at = now;
        auto user = Must(tx.Org().InsertUser(u), "user");
        if (a > 0) w.agents.back().push_back(user.id);
      }
    }
    return {};
  }),
       "world");
  // Customers and the callback rule, in bulk.
  const int64_t customers = std::max<int64_t>(1000, o.cases / 20);
  Must(db.Write([&](store::Connection& c) -> core::Status {
    for (int64_t i = 0; i < customers; ++i) {
      auto st = c.Exec(
          "INSERT INTO customers (kind, name, org_unit_id, created_at) VALUES "
          "('individual', ?, ?, ?)",
          store::Params("业主" + std::to_string(i), w.projects[size_t(i) % w.projects.size()],
                        now));
      if (!st) return st;
    }
    return c.Exec(
        "INSERT INTO callback_rules (name, kind, created_at, updated_at) VALUES "
        "('投诉回访', 'complaint_sample', ?, ?)",
        store::Params(now, now));
  }),
       "customers");
  return w;
}

void LoadWorld(app::Services& s, store::Database& db, World& w) {
  Must(s.store.Read([&](app::Tx& tx) -> core::Status {
    for (const auto& u : Must(tx.Org().ListUnits(), "units")) {
      if (u.code == "QB") w.company = u.id;
      if (u.code.rfind("QB-P", 0) == 0) w.projects.push_back(u.id);
    }
    std::sort(w.projects.begin(), w.projects.end());
    w.agents.assign(w.projects.size(), {});
    std::optional<Id> after;
    for (;;) {
      auto page = Must(tx.Org().ListUsers(after, 1000), "users");
      for (const auto& u : page.items) {
        if (u.role != core::Role::kAgent || u.login.rfind("qb.", 0) != 0) continue;
        auto it = std::find(w.projects.begin(), w.projects.end(), u.org_unit_id);
        if (it != w.projects.end()) w.agents[size_t(it - w.projects.begin())].push_back(u.id);
      }
      if (!page.next_cursor) break;
      after = page.next_cursor;
    }
    std::map<Id, std::string> types;
    for (const auto& t : Must(tx.Config().ListCaseTypes(), "types")) types[t.id] = t.key;
    for (const auto& c : Must(tx.Config().ListCategories(), "categories")) {
      if (!c.parent_id || types[c.case_type_id] == "improvement") continue;
      auto policy = boost::json::parse(c.policy_json).as_object();
      const auto& targets = policy.at("targets").as_array();
      if (targets.empty()) continue;
      const auto& t = targets[0].as_object();
      const std::string limit(t.at("limit").as_string());
      const std::string clock(t.at("clock").as_string());
      // Wall-clock limit, roughly (the business and workday clocks are longer than this).
      const double n = std::atof(limit.c_str());
      const char unit = limit.back();
      int64_t minutes = unit == 'm'   ? int64_t(n)
                        : unit == 'h' ? int64_t(n * 60)
                                      : int64_t(n * 1440);
      if (clock != "24x7") minutes *= 2;
      w.categories.push_back({c.id, c.case_type_id, types[c.case_type_id],
                              std::string(t.at("key").as_string()), minutes});
    }
    return {};
  }),
       "load world");
  auto row = Count(db, "customers");
  w.customers = row;
  Must(db.Read([&](store::Connection& c) -> core::Status {
    auto r = c.QueryOne("SELECT id FROM callback_rules ORDER BY id LIMIT 1");
    if (!r) return r.error();
    if (*r) w.rule = (**r).Int(0);
    return {};
  }),
       "rule");
}

// "qb-0000000042": dedupe keys that sort in insertion order.
std::string Padded(int64_t n) {
  std::string digits = std::to_string(n);
  return "qb-" + std::string(digits.size() < 10 ? 10 - digits.size() : 0, '0') + digits;
}

using RollupKey = std::tuple<int, int64_t, int64_t, int64_t, int64_t, std::string>;
struct RollupVal {
  int64_t received = 0, resolved = 0, closed = 0, on_time = 0, reopened = 0, handle = 0;
  core::HandleHistogram hist{};
};
using TargetKey = std::tuple<int, int64_t, int64_t, int64_t, int64_t, std::string, std::string>;

// Inserts aggregated rows: `table` keyed by `key_columns` (the tuple's first elements).
template <class Map>
core::Status InsertRollups(store::Connection& c, const Map& rows, const std::string& table,
                           const std::string& key_columns, bool monthly) {
  for (const auto& [k, v] : rows) {
    std::string sql = "INSERT INTO " + table + " (" + key_columns +
                      ", received, resolved, closed, on_time, reopened, handle_minutes";
    std::vector<store::Value> p = {store::ToValue(std::get<0>(k)), store::ToValue(std::get<1>(k)),
                                   store::ToValue(std::get<2>(k)), store::ToValue(std::get<3>(k))};
    if (!monthly) p.push_back(store::ToValue(std::get<4>(k)));
    p.push_back(store::ToValue(std::get<5>(k)));
    for (int64_t n : {v.received, v.resolved, v.closed, v.on_time, v.reopened, v.handle})
      p.push_back(store::ToValue(n));
    for (size_t b = 0; b < core::kHandleBuckets; ++b) {
      sql += std::string(", h") + char('0' + b / 10) + char('0' + b % 10);
      p.push_back(store::ToValue(v.hist[b]));
    }
    sql += ") VALUES (?";
    for (size_t i = 1; i < p.size(); ++i) sql += ", ?";
    sql += ")";
    if (auto st = c.Exec(sql, p); !st) return st;
  }
  return {};
}

void Generate(app::Services&, store::Database& db, const World& w, const Options& o,
              const core::ZoneRules& zone, Instant first_month_start, Instant end) {
  std::mt19937_64 rng(20261126);
  std::uniform_real_distribution<double> u01(0, 1);
  std::lognormal_distribution<double> handling(5.3, 1.3);  // minutes; median ~ 200
  std::map<RollupKey, RollupVal> rollups;
  std::map<TargetKey, std::pair<int64_t, int64_t>> targets;
  std::map<RollupKey, RollupVal> monthly;  // day = YYYYMM, assignee = 0
  std::map<TargetKey, std::pair<int64_t, int64_t>> monthly_targets;
  const int64_t span_ms = (end - first_month_start).count();
  const auto t0 = Clock::now();
  constexpr int64_t kBatch = 20000;
  std::vector<std::string> sev = {"ordinary", "serious", "major"};
  for (int64_t start = 0; start < o.cases; start += kBatch) {
    Must(db.Write([&](store::Connection& c) -> core::Status {
      if (start == 0) {  // a bigger page cache for the bulk load (this connection)
        if (auto st = c.Exec("PRAGMA cache_size = -524288"); !st) return st;
      }
      for (int64_t i = start; i < std::min(o.cases, start + kBatch); ++i) {
        const size_t p = size_t(rng() % w.projects.size());
        const Id unit = w.projects[p];
        // Customers in step with the case ids: index inserts stay near the end.
        const Id customer = 1 + i * w.customers / o.cases;
        const Id assignee = w.agents[p][rng() % w.agents[p].size()];
        const Category& cat = w.categories[rng() % w.categories.size()];
        const double r = u01(rng);
        const std::string& severity = sev[r < 0.85 ? 0 : r < 0.97 ? 1 : 2];
        // In time order (as cases arrive), so that case numbers and ids grow together.
        const Instant received =
            first_month_start +
            core::Millis(int64_t((double(i) + u01(rng)) / double(o.cases) * double(span_ms)));
        const bool resolved = u01(rng) < 0.95;
        const int64_t minutes = std::max<int64_t>(1, int64_t(handling(rng)));
        const Instant resolved_at = received + std::chrono::minutes(minutes);
        const bool done = resolved && resolved_at < end;
        const bool closed = done && u01(rng) < 0.9;
        const Instant due = received + std::chrono::minutes(cat.limit_minutes);
        const int month = core::LocalDayKey(zone, received) / 100;
        auto st = c.Exec(
            "INSERT INTO cases (id, number, case_type_id, category_id, title, description, "
            "channel, severity, status, status_final, customer_id, owner_id, assignee_id, "
            "org_unit_id, received_at, created_at, updated_at, resolved_at, closed_at, "
            "month) VALUES (?, ?, ?, ?, '基准工单', '', 'phone', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            store::Params(i + 1, "QB-" + std::to_string(month) + "-" + std::to_string(i + 1),
                          cat.type_id, cat.id, severity,
                          closed ? "closed"
                          : done ? "resolved"
                                 : "new",
                          closed, customer, assignee, assignee, unit, received, received,
                          done ? resolved_at : received,
                          done ? std::optional<Instant>(resolved_at) : std::nullopt,
                          closed ? std::optional<Instant>(resolved_at) : std::nullopt, month));
        if (!st) return st;
        core::TargetState target{cat.target_key, due,
                                 done ? std::optional<Instant>(resolved_at) : std::nullopt,
                                 !done && due < end ? std::optional<Instant>(due) : std::nullopt};
        st = c.Exec(
            "INSERT INTO case_targets (case_id, target_key, clock, limit_text, due_at, met_at, "
            "breached_at) VALUES (?, ?, '24x7', '-', ?, ?, ?)",
            store::Params(i + 1, cat.target_key, due, target.met_at, target.breached_at));
        if (!st) return st;
        core::CaseState state;
        state.dims = {unit, cat.id, cat.type_id, assignee, severity};
        state.received_at = received;
        if (done) state.resolved_at = resolved_at;
        if (closed) state.closed_at = resolved_at;
        state.in_resolved = done;
        state.targets = {target};
        std::optional<core::CaseFacts> before;
        if (done && u01(rng) < 0.03) {  // reopened once, then resolved again
          before = core::CaseFacts{};
          before->reopened = true;
        }
        const auto facts = core::ComputeFacts(i + 1, state, zone, before);
        st = c.Exec(
            "INSERT INTO quality_case_facts (case_id, org_unit_id, category_id, case_type_id, "
            "assignee_id, severity, received_day, resolved_day, closed_day, on_time, "
            "reopened, handle_minutes, in_resolved, targets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            store::Params(i + 1, unit, cat.id, cat.type_id, assignee, severity, facts.received_day,
                          facts.resolved_day, facts.closed_day, facts.on_time, facts.reopened,
                          facts.handle_minutes, facts.in_resolved,
                          core::EncodeTargetFacts(facts.targets)));
        if (!st) return st;
        const auto diff = core::DiffFacts(std::nullopt, facts);
        for (const auto& d : diff.rollups) {
          for (auto* v : {&rollups[{d.day, unit, cat.id, cat.type_id, assignee, severity}],
                          &monthly[{d.day / 100, unit, cat.id, cat.type_id, 0, severity}]}) {
            v->received += d.received;
            v->resolved += d.resolved;
            v->closed += d.closed;
            v->on_time += d.on_time;
            v->reopened += d.reopened;
            v->handle += d.handle_minutes;
            if (d.bucket >= 0) v->hist[size_t(d.bucket)] += d.resolved;
          }
        }
        for (const auto& d : diff.targets) {
          for (auto* v :
               {&targets[{d.day, unit, cat.id, cat.type_id, assignee, severity, d.key}],
                &monthly_targets[{d.day / 100, unit, cat.id, cat.type_id, 0, severity, d.key}]}) {
            v->first += d.met_on_time;
            v->second += d.missed;
          }
        }
        // A done callback for about half of the resolved complaints.
        if (done && cat.type_key == "complaint" && (u01(rng) < 0.55 || severity == "major")) {
          const double s = u01(rng);
          const char* sat = s < 0.7    ? "satisfied"
                            : s < 0.92 ? "basically_satisfied"
                                       : "dissatisfied";
          const Instant at = resolved_at + std::chrono::hours(20);
          st = c.Exec(
              "INSERT INTO callback_tasks (rule_id, case_id, customer_id, org_unit_id, "
              "category_id, case_type, severity, channel, status, created_at, due_at, "
              "completed_at, solved, satisfaction, score, dedupe_key) VALUES (?, ?, ?, ?, ?, "
              "'complaint', ?, 'phone', 'done', ?, ?, ?, 1, ?, ?, ?)",
              store::Params(w.rule, i + 1, customer, unit, cat.id, severity, resolved_at,
                            resolved_at + std::chrono::hours(24), at, sat, int64_t(3 + (rng() % 3)),
                            Padded(i + 1)));
          if (!st) return st;
        }
      }
      return {};
    }),
         "cases");
    if ((start / kBatch) % 25 == 0) {
      std::fprintf(stderr, "  %lld cases, %.0f s\n", (long long)start,
                   Ms(Clock::now() - t0) / 1000);
    }
  }
  Must(db.Write([&](store::Connection& c) -> core::Status {
    if (auto st = InsertRollups(c, rollups, "quality_rollups",
                                "day, org_unit_id, category_id, case_type_id, assignee_id, "
                                "severity",
                                false);
        !st) {
      return st;
    }
    if (auto st = InsertRollups(c, monthly, "quality_rollups_monthly",
                                "month, org_unit_id, category_id, case_type_id, severity", true);
        !st) {
      return st;
    }
    for (const auto& [k, v] : monthly_targets) {
      auto st = c.Exec(
          "INSERT INTO quality_target_rollups_monthly (month, org_unit_id, category_id, "
          "case_type_id, severity, target_key, met_on_time, missed) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?)",
          store::Params(std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k),
                        std::get<5>(k), std::get<6>(k), v.first, v.second));
      if (!st) return st;
    }
    for (const auto& [k, v] : targets) {
      auto st = c.Exec(
          "INSERT INTO quality_target_rollups (day, org_unit_id, category_id, case_type_id, "
          "assignee_id, severity, target_key, met_on_time, missed) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?)",
          store::Params(std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k),
                        std::get<4>(k), std::get<5>(k), std::get<6>(k), v.first, v.second));
      if (!st) return st;
    }
    return {};
  }),
       "rollups");
  std::fprintf(stderr, "generated %lld cases, %zu rollup rows, %zu target rollup rows in %.0f s\n",
               (long long)o.cases, rollups.size(), targets.size(), Ms(Clock::now() - t0) / 1000);
}

// The database, store and services over DIR/csqm.db (what cli::Runtime wires, minus HTTP).
struct Env {
  std::unique_ptr<store::SqliteDatabase> db;
  std::unique_ptr<store::SqlStore> store;
  platform::SodiumCrypto crypto;
  std::unique_ptr<platform::DiskBlobStore> blobs;
  std::unique_ptr<app::ConfigCache> cache;
  std::unique_ptr<app::Services> services;
  Env(const std::string& dir, const app::Clock& clock) {
    std::filesystem::create_directories(dir + "/attachments");
    store::SqliteOptions options;
    options.path = dir + "/csqm.db";
    db = Must(store::SqliteDatabase::Open(options), "open");
    Must(store::Migrate(*db, store::SqliteMigrations()), "migrate");
    store = std::make_unique<store::SqlStore>(*db);
    blobs = std::make_unique<platform::DiskBlobStore>(dir + "/attachments");
    cache = std::make_unique<app::ConfigCache>(platform::SystemZones());
    services.reset(new app::Services{*store, clock, crypto, *blobs, *cache, app::Settings{}});
  }
};

// CPU time of the whole process (every thread), in ms: robust to a busy shared machine.
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct Timing {
  std::vector<double> ms;
  std::vector<double> cpu;
  double CpuMedian() const {
    auto v = cpu;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  double Min() const { return *std::min_element(ms.begin(), ms.end()); }
  double Max() const { return *std::max_element(ms.begin(), ms.end()); }
  double Median() const {
    auto v = ms;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--data")
      o.data = v;
    else if (k == "--cases")
      o.cases = std::atoll(v.c_str());
    else if (k == "--months")
      o.months = std::atoi(v.c_str());
    else if (k == "--projects")
      o.projects = std::atoi(v.c_str());
    else if (k == "--runs")
      o.runs = std::atoi(v.c_str());
  }
  if (o.data.empty() || o.cases <= 0) {
    std::fprintf(stderr,
                 "usage: csqm_quality_bench --data DIR --cases N [--months M] [--runs R]\n");
    return 2;
  }
  auto zone = Must(platform::SystemZones().Find("Asia/Shanghai"), "zone");
  // "Now": the 15th of the current month, 10:00 Shanghai; the data ends with last month.
  const auto real_now = platform::SystemClock().Now();
  const int today = core::LocalDayKey(*zone, real_now);
  const auto this_month = core::PeriodContaining(core::PeriodKind::kMonth, core::DayFromKey(today));
  const Instant now = zone->ToInstant(core::LocalTime(
      (core::DayFromKey(this_month.first_day) + std::chrono::days(14)).time_since_epoch() +
      std::chrono::hours(10)));
  const Instant end =
      zone->ToInstant(core::LocalTime(core::DayFromKey(this_month.first_day).time_since_epoch()));
  core::Period first = this_month;
  for (int m = 0; m < o.months; ++m) first = core::PreviousPeriod(first);
  const Instant start =
      zone->ToInstant(core::LocalTime(core::DayFromKey(first.first_day).time_since_epoch()));
  const std::string last_month = core::PreviousPeriod(this_month).key;

  app::ManualClock clock(now);
  auto runtime = std::make_unique<Env>(o.data, clock);
  auto& s = *runtime->services;
  auto& db = *runtime->db;
  const int64_t have = Count(db, "cases");
  World w;
  if (have == 0) {
    CreateWorld(s, db, o, now);
    LoadWorld(s, db, w);
    Generate(s, db, w, o, *zone, start, end);
  } else if (have < o.cases) {  // more: the improvement cases raised by earlier runs
    std::fprintf(stderr, "%s holds %lld cases, fewer than %lld: use another folder\n",
                 o.data.c_str(), (long long)have, (long long)o.cases);
    return 1;
  } else {
    LoadWorld(s, db, w);
  }
  runtime.reset();  // measure from a freshly opened database (cold statement caches)
  runtime = std::make_unique<Env>(o.data, clock);
  auto& s2 = *runtime->services;
  app::Actor quality;
  Must(s2.store.Write([&](app::Tx& tx) -> core::Status {
    auto existing = tx.Org().GetUserByLogin("qb.quality");
    if (existing) {
      quality.user = *existing;
    } else {
      app::User u;
      u.login = "qb.quality";
      u.display_name = "质量经理";
      u.password_hash = "$argon2id$unused";
      u.role = core::Role::kQualityManager;
      u.org_unit_id = w.company;
      u.created_at = now;
      quality.user = Must(tx.Org().InsertUser(u), "quality user");
    }
    quality.unit_path = Must(tx.Org().GetUnit(w.company), "company").path;
    return {};
  }),
       "quality user");
  report::ReportFiles files;
  app::ReportEnv env{files, *zone};
  Timing report, indicators, dashboard;
  for (int r = 0; r < o.runs; ++r) {
    auto t = Clock::now();
    double c = CpuMs();
    auto g = app::GenerateReport(s2, env, quality, last_month, w.company, false);
    if (!g) Fail("report", g.error());
    report.ms.push_back(Ms(Clock::now() - t));
    report.cpu.push_back(CpuMs() - c);
    t = Clock::now();
    c = CpuMs();
    app::IndicatorQuery q;
    q.period = last_month;
    q.org_unit_id = w.company;
    q.group = app::RollupGroup::kOrgUnit;
    if (auto i = app::QueryIndicators(s2, quality, q, *zone); !i) Fail("indicators", i.error());
    indicators.ms.push_back(Ms(Clock::now() - t));
    indicators.cpu.push_back(CpuMs() - c);
    t = Clock::now();
    c = CpuMs();
    if (auto d = app::QueryDashboard(s2, quality, w.company, last_month, 12, *zone); !d)
      Fail("dashboard", d.error());
    dashboard.ms.push_back(Ms(Clock::now() - t));
    dashboard.cpu.push_back(CpuMs() - c);
  }
  const int64_t rollup_rows = Count(*runtime->db, "quality_rollups");
  std::printf("| %lld cases | %lld rollup rows | %s |\n", (long long)o.cases,
              (long long)rollup_rows, last_month.c_str());
  for (auto [name, t] : {std::pair{"monthly report (GenerateReport)", &report},
                         std::pair{"indicators, month by project", &indicators},
                         std::pair{"dashboard, 12 months", &dashboard}}) {
    std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", name, t->ms.front(), t->Min(),
                t->Median(), t->Max(), t->CpuMedian());
  }
  std::printf(
      "{\"cases\":%lld,\"rollup_rows\":%lld,\"report_ms\":[%.1f,%.1f],\"indicators_ms\":"
      "[%.1f,%.1f],\"dashboard_ms\":[%.1f,%.1f]}\n",
      (long long)o.cases, (long long)rollup_rows, report.ms.front(), report.Median(),
      indicators.ms.front(), indicators.Median(), dashboard.ms.front(), dashboard.Median());
  return 0;
}
