// Settings (platform/config.hpp): defaults, csqm.toml, CSQM_* variables over the file, and one
// error listing every bad value.
#include "platform/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace csqm::platform {
namespace {

class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("csqm-config-test-" +
               std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml")) {
    std::ofstream(path_) << text;
  }
  ~ConfigFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(Config, DefaultsWithoutFileOrVariables) {
  ConfigFile empty("");
  auto config = LoadConfig(empty.path(), {});
  ASSERT_TRUE(config.ok()) << config.error().OneLine();
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
  EXPECT_EQ(config->max_batch, 32);
  EXPECT_EQ(config->checkpoint_pages, 4000);
  EXPECT_EQ(config->read_threads, 0);
  EXPECT_EQ(config->ResolvedReadThreads(),
            std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
  EXPECT_EQ(config->worker_threads, 0);
  EXPECT_EQ(config->io_threads, 0);
  EXPECT_EQ(config->host(), "127.0.0.1");
  EXPECT_EQ(config->port(), 8080);
}

TEST(Config, WorkerThreadsFollowTheStoreUnlessSet) {
  ConfigFile empty("");
  auto config = LoadConfig(empty.path(), {});
  ASSERT_TRUE(config.ok()) << config.error().OneLine();
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_EQ(config->ResolvedWorkerThreads(/*writes_block=*/false), std::max(2, cores));
  EXPECT_EQ(config->ResolvedWorkerThreads(/*writes_block=*/true), 64);
  auto set = LoadConfig(empty.path(), {{"CSQM_WORKER_THREADS", "12"}});
  ASSERT_TRUE(set.ok()) << set.error().OneLine();
  EXPECT_EQ(set->ResolvedWorkerThreads(false), 12);
  EXPECT_EQ(set->ResolvedWorkerThreads(true), 12);
}

TEST(Config, IoThreadsAreOnePerFourCoresUnlessSet) {
  ConfigFile empty("");
  auto config = LoadConfig(empty.path(), {});
  ASSERT_TRUE(config.ok()) << config.error().OneLine();
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  EXPECT_EQ(config->ResolvedIoThreads(), std::max(1, cores / 4));
  auto set = LoadConfig(empty.path(), {{"CSQM_IO_THREADS", "3"}});
  ASSERT_TRUE(set.ok()) << set.error().OneLine();
  EXPECT_EQ(set->ResolvedIoThreads(), 3);
  auto negative = LoadConfig(empty.path(), {{"CSQM_IO_THREADS", "-1"}});
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message_en.find("must be 0 to 64"), std::string::npos)
      << negative.error().OneLine();
}

TEST(Config, VariablesOverrideTheFile) {
  ConfigFile file("listen = \"0.0.0.0:9000\"\nmax_batch = 8\ncheckpoint_pages = 4000\n");
  auto config = LoadConfig(file.path(), {{"CSQM_MAX_BATCH", "16"}, {"PATH", "/usr/bin"}});
  ASSERT_TRUE(config.ok()) << config.error().OneLine();
  EXPECT_EQ(config->listen, "0.0.0.0:9000");
  EXPECT_EQ(config->max_batch, 16);
  EXPECT_EQ(config->checkpoint_pages, 4000);
  auto from_env = LoadConfig(file.path(), {{"CSQM_CHECKPOINT_PAGES", "250"}});
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->checkpoint_pages, 250);
}

TEST(Config, AnExplicitReadThreadCountIsKept) {
  ConfigFile file("read_threads = 3\n");
  auto config = LoadConfig(file.path(), {});
  ASSERT_TRUE(config.ok()) << config.error().OneLine();
  EXPECT_EQ(config->ResolvedReadThreads(), 3);
  auto negative = LoadConfig(file.path(), {{"CSQM_READ_THREADS", "-1"}});
  EXPECT_FALSE(negative.ok());
}

TEST(Config, EveryBadValueIsReportedInOneError) {
  ConfigFile file("max_batch = 0\nnope = 1\ncheckpoint_pages = \"many\"\n");
  auto config = LoadConfig(
      file.path(),
      {{"CSQM_CHECKPOINT_PAGES", "10"}, {"CSQM_WHATEVER", "1"}, {"CSQM_LISTEN", "nowhere"}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().reason, "config.invalid");
  const std::string text = config.error().OneLine();
  for (const char* part : {"max_batch", "nope", "checkpoint_pages: 应为整数 / must be an integer",
                           "CSQM_CHECKPOINT_PAGES: 应在 100 到 1000000 之间",
                           "CSQM_WHATEVER: 未知环境变量 / unknown variable", "HOST:PORT"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

TEST(Config, AMissingFileNamedOnTheCommandLineIsAnError) {
  auto config = LoadConfig("/nonexistent/csqm.toml", {});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().OneLine().find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace csqm::platform
