// Runs the real csqm binary as a user would and captures what it prints.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace csqm::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string SlurpFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `csqm ARGS` through the shell (ARGS is shell text) with stdout and stderr captured.
inline RunResult RunCsqm(const std::string& args) {
  namespace fs = std::filesystem;
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("csqm-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  const std::string command = std::string(CSQM_BINARY) + " " + args + " >" +
                              (dir / "out").string() + " 2>" + (dir / "err").string() +
                              " </dev/null";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = SlurpFile(dir / "out");
  result.err = SlurpFile(dir / "err");
  fs::remove_all(dir);
  return result;
}

// A repository file as a shell-quoted absolute path.
inline std::string SourcePath(const std::string& relative) {
  return "'" + std::string(CSQM_SOURCE_DIR) + "/" + relative + "'";
}

}  // namespace csqm::testing
