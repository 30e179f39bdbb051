// csqm_bench_gen: fills a data folder with realistic cases for the HTTP benchmark, and measures
// the raw insert rate of the store (no HTTP) on the way.
//
//   csqm_bench_gen --data DIR --cases N [--threads 64] [--seed S] [--mode history|open]
//                  [--projects 20] [--customers 20000] [--json FILE]
//
// The folder is opened through cli::Runtime::Open (migrations), the property template is
// loaded (app::LoadTemplate), and a fictional company is created once: BENCH-* organisation
// units (a company, `--projects` projects with a 客服中心 and a 工程部 each), users of every
// role (login bench.*, password csqm-bench-2026) and `--customers` customers. Then cases are
// inserted by `--threads` threads, one store Write per case (so group commit batches them
// exactly as it batches the server's requests), until the database holds N cases:
//
//   --mode history (default): cases received over the 180 days before the first run, each with
//     its whole life so far written in its one Write, through the app's own code: LoadCaseConfig,
//     NextNumber, Insert, ReplanTargets (core::PlanTarget: SLA targets and timers), the search
//     row (queued for the background indexer), RecordChange (timeline + hash-chained audit row) for
//     "created", then — depending on how far the case got by now — a transfer (with its
//     notification), arrival / first reply / resolution (MeetTargets), a pause (ApplyPauseChange)
//     and the transition to its current status (Update + RecordChange). Old cases are closed;
//     recent ones are open in every status. At the end the timers already due are fired with
//     app::RunDueTimers at the generation's "now", as the server's timer runner would have.
//   --mode open: app::OpenCase itself with the system clock — exactly what POST /api/v1/cases
//     stores (minus HTTP, authentication and the read-back). Use it on a fresh folder to
//     measure the store's limit for case creation.
//
// Resumable: DIR/bench-gen.json records the generation's "now" and seed; a second run on the
// same folder reuses the company and adds only the missing cases (none when N are there).
// Reports cases/s, rows/s, commits and the mean batch of the case phase, and prints one JSON
// line (also written to --json FILE).
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/audit.hpp"
#include "app/case_config.hpp"
#include "app/cases.hpp"
#include "app/demo_text.hpp"
#include "app/escalation.hpp"
#include "app/seed.hpp"
#include "app/sla_service.hpp"
#include "app/timeline.hpp"
#include "cli/runtime.hpp"
#include "platform/adapters.hpp"
#include "platform/config.hpp"
#include "platform/template_files.hpp"
#include "store/sql_store.hpp"

#ifndef CSQM_SOURCE_DIR
#define CSQM_SOURCE_DIR "."
#endif

namespace {

namespace json = boost::json;
using namespace csqm;
using app::Id;
using core::Instant;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr const char* kPassword = "csqm-bench-2026";
constexpr const char* kCompanyCode = "BENCH";
constexpr int kAgentsPerProject = 10;
constexpr int kFieldPerProject = 8;
constexpr int64_t kSpanDays = 180;

// --- Options --------------------------------------------------------------------------------

struct Options {
  std::string data;
  int64_t cases = 0;
  int threads = 64;
  uint64_t seed = 20261126;
  std::string mode = "history";
  int projects = 20;
  int customers = 20000;
  std::string json_path;
  std::string template_dir = std::string(CSQM_SOURCE_DIR) + "/templates/property";
};

[[noreturn]] void Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "csqm_bench_gen: " << problem << "\n";
  std::cerr << "usage: csqm_bench_gen --data DIR --cases N [--threads 64] [--seed S]\n"
               "                      [--mode history|open] [--projects 20] [--customers 20000]\n"
               "                      [--json FILE] [--template DIR]\n";
  std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--data")
        o.data = value();
      else if (arg == "--cases")
        o.cases = std::stoll(value());
      else if (arg == "--threads")
        o.threads = std::stoi(value());
      else if (arg == "--seed")
        o.seed = std::stoull(value());
      else if (arg == "--mode")
        o.mode = value();
      else if (arg == "--projects")
        o.projects = std::stoi(value());
      else if (arg == "--customers")
        o.customers = std::stoi(value());
      else if (arg == "--json")
        o.json_path = value();
      else if (arg == "--template")
        o.template_dir = value();
      else if (arg == "-h" || arg == "--help")
        Usage("");
      else
        Usage("unknown argument " + arg);
    } catch (const std::exception&) {
      Usage("bad value for " + arg);
    }
  }
  if (o.data.empty()) Usage("--data is required");
  if (o.cases < 0) Usage("--cases must be >= 0");
  if (o.threads < 1 || o.threads > 1024) Usage("--threads must be 1..1024");
  if (o.mode != "history" && o.mode != "open") Usage("--mode must be history or open");
  if (o.projects < 1 || o.projects > 500) Usage("--projects must be 1..500");
  if (o.customers < o.projects) Usage("--customers must be at least --projects");
  return o;
}

[[noreturn]] void Fail(const std::string& what, const core::Error& e) {
  std::cerr << "csqm_bench_gen: " << what << ": " << e.reason << ": " << e.message_en << "\n";
  std::exit(1);
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// --- Random helpers --------------------------------------------------------------------------

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

struct Rng {
  std::mt19937_64 gen;
  explicit Rng(uint64_t seed) : gen(SplitMix(seed)) {}
  int64_t Int(int64_t lo, int64_t hi) {  // inclusive
    return lo + int64_t(gen() % uint64_t(hi - lo + 1));
  }
  double Real(double lo, double hi) {
    return lo + (hi - lo) * double(gen() >> 11) * (1.0 / 9007199254740992.0);
  }
  bool Chance(double p) { return Real(0, 1) < p; }
  template <class V>
  const typename V::value_type& Pick(const V& v) {
    return v[size_t(gen() % v.size())];
  }
};

// --- Text -------------------------------------------------------------------------------------

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                     "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
constexpr const char* kGiven[] = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",
                                  "洋",   "艳",   "勇",   "军",   "杰",   "娟",   "涛",   "明",
                                  "超",   "秀英", "霞",   "平",   "刚",   "桂英", "建华", "文",
                                  "玉兰", "红梅", "志强", "晓东", "海燕", "欣怡", "子轩", "浩然"};
