// docs/openapi.yaml and the router agree: every registered route is documented and every
// documented operation is registered.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "api_server.hpp"

namespace csqm::test {
namespace {

std::set<std::string> DocumentedOperations() {
  std::ifstream in(std::string(CSQM_SOURCE_DIR) + "/docs/openapi.yaml");
  std::set<std::string> ops;
  std::string line, path;
  bool in_paths = false;
  const std::regex path_line(R"(^  (/[^:]*):\s*$)");
  const std::regex method_line(R"(^    (get|put|post|patch|delete):\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
    } else if (in_paths && std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (in_paths && !path.empty() && std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (auto& c : method) c = char(std::toupper(static_cast<unsigned char>(c)));
      ops.insert(method + " " + path);
    }
  }
  return ops;
}

TEST(OpenApi, DescribesExactlyTheRegisteredRoutes) {
  std::set<std::string> registered;
  for (const auto& [method, pattern] : ApiServer::Get().runtime().Routes()) {
    registered.insert(method + " " + pattern);
  }
  const auto documented = DocumentedOperations();
  ASSERT_FALSE(documented.empty());
  for (const auto& op : registered) EXPECT_TRUE(documented.count(op)) << "undocumented: " << op;
  for (const auto& op : documented) EXPECT_TRUE(registered.count(op)) << "not registered: " << op;
}

}  // namespace
}  // namespace csqm::test
