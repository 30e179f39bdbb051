// The monthly callback sample of resolved complaints (篇14: ≥ 50 %, every major one),
// stratified by category × organisation unit and reproducible from its recorded seed; and the
// background job: routine callbacks per customer segment and last month's samples.
#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"
#include "app/timeline.hpp"
#include "core/sampling.hpp"

namespace csqm::app {
namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;
using namespace callbacks_detail;

namespace {

std::string Stratum(Id category_id, Id org_unit_id) {
  return "c" + std::to_string(category_id) + "/u" + std::to_string(org_unit_id);
}

// [from, to) of a local month YYYYMM.
std::pair<Instant, Instant> MonthSpan(const core::ZoneRules& zone, int month) {
  using namespace std::chrono;
  const year_month first{year{month / 100}, std::chrono::month{unsigned(month % 100)}};
  const auto start = local_days{first / 1};
  const auto next = local_days{(first + months{1}) / 1};
  return {zone.ToInstant(core::LocalTime(start)), zone.ToInstant(core::LocalTime(next))};
}

int MonthOf(const core::ZoneRules& zone, Instant at) {
  const auto local = core::ToLocal(zone, at);
  const std::chrono::year_month_day ymd(std::chrono::floor<std::chrono::days>(local));
  return int(ymd.year()) * 100 + int(unsigned(ymd.month()));
}

int PreviousMonth(int month) { return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1; }

uint64_t RandomSeed(const Crypto& crypto) {
  const std::string hex = crypto.Sha256Hex(crypto.RandomToken(16)).substr(0, 15);
  uint64_t seed = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), seed, 16);
  return seed;
}

Status RequireSampler(const Actor& actor) {
  const auto r = actor.role();
  if (r == core::Role::kAdmin || r == core::Role::kQualityManager || r == core::Role::kManager) {
    return {};
  }
  return Forbidden("抽取回访样本", "draw callback samples");
}

Result<CallbackSampleView> View(Tx& tx, const CallbackSample& sample) {
  CallbackSampleView view;
  view.sample = sample;
  std::map<std::string, SampleCoverage> by;
  boost::system::error_code ec;
  auto strata = json::parse(sample.strata_json, ec);
  if (!ec && strata.is_array()) {
    for (const auto& v : strata.as_array()) {
      const auto& o = v.as_object();
      SampleCoverage c;
      c.stratum = std::string(o.at("stratum").as_string());
      c.category_id = o.at("category_id").as_int64();
      c.org_unit_id = o.at("org_unit_id").as_int64();
      c.population = int(o.at("population").as_int64());
      c.major = int(o.at("major").as_int64());
      c.quota = int(o.at("quota").as_int64());
      c.selected = int(o.at("selected").as_int64());
      by[c.stratum] = c;
    }
  }
  CallbackTaskQuery q;
  q.sample_id = sample.id;
  q.limit = 1000;
  for (;;) {
    auto page = tx.Callbacks().ListTasks(q);
    if (!page) return page.error();
    for (const auto& t : page->items) {
      if (t.status != "done" || !t.category_id) continue;
      auto it = by.find(Stratum(*t.category_id, t.org_unit_id));
      if (it != by.end()) ++it->second.done;
      ++view.done;
    }
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  for (auto& [_, c] : by) view.strata.push_back(c);
  return view;
}

// Draws inside the caller's transaction.
Result<CallbackSampleView> Draw(Tx& tx, Services& s, std::optional<Id> actor_id,
                                const CallbackRule& rule, int month, uint64_t seed, Instant now) {
  auto zone = RuleZone(tx, s, rule);
  if (!zone) return zone.error();
  const auto [from, to] = MonthSpan(**zone, month);
  auto cases = tx.Callbacks().ResolvedCases(from, to, IdList(rule.case_type_ids_json));
  if (!cases) return cases.error();
  const auto categories = IdList(rule.category_ids_json);
  std::vector<core::SampleItem> items;
  std::map<Id, const SampleCase*> by_id;
  for (const auto& c : *cases) {
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(), c.category_id) == categories.end()) {
      continue;
    }
    items.push_back({c.case_id, Stratum(c.category_id, c.org_unit_id), c.severity == "major"});
    by_id[c.case_id] = &c;
  }
  const core::Sample drawn = core::DrawStratified(items, rule.sample_percent, seed);
  json::array strata;
  for (const auto& q : drawn.strata) {
    Id category = 0, unit = 0;
    std::sscanf(q.stratum.c_str(), "c%ld/u%ld", &category, &unit);
    strata.push_back(json::object{{"stratum", q.stratum},
                                  {"category_id", category},
                                  {"org_unit_id", unit},
                                  {"population", q.population},
                                  {"major", q.must},
                                  {"quota", q.quota},
                                  {"selected", q.selected}});
  }
  CallbackSample sample;
  sample.rule_id = rule.id;
  sample.month = month;
  sample.seed = std::to_string(seed);
  sample.percent = rule.sample_percent;
  sample.population = drawn.population;
  sample.major_population = drawn.must;
  sample.selected = int(drawn.selected.size());
  sample.strata_json = json::serialize(strata);
  sample.created_by = actor_id;
  sample.created_at = now;
  auto stored = tx.Callbacks().InsertSample(sample);
  if (!stored) {
    if (stored.error().code == ErrorCode::kConflict) {
      return MakeError(ErrorCode::kConflict, "callback.sample_exists", "该月已抽样",
                       "this month has been sampled already", "month");
    }
    return stored.error();
  }
  auto due = TaskDue(tx, s, rule, nullptr, now);
  if (!due) return due.error();
  for (Id case_id : drawn.selected) {
    const SampleCase& c = *by_id.at(case_id);
    CallbackTask t;
    t.rule_id = rule.id;
    t.sample_id = stored->id;
    t.case_id = c.case_id;
    t.customer_id = *c.customer_id;
    t.org_unit_id = c.org_unit_id;
    t.category_id = c.category_id;
    t.case_type = c.case_type;
    t.severity = c.severity;
    t.channel = rule.channel;
    t.created_at = now;
    t.due_at = *due;
    t.max_attempts = rule.max_attempts;
    t.dedupe_key = "r" + std::to_string(rule.id) + ":sample:" + std::to_string(case_id);
    auto inserted = tx.Callbacks().InsertTask(std::move(t));
    if (!inserted) return inserted.error();
    if (!*inserted) continue;
    auto record = tx.Cases().Get(case_id);
    if (!record) return record.error();
    json::object data{{"task_id", (*inserted)->id}, {"sample_id", stored->id}, {"month", month}};
    if (auto st = RecordChange(
            tx, s, *record, std::nullopt, now,
            {"callback_scheduled", "抽样回访 / sampled for a callback", json::serialize(data)});
        !st) {
      return st.error();
    }
  }
  json::object audit{{"rule_id", rule.id},
                     {"month", month},
                     {"seed", sample.seed},
                     {"population", drawn.population},
                     {"selected", sample.selected}};
  if (auto st = AppendAudit(tx, s.crypto, now, actor_id, "callback.sample", "callback_sample",
                            stored->id, json::serialize(audit));
      !st) {
    return st.error();
  }
  return View(tx, *stored);
}

}  // namespace

