#include "platform/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <thread>
#include <variant>

extern char** environ;

namespace csqm::platform {
namespace {

// One setting: its TOML key (the environment variable is CSQM_ + upper case), where it lives
// in Config, and the range an integer must lie in.
struct Setting {
  const char* key;
  std::variant<std::string Config::*, int Config::*, int64_t Config::*> member;
  int64_t min = 0;
  int64_t max = 0;
};

const Setting kSettings[] = {
    {"data", &Config::data_dir},
    {"listen", &Config::listen},
    {"io_threads", &Config::io_threads, 0, 64},
    {"worker_threads", &Config::worker_threads, 0, 1024},
    {"read_threads", &Config::read_threads, 0, 256},
    {"body_limit", &Config::body_limit, 1024, int64_t(1) << 32},
    {"read_timeout", &Config::read_timeout_seconds, 1, 3600},
    {"display_tz", &Config::display_tz},
    {"log_level", &Config::log_level},
    {"session_hours", &Config::session_hours, 1, 24 * 90},
    {"max_backdating_hours", &Config::max_backdating_hours, 0, 24 * 365},
    {"attachment_limit", &Config::attachment_limit, 1024, int64_t(1) << 32},
    {"web_dir", &Config::web_dir},
    {"readers", &Config::readers, 1, 64},
    {"max_batch", &Config::max_batch, 1, 4096},
    {"checkpoint_pages", &Config::checkpoint_pages, 100, 1'000'000},
    {"timer_interval_ms", &Config::timer_interval_ms, 10, 3'600'000},
    {"db", &Config::db},
    {"db_pool", &Config::db_pool, 1, 1024},
};

std::string EnvName(const char* key) {
  std::string name = "CSQM_";
  for (const char* p = key; *p; ++p) name += char(std::toupper(static_cast<unsigned char>(*p)));
  return name;
}

// Assigns text to a setting; returns a problem description or "".
std::string Assign(Config& config, const Setting& s, const std::string& text) {
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::remove_reference_t<decltype(config.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          config.*member = text;
          return "";
        } else {
          int64_t v = 0;
          const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
          if (ec != std::errc() || p != text.data() + text.size())
            return "应为整数 / must be an integer";
          if (v < s.min || v > s.max) {
            return "应在 " + std::to_string(s.min) + " 到 " + std::to_string(s.max) +
                   " 之间 / must be " + std::to_string(s.min) + " to " + std::to_string(s.max);
          }
          config.*member = T(v);
          return "";
        }
      },
      s.member);
}

const Setting* Find(std::string_view key) {
  for (const auto& s : kSettings) {
    if (key == s.key) return &s;
  }
  return nullptr;
}

void ReadToml(Config& config, const std::string& path, std::vector<std::string>& problems) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    problems.push_back(path + ":" + std::to_string(err.source().begin.line) + ": " +
                       std::string(err.description()));
    return;
  }
  for (const auto& [key, node] : table) {
    const Setting* s = Find(key.str());
    if (!s) {
      problems.push_back(path + ": 未知设置 / unknown setting \"" + std::string(key.str()) + "\"");
      continue;
    }
    std::string text;
    if (auto str = node.value<std::string>()) {
      text = *str;
    } else if (auto num = node.value<int64_t>()) {
      text = std::to_string(*num);
    } else {
      problems.push_back(path + ": " + s->key + ": 类型错误 / wrong type");
      continue;
    }
    if (auto why = Assign(config, *s, text); !why.empty()) {
      problems.push_back(path + ": " + s->key + ": " + why);
    }
  }
}

int Cores() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

}  // namespace

std::string Config::host() const { return listen.substr(0, listen.rfind(':')); }

int Config::port() const {
  const auto colon = listen.rfind(':');
  int p = -1;
  if (colon == std::string::npos) return -1;
  std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), p);
  return p;
}

// One network thread per four cores (at least 1). On 2 cores (bench/RESULTS.md, 2026-12-08),
// one network thread and two write handlers made case creation at 64 connections about 6 %
// faster, at a p99 about 7 % lower, than two network threads and four handlers (a lower p99 in
// 12 of 14 alternating runs); reads did as well with one network thread as with two.
int Config::ResolvedIoThreads() const {
  if (io_threads > 0) return io_threads;
  return std::max(1, Cores() / 4);
}

// One GET/HEAD handler per core: each read runs to its end on a core of its own and the rest
// queue in order. Measured at 16 connections on 2 cores (bench/RESULTS.md), 2 threads gave a
// p99 15–30 % lower than 4 for case reads and queue pages.
int Config::ResolvedReadThreads() const {
  if (read_threads > 0) return read_threads;
  return Cores();
}

int Config::ResolvedWorkerThreads(bool writes_block) const {
  if (worker_threads > 0) return worker_threads;
  if (writes_block) return 64;
  // SQLite: a write handler waiting for its commit gives its thread back, so threads only
  // need to cover the cores; fewer threads, fewer hand-offs between them.
  return std::max(2, Cores());
}

core::Result<Config> LoadConfig(const std::optional<std::string>& path,
                                const std::map<std::string, std::string>& environment) {
  Config config;
  std::vector<std::string> problems;
  if (path) {
    if (!std::filesystem::exists(*path)) {
      problems.push_back(*path + ": 文件不存在 / no such file");
    } else {
      ReadToml(config, *path, problems);
    }
  } else if (std::filesystem::exists("csqm.toml")) {
    ReadToml(config, "csqm.toml", problems);
  }
  for (const auto& [name, value] : environment) {
    const Setting* match = nullptr;
    for (const auto& s : kSettings) {
      if (EnvName(s.key) == name) match = &s;
    }
    if (!match) {
      if (name.rfind("CSQM_", 0) == 0) {
        problems.push_back(name + ": 未知环境变量 / unknown variable");
      }
      continue;
    }
    if (auto why = Assign(config, *match, value); !why.empty())
      problems.push_back(name + ": " + why);
  }
  if (config.port() <= 0 || config.port() > 65535 || config.host().empty()) {
    problems.push_back("listen: 应为 HOST:PORT / must be HOST:PORT (\"" + config.listen + "\")");
  }
  if (!problems.empty()) {
    std::string zh = "配置有误：", en = "invalid configuration:";
    for (const auto& p : problems) {
      zh += "\n  " + p;
      en += "\n  " + p;
    }
    return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid", zh, en);
  }
  return config;
}

std::map<std::string, std::string> CsqmEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("CSQM_", 0) != 0) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

}  // namespace csqm::platform
