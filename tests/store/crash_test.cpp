// kill -9 during writes: every write acknowledged before the kill is there after reopening.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include "store_test_support.hpp"

namespace csqm::store::testing {
namespace {

constexpr int kWriterThreads = 8;
constexpr size_t kAcksBeforeKill = 1500;

// The child: writes rows from several threads forever, reporting each acknowledged id on fd.
[[noreturn]] void WriteUntilKilled(const std::string& path, int fd) {
  SqliteOptions options;
  options.path = path;
  auto db = SqliteDatabase::Open(options);
  if (!db) ::_exit(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriterThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t k = 0;; ++k) {
        const int64_t id = t * 1000000000LL + k;
        const core::Status s = (*db)->Write([&](Connection& c) {
          return c.Exec("INSERT INTO acked (id, body) VALUES (?, ?)",
                        Params(id, std::string(200, 'x')));
        });
        if (!s) ::_exit(3);
        if (::write(fd, &id, sizeof id) != sizeof id) ::_exit(4);  // atomic: < PIPE_BUF
      }
    });
  }
  for (auto& t : threads) t.join();
  ::_exit(0);
}

TEST(SqliteCrash, Data_AcknowledgedWritesSurviveKill) {
  TempDir dir;
  const std::string path = dir.File("crash.db");
  {
    auto db = OpenDb(path);
    ASSERT_TRUE(db);
    MustWrite(*db, "CREATE TABLE acked (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }  // no thread of ours is running when we fork

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    WriteUntilKilled(path, fds[1]);
  }
  ::close(fds[1]);

  std::set<int64_t> acknowledged;
  int64_t id = 0;
  while (acknowledged.size() < kAcksBeforeKill && ::read(fds[0], &id, sizeof id) == sizeof id) {
    acknowledged.insert(id);
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  while (::read(fds[0], &id, sizeof id) == sizeof id) acknowledged.insert(id);  // until EOF
  ::close(fds[0]);
  ASSERT_GE(acknowledged.size(), kAcksBeforeKill);

  auto db = OpenDb(path);
  ASSERT_TRUE(db);
  std::set<int64_t> stored;
  const core::Status s = db->Read([&](Connection& c) -> core::Status {
    auto rows = c.Query("SELECT id FROM acked");
    if (!rows) return rows.error();
    for (const Row& r : *rows) stored.insert(r.Int(0));
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().OneLine();
  size_t missing = 0;
  for (int64_t a : acknowledged) missing += stored.count(a) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_GE(stored.size(), acknowledged.size());
  auto check = [&] {
    std::string result;
    (void)db->Read([&](Connection& c) -> core::Status {
      auto row = c.QueryOne("PRAGMA integrity_check");
      if (row && row->has_value()) result = (*row)->Text(0);
      return {};
    });
    return result;
  };
  EXPECT_EQ(check(), "ok");
}

}  // namespace
}  // namespace csqm::store::testing
