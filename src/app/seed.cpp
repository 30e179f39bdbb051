#include "app/seed.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/audit.hpp"
#include "app/callbacks.hpp"

namespace csqm::app {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::MakeError;

bool IsNotFound(const core::Error& e) { return e.code == ErrorCode::kNotFound; }

json::value OptId(std::optional<Id> id) { return id ? json::value(*id) : json::value(nullptr); }

json::object CalendarJson(const CalendarRecord& c) {
  return {{"key", c.key}, {"name", c.name}, {"spec_json", c.spec_json}, {"version", c.version}};
}

json::object CaseTypeJson(const CaseType& t) {
  return {{"key", t.key},
          {"prefix", t.prefix},
          {"name_zh", t.name_zh},
          {"name_en", t.name_en},
          {"workflow_json", t.workflow_json},
          {"version", t.version}};
}

json::object CategoryJson(const Category& c) {
  return {{"key", c.key},
          {"parent_id", OptId(c.parent_id)},
          {"case_type_id", c.case_type_id},
          {"name_zh", c.name_zh},
          {"name_en", c.name_en},
          {"calendar_id", c.calendar_id},
          {"policy_json", c.policy_json},
          {"active", c.active},
          {"version", c.version}};
}

json::object RuleJson(const CallbackRule& r) {
  return {{"name", r.name},
          {"kind", r.kind},
          {"case_type_ids", r.case_type_ids_json},
          {"category_ids", r.category_ids_json},
          {"event", r.event},
          {"tiers", r.tiers_json},
          {"interval_days", r.interval_days},
          {"sample_percent", r.sample_percent},
          {"channel", r.channel},
          {"calendar_id", OptId(r.calendar_id)},
          {"clock", r.clock},
          {"limit", r.limit_text},
          {"max_attempts", r.max_attempts},
          {"retry_minutes", r.retry_minutes},
          {"on_unsatisfied", r.on_unsatisfied},
          {"followup_category_id", OptId(r.followup_category_id)},
          {"script", r.script}};
}

// One load: the transaction, the time and what happened so far.
class Loader {
 public:
  Loader(Tx& tx, const Services& s, const TemplateSpec& spec, Instant now, SeedReport& report)
      : tx_(tx), s_(s), spec_(spec), now_(now), report_(report) {}

  Status Run() {
    for (const auto& c : spec_.calendars) {
      if (auto st = UpsertCalendar(c); !st) return st;
    }
    for (const auto& t : spec_.case_types) {
      if (auto st = UpsertType(t); !st) return st;
    }
    for (const auto& c : spec_.categories) {
      if (auto st = UpsertCategory(c); !st) return st;
    }
    for (const auto& r : spec_.callback_rules) {
      if (auto st = UpsertCallbackRule(r); !st) return st;
    }
    return {};
  }

 private:
  Status Record(const char* kind, const std::string& key, SeedAction action, Id id, int64_t version,
                json::object before, json::object after) {
    report_.items.push_back({kind, key, action, id, version});
    if (action == SeedAction::kUnchanged) return {};
    json::object data{{"template", spec_.key}, {"after", std::move(after)}};
    if (action == SeedAction::kUpdated) data["before"] = std::move(before);
    const std::string verb = action == SeedAction::kCreated ? ".create" : ".update";
    return AppendAudit(tx_, s_.crypto, now_, std::nullopt, kind + verb, kind, id,
                       json::serialize(data));
  }

  Status UpsertCalendar(const TemplateCalendar& c) {
    auto found = tx_.Config().GetCalendarByKey(c.key);
    if (!found && !IsNotFound(found.error())) return found.error();
    if (!found) {
      CalendarRecord r{0, c.key, c.name, c.spec_json, now_, 1};
      auto stored = tx_.Config().InsertCalendar(r);
      if (!stored) return stored.error();
      calendar_ids_[c.key] = stored->id;
      return Record("calendar", c.key, SeedAction::kCreated, stored->id, stored->version, {},
                    CalendarJson(*stored));
    }
    calendar_ids_[c.key] = found->id;
    if (found->name == c.name && found->spec_json == c.spec_json) {
      return Record("calendar", c.key, SeedAction::kUnchanged, found->id, found->version, {}, {});
    }
    CalendarRecord r = *found;
    r.name = c.name;
    r.spec_json = c.spec_json;
    r.updated_at = now_;
    auto stored = tx_.Config().UpdateCalendar(r, found->version);
    if (!stored) return stored.error();
    return Record("calendar", c.key, SeedAction::kUpdated, stored->id, stored->version,
                  CalendarJson(*found), CalendarJson(*stored));
  }

