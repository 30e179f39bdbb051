// `csqm copy --from sqlite:PATH --to postgresql://…` (and back, or SQLite to SQLite): moves a
// whole database, then compares the row counts per table and verifies the audit chain on the
// target. Exit 0 only when everything matches.
#pragma once

#include <string>

namespace csqm::cli {

struct CopyOptions {
  std::string from;  // sqlite:PATH | postgresql://…
  std::string to;
  bool replace = false;  // empty a target that holds rows first
  int batch_rows = 1000;
  bool quiet = false;  // no per-table progress lines
};

int RunCopy(const CopyOptions& options);

}  // namespace csqm::cli
