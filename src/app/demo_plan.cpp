#include "app/demo_plan.hpp"

#include <algorithm>
#include <array>

#include "app/demo_text.hpp"

namespace csqm::app::demo {
namespace {

using core::Millis;
using std::chrono::minutes;
using std::chrono::seconds;

struct CategoryShare {
  const char* key;
  const char* type;
  int weight;  // per 100 cases
};

constexpr std::array<CategoryShare, 13> kShares = {{
    {"complaint.attitude.ordinary", "complaint", 6},
    {"complaint.attitude.serious", "complaint", 3},
    {"complaint.neighbour", "complaint", 6},
    {"complaint.other", "complaint", 6},
    {"repair.home_urgent", "repair", 8},
    {"repair.simple", "repair", 14},
    {"repair.other", "repair", 10},
    {"repair.public_urgent", "repair", 6},
    {"repair.public_other", "repair", 10},
    {"inquiry.general", "inquiry", 12},
    {"inquiry.fees", "inquiry", 10},
    {"inquiry.outside_services", "inquiry", 5},
    {"inquiry.other_departments", "inquiry", 4},
}};

// Where each workflow can stop, for the recent cases that show every status.
const std::vector<std::pair<const char*, std::vector<const char*>>>& Stops() {
  static const std::vector<std::pair<const char*, std::vector<const char*>>> kStops = {
      {"complaint",
       {"new", "in_progress", "waiting_customer", "resolved", "pending_approval", "closed",
        "cancelled"}},
      {"inquiry", {"new", "waiting_customer", "answered", "closed", "cancelled"}},
      {"repair",
       {"new", "dispatched", "in_progress", "waiting_parts", "done", "closed", "cancelled"}},
  };
  return kStops;
}

std::string PickPhrase(std::mt19937& rng, Phrase p) {
  return std::string(PickOne(rng, Phrases(p)));
}

// Writes one case's steps. `stop` is the status to stop in ("" = play to the end: closed, or
// now and then cancelled); `historical` cases also take the rarer detours.
class Script {
 public:
  Script(const World& w, std::mt19937& rng, CasePlan& plan, std::string stop, bool historical,
         int& extensions)
      : w_(w),
        rng_(rng),
        plan_(plan),
        p_(w.projects[plan.project]),
        stop_(std::move(stop)),
        historical_(historical),
        extensions_(extensions) {}

  void Play() {
    if (plan_.type == "complaint") Complaint();
    if (plan_.type == "inquiry") Inquiry();
    if (plan_.type == "repair") Repair();
  }

 private:
  bool Is(const char* category) const { return plan_.category == category; }
  bool StopAt(const char* status) const { return stop_ == status; }
  int Uniform(int lo, int hi) { return demo::Uniform(rng_, lo, hi); }
  bool Chance(int percent) { return demo::Chance(rng_, percent); }

