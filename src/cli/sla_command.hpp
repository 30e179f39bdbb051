// `csqm sla due|elapsed`: the user's view of the time-limit engine.
#pragma once

#include <string>
#include <vector>

namespace csqm::cli {

struct SlaDueOptions {
  std::string calendar_path;
  std::string start;  // local wall time in the calendar's zone, or RFC 3339 with offset/Z
  std::string clock = "business";
  std::string limit;
  std::vector<std::string> pauses;  // "FROM/TO", each a time as `start` accepts
  bool explain = false;
};

struct SlaElapsedOptions {
  std::string calendar_path;
  std::string from;
  std::string to;
  std::string clock = "business";
  std::vector<std::string> pauses;
  bool explain = false;
};

// Each prints its answer to stdout and returns the process exit code: 0, or 2 after one
// bilingual line on stderr for bad input.
int RunSlaDue(const SlaDueOptions& options);
int RunSlaElapsed(const SlaElapsedOptions& options);

}  // namespace csqm::cli
