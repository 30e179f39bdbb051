// Helpers of the PostgreSQL system tests (copy_test.cpp, multinode_test.cpp): the csqm binary
// run as a user runs it, and `csqm serve` as a child process on a free loopback port.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"

namespace csqm::test {

inline uint16_t FreeLoopbackPort() {
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

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs `csqm ARGS`; returns its exit status and what it printed.
inline CommandResult RunCsqmCommand(const std::string& args) {
  const std::string cmd = std::string(CSQM_BINARY) + " " + args + " 2>&1";
  CommandResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    r.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// `csqm serve --data DATA --listen 127.0.0.1:PORT [--db DB]`, ready when /readyz answers 200.
class NodeProcess {
 public:
  NodeProcess(const std::string& data, const std::string& db, uint16_t port,
              const std::vector<std::string>& env = {})
      : port_(port) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
      const std::string listen = "127.0.0.1:" + std::to_string(port);
      ::freopen("/dev/null", "w", stderr);
      ::freopen("/dev/null", "w", stdout);
      ::setenv("CSQM_LOG_LEVEL", "warn", 1);
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      if (db.empty()) {
        ::execl(CSQM_BINARY, CSQM_BINARY, "serve", "--data", data.c_str(), "--listen",
                listen.c_str(), static_cast<char*>(nullptr));
      } else {
        ::execl(CSQM_BINARY, CSQM_BINARY, "serve", "--data", data.c_str(), "--listen",
                listen.c_str(), "--db", db.c_str(), static_cast<char*>(nullptr));
      }
      ::_exit(127);
    }
    for (int i = 0; i < 400; ++i) {
      try {
        HttpClient probe("127.0.0.1", port_, std::chrono::milliseconds(500));
        if (probe.Request("GET", "/readyz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // waiting for a process
    }
    ADD_FAILURE() << "csqm serve on port " << port_ << " did not become ready";
  }
  void Kill(int sig) {
    if (pid_ > 0) {
      ::kill(pid_, sig);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~NodeProcess() { Kill(SIGTERM); }
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  uint16_t port_;
};

// A logged-in session: the cookie and the CSRF token that go with it.
struct Session {
  std::string cookie;
  std::string csrf;
  std::vector<std::pair<std::string, std::string>> Headers() const {
    return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
};

inline Session Login(HttpClient& client, const std::string& login, const std::string& password) {
  auto r = client.Request("POST", "/api/v1/session",
                          R"({"login":")" + login + R"(","password":")" + password + R"("})");
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201 || r.set_cookies.empty()) return {};
  Session s;
  s.cookie = r.set_cookies.at(0).substr(0, r.set_cookies.at(0).find(';'));
  s.csrf = std::string(boost::json::parse(r.body).at("csrf_token").as_string());
  return s;
}

}  // namespace csqm::test