  void Wait(int lo_minutes, int hi_minutes) {
    t_ += minutes(Uniform(lo_minutes, hi_minutes));  // two statements: draws in a fixed order
    t_ += seconds(Uniform(0, 59));
  }
  // At `lo`…`hi` minutes after receipt, but never before the previous step.
  void AtFromReceipt(int lo_minutes, int hi_minutes) {
    t_ = std::max(t_ + seconds(30), Millis(minutes(Uniform(lo_minutes, hi_minutes))));
  }
  Step& Add(StepKind kind, size_t actor, bool office = false) {
    Step s;
    s.at = t_;
    s.kind = kind;
    s.actor = actor;
    s.office_hours = office;
    plan_.steps.push_back(std::move(s));
    return plan_.steps.back();
  }
  void Move(size_t actor, const char* transition, std::map<std::string, std::string> fields = {},
            bool office = false) {
    Step& s = Add(StepKind::kTransition, actor, office);
    s.transition = transition;
    s.fields = std::move(fields);
  }
  void Comment(size_t actor, std::string text, bool visible, bool office = false) {
    Step& s = Add(StepKind::kComment, actor, office);
    s.text = std::move(text);
    s.visible_to_customer = visible;
  }
  void Assign(size_t actor, size_t to, std::string reason) {
    Step& s = Add(StepKind::kAssign, actor);
    s.assignee = to;
    s.text = std::move(reason);
  }
  void Arrive(size_t actor) {
    Step& s = Add(StepKind::kArrival, actor);
    s.text = plan_.customer ? w_.customers[*plan_.customer].unit : p_.short_name + "公共区域";
  }
  void Extension(size_t requester, const char* target, int extend_days, bool decide) {
    Wait(60, 180);
    Step& r = Add(StepKind::kRequestExtension, requester);
    r.target = target;
    r.extend_by = std::chrono::hours(24 * extend_days);
    r.text = PickPhrase(rng_, Phrase::kExtension);
    if (!decide) return;
    Wait(120, 360);
    const bool approve = extensions_++ % 3 != 2;
    Step& d = Add(StepKind::kDecideExtension, p_.manager, true);
    d.approve = approve;
    d.text = PickPhrase(rng_, approve ? Phrase::kApproveExtension : Phrase::kRejectExtension);
  }
  std::string Outcome() { return std::string(PickOne(rng_, TextFor(plan_.category)->outcomes)); }
  std::string Cause() { return std::string(PickOne(rng_, TextFor(plan_.category)->causes)); }

  void Complaint();
  void Inquiry();
  void Repair();