  Status CheckPrefix(const TemplateCaseType& t) {
    auto types = tx_.Config().ListCaseTypes();
    if (!types) return types.error();
    for (const auto& other : *types) {
      if (other.prefix == t.prefix && other.key != t.key) {
        return MakeError(
            ErrorCode::kConflict, "template.prefix_taken",
            "编号前缀“" + t.prefix + "”已被工单类型“" + other.key + "”使用",
            "prefix \"" + t.prefix + "\" is already used by case type \"" + other.key + "\"",
            "case_types." + t.key + ".prefix");
      }
    }
    return {};
  }

  Status UpsertType(const TemplateCaseType& t) {
    if (auto st = CheckPrefix(t); !st) return st;
    auto found = tx_.Config().GetCaseTypeByKey(t.key);
    if (!found && !IsNotFound(found.error())) return found.error();
    if (!found) {
      CaseType r{0, t.key, t.prefix, t.name_zh, t.name_en, t.workflow_json, 1};
      auto stored = tx_.Config().InsertCaseType(r);
      if (!stored) return stored.error();
      type_ids_[t.key] = stored->id;
      return Record("case_type", t.key, SeedAction::kCreated, stored->id, stored->version, {},
                    CaseTypeJson(*stored));
    }
    type_ids_[t.key] = found->id;
    if (found->prefix == t.prefix && found->name_zh == t.name_zh && found->name_en == t.name_en &&
        found->workflow_json == t.workflow_json) {
      return Record("case_type", t.key, SeedAction::kUnchanged, found->id, found->version, {}, {});
    }
    CaseType r = *found;
    r.prefix = t.prefix;
    r.name_zh = t.name_zh;
    r.name_en = t.name_en;
    r.workflow_json = t.workflow_json;
    auto stored = tx_.Config().UpdateCaseType(r, found->version);
    if (!stored) return stored.error();
    return Record("case_type", t.key, SeedAction::kUpdated, stored->id, stored->version,
                  CaseTypeJson(*found), CaseTypeJson(*stored));
  }

  Status UpsertCategory(const TemplateCategory& c) {
    Category wanted;
    if (!c.parent_key.empty()) wanted.parent_id = category_ids_.at(c.parent_key);
    wanted.case_type_id = type_ids_.at(c.case_type_key);
    wanted.key = c.key;
    wanted.name_zh = c.name_zh;
    wanted.name_en = c.name_en;
    wanted.calendar_id = calendar_ids_.at(c.calendar_key);
    wanted.policy_json = c.policy_json;
    wanted.active = c.active;
    auto found = tx_.Config().GetCategoryByKey(c.key);
    if (!found && !IsNotFound(found.error())) return found.error();
    if (!found) {
      auto stored = tx_.Config().InsertCategory(wanted);
      if (!stored) return stored.error();
      category_ids_[c.key] = stored->id;
      return Record("category", c.key, SeedAction::kCreated, stored->id, stored->version, {},
                    CategoryJson(*stored));
    }
    category_ids_[c.key] = found->id;
    if (found->parent_id == wanted.parent_id && found->case_type_id == wanted.case_type_id &&
        found->name_zh == wanted.name_zh && found->name_en == wanted.name_en &&
        found->calendar_id == wanted.calendar_id && found->policy_json == wanted.policy_json &&
        found->active == wanted.active) {
      return Record("category", c.key, SeedAction::kUnchanged, found->id, found->version, {}, {});
    }
    wanted.id = found->id;
    wanted.version = found->version;
    auto stored = tx_.Config().UpdateCategory(wanted, found->version);
    if (!stored) return stored.error();
    return Record("category", c.key, SeedAction::kUpdated, stored->id, stored->version,
                  CategoryJson(*found), CategoryJson(*stored));
  }