constexpr const char* kEstates[] = {"翠湖", "滨江", "锦绣", "御景", "金色", "阳光", "碧桂",
                                    "紫荆", "云山", "星河", "海棠", "枫林", "南湖", "东方",
                                    "西苑", "北辰", "春晓", "秋实", "华庭", "雅居"};
constexpr const char* kEstateKinds[] = {"花园", "公寓", "家园", "华府", "名苑"};
constexpr const char* kShops[] = {"便利店", "咖啡馆", "幼儿园", "水果店", "口腔诊所", "洗衣店"};

// Sentences that make up the rest of a ~200-character description. The benchmark's search
// words (漏水 电梯 噪音 物业 停车 保安) each occur in a few of them, 物业 in the most.
const std::vector<std::string_view>& Sentences() {
  static const std::vector<std::string_view> kSentences = {
      "业主希望物业尽快安排人员上门查看，并在处理前电话告知。",
      "业主表示此前已向物业前台口头反映过一次，但一直没有得到答复。",
      "业主提到楼上卫生间可能漏水，自家天花板已出现明显水渍。",
      "据业主描述，最近一周电梯经常停在某一层不动，等候时间较长。",
      "业主反映夜间设备噪音明显，影响家中老人和孩子休息。",
      "业主称地下停车场照明不足，停车时看不清地面标线。",
      "业主要求保安加强夜间巡逻，并核查外来车辆的进出登记。",
      "客服已记录业主联系方式，约定上午十点以后电话回访。",
      "业主同意维修人员在工作日下午上门，届时家中有人。",
      "现场照片已由业主通过微信发给管家，需工程部进一步确认原因。",
      "业主情绪较为激动，要求给出明确的处理时间和责任人。",
      "此前同楼层其他住户也反映过类似情况，建议一并排查。",
      "业主希望处理结果以短信形式告知，并保留书面记录。",
      "管家已初步核实情况属实，需要相关部门协同处理。",
      "业主询问是否需要承担维修费用，客服已说明收费标准。",
      "业主反映小区门口临时停车收费标准不清楚，希望物业公示。",
      "业主称电梯轿厢内空调不制冷，夏天乘坐非常闷热。",
      "业主反映楼道消防门关闭不严，冬天冷风直接灌入。",
      "业主建议保安在访客高峰时段增加一名值班人员。",
      "业主担心漏水会影响楼下邻居，希望尽快止损。",
      "业主表示周末装修噪音太大，物业应督促施工队遵守时间。",
      "业主反映垃圾分类点异味较大，清运时间也不固定。",
      "业主要求物业提供近三个月的公共区域能耗明细。",
      "客服已告知业主紧急情况可拨打二十四小时值班电话。",
      "业主反映快递员经常把包裹放在门口，担心丢失。",
      "业主提到小区健身器材有部分损坏，儿童使用存在安全隐患。",
      "业主希望物业在业主群里及时通报处理进展。",
      "业主表示愿意配合入户检查，但希望提前一天预约。",
      "业主反映单元门口的监控摄像头角度偏移，看不清出入人员。",
      "业主称上次维修后问题只缓解了几天，又开始出现。",
      "业主询问物业服务中心周末是否有人值班。",
      "业主建议在地库入口增加减速带和停车引导标识。",
      "业主反映门岗保安换班时无人值守，存在安全漏洞。",
      "业主称空调外机噪音和震动传到卧室，晚上难以入睡。",
      "业主提到雨天外墙渗漏，窗台下方墙纸已经起皮。",
      "业主要求维修完成后清理现场，不要留下建筑垃圾。",
  };
  return kSentences;
}

size_t Utf8Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Room(Rng& rng) {
  return std::to_string(rng.Int(1, 18)) + "栋" + std::to_string(rng.Int(1, 3)) + "单元" +
         std::to_string(rng.Int(2, 30)) + (rng.Chance(0.5) ? "01" : "02");
}

// A title from the demo's texts of the category and a description of about 200 characters.
void CaseText(Rng& rng, const std::string& category_key, const std::string& unit,
              std::string& title, std::string& description) {
  const app::demo::CategoryText* text = app::demo::TextFor(category_key);
  const int building = int(rng.Int(1, 18));
  if (text && !text->cases.empty()) {
    const app::demo::CaseText& c = rng.Pick(text->cases);
    title = std::string(c.title);
    description = app::demo::Fill(c.description, unit, building);
  } else {
    title = "业主来电反映问题";
    description = "业主（" + unit + "）来电反映问题。";
  }
  if (rng.Chance(0.15)) title += "（再次反映）";
  // Distinct sentences (a partial shuffle of the pool), until about 200 characters.
  std::vector<std::string_view> pool = Sentences();
  for (size_t i = 0; i < pool.size() && Utf8Chars(description) < 185; ++i) {
    std::swap(pool[i], pool[i + size_t(rng.Int(0, int64_t(pool.size() - i) - 1))]);
    description += std::string(pool[i]);
  }
}

// --- The company ------------------------------------------------------------------------------

struct ProjectInfo {
  Id unit = 0, desk = 0, eng = 0;
  std::string desk_path;
  Id manager = 0, desk_supervisor = 0, eng_supervisor = 0;
  std::vector<Id> agents, field;
  std::vector<Id> customers;  // indices into World::customers
};

struct CustomerInfo {
  Id id = 0;
  std::string name, unit;
  int project = 0;
};

struct World {
  std::vector<ProjectInfo> projects;
  std::vector<CustomerInfo> customers;
};

std::string ProjectCode(int p) {
  char code[32];
  std::snprintf(code, sizeof code, "BENCH-P%02d", p + 1);
  return code;
}

std::string Login(int p, const std::string& what) {
  return "bench.p" + std::to_string(p + 1) + "." + what;
}

std::string Phone(int64_t n) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "139%08lld", static_cast<long long>(n % 100000000));
  return digits;
}

store::Database& DatabaseOf(app::Services& s) {
  return dynamic_cast<store::SqlStore&>(s.store).database();
}

