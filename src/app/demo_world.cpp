#include "app/demo_world.hpp"

#include <array>
#include <boost/json.hpp>

#include "app/audit.hpp"

namespace csqm::app::demo {
namespace {

namespace json = boost::json;
using core::Role;

// n with leading zeros to `width` digits.
std::string Pad(int n, size_t width) {
  std::string text = std::to_string(n);
  return std::string(width > text.size() ? width - text.size() : 0, '0') + text;
}

struct StaffSpec {
  const char* login;
  const char* name;
  Role role;
};

// Fictional people. Per project: manager, desk supervisor, engineering supervisor, three
// agents (礼宾助理), three field staff (维修人员).
constexpr std::array<std::array<StaffSpec, 9>, 2> kProjectStaff = {{
    {{{"demo.manager1", "李国栋", Role::kManager},
      {"demo.supervisor1", "吴晓峰", Role::kSupervisor},
      {"demo.supervisor2", "郑大勇", Role::kSupervisor},
      {"demo.agent1", "陈雨桐", Role::kAgent},
      {"demo.agent2", "褚嘉怡", Role::kAgent},
      {"demo.agent3", "卫子涵", Role::kAgent},
      {"demo.field1", "杨志刚", Role::kFieldStaff},
      {"demo.field2", "朱永强", Role::kFieldStaff},
      {"demo.field3", "秦海波", Role::kFieldStaff}}},
    {{{"demo.manager2", "周婉清", Role::kManager},
      {"demo.supervisor3", "王丽萍", Role::kSupervisor},
      {"demo.supervisor4", "冯建军", Role::kSupervisor},
      {"demo.agent4", "蒋欣然", Role::kAgent},
      {"demo.agent5", "沈梦瑶", Role::kAgent},
      {"demo.agent6", "韩思琪", Role::kAgent},
      {"demo.field4", "尤建明", Role::kFieldStaff},
      {"demo.field5", "许国庆", Role::kFieldStaff},
      {"demo.field6", "何文斌", Role::kFieldStaff}}},
}};

struct ProjectSpec {
  const char* short_name;
  const char* code;
};
constexpr std::array<ProjectSpec, 2> kProjects = {
    {{"翠湖花园", "DEMO-CH"}, {"滨江公寓", "DEMO-BJ"}}};

class Builder {
 public:
  Builder(Tx& tx, const Services& s, const std::string& hash, Instant now)
      : tx_(tx), s_(s), hash_(hash), now_(now) {}

  Result<OrgUnit> Unit(const std::string& kind, const std::string& code, const std::string& name,
                       std::optional<Id> parent) {
    OrgUnit u;
    u.parent_id = parent;
    u.kind = kind;
    u.code = code;
    u.name = name;
    u.created_at = now_;
    auto stored = tx_.Org().InsertUnit(u);
    if (!stored) return stored.error();
    json::object data{{"code", code}, {"name", name}, {"kind", kind}, {"demo", true}};
    if (auto st = AppendAudit(tx_, s_.crypto, now_, std::nullopt, "org_unit.create", "org_unit",
                              stored->id, json::serialize(data));
        !st) {
      return st.error();
    }
    world.units.push_back(*stored);
    return stored;
  }

  Result<size_t> Staff(const StaffSpec& spec, const OrgUnit& unit, std::optional<size_t> boss) {
    User u;
    u.login = spec.login;
    u.display_name = spec.name;
    u.password_hash = hash_;
    u.role = spec.role;
    u.org_unit_id = unit.id;
    if (boss) u.supervisor_id = world.staff[*boss].id();
    u.phone = "138000099" + Pad(int(world.staff.size()) + 1, 2);
    u.email = std::string(spec.login) + "@example.com";
    u.created_at = now_;
    auto stored = tx_.Org().InsertUser(u);
    if (!stored) return stored.error();
    json::object data{{"login", stored->login},
                      {"role", core::RoleName(stored->role)},
                      {"org_unit_id", unit.id},
                      {"demo", true}};
    if (auto st = AppendAudit(tx_, s_.crypto, now_, std::nullopt, "user.create", "user", stored->id,
                              json::serialize(data));
        !st) {
      return st.error();
    }
    world.staff.push_back(Actor{std::move(*stored), unit.path});
    return world.staff.size() - 1;
  }