  const World& w_;
  std::mt19937& rng_;
  CasePlan& plan_;
  const Project& p_;
  const std::string stop_;
  const bool historical_;
  int& extensions_;
  Millis t_{0};
};

void Script::Complaint() {
  size_t handler = plan_.owner;
  if (StopAt("new")) {
    if (Chance(50)) {
      Wait(5, 30);
      Comment(plan_.owner, PickPhrase(rng_, Phrase::kInternalNote), false);
    }
    return;
  }
  const bool serious = plan_.severity != core::Severity::kOrdinary;
  if (serious && handler != p_.desk_supervisor) {
    Wait(3, 12);
    Assign(plan_.owner, p_.desk_supervisor, PickPhrase(rng_, Phrase::kToSupervisor));
    handler = p_.desk_supervisor;
  } else if (Chance(10)) {
    const size_t other = PickOne(rng_, p_.agents);
    if (other != handler) {
      Wait(20, 90);
      Assign(plan_.owner, other, PickPhrase(rng_, Phrase::kHandover));
      handler = other;
    }
  }
  const bool late = Chance(15);
  if (Is("complaint.neighbour")) {
    AtFromReceipt(late ? 16 : 4, late ? 45 : 14);
    Arrive(handler);
  } else if (Is("complaint.other")) {
    AtFromReceipt(late ? 500 : 40, late ? 700 : 420);
    Arrive(handler);
  }
  Wait(2, 15);
  Move(handler, "accept");
  if (StopAt("in_progress")) {
    if (Chance(60)) {
      Wait(10, 60);
      Comment(handler, PickPhrase(rng_, Phrase::kInternalNote), false);
    }
    return;
  }
  Wait(20, 90);
  Comment(handler, PickPhrase(rng_, Phrase::kInternalNote), false);
  Wait(10, 60);
  Comment(handler, PickPhrase(rng_, Phrase::kApology), true);
  if (StopAt("cancelled") || (historical_ && Chance(5))) {
    Wait(60, 240);
    Move(p_.desk_supervisor, "cancel", {{"reason", PickPhrase(rng_, Phrase::kCancel)}}, true);
    return;
  }
  if (Is("complaint.attitude.serious") && historical_ && Chance(30)) {
    Extension(handler, "resolved", 2, true);
  }
  if (StopAt("waiting_customer") || Chance(15)) {
    Wait(30, 120);
    Move(handler, "wait_customer", {{"reason", PickPhrase(rng_, Phrase::kWaitCustomer)}});
    if (StopAt("waiting_customer")) return;
    Wait(360, 2880);
    Move(handler, "resume");
  }
  const auto resolve = [&] {
    Move(handler, "resolve", {{"resolution", Outcome()}, {"cause", Cause()}}, true);
  };
  if (Is("complaint.attitude.serious") || plan_.severity == core::Severity::kMajor) {
    late ? Wait(3 * 1440, 5 * 1440) : Wait(240, 2160);
  } else if (Is("complaint.attitude.ordinary")) {
    late ? Wait(360, 2880) : Wait(60, 180);
  } else {
    late ? Wait(240, 600) : Wait(20, 240);
  }
  resolve();
  if (StopAt("resolved")) return;
  if (historical_ && Chance(8)) {
    Wait(240, 1440);
    Move(plan_.owner, "reopen", {{"reason", PickPhrase(rng_, Phrase::kReopenComplaint)}});
    Wait(120, 360);
    resolve();
  }
  Wait(10, 60);
  Move(handler, "submit_close");
  if (StopAt("pending_approval")) return;
  const size_t approver =
      serious || handler == p_.desk_supervisor ? p_.manager : p_.desk_supervisor;
  if (historical_ && Chance(10)) {
    Wait(120, 480);
    Move(approver, "reject_close", {{"reason", PickPhrase(rng_, Phrase::kRejectClose)}}, true);
    Wait(60, 180);
    resolve();
    Wait(10, 40);
    Move(handler, "submit_close");
  }
  if (plan_.severity == core::Severity::kMajor) {
    Wait(60, 240);
    Comment(p_.manager, PickPhrase(rng_, Phrase::kManagerCallback), true);
  }
  Wait(60, 1440);
  Move(approver, "approve_close", {}, true);
}

void Script::Inquiry() {
  const size_t owner = plan_.owner;
  if (StopAt("new")) return;
  if (StopAt("cancelled") || (historical_ && Chance(4))) {
    Wait(20, 120);
    Move(p_.desk_supervisor, "cancel", {{"reason", PickPhrase(rng_, Phrase::kCancel)}});
    return;
  }
  if (StopAt("waiting_customer") || Chance(10)) {
    Wait(3, 15);
    Move(owner, "wait_customer", {{"reason", PickPhrase(rng_, Phrase::kWaitCustomer)}});
    if (StopAt("waiting_customer")) return;
    Wait(60, 1440);
    Move(owner, "resume");
  }
  if (Chance(20)) {
    Wait(2, 10);
    Comment(owner, PickPhrase(rng_, Phrase::kInternalNote), false);
  }
  if (Is("inquiry.fees") && Chance(30)) {  // 30 分钟内派人到现场确定收费
    Wait(10, 25);
    Arrive(owner);
  }
  const bool late = Chance(12);
  if (Is("inquiry.other_departments")) {
    late ? Wait(3 * 1440, 4 * 1440) : Wait(120, 1440);
  } else {
    late ? Wait(35, 150) : Wait(3, 25);
  }
  const std::string answer = Outcome();
  Comment(owner, answer, true);
  Wait(1, 3);
  Move(owner, "answer", {{"answer", answer}});
  if (StopAt("answered")) return;
  Wait(60, 2880);
  Move(owner, "close");
}

void Script::Repair() {
  const bool urgent = Is("repair.home_urgent") || Is("repair.public_urgent");
  const bool long_job = Is("repair.other") || Is("repair.public_other");
  const size_t owner = plan_.owner;
  const bool patrol = owner == p_.eng_supervisor;
  if (StopAt("new")) return;
  urgent ? Wait(1, 3) : Wait(5, 60);
  Move(owner, "dispatch");
  size_t field = PickOne(rng_, p_.field_staff);
  Wait(0, 2);
  Assign(owner, field, "派工：" + plan_.title);
  if (StopAt("dispatched")) return;
  if (StopAt("cancelled") || (historical_ && Chance(4))) {
    Wait(30, 180);
    Move(patrol ? p_.eng_supervisor : p_.desk_supervisor, "cancel",
         {{"reason", PickPhrase(rng_, Phrase::kCancel)}});
    return;
  }
  const bool late = Chance(15);
  if (urgent) {
    if (!patrol && Chance(50)) {
      Wait(0, 1);
      Comment(owner, PickPhrase(rng_, Phrase::kAcknowledge), true);
    }
    AtFromReceipt(late ? 11 : 4, late ? 35 : 9);
    Arrive(field);
    Wait(1, 5);
  } else {
    if (Chance(10)) {
      const size_t other = PickOne(rng_, p_.field_staff);
      if (other != field) {
        Wait(60, 180);
        Assign(owner, other, PickPhrase(rng_, Phrase::kRedispatch));
        field = other;
      }
    }
    Is("repair.simple") ? Wait(20, 120) : Wait(30, 600);
    if (Chance(60)) {
      Add(StepKind::kArrival, field, true).text =
          plan_.customer ? w_.customers[*plan_.customer].unit : p_.short_name + "公共区域";
      Wait(2, 10);
    }
  }
  Move(field, "start", {}, !urgent);
  if (StopAt("in_progress")) {
    if (long_job && !historical_) Extension(field, "done", 3, false);  // left pending
    return;
  }
  if (long_job && historical_ && Chance(15))
    Extension(field, "done", Is("repair.other") ? 3 : 2, true);
  if (StopAt("waiting_parts") || (!urgent && Chance(20))) {
    Wait(60, 240);
    Move(field, "wait_parts", {{"reason", PickPhrase(rng_, Phrase::kWaitParts)}});
    if (StopAt("waiting_parts")) return;
    Wait(1440, 4 * 1440);
    Move(field, "resume", {}, true);
  }
  if (urgent) {
    Wait(30, 150);
  } else if (Is("repair.simple")) {
    late ? Wait(1440, 2880) : Wait(20, 120);
  } else if (Is("repair.other")) {
    late ? Wait(8 * 1440, 12 * 1440) : Wait(1440, 5 * 1440);
  } else {
    late ? Wait(4 * 1440, 6 * 1440) : Wait(240, 2880);
  }
  Move(field, "finish", {{"work_done", Outcome()}}, !urgent);
  if (Chance(50)) {
    Wait(5, 30);
    Comment(field, PickPhrase(rng_, Phrase::kFieldNote), false);
  }
  if (StopAt("done")) return;
  if (historical_ && Chance(6)) {
    Wait(1440, 2880);
    Move(owner, "reopen", {{"reason", PickPhrase(rng_, Phrase::kReopenRepair)}});
    Wait(180, 1440);
    Move(field, "finish", {{"work_done", Outcome()}}, true);
  }
  if (!patrol && Chance(50)) {
    Wait(120, 1440);
    Comment(owner, PickPhrase(rng_, Phrase::kCallback), true, true);
  }
  Wait(60, 1440);
  Move(owner, "confirm", {}, true);
}

core::Channel PickChannel(std::mt19937& rng, const std::string& type) {
  using core::Channel;
  const int roll = Uniform(rng, 0, 99);
  if (type == "complaint") {
    return roll < 50   ? Channel::kPhone
           : roll < 70 ? Channel::kWalkIn
           : roll < 85 ? Channel::kWeChat
           : roll < 95 ? Channel::kPortal
                       : Channel::kLetter;
  }
  return roll < 55   ? Channel::kPhone
         : roll < 75 ? Channel::kWeChat
         : roll < 88 ? Channel::kWalkIn
                     : Channel::kPortal;
}

// Local time of day a case of this category typically arrives, in minutes.
int ArrivalMinute(std::mt19937& rng, const std::string& category) {
  if (category == "complaint.neighbour") {
    return Chance(rng, 60) ? Uniform(rng, 19 * 60, 23 * 60 + 30) : Uniform(rng, 12 * 60, 14 * 60);
  }
  if (category == "repair.home_urgent" || category == "repair.public_urgent") {
    return Chance(rng, 75) ? Uniform(rng, 7 * 60, 22 * 60) : Uniform(rng, 0, 24 * 60 - 1);
  }
  return Uniform(rng, 8 * 60, 20 * 60);
}

class Planner {
 public:
  Planner(const World& w, const DemoOptions& o, std::mt19937& rng, const core::ZoneRules& zone)
      : w_(w), o_(o), rng_(rng), zone_(zone) {}