// Creates the company, its staff and customers (once), each row audited as the app does.
void CreateWorld(app::Services& s, const Options& o) {
  auto hash = s.crypto.HashPassword(kPassword);
  if (!hash) Fail("hashing the password", hash.error());
  const Instant now = s.clock.Now();
  auto st = s.store.Write([&](app::Tx& tx) -> core::Status {
    auto unit = [&](const std::string& kind, const std::string& code, const std::string& name,
                    std::optional<Id> parent) -> core::Result<app::OrgUnit> {
      app::OrgUnit u;
      u.parent_id = parent;
      u.kind = kind;
      u.code = code;
      u.name = name;
      u.created_at = now;
      auto stored = tx.Org().InsertUnit(u);
      if (!stored) return stored.error();
      json::object data{{"code", code}, {"name", name}, {"kind", kind}};
      if (auto a = app::AppendAudit(tx, s.crypto, now, std::nullopt, "org_unit.create", "org_unit",
                                    stored->id, json::serialize(data));
          !a) {
        return a.error();
      }
      return stored;
    };
    int user_no = 0;
    auto user = [&](const std::string& login, const std::string& name, core::Role role, Id unit_id,
                    std::optional<Id> boss) -> core::Result<Id> {
      app::User u;
      u.login = login;
      u.display_name = name;
      u.password_hash = *hash;
      u.role = role;
      u.org_unit_id = unit_id;
      u.supervisor_id = boss;
      u.phone = Phone(77000000 + ++user_no);
      u.email = login + "@example.com";
      u.created_at = now;
      auto stored = tx.Org().InsertUser(u);
      if (!stored) return stored.error();
      json::object data{{"login", login}, {"role", core::RoleName(role)}, {"org_unit_id", unit_id}};
      if (auto a = app::AppendAudit(tx, s.crypto, now, std::nullopt, "user.create", "user",
                                    stored->id, json::serialize(data));
          !a) {
        return a.error();
      }
      return stored->id;
    };
    auto company = unit("company", kCompanyCode, "压测物业服务集团（基准测试）", std::nullopt);
    if (!company) return company.error();
    for (auto [login, name, role] :
         {std::tuple{"bench.admin", "系统管理员", core::Role::kAdmin},
          std::tuple{"bench.manager", "集团客服总监", core::Role::kManager},
          std::tuple{"bench.quality", "品质经理", core::Role::kQualityManager},
          std::tuple{"bench.auditor", "审计专员", core::Role::kAuditor}}) {
      if (auto u = user(login, name, role, company->id, std::nullopt); !u) return u.error();
    }
    for (int p = 0; p < o.projects; ++p) {
      const std::string code = ProjectCode(p);
      const std::string estate = std::string(kEstates[p % std::size(kEstates)]) +
                                 kEstateKinds[(p / std::size(kEstates)) % std::size(kEstateKinds)];
      auto project = unit("project", code, estate + "项目", company->id);
      if (!project) return project.error();
      auto desk = unit("department", code + "-KF", estate + "客服中心", project->id);
      if (!desk) return desk.error();
      auto eng = unit("department", code + "-GC", estate + "工程部", project->id);
      if (!eng) return eng.error();
      auto manager = user(Login(p, "manager"), estate + "项目经理", core::Role::kManager,
                          project->id, std::nullopt);
      if (!manager) return manager.error();
      auto sup = user(Login(p, "supervisor"), estate + "客服主管", core::Role::kSupervisor,
                      desk->id, *manager);
      if (!sup) return sup.error();
      auto eng_sup =
          user(Login(p, "eng"), estate + "工程主管", core::Role::kSupervisor, eng->id, *manager);
      if (!eng_sup) return eng_sup.error();
      for (int i = 0; i < kAgentsPerProject; ++i) {
        const std::string name = std::string(kSurnames[(p * 7 + i) % std::size(kSurnames)]) +
                                 kGiven[(p * 3 + i) % std::size(kGiven)];
        auto a = user(Login(p, "agent" + std::to_string(i + 1)), name, core::Role::kAgent, desk->id,
                      *sup);
        if (!a) return a.error();
      }
      for (int i = 0; i < kFieldPerProject; ++i) {
        const std::string name = std::string(kSurnames[(p * 5 + i + 3) % std::size(kSurnames)]) +
                                 kGiven[(p * 11 + i + 5) % std::size(kGiven)];
        auto f = user(Login(p, "field" + std::to_string(i + 1)), name, core::Role::kFieldStaff,
                      eng->id, *eng_sup);
        if (!f) return f.error();
      }
    }
    return {};
  });
  if (!st) Fail("creating the company and its staff", st.error());

  // Customers: 1,000 per transaction, spread evenly over the projects' 客服中心.
  std::map<int, Id> desks;
  st = s.store.Read([&](app::Tx& tx) -> core::Status {
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    for (const auto& u : *units) {
      for (int p = 0; p < o.projects; ++p) {
        if (u.code == ProjectCode(p) + "-KF") desks[p] = u.id;
      }
    }
    return {};
  });
  if (!st) Fail("reading the organisation", st.error());
  Rng rng(o.seed ^ 0xC0FFEE);
  for (int first = 0; first < o.customers; first += 1000) {
    const int last = std::min(o.customers, first + 1000);
    st = s.store.Write([&](app::Tx& tx) -> core::Status {
      for (int n = first; n < last; ++n) {
        const int p = n % o.projects;
        app::Customer c;
        const bool shop = n % 41 == 7;
        c.kind = shop ? core::CustomerKind::kOrganisation : core::CustomerKind::kIndividual;
        c.name = shop ? std::string(kShops[rng.Int(0, std::size(kShops) - 1)]) + std::to_string(n)
                      : std::string(kSurnames[rng.Int(0, std::size(kSurnames) - 1)]) +
                            kGiven[rng.Int(0, std::size(kGiven) - 1)];
        c.phone = Phone(n);
        c.unit = shop ? std::to_string(rng.Int(1, 20)) + "号商铺" : Room(rng);
        c.address = std::string(kEstates[p % std::size(kEstates)]);
        c.org_unit_id = desks.at(p);
        c.tier = shop               ? core::CustomerTier::kKeyAccount
                 : rng.Chance(0.08) ? core::CustomerTier::kVip
                                    : core::CustomerTier::kOrdinary;
        json::object attributes{{"area_m2", rng.Int(58, 168)}, {"household", rng.Int(1, 6)}};
        c.attributes_json = json::serialize(attributes);
        c.created_at = now;
        auto added = tx.Customers().Insert(c);
        if (!added) return added.error();
        json::object data{{"tier", core::Name(added->tier)}};
        if (auto a = app::AppendAudit(tx, s.crypto, now, std::nullopt, "customer.create",
                                      "customer", added->id, json::serialize(data));
            !a) {
          return a;
        }
      }
      return {};
    });
    if (!st) Fail("creating customers", st.error());
  }
}

