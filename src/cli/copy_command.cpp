#include "cli/copy_command.hpp"

#include <fmt/core.h>

#include <chrono>
#include <filesystem>

#include "app/audit.hpp"
#include "cli/common.hpp"
#include "cli/database.hpp"
#include "platform/adapters.hpp"
#include "store/migrations.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/pg_partitions.hpp"
#include "store/sql_copy.hpp"
#include "store/sql_search.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

namespace csqm::cli {
namespace {

constexpr int kExitMismatch = 1;

struct Side {
  StoreLocation location;
  std::unique_ptr<store::Database> db;
};

core::Result<Side> Open(const std::string& given, const std::string& field, bool must_exist) {
  platform::Config config;
  config.db = given;
  if (given.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "copy.bad_location",
                           "请给出 sqlite:路径 或 postgresql://…",
                           "give sqlite:PATH or postgresql://…", field);
  }
  auto location = ParseStoreLocation(config);
  if (!location) {
    core::Error e = location.error();
    e.field = field;
    return e;
  }
  if (must_exist && location->kind == StoreKind::kSqlite &&
      !std::filesystem::exists(location->where)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "copy.source_missing",
                           "源数据库文件不存在：" + location->where,
                           "the source database file does not exist: " + location->where, field);
  }
  config.db_pool = 2;
  config.readers = 1;
  auto db = OpenStore(*location, config);
  if (!db) {
    core::Error e = db.error();
    e.field = field;
    return e;
  }
  return Side{*location, std::move(*db)};
}

std::span<const store::Migration> MigrationsOf(const Side& side) {
  return side.location.kind == StoreKind::kPostgres ? store::PostgresMigrations()
                                                    : store::SqliteMigrations();
}

// Both sides at the same schema version; a target never migrated is migrated first when the
// source is at this binary's newest version.
core::Status CheckVersions(Side& from, Side& to) {
  auto source = store::AppliedVersion(*from.db);
  if (!source) return source.error();
  if (!*source) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "copy.source_not_csqm",
                           "源库不是 csqm 数据库（没有 schema_migrations）",
                           "the source is not a csqm database (no schema_migrations)", "--from");
  }
  auto target = store::AppliedVersion(*to.db);
  if (!target) return target.error();
  const auto known = MigrationsOf(to);
  const int newest = known.empty() ? 0 : known.back().version;
  if (!*target && **source == newest) {
    if (auto st = store::Migrate(*to.db, known); !st) return st;
    target = std::optional<int>(newest);
  }
  if (*target != *source) {
    const std::string s = std::to_string(**source);
    const std::string t = *target ? std::to_string(**target) : "0";
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "copy.schema_version",
                           "结构版本不同：源库 " + s + "，目标库 " + t + "（本程序 " +
                               std::to_string(newest) + "）；请先对两边运行 csqm migrate --db …",
                           "schema versions differ: source " + s + ", target " + t +
                               " (this binary " + std::to_string(newest) +
                               "); run csqm migrate --db … on both first",
                           "--to");
  }
  if (to.location.kind == StoreKind::kPostgres) {
    const auto now =
        std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (auto made = store::EnsurePartitions(*to.db, now); !made) return made.error();
  }
  return {};
}

}  // namespace

int RunCopy(const CopyOptions& options) {
  auto from = Open(options.from, "--from", true);
  if (!from) return ReportError(from.error());
  auto to = Open(options.to, "--to", false);
  if (!to) return ReportError(to.error());
  if (auto st = CheckVersions(*from, *to); !st) return ReportError(st.error());

  store::CopySettings settings;
  settings.replace = options.replace;
  settings.batch_rows = options.batch_rows;
  if (!options.quiet) {
    settings.on_table = [](const std::string& table, int64_t rows, double seconds) {
      fmt::print(stderr, "  {:<28} {:>10} 行 rows  {:.1f} s\n", table, rows, seconds);
    };
  }
  const auto started = std::chrono::steady_clock::now();
  auto summary = store::CopyDatabase(*from->db, *to->db, settings);
  if (!summary) return ReportError(summary.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  int mismatched = 0;
  fmt::print("{:<28} {:>10} {:>10}\n", "表 table", "源 source", "目标 target");
  for (const auto& t : summary->tables) {
    const bool same = t.source == t.target;
    if (!same) ++mismatched;
    fmt::print("{:<28} {:>10} {:>10}{}\n", t.table, t.source, t.target,
               same ? "" : "  ≠ 不一致 differs");
  }
  fmt::print("已复制 {} 行，用时 {:.1f} 秒 / copied {} rows in {:.1f} s\n", summary->rows, seconds,
             summary->rows, seconds);
  if (mismatched > 0) {
    fmt::print(stderr, "错误 / error: {} 张表行数不一致 / {} tables differ in row count\n",
               mismatched, mismatched);
    return kExitMismatch;
  }

  store::SqlStore target_store(*to->db);
  platform::SodiumCrypto crypto;
  auto verdict = app::VerifyAudit(target_store, crypto);
  if (!verdict) return ReportError(verdict.error());
  if (verdict->first_bad) {
    fmt::print(stderr,
               "目标库审计链校验失败：第 {} 行（{}）/ the target's audit chain fails at row {} "
               "({})\n",
               *verdict->first_bad, verdict->reason, *verdict->first_bad, verdict->reason);
    return kExitMismatch;
  }
  fmt::print(
      "行数一致；目标库审计日志完整：{} 行 / row counts match; the target's audit log is "
      "intact: {} rows\n",
      verdict->rows, verdict->rows);
  if (to->location.kind == StoreKind::kSqlite) {
    // The search file is made from the copied rows now, so the copy is searchable at once.
    auto& sqlite = static_cast<store::SqliteDatabase&>(*to->db);
    if (auto st = sqlite.StartSearchIndex(std::make_shared<store::SqlSearchDocuments>()); !st)
      return ReportError(st.error());
    const auto index_started = std::chrono::steady_clock::now();
    while (!sqlite.AwaitSearchIndex(std::chrono::seconds(10))) {
      if (!options.quiet) {
        fmt::print(stderr, "  正在建立搜索索引 building the search index: {} documents\n",
                   sqlite.stats().search_indexed);
      }
    }
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - index_started).count();
    fmt::print(
        "搜索索引已建立：{0} 个文档，用时 {1:.1f} 秒 / search index built: {0} documents in "
        "{1:.1f} s\n",
        sqlite.stats().search_indexed, took);
  }
  return 0;
}

}  // namespace csqm::cli