  Status Build() {
    auto company =
        Unit("company", std::string(kCompanyCode), "示例物业服务有限公司（演示）", std::nullopt);
    if (!company) return company.error();
    world.company = *company;
    for (auto [spec, index] :
         {std::pair{StaffSpec{"demo.admin", "赵立新", Role::kAdmin}, &world.admin},
          std::pair{StaffSpec{"demo.quality", "钱慧敏", Role::kQualityManager}, &world.quality},
          std::pair{StaffSpec{"demo.auditor", "孙启航", Role::kAuditor}, &world.auditor}}) {
      auto added = Staff(spec, world.company, std::nullopt);
      if (!added) return added.error();
      *index = *added;
    }
    for (size_t i = 0; i < kProjects.size(); ++i) {
      if (auto st = BuildProject(kProjects[i], kProjectStaff[i]); !st) return st;
    }
    return {};
  }

  World world;

 private:
  Status BuildProject(const ProjectSpec& spec, const std::array<StaffSpec, 9>& people) {
    Project p;
    p.short_name = spec.short_name;
    const std::string code = spec.code;
    auto unit = Unit("project", code, p.short_name + "项目（演示）", world.company.id);
    if (!unit) return unit.error();
    p.unit = *unit;
    auto desk = Unit("department", code + "-KF", p.short_name + "客服中心（演示）", p.unit.id);
    if (!desk) return desk.error();
    p.desk = *desk;
    auto eng = Unit("department", code + "-GC", p.short_name + "工程部（演示）", p.unit.id);
    if (!eng) return eng.error();
    p.engineering = *eng;
    auto manager = Staff(people[0], p.unit, std::nullopt);
    if (!manager) return manager.error();
    p.manager = *manager;
    auto desk_supervisor = Staff(people[1], p.desk, p.manager);
    if (!desk_supervisor) return desk_supervisor.error();
    p.desk_supervisor = *desk_supervisor;
    auto eng_supervisor = Staff(people[2], p.engineering, p.manager);
    if (!eng_supervisor) return eng_supervisor.error();
    p.eng_supervisor = *eng_supervisor;
    for (size_t i = 3; i < 9; ++i) {
      const bool agent = people[i].role == Role::kAgent;
      auto added = Staff(people[i], agent ? p.desk : p.engineering,
                         agent ? p.desk_supervisor : p.eng_supervisor);
      if (!added) return added.error();
      (agent ? p.agents : p.field_staff).push_back(*added);
    }
    world.projects.push_back(std::move(p));
    return {};
  }

  Tx& tx_;
  const Services& s_;
  const std::string& hash_;
  const Instant now_;
};

constexpr std::array<const char*, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏",
    "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石"};
constexpr std::array<const char*, 48> kGivenNames = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "洋",   "艳",   "勇",   "军",
    "杰",   "娟",   "涛",   "明",   "超",   "秀英", "霞",   "平",   "刚",   "桂英", "建华", "文",
    "华",   "玉兰", "红梅", "志强", "晓东", "海燕", "婷",   "欣怡", "子轩", "浩然", "雨桐", "梓涵",
    "思远", "嘉怡", "俊杰", "宇航", "文博", "雅琴", "国华", "淑珍", "永康", "立群", "春梅", "德明"};
constexpr std::array<const char*, 8> kShops = {"翠湖便利店（演示）",   "湖畔咖啡馆（演示）",
                                               "小橡树幼儿园（演示）", "鲜果时光水果店（演示）",
                                               "江景口腔诊所（演示）", "滨江健身工作室（演示）",
                                               "悦家洗衣店（演示）",   "晨光培训中心（演示）"};
constexpr std::array<const char*, 5> kRelations = {"配偶", "父亲", "母亲", "子女", "租户"};