// Reads the company back (after creating it, or on a later run).
World LoadWorld(app::Services& s, const Options& o) {
  World w;
  w.projects.resize(size_t(o.projects));
  std::map<Id, int> project_of_desk;
  auto st = DatabaseOf(s).Read([&](store::Connection& conn) -> core::Status {
    auto units = conn.Query("SELECT id, code, path FROM org_units WHERE code LIKE 'BENCH-P%'");
    if (!units) return units.error();
    for (const auto& r : *units) {
      const std::string& code = r.Text(1);
      for (int p = 0; p < o.projects; ++p) {
        const std::string pc = ProjectCode(p);
        auto& info = w.projects[size_t(p)];
        if (code == pc) info.unit = r.Int(0);
        if (code == pc + "-KF") {
          info.desk = r.Int(0);
          info.desk_path = r.Text(2);
          project_of_desk[info.desk] = p;
        }
        if (code == pc + "-GC") info.eng = r.Int(0);
      }
    }
    auto users = conn.Query("SELECT id, login FROM users WHERE login LIKE 'bench.p%' ORDER BY id");
    if (!users) return users.error();
    for (const auto& r : *users) {
      const std::string& login = r.Text(1);
      const size_t dot = login.find('.', 7);
      if (dot == std::string::npos) continue;
      const int p = std::atoi(login.c_str() + 7) - 1;
      if (p < 0 || p >= o.projects) continue;
      auto& info = w.projects[size_t(p)];
      const std::string role = login.substr(dot + 1);
      if (role == "manager")
        info.manager = r.Int(0);
      else if (role == "supervisor")
        info.desk_supervisor = r.Int(0);
      else if (role == "eng")
        info.eng_supervisor = r.Int(0);
      else if (role.rfind("agent", 0) == 0)
        info.agents.push_back(r.Int(0));
      else if (role.rfind("field", 0) == 0)
        info.field.push_back(r.Int(0));
    }
    auto customers = conn.Query("SELECT id, name, unit, org_unit_id FROM customers ORDER BY id");
    if (!customers) return customers.error();
    for (const auto& r : *customers) {
      auto it = project_of_desk.find(r.Int(3));
      if (it == project_of_desk.end()) continue;
      w.projects[size_t(it->second)].customers.push_back(Id(w.customers.size()));
      w.customers.push_back({r.Int(0), r.Text(1), r.Text(2), it->second});
    }
    return {};
  });
  if (!st) Fail("reading the company", st.error());
  for (int p = 0; p < o.projects; ++p) {
    const auto& info = w.projects[size_t(p)];
    if (!info.desk || !info.eng || !info.manager || !info.desk_supervisor || info.agents.empty() ||
        info.field.empty() || info.customers.empty()) {
      std::cerr << "csqm_bench_gen: the data folder holds an incomplete or different bench "
                   "company (project "
                << p + 1 << "); use a new --data folder\n";
      std::exit(1);
    }
  }
  return w;
}

// --- Categories -------------------------------------------------------------------------------

struct CategoryInfo {
  Id id = 0;
  std::string key;
  std::string type;  // complaint, inquiry, repair
  double weight = 0;
};

std::vector<CategoryInfo> LoadCategories(app::Services& s) {
  // Share of the cases per leaf category of the property template (sums to 100).
  const std::map<std::string, double> weights = {{"complaint.attitude.ordinary", 4},
                                                 {"complaint.attitude.serious", 1},
                                                 {"complaint.neighbour", 6},
                                                 {"complaint.other", 8},
                                                 {"repair.home_urgent", 6},
                                                 {"repair.simple", 14},
                                                 {"repair.other", 8},
                                                 {"repair.public_urgent", 3},
                                                 {"repair.public_other", 8},
                                                 {"inquiry.general", 16},
                                                 {"inquiry.fees", 12},
                                                 {"inquiry.outside_services", 6},
                                                 {"inquiry.other_departments", 8}};
  std::vector<CategoryInfo> out;
  auto st = s.store.Read([&](app::Tx& tx) -> core::Status {
    auto all = tx.Config().ListCategories();
    if (!all) return all.error();
    for (const auto& c : *all) {
      auto w = weights.find(c.key);
      if (w == weights.end() || !c.active) continue;
      out.push_back({c.id, c.key, c.key.substr(0, c.key.find('.')), w->second});
    }
    return {};
  });
  if (!st) Fail("reading the categories", st.error());
  if (out.size() != weights.size()) {
    std::cerr << "csqm_bench_gen: the property template's categories are missing\n";
    std::exit(1);
  }
  return out;
}

const CategoryInfo& PickCategory(Rng& rng, const std::vector<CategoryInfo>& cats) {
  double x = rng.Real(0, 100);
  for (const auto& c : cats) {
    if ((x -= c.weight) < 0) return c;
  }
  return cats.back();
}

core::Channel PickChannel(Rng& rng) {
  const double x = rng.Real(0, 1);
  if (x < 0.45) return core::Channel::kPhone;
  if (x < 0.70) return core::Channel::kWeChat;
  if (x < 0.85) return core::Channel::kWalkIn;
  if (x < 0.93) return core::Channel::kPortal;
  if (x < 0.97) return core::Channel::kOnSite;
  return core::Channel::kEmail;
}

core::Severity PickSeverity(Rng& rng, const std::string& key) {
  if (key == "complaint.attitude.serious") return core::Severity::kSerious;
  const double x = rng.Real(0, 1);
  return x < 0.90   ? core::Severity::kOrdinary
         : x < 0.98 ? core::Severity::kSerious
                    : core::Severity::kMajor;
}