Result<CallbackSampleView> DrawComplaintSample(Services& s, const Actor* actor, Id rule_id,
                                               int month, std::optional<uint64_t> seed) {
  if (actor) {
    if (auto st = RequireSampler(*actor); !st) return st.error();
  }
  if (month / 100 < 2000 || month / 100 > 2200 || month % 100 < 1 || month % 100 > 12) {
    return MakeError(ErrorCode::kInvalidArgument, "callback.bad_month", "月份应为 YYYY-MM",
                     "month must be YYYY-MM", "month");
  }
  const Instant now = s.clock.Now();
  const uint64_t chosen = seed.value_or(RandomSeed(s.crypto));
  std::optional<CallbackSampleView> out;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto rule = tx.Callbacks().GetRule(rule_id);
    if (!rule) return rule.error();
    if (rule->kind != "complaint_sample") {
      return MakeError(ErrorCode::kFailedPrecondition, "callback.not_a_sample_rule",
                       "该规则不是抽样回访规则", "this rule is not a complaint_sample rule");
    }
    auto zone = RuleZone(tx, s, *rule);
    if (!zone) return zone.error();
    if (MonthSpan(**zone, month).second > now) {
      return MakeError(ErrorCode::kFailedPrecondition, "callback.month_not_closed", "该月尚未结束",
                       "that month has not ended yet", "month");
    }
    auto view = Draw(tx, s, actor ? std::optional<Id>(actor->id()) : std::nullopt, *rule, month,
                     chosen, now);
    if (!view) return view.error();
    out = std::move(*view);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<CallbackSampleView> GetCallbackSample(Services& s, const Actor&, Id sample_id) {
  std::optional<CallbackSampleView> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto sample = tx.Callbacks().GetSample(sample_id);
    if (!sample) return sample.error();
    auto view = View(tx, *sample);
    if (!view) return view.error();
    out = std::move(*view);
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<std::vector<CallbackSample>> ListCallbackSamples(Services& s, const Actor&, Id rule_id) {
  std::vector<CallbackSample> out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    if (auto rule = tx.Callbacks().GetRule(rule_id); !rule) return rule.error();
    auto samples = tx.Callbacks().Samples(rule_id);
    if (!samples) return samples.error();
    out = std::move(*samples);
    return {};
  });
  if (!st) return st.error();
  return out;
}