  std::vector<CasePlan> Run() {
    std::vector<CasePlan> plans;
    int showcase = 0;
    for (const auto& [type, stops] : Stops()) {
      for (const char* stop : stops) {
        for (int copy = 0; copy < 2; ++copy) plans.push_back(Recent(type, stop, "", showcase++));
      }
    }
    for (int i = 0; i < 2; ++i) {  // extensions still waiting for a manager
      plans.push_back(Recent("repair", "in_progress", "repair.other", 0));
    }
    // Stuck for days: overdue in every queue.
    plans.push_back(Recent("complaint", "in_progress", "complaint.attitude.ordinary", 1));
    plans.push_back(Recent("inquiry", "new", "inquiry.general", 1));
    plans.push_back(Recent("repair", "dispatched", "repair.simple", 1));
    plans.push_back(Recent("repair", "new", "repair.home_urgent", 1));
    while (int(plans.size()) < o_.cases) plans.push_back(Historical());
    std::stable_sort(plans.begin(), plans.end(),
                     [](const CasePlan& a, const CasePlan& b) { return a.received < b.received; });
    Link(plans);
    return plans;
  }

 private:
  const CategoryShare& PickCategory(const char* type) {
    int total = 0;
    for (const auto& s : kShares)
      total += type == nullptr || std::string(type) == s.type ? s.weight : 0;
    int roll = Uniform(rng_, 0, total - 1);
    for (const auto& s : kShares) {
      if (type != nullptr && std::string(type) != s.type) continue;
      if (roll < s.weight) return s;
      roll -= s.weight;
    }
    return kShares.front();
  }