// --- History mode: one case's whole life so far in one Write ------------------------------------

struct Shared {
  app::Services& s;
  const World& world;
  const std::vector<CategoryInfo>& categories;
  Instant now;  // the generation's "now": nothing happens after it
  uint64_t seed;
  int64_t total;  // cases of the whole generation (--cases)
};

Instant Plus(Instant t, double ms) { return t + milliseconds(int64_t(ms)); }

std::string StatusFor(const std::string& type, const std::string& stage, Rng& rng) {
  if (stage == "resolved") {
    if (type == "complaint") return rng.Chance(0.5) ? "resolved" : "pending_approval";
    return type == "inquiry" ? "answered" : "done";
  }
  return stage;
}

std::string TransitionKey(const std::string& type, const std::string& status) {
  static const std::map<std::string, std::string> keys = {
      {"complaint/closed", "approve_close"},
      {"inquiry/closed", "close"},
      {"repair/closed", "confirm"},
      {"complaint/resolved", "resolve"},
      {"complaint/pending_approval", "submit_close"},
      {"inquiry/answered", "answer"},
      {"repair/done", "finish"},
      {"complaint/in_progress", "accept"},
      {"repair/in_progress", "start"},
      {"repair/dispatched", "dispatch"},
      {"repair/waiting_parts", "wait_parts"}};
  if (status == "cancelled") return "cancel";
  if (status == "waiting_customer") return "wait_customer";
  auto it = keys.find(type + "/" + status);
  return it == keys.end() ? status : it->second;
}