// "3栋2单元1502": building, entrance, floor and flat (one draw after another, in this order).
std::string Room(std::mt19937& rng, bool tower) {
  const int building = Uniform(rng, 1, tower ? 4 : 12);
  const int entrance = Uniform(rng, 1, tower ? 2 : 3);
  const int floor = Uniform(rng, 2, tower ? 33 : 18);
  const int flat = Uniform(rng, 1, 4);
  return std::to_string(building) + "栋" + std::to_string(entrance) + "单元" +
         std::to_string(floor) + Pad(flat, 2);
}

std::string PersonName(std::mt19937& rng) {
  std::string name = PickOne(rng, kSurnames);
  return name + PickOne(rng, kGivenNames);
}

std::string Phone(int n) { return "1380000" + Pad(n % 10000, 4); }

Customer MakeCustomer(std::mt19937& rng, const World& w, size_t project, int n, Instant now) {
  const Project& p = w.projects[project];
  Customer c;
  const bool shop = n % 37 == 5;
  c.kind = shop ? core::CustomerKind::kOrganisation : core::CustomerKind::kIndividual;
  c.name = shop ? kShops[size_t(n / 37) % kShops.size()] : PersonName(rng);
  c.phone = Phone(n);
  c.unit = shop ? std::to_string(Uniform(rng, 1, 12)) + "号商铺" : Room(rng, project == 1);
  c.address = p.short_name + "（演示）";
  c.org_unit_id = p.desk.id;
  c.tier = shop             ? core::CustomerTier::kKeyAccount
           : Chance(rng, 9) ? core::CustomerTier::kVip
                            : core::CustomerTier::kOrdinary;
  if (c.tier != core::CustomerTier::kOrdinary || Chance(rng, 20)) {
    c.dedicated_staff_id = w.staff[PickOne(rng, p.agents)].id();
  }
  if (Chance(rng, 40)) c.wechat = "demo_wx_" + std::to_string(1000 + n);
  json::array contacts;
  if (Chance(rng, 35)) {
    contacts.push_back(json::object{{"name", PersonName(rng)},
                                    {"relation", PickOne(rng, kRelations)},
                                    {"phone", Phone(5000 + n)}});
  }
  c.contacts_json = json::serialize(contacts);
  json::object attributes{{"demo", true}};
  if (!shop) {
    attributes["area_m2"] = Uniform(rng, 58, 168);
    attributes["household"] = Uniform(rng, 1, 6);
    if (Chance(rng, 25)) attributes["pets"] = Chance(rng, 50) ? "狗" : "猫";
  }
  c.attributes_json = json::serialize(attributes);
  c.created_at = now;
  return c;
}

}  // namespace

Result<World> CreateOrganisation(Services& s, const std::string& password_hash) {
  const Instant now = s.clock.Now();
  World world;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    Builder builder(tx, s, password_hash, now);
    if (auto st2 = builder.Build(); !st2) return st2;
    world = std::move(builder.world);
    return {};
  });
  if (!st) return st.error();
  return world;
}

Status CreateCustomers(Services& s, World& world, std::mt19937& rng, int count) {
  const Instant now = s.clock.Now();
  std::vector<Customer> made;
  std::vector<size_t> projects;
  for (int n = 1; n <= count; ++n) {
    const size_t project = n % 5 < 3 ? 0 : 1;  // 翠湖花园 is the larger estate
    made.push_back(MakeCustomer(rng, world, project, n, now));
    projects.push_back(project);
  }
  std::vector<Customer> stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    stored.clear();
    for (const auto& c : made) {
      auto added = tx.Customers().Insert(c);
      if (!added) return added.error();
      json::object data{{"tier", core::Name(added->tier)}, {"demo", true}};
      if (auto st2 = AppendAudit(tx, s.crypto, now, std::nullopt, "customer.create", "customer",
                                 added->id, json::serialize(data));
          !st2) {
        return st2;
      }
      stored.push_back(std::move(*added));
    }
    return {};
  });
  if (!st) return st;
  world.customers = std::move(stored);
  world.customer_project = std::move(projects);
  return {};
}

}  // namespace csqm::app::demo