  // Who, where, what: everything but the steps and the receipt.
  CasePlan Begin(const CategoryShare& share) {
    CasePlan plan;
    plan.category = share.key;
    plan.type = share.type;
    const size_t customer = rng_() % w_.customers.size();
    plan.project = w_.customer_project[customer];
    const Project& p = w_.projects[plan.project];
    const bool public_area = plan.category.starts_with("repair.public");
    const bool patrol = public_area && Chance(rng_, 25);
    if (!public_area || Chance(rng_, 50)) plan.customer = customer;
    if (patrol) plan.customer.reset();
    plan.owner = patrol                                         ? p.eng_supervisor
                 : plan.type == "complaint" && Chance(rng_, 10) ? p.desk_supervisor
                                                                : PickOne(rng_, p.agents);
    if (plan.type != "repair") plan.assignee = plan.owner;
    plan.channel = patrol ? core::Channel::kOnSite : PickChannel(rng_, plan.type);
    if (plan.category == "complaint.attitude.serious") plan.severity = core::Severity::kSerious;
    if (plan.category.ends_with("_urgent") && Chance(rng_, 25)) {
      plan.severity = core::Severity::kSerious;
    }
    const CaseText& text = PickOne(rng_, TextFor(plan.category)->cases);
    const std::string unit = plan.customer ? w_.customers[*plan.customer].unit : "";
    const int building = Uniform(rng_, 1, 12);
    plan.title = Fill(text.title, unit, building);
    plan.description = Fill(text.description, unit, building);
    return plan;
  }

  CasePlan Recent(const char* type, const char* stop, const char* category, int n) {
    CasePlan plan = Begin(
        *category ? *std::find_if(kShares.begin(), kShares.end(),
                                  [&](const auto& s) { return std::string(s.key) == category; })
                  : PickCategory(type));
    Script(w_, rng_, plan, stop, false, extensions_).Play();
    const Millis span = plan.steps.empty() ? Millis(0) : plan.steps.back().at;
    // Half of them fresh, half a few days old (and so mostly overdue while open).
    const Millis age = n % 2 == 0 ? Millis(minutes(Uniform(rng_, 10, 90)))
                                  : Millis(minutes(Uniform(rng_, 1440, 4 * 1440)));
    plan.received = o_.now - span - age;
    // Received in the small hours only where that is usual; else the evening before.
    const auto local = core::ToLocal(zone_, plan.received);
    const auto hour =
        std::chrono::floor<std::chrono::hours>(local - std::chrono::floor<std::chrono::days>(local))
            .count();
    if ((hour < 7 || hour >= 22) && !plan.category.ends_with("_urgent")) {
      plan.received -= std::chrono::hours(9);
    }
    return plan;
  }