core::Status WriteHistoryCase(const Shared& sh, int64_t k, app::Tx& tx) {
  auto& s = sh.s;
  Rng rng(sh.seed * 1000003ull + uint64_t(k));
  const int project = int(rng.Int(0, int64_t(sh.world.projects.size()) - 1));
  const ProjectInfo& pi = sh.world.projects[size_t(project)];
  const CustomerInfo& customer = sh.world.customers[size_t(rng.Pick(pi.customers))];
  const CategoryInfo& cat = PickCategory(rng, sh.categories);
  // Received: spread over the last 180 days in the order of k (ids grow with time), at
  // daytime more often than at night.
  const double span_ms = double(kSpanDays) * 86400000.0;
  const Instant start = sh.now - milliseconds(int64_t(span_ms));
  Instant received = Plus(start, span_ms * (double(k) - rng.Real(0, 1)) / double(sh.total));
  if (received > sh.now - minutes(3)) received = sh.now - minutes(3);
  const Instant created = Plus(received, rng.Real(5e3, 120e3));

  auto config = app::LoadCaseConfig(tx, s.config, cat.id);
  if (!config) return config.error();
  const std::string& type = cat.type;
  const bool repair = type == "repair";
  const Id owner = rng.Pick(pi.agents);
  const std::optional<Id> assignee = repair ? rng.Pick(pi.field) : owner;

  app::CaseRecord r;
  r.month = app::LocalMonth(*config->schedule, received);
  auto number = tx.Cases().NextNumber(config->type.prefix, r.month);
  if (!number) return number.error();
  r.number = std::move(*number);
  r.case_type_id = config->type.id;
  r.category_id = config->category.id;
  CaseText(rng, cat.key, customer.unit, r.title, r.description);
  r.channel = PickChannel(rng);
  r.severity = PickSeverity(rng, cat.key);
  r.status = config->workflow->initial;
  r.customer_id = customer.id;
  r.owner_id = owner;
  r.assignee_id = assignee;
  r.org_unit_id = pi.desk;
  r.received_at = received;
  r.created_at = created;
  r.updated_at = created;
  auto inserted = tx.Cases().Insert(r);
  if (!inserted) return inserted.error();
  r = std::move(*inserted);
  if (auto st = app::ReplanTargets(tx, *config, r, true); !st) return st;
  if (auto st = tx.Cases().Reindex(r.id); !st) return st;
  {
    json::object data{{"number", r.number},
                      {"category", config->category.key},
                      {"severity", core::Name(r.severity)},
                      {"received_at", r.received_at.time_since_epoch().count()},
                      {"assignee_id", *assignee}};
    if (auto st = app::RecordChange(tx, s, r, owner, created,
                                    {"created", "", json::serialize(data), "public"});
        !st) {
      return st;
    }
  }

  // The life of the case, timed against its SLA target's due time.
  auto targets = tx.Cases().Targets(r.id);
  if (!targets) return targets.error();
  const core::SlaTarget* target =
      config->policy->targets.empty() ? nullptr : &config->policy->targets[0];
  Instant due = received + hours(4);
  if (!targets->empty() && targets->front().due_at) due = *targets->front().due_at;
  const double limit_ms = std::max(60e3, double((due - received).count()));
  const bool late = rng.Chance(0.08);
  Instant met = Plus(received, limit_ms * (late ? rng.Real(1.05, 2.5) : rng.Real(0.15, 0.95)));
  if (met < created + minutes(1)) met = created + minutes(1);
  const core::MetEvent event = target ? target->met_by.event : core::MetEvent::kResolved;
  Instant resolved = met;
  if (event == core::MetEvent::kArrival) {
    resolved = Plus(met, repair ? rng.Real(20 * 60e3, 6 * 3600e3) : rng.Real(10 * 60e3, 86400e3));
  }
  Instant closed = Plus(resolved, rng.Real(30 * 60e3, 48 * 3600e3));
  const bool cancelled = rng.Chance(0.02);
  if (cancelled) closed = Plus(created, rng.Real(10 * 60e3, 86400e3));
  const bool stuck = !cancelled && rng.Chance(0.003);  // never resolved (yet)
  const Instant never = Instant::max();
  if (stuck) resolved = closed = never;
  const Instant now = sh.now;

  // A transfer (转办) before the case was resolved.
  std::optional<std::pair<Instant, Id>> transfer;
  if (rng.Chance(0.4)) {
    const Instant at = Plus(created, rng.Real(5 * 60e3, 3 * 3600e3));
    const Id to = repair ? rng.Pick(pi.field) : rng.Pick(pi.agents);
    if (at <= now && at < resolved && at < closed && to != *assignee) transfer = {at, to};
  }

  // Where the case is now.
  std::string status;
  Instant status_at = created;
  if (closed <= now) {
    status = cancelled ? "cancelled" : "closed";
    status_at = closed;
  } else if (!cancelled && resolved <= now) {
    status = StatusFor(type, "resolved", rng);
    status_at = resolved;
  } else if (event == core::MetEvent::kArrival && met <= now && !cancelled) {
    status = "in_progress";
    status_at = met;
  } else {
    const auto age = now - created;
    if (type == "complaint") {
      status = age < minutes(30) ? "new" : rng.Chance(0.15) ? "waiting_customer" : "in_progress";
    } else if (type == "inquiry") {
      status = age > hours(1) && rng.Chance(0.15) ? "waiting_customer" : "new";
    } else {
      status = age < minutes(15)                    ? "new"
               : age > hours(2) && rng.Chance(0.15) ? "waiting_parts"
               : rng.Chance(0.5)                    ? "dispatched"
                                                    : "in_progress";
    }
    status_at = Plus(created, double((now - created).count()) * rng.Real(0.1, 0.9));
  }
  const bool changed_status = status != r.status;
  const std::string old_status = r.status;
  const core::WorkflowStatus* to = config->workflow->Status(status);
  if (!to) return core::MakeError(core::ErrorCode::kInternal, "bench.bad_status", status, status);

  if (transfer) {
    r.assignee_id = transfer->second;
    app::Notification n;
    n.user_id = transfer->second;
    n.case_id = r.id;
    n.kind = "assigned";
    n.title = "工单 " + r.number + " 已转给您 / case " + r.number + " assigned to you";
    n.body = std::string(rng.Pick(app::demo::Phrases(repair ? app::demo::Phrase::kRedispatch
                                                            : app::demo::Phrase::kHandover)));
    n.created_at = transfer->first;
    if (auto added = tx.Notifications().Add(n); !added) return added.error();
    json::object data{{"from", *assignee}, {"to", transfer->second}, {"owner_id", owner}};
    if (auto st = app::RecordChange(tx, s, r, owner, transfer->first,
                                    {"assigned", n.body, json::serialize(data), "internal"});
        !st) {
      return st;
    }
  }
  // Events that happened: arrival, first public reply, resolution (each meets its targets).
  const bool arrived = event == core::MetEvent::kArrival && met <= now && !cancelled;
  if (arrived) {
    r.arrived_at = met;
    if (auto st = app::MeetTargets(tx, *config, r, core::MetEvent::kArrival, "", met); !st)
      return st;
  }
  if (to->resolved || (to->final && !cancelled)) {
    const Instant reply = event == core::MetEvent::kFirstPublicReply ? met : resolved;
    r.first_reply_at = reply;
    r.resolved_at = resolved;
    if (auto st = app::MeetTargets(tx, *config, r, core::MetEvent::kFirstPublicReply, "", reply);
        !st) {
      return st;
    }
    if (auto st = app::MeetTargets(tx, *config, r, core::MetEvent::kResolved,
                                   to->final ? "closed" : status, resolved);
        !st) {
      return st;
    }
  }
  json::object fields;
  if (changed_status) {
    r.status = status;
    r.status_final = to->final;
    r.updated_at = status_at;
    if (to->final) r.closed_at = closed;
    if (to->pauses_sla) {
      if (auto st = app::ApplyPauseChange(tx, *config, r, old_status, status_at); !st) return st;
    }
    if (auto st = app::MeetTargets(tx, *config, r, core::MetEvent::kStatus, r.status, status_at);
        !st) {
      return st;
    }
    if (to->final) {
      if (auto st = tx.Cases().CancelTimers(r.id, std::nullopt); !st) return st;
    }
    using app::demo::Phrase;
    if (status == "cancelled") {
      fields["reason"] = std::string(rng.Pick(app::demo::Phrases(Phrase::kCancel)));
    } else if (status == "waiting_customer") {
      fields["reason"] = std::string(rng.Pick(app::demo::Phrases(Phrase::kWaitCustomer)));
    } else if (status == "waiting_parts") {
      fields["reason"] = std::string(rng.Pick(app::demo::Phrases(Phrase::kWaitParts)));
    } else if (r.resolved_at) {
      const app::demo::CategoryText* text = app::demo::TextFor(cat.key);
      const std::string outcome =
          text && !text->outcomes.empty() ? std::string(rng.Pick(text->outcomes)) : "已处理完毕。";
      if (type == "complaint") {
        fields["resolution"] = outcome;
        fields["cause"] =
            text && !text->causes.empty() ? std::string(rng.Pick(text->causes)) : "原因已查明。";
      } else {
        fields[type == "inquiry" ? "answer" : "work_done"] = outcome;
      }
    }
    if (!fields.empty()) {
      json::object custom;
      for (const auto& [key, value] : fields) custom[key] = value;
      r.custom_json = json::serialize(custom);
    }
  } else if (transfer) {
    r.updated_at = transfer->first;
  }
  if (changed_status || transfer || arrived) {
    auto saved = tx.Cases().Update(r, 1);
    if (!saved) return saved.error();
    r = std::move(*saved);
  }
  if (changed_status) {
    json::object data{{"transition", TransitionKey(type, status)},
                      {"from", old_status},
                      {"to", status},
                      {"fields", fields}};
    if (auto st = app::RecordChange(tx, s, r, r.assignee_id.value_or(owner), status_at,
                                    {"transition", "", json::serialize(data), "public"});
        !st) {
      return st;
    }
  } else if (!transfer) {
    // Still new and not transferred: the agent's first note.
    const Instant at = std::min(now, Plus(created, rng.Real(60e3, 600e3)));
    const std::string body(rng.Pick(app::demo::Phrases(app::demo::Phrase::kInternalNote)));
    if (auto st = app::RecordChange(tx, s, r, owner, at, {"comment", body, "{}", "internal"});
        !st) {
      return st;
    }
  }
  return {};
}