namespace {

// One routine rule's run: claimed by moving next_run_at on (version check), then a task per
// customer of the segment, all in one transaction.
Result<int> RunRoutine(Services& s, const CallbackRule& candidate, Instant now) {
  int created = 0;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    created = 0;
    auto rule = tx.Callbacks().GetRule(candidate.id);
    if (!rule) return rule.error();
    if (!rule->active || (rule->next_run_at && *rule->next_run_at > now)) return {};
    CallbackRule next = *rule;
    next.next_run_at = now + std::chrono::days(rule->interval_days);
    auto claimed = tx.Callbacks().UpdateRule(next, rule->version);
    if (!claimed) {
      // Another runner (thread or node) claimed this run first: nothing to do.
      if (claimed.error().code == ErrorCode::kVersionMismatch) return {};
      return claimed.error();
    }
    std::vector<std::string> tiers;
    boost::system::error_code ec;
    auto v = json::parse(rule->tiers_json, ec);
    if (!ec && v.is_array()) {
      for (const auto& t : v.as_array()) tiers.emplace_back(t.as_string());
    }
    std::vector<std::string> paths;
    if (rule->segment_org_unit_id) {
      auto unit = tx.Org().GetUnit(*rule->segment_org_unit_id);
      if (!unit) return unit.error();
      paths.push_back(unit->path);
    }
    auto due = TaskDue(tx, s, *rule, nullptr, now);
    if (!due) return due.error();
    Id after = 0;
    for (;;) {
      auto customers = tx.Callbacks().SegmentCustomers(tiers, paths, after, 500);
      if (!customers) return customers.error();
      for (const auto& c : *customers) {
        CallbackTask t;
        t.rule_id = rule->id;
        t.customer_id = c.id;
        t.org_unit_id = c.org_unit_id;
        t.channel = rule->channel;
        t.created_at = now;
        t.due_at = *due;
        t.max_attempts = rule->max_attempts;
        t.dedupe_key = "r" + std::to_string(rule->id) +
                       ":routine:" + std::to_string(now.time_since_epoch().count()) + ":" +
                       std::to_string(c.id);
        auto inserted = tx.Callbacks().InsertTask(std::move(t));
        if (!inserted) return inserted.error();
        if (*inserted) ++created;
      }
      if (customers->size() < 500) break;
      after = customers->back().id;
    }
    json::object data{{"rule_id", rule->id}, {"tasks", created}};
    return AppendAudit(tx, s.crypto, now, std::nullopt, "callback.routine", "callback_rule",
                       rule->id, json::serialize(data));
  });
  if (!st) return st.error();
  return created;
}

}  // namespace

Result<CallbackJobReport> RunCallbackJobs(Services& s) {
  const Instant now = s.clock.Now();
  CallbackJobReport report;
  std::vector<CallbackRule> routine, sampling;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto r = tx.Callbacks().ActiveRules("routine");
    if (!r) return r.error();
    for (auto& rule : *r) {
      if (!rule.next_run_at || *rule.next_run_at <= now) routine.push_back(std::move(rule));
    }
    auto samples = tx.Callbacks().ActiveRules("complaint_sample");
    if (!samples) return samples.error();
    for (auto& rule : *samples) {
      auto zone = RuleZone(tx, s, rule);
      if (!zone) return zone.error();
      const int month = PreviousMonth(MonthOf(**zone, now));
      auto drawn = tx.Callbacks().Samples(rule.id);
      if (!drawn) return drawn.error();
      bool done = MonthOf(**zone, rule.created_at) > month;  // months before the rule: never
      for (const auto& d : *drawn) done = done || d.month == month;
      if (!done) sampling.push_back(std::move(rule));
    }
    return {};
  });
  if (!st) return st.error();
  for (const auto& rule : routine) {
    auto created = RunRoutine(s, rule, now);
    if (!created) return created.error();
    ++report.routine_rules;
    report.tasks += *created;
  }
  for (const auto& rule : sampling) {
    std::optional<int> month;
    if (auto st2 = s.store.Read([&](Tx& tx) -> Status {
          auto zone = RuleZone(tx, s, rule);
          if (!zone) return zone.error();
          month = PreviousMonth(MonthOf(**zone, now));
          return {};
        });
        !st2) {
      return st2.error();
    }
    auto drawn = DrawComplaintSample(s, nullptr, rule.id, *month, std::nullopt);
    if (!drawn) {
      if (drawn.error().reason == "callback.sample_exists") continue;  // another runner won
      return drawn.error();
    }
    ++report.samples;
  }
  return report;
}

}  // namespace csqm::app
