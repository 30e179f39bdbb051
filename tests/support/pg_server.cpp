#include "support/pg_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace csqm::test {
namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status and, when asked, its standard output.
int Shell(const std::string& command, std::string* out = nullptr) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer{};
  std::string text;
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::string AsPostgres(const std::string& command) { return "runuser -u postgres -- " + command; }

std::string StopCommand(const std::string& dir) {
  return AsPostgres(kBin + "pg_ctl -D " + Quote(dir + "/data") + " -m immediate -w stop") +
         " >/dev/null 2>&1; rm -rf " + Quote(dir);
}

}  // namespace

bool PgServer::Available() {
  return std::filesystem::exists(kBin + "initdb") && ::getpwnam("postgres") != nullptr;
}

PgServer& PgServer::Get() {
  static PgServer server = [] {
    const char* state = std::getenv(kStateVariable);
    return state && std::filesystem::exists(state) ? PgServer(Mode::kAttached, state)
                                                   : PgServer(Mode::kOwned);
  }();
  return server;
}

PgServer::PgServer(Mode mode, const std::string& state_file) {
  if (mode == Mode::kAttached) {
    std::ifstream in(state_file);
    int port = 0;
    std::string dir;
    in >> port >> dir;
    if (!in || port <= 0) throw std::runtime_error("bad PostgreSQL state file " + state_file);
    port_ = static_cast<uint16_t>(port);
    running_ = true;
    owned_ = false;  // dir_ stays empty: not ours to remove
    return;
  }
  Start(mode == Mode::kOwned);
  if (mode == Mode::kDetached) owned_ = false;
}

int PgServer::StartShared(const std::string& state_file) {
  try {
    StopShared(state_file);  // a server left behind by an interrupted run
    PgServer server(Mode::kDetached);
    server.CreateDatabase(kSharedTemplate);
    std::ofstream out(state_file);
    out << server.port_ << "\n" << server.dir_ << "\n";
    return out ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}

int PgServer::StopShared(const std::string& state_file) {
  std::ifstream in(state_file);
  int port = 0;
  std::string dir;
  if (!(in >> port >> dir)) return 0;
  Shell(StopCommand(dir));
  std::filesystem::remove(state_file);
  return 0;
}

void PgServer::Start(bool watchdog) {
  if (!Available()) {
    throw std::runtime_error("PostgreSQL 15 is not installed (" + kBin +
                             "initdb) or there is no postgres user: run make deps");
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "csqm_pg_XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  const passwd* pg = ::getpwnam("postgres");
  if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0) {
    throw std::runtime_error("cannot chown " + dir_ + " to postgres");
  }
  const std::string log = dir_ + "/server.log";
  if (Shell(AsPostgres(kBin + "initdb -D " + Quote(dir_ + "/data") +
                       " -A trust -U postgres -E UTF8 --locale=C --no-sync") +
            " >" + Quote(dir_ + "/initdb.log") + " 2>&1") != 0) {
    const std::string text = ReadFile(dir_ + "/initdb.log");
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("initdb failed: " + text);
  }
  // A watchdog child: when this process ends in any way, the pipe closes and it cleans up.
  // Only async-signal-safe calls after fork: the command is built before.
  const std::string cleanup = StopCommand(dir_);
  int fds[2];
  // O_CLOEXEC: processes the tests start later (csqm serve) must not inherit the write end,
  // or an orphan of theirs would keep the watchdog waiting.
  if (watchdog && ::pipe2(fds, O_CLOEXEC) == 0) {
    const pid_t child = ::fork();
    if (child == 0) {
      ::close(fds[1]);
      char c;
      while (::read(fds[0], &c, 1) > 0) {
      }
      ::execl("/bin/sh", "sh", "-c", cleanup.c_str(), static_cast<char*>(nullptr));
      ::_exit(0);
    }
    ::close(fds[0]);
    watchdog_fd_ = fds[1];
  }
  // The port may be taken between FreePort and the server's bind: try a few.
  for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
    port_ = FreePort();
    const std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                                " -c listen_addresses=127.0.0.1 -c fsync=off"
                                " -c synchronous_commit=off -c full_page_writes=off"
                                " -c max_connections=300 -c shared_buffers=64MB";
    running_ = Shell(AsPostgres(kBin + "pg_ctl -D " + Quote(dir_ + "/data") + " -l " + Quote(log) +
                                " -w -t 60 -o " + Quote(options) + " start") +
                     " >/dev/null 2>&1") == 0;
  }
  if (!running_) {
    const std::string text = ReadFile(log);
    Stop();
    throw std::runtime_error("the test PostgreSQL did not start: " + text);
  }
}

PgServer::~PgServer() {
  if (owned_) Stop();
}

void PgServer::Stop() {
  if (!dir_.empty()) {
    Shell(StopCommand(dir_));
    dir_.clear();
  }
  running_ = false;
  if (watchdog_fd_ >= 0) {
    ::close(watchdog_fd_);
    watchdog_fd_ = -1;
  }
}

int PgServer::Psql(const std::string& sql, std::string* out) const {
  return Shell("psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + std::to_string(port_) +
                   " -U postgres -d postgres -c " + Quote(sql) + " 2>&1",
               out);
}

std::string PgServer::Uri(const std::string& name) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PgServer::CreateDatabase(const std::string& name, const std::string& template_name) {
  std::string sql = "CREATE DATABASE \"" + name + "\"";
  sql += template_name.empty() ? " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
                               : " TEMPLATE \"" + template_name + "\" STRATEGY FILE_COPY";
  std::string out;
  if (Psql(sql, &out) != 0) throw std::runtime_error("CREATE DATABASE " + name + ": " + out);
  return Uri(name);
}

void PgServer::DropDatabase(const std::string& name) {
  Psql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

std::string PgServer::UniqueName(const std::string& prefix) {
  return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(++next_);
}

}  // namespace csqm::test