  CasePlan Historical() {
    CasePlan plan = Begin(PickCategory(nullptr));
    if (plan.category == "complaint.other" && Chance(rng_, 5)) {
      plan.severity = core::Severity::kMajor;
    }
    Script(w_, rng_, plan, "", true, extensions_).Play();
    const auto local_now = core::ToLocal(zone_, o_.now);
    const auto today = std::chrono::floor<std::chrono::days>(local_now);
    for (;;) {
      const auto day = today - std::chrono::days(Uniform(rng_, 0, o_.days - 1));
      plan.received = zone_.ToInstant(day + minutes(ArrivalMinute(rng_, plan.category)));
      if (plan.received < o_.now - minutes(30)) break;
    }
    KeepOfficeHours(plan);
    std::erase_if(plan.steps, [&](const Step& s) { return plan.received + s.at >= o_.now; });
    return plan;
  }

  // Office work done at night moves to the next morning, and everything after it with it.
  void KeepOfficeHours(CasePlan& plan) {
    Millis shift{0};
    for (auto& step : plan.steps) {
      step.at += shift;
      if (!step.office_hours) continue;
      const auto local = core::ToLocal(zone_, plan.received + step.at);
      const auto day = std::chrono::floor<std::chrono::days>(local);
      const auto minute = std::chrono::duration_cast<minutes>(local - day).count();
      if (minute >= 8 * 60 && minute < 21 * 60) continue;
      const auto next = (minute < 8 * 60 ? day : day + std::chrono::days(1)) + minutes(8 * 60) +
                        minutes(Uniform(rng_, 0, 90));
      const Millis delay = std::chrono::duration_cast<Millis>(next - local);
      step.at += delay;
      shift += delay;
    }
  }

  // Some cases point to an earlier one of the same project and desk: a repeat complaint of the
  // same owner, or a second report of the same problem.
  void Link(std::vector<CasePlan>& plans) {
    for (size_t i = 1; i < plans.size(); ++i) {
      CasePlan& plan = plans[i];
      const Project& p = w_.projects[plan.project];
      if (plan.owner == p.eng_supervisor || !Chance(rng_, 7)) continue;
      std::optional<size_t> best;
      for (size_t j = i; j-- > 0;) {
        const CasePlan& other = plans[j];
        if (plan.received - other.received > std::chrono::days(20)) break;
        if (other.project != plan.project || other.owner == p.eng_supervisor) continue;
        const bool same_owner = other.customer && other.customer == plan.customer;
        if (same_owner || other.category == plan.category) {
          best = j;
          if (same_owner) break;
        }
      }
      const Millis at = minutes(Uniform(rng_, 5, 30));
      if (!best || plan.received + at >= o_.now) continue;
      Step link;
      link.at = at;
      link.kind = StepKind::kLink;
      link.actor = plan.owner;
      link.other_case = *best;
      link.link_kind = plans[*best].category == plan.category ? "duplicate" : "related";
      const auto pos = std::upper_bound(plan.steps.begin(), plan.steps.end(), at,
                                        [](Millis a, const Step& s) { return a < s.at; });
      plan.steps.insert(pos, std::move(link));
    }
  }

  const World& w_;
  const DemoOptions& o_;
  std::mt19937& rng_;
  const core::ZoneRules& zone_;
  int extensions_ = 0;
};

}  // namespace

std::vector<CasePlan> PlanCases(const World& world, const DemoOptions& options, std::mt19937& rng,
                                const core::ZoneRules& zone) {
  return Planner(world, options, rng, zone).Run();
}

}  // namespace csqm::app::demo
