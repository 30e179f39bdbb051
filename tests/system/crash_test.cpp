// kill -9 the real server while 16 clients create cases: after a restart every case that was
// answered 201 is there, and the audit chain verifies.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>
#include <thread>

#include "support/http_client.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

int RunCsqm(const std::string& args) {
  const std::string cmd = std::string(CSQM_BINARY) + " " + args + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ServerProcess {
 public:
  ServerProcess(const std::string& data, uint16_t port) : port_(port) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string listen = "127.0.0.1:" + std::to_string(port);
      ::freopen("/dev/null", "w", stderr);
      ::freopen("/dev/null", "w", stdout);
      ::execl(CSQM_BINARY, CSQM_BINARY, "serve", "--data", data.c_str(), "--listen", listen.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      try {
        HttpClient probe("127.0.0.1", port_, std::chrono::milliseconds(500));
        if (probe.Request("GET", "/readyz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // waiting for a process
    }
    ADD_FAILURE() << "server did not become ready";
  }
  void Kill(int sig) {
    if (pid_ > 0) {
      ::kill(pid_, sig);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~ServerProcess() { Kill(SIGKILL); }

 private:
  pid_t pid_ = -1;
  uint16_t port_;
};

TEST(Crash, EveryAcknowledgedCaseSurvivesKillNineAndTheAuditChainVerifies) {
  const std::string data =
      (std::filesystem::temp_directory_path() / ("csqm-crash-" + std::to_string(::getpid())))
          .string();
  std::filesystem::remove_all(data);
  ASSERT_EQ(RunCsqm("user add crash.agent --role agent --password password-123 --data " + data), 0);
  ASSERT_EQ(RunCsqm("seed --template " + std::string(CSQM_SOURCE_DIR) +
                    "/templates/property --data " + data),
            0);
  const uint16_t port = FreePort();

  std::string token;
  int64_t category = 0;
  std::mutex mutex;
  std::map<int64_t, std::string> acknowledged;  // id -> number
  {
    ServerProcess server(data, port);
    HttpClient client("127.0.0.1", port);
    auto login = client.Request("POST", "/api/v1/session",
                                R"({"login":"crash.agent","password":"password-123"})");
    ASSERT_EQ(login.status, 201) << login.body;
    std::string cookie = login.set_cookies.at(0).substr(0, login.set_cookies.at(0).find(';'));
    auto csrf = std::string(json::parse(login.body).at("csrf_token").as_string());
    auto created = client.Request("POST", "/api/v1/api-tokens", R"({"name":"crash"})",
                                  {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    ASSERT_EQ(created.status, 201) << created.body;
    token = std::string(json::parse(created.body).at("token").as_string());
    auto categories =
        client.Request("GET", "/api/v1/categories", "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(categories.status, 200) << categories.body;
    const auto listed = json::parse(categories.body);
    for (const auto& c : listed.at("items").as_array()) {
      if (c.as_object().at("key").as_string() == "repair.simple")
        category = c.as_object().at("id").as_int64();
    }
    ASSERT_GT(category, 0);

    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 16; ++t) {
      clients.emplace_back([&, t] {
        HttpClient c("127.0.0.1", port, std::chrono::seconds(5));
        for (int i = 0; !stop; ++i) {
          try {
            auto r = c.Request("POST", "/api/v1/cases",
                               R"({"category_id":)" + std::to_string(category) +
                                   R"(,"title":"并发工单 )" + std::to_string(t) + "-" +
                                   std::to_string(i) + R"("})",
                               {{"Authorization", "Bearer " + token}});
            if (r.status == 201) {
              auto body = json::parse(r.body).as_object();
              std::lock_guard lock(mutex);
              acknowledged[body.at("id").as_int64()] = std::string(body.at("number").as_string());
            }
          } catch (const std::exception&) {
            return;  // the server is gone
          }
        }
      });
    }
    while (true) {  // let some hundreds of creations through, then pull the plug
      {
        std::lock_guard lock(mutex);
        if (acknowledged.size() >= 400) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server.Kill(SIGKILL);
    stop = true;
    for (auto& c : clients) c.join();
  }
  ASSERT_GE(acknowledged.size(), 400u);

  {
    ServerProcess server(data, port);
    HttpClient client("127.0.0.1", port);
    for (const auto& [id, number] : acknowledged) {
      auto r = client.Request("GET", "/api/v1/cases/" + std::to_string(id), "",
                              {{"Authorization", "Bearer " + token}});
      ASSERT_EQ(r.status, 200) << "acknowledged case " << number << " is missing";
      EXPECT_EQ(json::parse(r.body).at("number").as_string(), number);
    }
    server.Kill(SIGTERM);
  }
  EXPECT_EQ(RunCsqm("audit verify --data " + data), 0);
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace csqm::test