  std::string IdsJson(const std::vector<std::string>& keys, const std::map<std::string, Id>& ids) {
    json::array out;
    for (const auto& k : keys) out.push_back(ids.at(k));
    return json::serialize(out);
  }

  // A callback rule, matched by name: validated as CreateCallbackRule does; an existing one is
  // updated when it differs (its next run and active flag kept).
  Status UpsertCallbackRule(const TemplateCallbackRule& t) {
    CallbackRule r;
    r.name = t.name;
    r.kind = t.kind;
    r.case_type_ids_json = IdsJson(t.case_type_keys, type_ids_);
    r.category_ids_json = IdsJson(t.category_keys, category_ids_);
    r.event = t.event;
    json::array tiers;
    for (const auto& tier : t.tiers) tiers.push_back(json::string(tier));
    r.tiers_json = json::serialize(tiers);
    r.interval_days = t.interval_days;
    r.sample_percent = t.sample_percent;
    r.channel = t.channel;
    if (!t.calendar_key.empty()) r.calendar_id = calendar_ids_.at(t.calendar_key);
    r.clock = t.clock;
    r.limit_text = t.limit;
    r.max_attempts = t.max_attempts;
    r.retry_minutes = t.retry_minutes;
    r.on_unsatisfied = t.on_unsatisfied;
    if (!t.followup_category_key.empty()) {
      r.followup_category_id = category_ids_.at(t.followup_category_key);
    }
    r.script = t.script;
    r.created_at = now_;
    r.updated_at = now_;
    if (r.kind == "routine") r.next_run_at = now_;
    if (auto st = callbacks_detail::ValidateRule(tx_, r); !st) {
      core::Error e = st.error();
      e.field = "callback_rules." + t.key + (e.field.empty() ? "" : "." + e.field);
      return e;
    }
    auto rules = tx_.Callbacks().ListRules();
    if (!rules) return rules.error();
    const auto found = std::find_if(rules->begin(), rules->end(),
                                    [&](const CallbackRule& x) { return x.name == t.name; });
    if (found == rules->end()) {
      auto stored = tx_.Callbacks().InsertRule(r);
      if (!stored) return stored.error();
      return Record("callback_rule", t.key, SeedAction::kCreated, stored->id, stored->version, {},
                    RuleJson(*stored));
    }
    r.id = found->id;
    r.active = found->active;
    r.created_at = found->created_at;
    r.next_run_at = found->next_run_at;
    if (RuleJson(r) == RuleJson(*found)) {
      return Record("callback_rule", t.key, SeedAction::kUnchanged, found->id, found->version, {},
                    {});
    }
    auto stored = tx_.Callbacks().UpdateRule(r, found->version);
    if (!stored) return stored.error();
    return Record("callback_rule", t.key, SeedAction::kUpdated, stored->id, stored->version,
                  RuleJson(*found), RuleJson(*stored));
  }

  Tx& tx_;
  const Services& s_;
  const TemplateSpec& spec_;
  const Instant now_;
  SeedReport& report_;
  std::map<std::string, Id> calendar_ids_, type_ids_, category_ids_;
};

}  // namespace

std::string_view SeedActionName(SeedAction action) {
  switch (action) {
    case SeedAction::kCreated:
      return "created";
    case SeedAction::kUpdated:
      return "updated";
    case SeedAction::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

int SeedReport::Count(SeedAction action) const {
  int n = 0;
  for (const auto& item : items) n += item.action == action ? 1 : 0;
  return n;
}

Result<SeedReport> LoadTemplate(Services& s, const TemplateFiles& files) {
  auto spec = ParseTemplate(files, s.config.zones());
  if (!spec) return spec.error();
  const Instant now = s.clock.Now();
  SeedReport report;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    report.template_key = spec->key;
    return Loader(tx, s, *spec, now, report).Run();
  });
  if (!st) return st.error();
  return report;
}

}  // namespace csqm::app
