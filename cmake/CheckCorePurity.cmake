# Fails the build when src/core reaches outside the pure domain: I/O or framework headers,
# databases, logging, the system clock, or the process environment. Run by cmake -P.
file(GLOB_RECURSE files "${CORE_DIR}/*.hpp" "${CORE_DIR}/*.cpp")
set(forbidden
  "#include <boost/asio" "#include <boost/beast" "#include <sqlite3.h>" "#include <libpq-fe.h>"
  "#include <spdlog" "#include <fstream>" "#include <filesystem>" "#include <iostream>"
  "#include <cstdio>" "#include <stdio.h>" "#include <thread>" "#include <date/tz.h>"
  "#include <unistd.h>" "#include <fcntl.h>"
  "system_clock::now" "steady_clock::now" "high_resolution_clock::now" "std::time(" "getenv(")
set(problems "")
foreach(f IN LISTS files)
  file(READ "${f}" text)
  foreach(pattern IN LISTS forbidden)
    string(FIND "${text}" "${pattern}" pos)
    if(NOT pos EQUAL -1)
      string(APPEND problems "\n  ${f}: uses '${pattern}'")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "src/core must stay pure (no I/O, frameworks or clock):${problems}")
endif()
file(WRITE "${STAMP}" "ok\n")