// --- Open mode: app::OpenCase ----------------------------------------------------------------

struct Actors {
  std::map<Id, app::Actor> by_id;
};

Actors LoadActors(app::Services& s, const World& w) {
  Actors a;
  auto st = s.store.Read([&](app::Tx& tx) -> core::Status {
    for (const auto& p : w.projects) {
      for (Id id : p.agents) {
        auto u = tx.Org().GetUser(id);
        if (!u) return u.error();
        a.by_id[id] = app::Actor{*u, p.desk_path};
      }
    }
    return {};
  });
  if (!st) Fail("reading the agents", st.error());
  return a;
}

// --- Counting ---------------------------------------------------------------------------------

// Rows per table: count(*), except for the append-only audit log and the search queue (their
// last ids: the indexer deletes the queue rows it has done).
constexpr std::pair<const char*, const char*> kCountedTables[] = {
    {"cases", "SELECT count(*) FROM cases"},
    {"case_targets", "SELECT count(*) FROM case_targets"},
    {"case_pauses", "SELECT count(*) FROM case_pauses"},
    {"timers", "SELECT count(*) FROM timers"},
    {"timeline", "SELECT count(*) FROM timeline"},
    {"audit_log", "SELECT coalesce(max(id), 0) FROM audit_log"},
    {"notifications", "SELECT count(*) FROM notifications"},
    {"outbox", "SELECT count(*) FROM outbox"},
    {"search_queue", "SELECT coalesce(max(id), 0) FROM search_queue"}};

int64_t CountRows(store::Database& db, std::map<std::string, int64_t>* per_table = nullptr) {
  int64_t total = 0;
  auto st = db.Read([&](store::Connection& conn) -> core::Status {
    for (const auto& [table, sql] : kCountedTables) {
      auto row = conn.QueryOne(sql);
      if (!row) return row.error();
      const int64_t n = row->has_value() ? (*row)->Int(0) : 0;
      total += n;
      if (per_table) (*per_table)[table] = n;
    }
    return {};
  });
  if (!st) Fail("counting rows", st.error());
  return total;
}

int64_t CountCases(store::Database& db) {
  int64_t n = 0;
  auto st = db.Read([&](store::Connection& conn) -> core::Status {
    auto row = conn.QueryOne("SELECT count(*) FROM cases");
    if (!row) return row.error();
    n = row->has_value() ? (*row)->Int(0) : 0;
    return {};
  });
  if (!st) Fail("counting cases", st.error());
  return n;
}

// --- Marker -----------------------------------------------------------------------------------

struct Marker {
  bool exists = false;
  int64_t now_ms = 0;
  uint64_t seed = 0;
  int projects = 0;
  int customers = 0;
  std::string mode;
  bool complete = false;
};

std::string MarkerPath(const Options& o) { return o.data + "/bench-gen.json"; }

Marker ReadMarker(const Options& o) {
  Marker m;
  std::ifstream in(MarkerPath(o));
  if (!in) return m;
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(text.str(), ec);
  if (ec || !v.is_object()) return m;
  const auto& obj = v.as_object();
  m.exists = true;
  m.now_ms = obj.contains("now_ms") ? obj.at("now_ms").to_number<int64_t>() : 0;
  m.seed = obj.contains("seed") ? obj.at("seed").to_number<uint64_t>() : 0;
  m.projects = obj.contains("projects") ? obj.at("projects").to_number<int>() : 0;
  m.customers = obj.contains("customers") ? obj.at("customers").to_number<int>() : 0;
  m.mode = obj.contains("mode") ? std::string(obj.at("mode").as_string()) : "";
  m.complete = obj.contains("complete") && obj.at("complete").as_bool();
  return m;
}

