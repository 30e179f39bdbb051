// Three `csqm serve` nodes on one PostgreSQL (issue 4): clients log in on one node and use the
// session cookie on the others, create cases spread over all three while one node is killed
// with -9; afterwards every case answered 201 is there, the audit chain verifies, and every
// escalation step (and breach marker) of every case fired exactly once across the nodes.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "node_process.hpp"
#include "store/postgres/pg_database.hpp"
#include "support/pg_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

constexpr int kNodes = 3;
constexpr int kClients = 9;
constexpr size_t kKillAfter = 120;  // acknowledged cases before node 1 is killed
constexpr size_t kStopAfter = 300;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(MultiNode, ThreeNodesKillNineKeepEveryAcknowledgedCaseAndFireEachStepOnce) {
  PgServer& pg = PgServer::Get();
  const std::string name = pg.UniqueName("multinode");
  const std::string uri = pg.CreateDatabase(name);
  const std::string root =
      (std::filesystem::temp_directory_path() / ("csqm-multinode-" + std::to_string(::getpid())))
          .string();
  std::filesystem::remove_all(root);
  const std::string db = " --data " + root + "/cli --db " + uri;
  auto ran = RunCsqmCommand("migrate" + db);
  ASSERT_EQ(ran.status, 0) << ran.output;
  ran = RunCsqmCommand("seed --template " + std::string(CSQM_SOURCE_DIR) + "/templates/property" +
                       db);
  ASSERT_EQ(ran.status, 0) << ran.output;
  ran = RunCsqmCommand("user add mn.agent --role agent --password password-123" + db);
  ASSERT_EQ(ran.status, 0) << ran.output;

  // Three nodes, each with its own data folder (attachments), one database; timers every 200 ms.
  std::vector<std::unique_ptr<NodeProcess>> nodes;
  std::vector<uint16_t> ports;
  for (int n = 0; n < kNodes; ++n) {
    ports.push_back(FreeLoopbackPort());
    nodes.push_back(
        std::make_unique<NodeProcess>(root + "/node" + std::to_string(n), uri, ports.back(),
                                      std::vector<std::string>{"CSQM_TIMER_INTERVAL_MS=200"}));
  }

  // repair.home_urgent: 24x7, on site within 10 minutes, steps at 50 %, breach, breach+30m.
  // Cases received two hours ago have every step due at once: the nodes' timer runners race
  // for them while the cases are being created.
  int64_t category = 0;
  {
    HttpClient client("127.0.0.1", ports[0]);
    const Session s = Login(client, "mn.agent", "password-123");
    auto r = client.Request("GET", "/api/v1/categories", "", s.Headers());
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value listed = json::parse(r.body);
    for (const auto& c : listed.at("items").as_array()) {
      if (c.at("key").as_string() == "repair.home_urgent") category = c.at("id").as_int64();
    }
  }
  ASSERT_GT(category, 0);
  const auto received = std::chrono::system_clock::now() - std::chrono::hours(2);
  const std::time_t received_t = std::chrono::system_clock::to_time_t(received);
  char received_at[32];
  std::strftime(received_at, sizeof received_at, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&received_t));

  std::mutex mutex;
  std::map<int64_t, std::string> acknowledged;  // id -> number
  std::atomic<int> cross_node{0};               // 201s on a node other than the login's
  std::atomic<bool> stop{false};
  std::atomic<bool> killed{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      std::vector<std::unique_ptr<HttpClient>> conns;
      for (int n = 0; n < kNodes; ++n)
        conns.push_back(
            std::make_unique<HttpClient>("127.0.0.1", ports[n], std::chrono::seconds(10)));
      const int home = t % kNodes;
      Session session;
      try {
        session = Login(*conns[home], "mn.agent", "password-123");
      } catch (const std::exception& e) {
        ADD_FAILURE() << "login on node " << home << ": " << e.what();
        return;
      }
      std::vector<bool> dead(kNodes, false);
      for (int i = 0; !stop; ++i) {
        const int n = (home + i) % kNodes;
        if (dead[n]) continue;
        try {
          auto r = conns[n]->Request("POST", "/api/v1/cases",
                                     R"({"category_id":)" + std::to_string(category) +
                                         R"(,"title":"多节点工单 )" + std::to_string(t) + "-" +
                                         std::to_string(i) + R"(","received_at":")" + received_at +
                                         R"("})",
                                     session.Headers());
          if (r.status == 201) {
            const json::value body = json::parse(r.body);
            std::lock_guard lock(mutex);
            acknowledged[body.at("id").as_int64()] = std::string(body.at("number").as_string());
            if (n != home) ++cross_node;
          } else if (!(killed && r.status >= 500)) {
            ADD_FAILURE() << "node " << n << " answered " << r.status << ": " << r.body;
            return;
          }
        } catch (const std::exception&) {
          if (!killed || n != 1) {
            ADD_FAILURE() << "node " << n << " stopped answering";
            return;
          }
          dead[n] = true;  // the node killed on purpose
        }
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  auto count = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  while (count() < kKillAfter && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  killed = true;
  nodes[1]->Kill(SIGKILL);
  while (count() < kStopAfter && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_GE(acknowledged.size(), kStopAfter);
  EXPECT_GT(cross_node.load(), 0) << "sessions must work on every node";

  // Every acknowledged case is there, read through a surviving node.
  {
    HttpClient client("127.0.0.1", ports[2]);
    const Session s = Login(client, "mn.agent", "password-123");
    for (const auto& [id, number] : acknowledged) {
      auto r = client.Request("GET", "/api/v1/cases/" + std::to_string(id), "", s.Headers());
      ASSERT_EQ(r.status, 200) << "acknowledged case " << number << " is missing";
      EXPECT_EQ(json::parse(r.body).at("number").as_string(), number);
    }
  }

  // The two surviving nodes fire what is due; wait until nothing due is left.
  auto database = store::PgDatabase::Open({uri, 2});
  ASSERT_TRUE(database.ok()) << database.error().message_en;
  store::Database& pgdb = **database;
  int64_t unfired = -1;
  for (int i = 0; i < 600 && unfired != 0; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));  // timer runners
    const int64_t now = NowMs();
    ASSERT_TRUE(pgdb.Read([&](store::Connection& conn) -> core::Status {
                      auto row = conn.QueryOne(
                          "SELECT COUNT(*) FROM timers WHERE fired_at IS NULL AND fire_at <= ?",
                          store::Params(now));
                      if (!row) return row.error();
                      unfired = (**row).Int(0);
                      return {};
                    })
                    .ok());
  }
  ASSERT_EQ(unfired, 0) << "due timers left unfired";
  nodes.clear();  // SIGTERM to the survivors: nothing fires behind the counts below

  // Exactly once: one timeline entry per (case, target, step) timer, and no other.
  std::map<std::tuple<int64_t, std::string, int64_t>, int> fired;  // from the timeline
  int64_t timers = 0, cases = 0, duplicate_notifications = -1;
  ASSERT_TRUE(pgdb.Read([&](store::Connection& conn) -> core::Status {
                    auto rows = conn.Query(
                        "SELECT case_id, kind, data_json FROM timeline "
                        "WHERE kind IN ('escalation', 'breach')");
                    if (!rows) return rows.error();
                    for (const auto& r : *rows) {
                      const json::value data = json::parse(r.Text(2));
                      const int64_t step =
                          r.Text(1) == "breach" ? -1 : data.at("step").to_number<int64_t>();
                      ++fired[{r.Int(0), std::string(data.at("target").as_string()), step}];
                    }
                    auto all = conn.Query("SELECT case_id, target_key, step FROM timers");
                    if (!all) return all.error();
                    for (const auto& r : *all) {
                      ++timers;
                      const auto key = std::make_tuple(r.Int(0), r.Text(1), r.Int(2));
                      EXPECT_EQ(fired[key], 1)
                          << "case " << r.Int(0) << " target " << r.Text(1) << " step " << r.Int(2);
                    }
                    auto n = conn.QueryOne("SELECT COUNT(*) FROM cases");
                    if (!n) return n.error();
                    cases = (**n).Int(0);
                    auto dup = conn.QueryOne(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM notifications "
                        "GROUP BY case_id, user_id, title HAVING COUNT(*) > 1) AS d");
                    if (!dup) return dup.error();
                    duplicate_notifications = (**dup).Int(0);
                    return {};
                  })
                  .ok());
  std::printf(
      "acknowledged %zu cases (%d on another node than the login), %lld in the "
      "database, %lld timers fired\n",
      acknowledged.size(), cross_node.load(), static_cast<long long>(cases),
      static_cast<long long>(timers));
  EXPECT_GE(cases, int64_t(acknowledged.size()));
  EXPECT_EQ(timers, 4 * cases);  // breach marker + three steps per case
  EXPECT_EQ(int64_t(fired.size()), timers) << "timeline entries without a timer";
  EXPECT_EQ(duplicate_notifications, 0);

  ran = RunCsqmCommand("audit verify" + db);
  EXPECT_EQ(ran.status, 0) << ran.output;
  std::filesystem::remove_all(root);
  pg.DropDatabase(name);
}

}  // namespace
}  // namespace csqm::test
