// The use cases over a real, migrated SQLite file in a fresh temporary folder, with a manual
// clock — and a Restart() that closes everything and opens the same file again.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <source_location>
#include <stdexcept>
#include <string>

#include "app/context.hpp"
#include "app/template_spec.hpp"
#include "core/time_types.hpp"
#include "platform/adapters.hpp"
#include "platform/template_files.hpp"
#include "platform/tz_zones.hpp"
#include "store/migrations.hpp"
#include "store/sql_search.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

namespace csqm::app::testing {

// The value of an ok Result; otherwise the test fails here and stops (by an exception that
// gtest reports).
template <class T>
T Must(core::Result<T> result, std::source_location where = std::source_location::current()) {
  if (!result.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "unexpected error: " << result.error().reason << " " << result.error().OneLine();
    throw std::runtime_error("Must: " + result.error().reason);
  }
  return std::move(result).value();
}

inline void Must(const core::Status& status,
                 std::source_location where = std::source_location::current()) {
  if (!status.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "unexpected error: " << status.error().reason << " " << status.error().OneLine();
    throw std::runtime_error("Must: " + status.error().reason);
  }
}

// An instant from RFC 3339 text, e.g. "2026-02-13T10:00:00+08:00".
inline core::Instant At(const std::string& text) { return Must(core::ParseRfc3339(text)); }

inline TemplateFiles PropertyTemplate() {
  return Must(platform::ReadTemplateFiles(std::string(CSQM_SOURCE_DIR) + "/templates/property"));
}

// The same without its default callback rules, for tests that set up the rules they examine.
inline TemplateFiles WithoutCallbackRules(TemplateFiles files) {
  auto root = boost::json::parse(files.template_json);
  root.as_object().erase("callback_rules");
  files.template_json = boost::json::serialize(root);
  return files;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "csqm_app_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  // CSQM_KEEP_TEST_DIRS=1 keeps the folder (and its database) for a look afterwards.
  ~TempDir() {
    if (const char* keep = std::getenv("CSQM_KEEP_TEST_DIRS"); keep && *keep == '1') {
      std::fprintf(stderr, "kept %s\n", path_.c_str());
      return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

class TestApp {
 public:
  explicit TestApp(core::Instant start) : clock_(start) { Open(); }
  ~TestApp() { Close(); }
  TestApp(const TestApp&) = delete;
  TestApp& operator=(const TestApp&) = delete;

  Services& services() { return *services_; }
  ManualClock& clock() { return clock_; }
  Store& store() { return *store_; }

  // A restart: new services, store, cache and database connection over the same file.
  void Restart() {
    Close();
    Open();
  }

  // count(*) of a table, read straight from the database.
  int64_t Count(const std::string& table, const std::string& where = "") {
    int64_t count = -1;
    Must(db_->Read([&](store::Connection& c) -> core::Status {
      auto row =
          c.QueryOne("SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where));
      if (!row) return row.error();
      count = (*row)->Int(0);
      return {};
    }));
    return count;
  }

 private:
  void Open() {
    store::SqliteOptions options;
    options.path = dir_.File("csqm.db");
    db_ = Must(store::SqliteDatabase::Open(options));
    Must(store::Migrate(*db_, store::SqliteMigrations(), clock_.Now()));
    Must(db_->StartSearchIndex(std::make_shared<store::SqlSearchDocuments>()));
    store_ = std::make_unique<store::SqlStore>(*db_);
    blobs_ = std::make_unique<platform::DiskBlobStore>(dir_.File("blobs"));
    cache_ = std::make_unique<ConfigCache>(platform::SystemZones());
    services_.reset(new Services{*store_, clock_, crypto_, *blobs_, *cache_, Settings{}});
  }
  void Close() {
    services_.reset();
    store_.reset();
    db_.reset();
    cache_.reset();
    blobs_.reset();
  }

  TempDir dir_;
  ManualClock clock_;
  platform::SodiumCrypto crypto_;
  std::unique_ptr<platform::DiskBlobStore> blobs_;
  std::unique_ptr<ConfigCache> cache_;
  std::unique_ptr<store::SqliteDatabase> db_;
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<Services> services_;
};

// A user inserted straight into the store (no password, not through the admin use case), as the
// actor the use cases see.
inline Actor InsertTestUser(Tx& tx, const std::string& login, core::Role role, const OrgUnit& unit,
                            std::optional<Id> supervisor, core::Instant now,
                            const std::string& email = "") {
  User u;
  u.login = login;
  u.display_name = login;
  u.password_hash = "$argon2id$unused";
  u.role = role;
  u.org_unit_id = unit.id;
  u.supervisor_id = supervisor;
  u.email = email;
  u.created_at = now;
  return Actor{Must(tx.Org().InsertUser(u)), unit.path};
}

// The id of the category (or case type) with that key.
inline Id CategoryIdOf(Store& store, const std::string& key) {
  Id id = 0;
  Must(store.Read([&](Tx& tx) -> core::Status {
    id = Must(tx.Config().GetCategoryByKey(key)).id;
    return {};
  }));
  return id;
}
inline Id CaseTypeIdOf(Store& store, const std::string& key) {
  Id id = 0;
  Must(store.Read([&](Tx& tx) -> core::Status {
    id = Must(tx.Config().GetCaseTypeByKey(key)).id;
    return {};
  }));
  return id;
}

}  // namespace csqm::app::testing