void WriteMarker(const Options& o, const Marker& m, int64_t cases) {
  json::object obj{{"now_ms", m.now_ms},     {"seed", m.seed},
                   {"projects", m.projects}, {"customers", m.customers},
                   {"mode", m.mode},         {"complete", m.complete},
                   {"cases", cases}};
  const std::string tmp = MarkerPath(o) + ".tmp";
  {
    std::ofstream out(tmp);
    out << json::serialize(obj) << "\n";
  }
  std::filesystem::rename(tmp, MarkerPath(o));
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  std::filesystem::create_directories(o.data);
  Marker marker = ReadMarker(o);
  if (marker.exists && (marker.projects != o.projects || marker.mode != o.mode)) {
    std::cerr << "csqm_bench_gen: " << MarkerPath(o) << " was made with --mode " << marker.mode
              << " --projects " << marker.projects << "; use the same or a new --data folder\n";
    return 1;
  }
  if (!marker.exists) {
    if (std::filesystem::exists(o.data + "/csqm.db")) {
      std::cerr << "csqm_bench_gen: " << o.data
                << "/csqm.db exists but was not made by csqm_bench_gen; use a new folder\n";
      return 1;
    }
    marker.now_ms = platform::SystemClock().Now().time_since_epoch().count();
    marker.seed = o.seed;
    marker.projects = o.projects;
    marker.customers = o.customers;
    marker.mode = o.mode;
  }
  const Instant gen_now{milliseconds(marker.now_ms)};

  platform::Config config;
  config.data_dir = o.data;
  // History mode runs on a manual clock standing at the generation's "now" (the app's
  // timestamps of the world and the due timers); open mode on the system clock like the server.
  app::ManualClock clock(gen_now);
  auto runtime = cli::Runtime::Open(config, o.mode == "history" ? &clock : nullptr);
  if (!runtime) Fail("opening " + o.data, runtime.error());
  app::Services& s = (*runtime)->services();
  store::Database& db = DatabaseOf(s);

  const auto t_setup = std::chrono::steady_clock::now();
  if (!marker.exists) {
    auto files = platform::ReadTemplateFiles(o.template_dir);
    if (!files) Fail("reading the template " + o.template_dir, files.error());
    auto report = app::LoadTemplate(s, *files);
    if (!report) Fail("loading the template", report.error());
    CreateWorld(s, o);
    WriteMarker(o, marker, 0);
    marker.exists = true;
    std::cerr << "setup: template, company, " << o.customers << " customers in "
              << Seconds(std::chrono::steady_clock::now() - t_setup) << " s\n";
  }
  const World world = LoadWorld(s, o);
  const std::vector<CategoryInfo> categories = LoadCategories(s);

  const int64_t existing = CountCases(db);
  const int64_t todo = std::max<int64_t>(0, o.cases - existing);
  std::cerr << "database: " << existing << " cases; adding " << todo << " (mode " << o.mode << ", "
            << o.threads << " threads)\n";

  const int64_t rows_before = CountRows(db);
  const store::Database::Stats stats_before = db.stats();
  std::atomic<int64_t> next{0}, done{0}, failed{0};
  std::mutex error_mu;
  std::string first_error;
  const Shared shared{s, world, categories, gen_now, marker.seed, std::max<int64_t>(o.cases, 1)};
  const Actors actors = o.mode == "open" ? LoadActors(s, world) : Actors{};
  const auto t0 = std::chrono::steady_clock::now();

  auto worker = [&] {
    while (true) {
      const int64_t i = next.fetch_add(1);
      if (i >= todo) return;
      core::Status st;
      if (o.mode == "history") {
        const int64_t k = existing + i + 1;  // 1-based position in the whole generation
        st = s.store.Write([&](app::Tx& tx) { return WriteHistoryCase(shared, k, tx); });
      } else {
        Rng rng(marker.seed * 7919ull + uint64_t(existing + i));
        const auto& p = world.projects[size_t(rng.Int(0, int64_t(world.projects.size()) - 1))];
        const CustomerInfo& c = world.customers[size_t(rng.Pick(p.customers))];
        const CategoryInfo& cat = PickCategory(rng, categories);
        app::OpenCaseInput in;
        in.category_id = cat.id;
        CaseText(rng, cat.key, c.unit, in.title, in.description);
        in.channel = PickChannel(rng);
        in.severity = PickSeverity(rng, cat.key);
        in.customer_id = c.id;
        const app::Actor& actor = actors.by_id.at(rng.Pick(p.agents));
        auto opened = app::OpenCase(s, actor, in);
        if (!opened) st = opened.error();
      }
      if (!st) {
        failed.fetch_add(1);
        std::lock_guard lock(error_mu);
        if (first_error.empty()) first_error = st.error().reason + ": " + st.error().message_en;
      }
      const int64_t d = done.fetch_add(1) + 1;
      if (todo >= 20 && d % (todo / 20) == 0) {
        const double secs = Seconds(std::chrono::steady_clock::now() - t0);
        std::cerr << "  " << d << "/" << todo << " cases, " << int64_t(double(d) / secs)
                  << " cases/s\n";
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  const double seconds = Seconds(std::chrono::steady_clock::now() - t0);
  const store::Database::Stats stats_after = db.stats();
  const int64_t rows_after = CountRows(db);

  // Timers that fell due during the generated months, fired as the timer runner would have.
  int64_t timers_fired = 0;
  double timers_seconds = 0;
  if (o.mode == "history" && todo > 0) {
    const auto t1 = std::chrono::steady_clock::now();
    for (;;) {
      auto report = app::RunDueTimers(s, 200);
      if (!report) Fail("firing due timers", report.error());
      timers_fired += report->fired;
      if (report->due < 200) break;
    }
    timers_seconds = Seconds(std::chrono::steady_clock::now() - t1);
    std::cerr << "fired " << timers_fired << " due timers in " << timers_seconds << " s\n";
  }
  // The full-text index is written in the background (SQLite): wait until it holds every case,
  // so the folder is complete, and report how long that took after the last case.
  const auto t2 = std::chrono::steady_clock::now();
  while (!db.AwaitSearchIndex(std::chrono::seconds(5))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const double search_catchup_seconds = Seconds(std::chrono::steady_clock::now() - t2);
  std::cerr << "search index caught up " << search_catchup_seconds << " s after the last case ("
            << db.stats().search_indexed << " documents indexed)\n";
  const int64_t total_cases = CountCases(db);
  if (o.mode == "history") {
    marker.complete = total_cases >= o.cases;
    WriteMarker(o, marker, total_cases);
  }

  const uint64_t commits = stats_after.commits - stats_before.commits;
  const uint64_t writes = stats_after.writes - stats_before.writes;
  const int64_t added = todo - failed.load();
  json::object result{
      {"mode", o.mode},
      {"threads", o.threads},
      {"cases_before", existing},
      {"cases_added", added},
      {"cases_total", total_cases},
      {"failed", failed.load()},
      {"seconds", seconds},
      {"cases_per_s", seconds > 0 ? double(added) / seconds : 0.0},
      {"rows_added", rows_after - rows_before},
      {"rows_per_s", seconds > 0 ? double(rows_after - rows_before) / seconds : 0.0},
      {"commits", commits},
      {"writes", writes},
      {"mean_batch", commits ? double(writes) / double(commits) : 0.0},
      {"max_batch", stats_after.max_batch},
      {"timers_fired", timers_fired},
      {"timers_seconds", timers_seconds},
      {"search_catchup_seconds", search_catchup_seconds},
      {"search_indexed", db.stats().search_indexed},
      {"now_ms", marker.now_ms},
      {"complete", total_cases >= o.cases}};
  const std::string line = json::serialize(result);
  std::cout << line << std::endl;
  if (!o.json_path.empty()) {
    std::ofstream out(o.json_path);
    out << line << "\n";
  }
  std::fprintf(
      stderr,
      "%lld cases in %.1f s: %.0f cases/s, %.0f rows/s (%lld rows), %llu commits, mean "
      "batch %.1f, max %llu%s\n",
      static_cast<long long>(added), seconds, seconds > 0 ? double(added) / seconds : 0.0,
      seconds > 0 ? double(rows_after - rows_before) / seconds : 0.0,
      static_cast<long long>(rows_after - rows_before), static_cast<unsigned long long>(commits),
      commits ? double(writes) / double(commits) : 0.0,
      static_cast<unsigned long long>(stats_after.max_batch),
      failed ? (", " + std::to_string(failed.load()) + " failed: " + first_error).c_str() : "");
  return failed.load() > 0 ? 1 : 0;
}
