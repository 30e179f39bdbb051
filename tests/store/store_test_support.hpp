// Helpers for the store tests: temporary folders, opening real SQLite files, holding the
// writer so that queued Write calls form one batch.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "store/db.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace csqm::store::testing {

// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "csqm_store_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<SqliteDatabase> OpenDb(const std::string& path, int readers = 4,
                                              int max_batch = 256) {
  SqliteOptions options;
  options.path = path;
  options.readers = readers;
  options.max_batch = max_batch;
  auto db = SqliteDatabase::Open(options);
  if (!db) {
    ADD_FAILURE() << db.error().OneLine();
    return nullptr;
  }
  return std::move(*db);
}

// Runs statements in one Write; fails the test on error.
inline void MustWrite(Database& db, const std::string& sql) {
  const core::Status s = db.Write([&](Connection& c) { return c.ExecScript(sql); });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
}

inline int64_t CountRows(Database& db, const std::string& table) {
  int64_t count = -1;
  const core::Status s = db.Read([&](Connection& c) -> core::Status {
    auto row = c.QueryOne("SELECT count(*) FROM " + table);
    if (!row) return row.error();
    count = (*row)->Int(0);
    return {};
  });
  EXPECT_TRUE(s.ok()) << s.error().OneLine();
  return count;
}

// Spins (yielding, never sleeping) until done() or 30 s have passed; false on timeout.
inline bool WaitUntil(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

// Holds the writer inside a Write callback until Open(), so that Write calls made meanwhile
// queue up and then run as one batch.
class WriterGate {
 public:
  explicit WriterGate(Database& db) {
    thread_ = std::thread([this, &db] {
      status_ = db.Write([this](Connection&) {
        entered_.set_value();
        released_.get_future().wait();
        return core::Status();
      });
    });
    entered_.get_future().wait();
  }
  ~WriterGate() {
    if (!opened_) Open();
    thread_.join();
  }
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

  void Open() {
    opened_ = true;
    released_.set_value();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> released_;
  bool opened_ = false;
  core::Status status_;
  std::thread thread_;
};

// Waits until `depth` Write calls are queued behind a WriterGate.
inline bool WaitForQueue(const Database& db, uint64_t depth) {
  return WaitUntil([&] { return db.stats().queue_depth >= depth; });
}

}  // namespace csqm::store::testing
