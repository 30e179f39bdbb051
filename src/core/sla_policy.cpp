#include "core/sla_policy.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <set>

#include "core/json_read.hpp"

namespace csqm::core {
namespace json = boost::json;
using jsonread::Index;
using jsonread::Member;

const SlaTarget* SlaPolicy::Target(std::string_view key) const {
  for (const auto& t : targets) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

namespace {

Error Invalid(std::string reason, std::string zh, std::string en, std::string field) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(zh), std::move(en),
                   std::move(field));
}

Result<MetCondition> ParseMet(const json::object& o, const std::string& at) {
  const std::string field = Member(at, "met_by");
  const auto* v = o.if_contains("met_by");
  MetCondition met;
  if (!v) return met;  // default: resolved
  if (!v->is_object()) return jsonread::WrongType(field, "对象", "an object");
  const auto& m = v->get_object();
  if (const auto* status = m.if_contains("status"); status && status->is_string()) {
    met.event = MetEvent::kStatus;
    met.status = std::string(status->get_string());
    return met;
  }
  auto event = jsonread::String(m, "event", field);
  if (!event) return event.error();
  if (*event == "first_public_reply") {
    met.event = MetEvent::kFirstPublicReply;
  } else if (*event == "arrival") {
    met.event = MetEvent::kArrival;
  } else if (*event == "resolved") {
    met.event = MetEvent::kResolved;
  } else {
    return Invalid("sla.bad_met_by", "未知的达成事件“" + *event + "”",
                   "unknown met_by event \"" + *event + "\"", Member(field, "event"));
  }
  return met;
}

Result<Notify> ParseNotify(std::string_view s, const std::string& at) {
  if (s == "assignee") return Notify{Recipient::kAssignee, Role::kManager};
  if (s == "owner") return Notify{Recipient::kOwner, Role::kManager};
  if (s == "owner_supervisor") return Notify{Recipient::kOwnerSupervisor, Role::kManager};
  if (s == "owner_manager") return Notify{Recipient::kOwnerManager, Role::kManager};
  if (s.rfind("role:", 0) == 0) {
    if (auto role = ParseRole(s.substr(5))) return Notify{Recipient::kRole, *role};
  }
  return Invalid("sla.bad_recipient", "未知的通知对象“" + std::string(s) + "”",
                 "unknown recipient \"" + std::string(s) + "\"", at);
}

Result<EscalationStep> ParseStep(const json::value& v, const SlaTarget& target,
                                 const std::string& at) {
  if (!v.is_object()) return jsonread::WrongType(at, "对象", "an object");
  const auto& o = v.get_object();
  EscalationStep step;
  auto when = jsonread::String(o, "at", at);
  if (!when) return when.error();
  step.label = *when;
  const std::string field = Member(at, "at");
  if (!when->empty() && when->back() == '%') {
    int pct = 0;
    const auto [p, ec] = std::from_chars(when->data(), when->data() + when->size() - 1, pct);
    if (ec != std::errc() || p != when->data() + when->size() - 1 || pct < 1 || pct > 99) {
      return Invalid("sla.bad_step", "百分比应为 1% 到 99%", "a percentage must be 1% to 99%",
                     field);
    }
    step.when = EscalationStep::When::kPercent;
    step.percent = pct;
  } else if (*when == "breach" || when->rfind("breach+", 0) == 0) {
    step.when = EscalationStep::When::kBreach;
    step.delay = *when == "breach" ? "" : when->substr(7);
    if (!step.delay.empty()) {
      const ClockKind delay_clock =
          target.clock == ClockKind::kWorkdays ? ClockKind::kBusiness : target.clock;
      auto delay = ParseLimit(delay_clock, step.delay, CalendarSpec{});
      if (!delay || delay->span.count() <= 0) {
        return Invalid("sla.bad_step", "超时后的延迟无效：“" + step.delay + "”",
                       "invalid delay after breach: \"" + step.delay + "\"", field);
      }
    }
  } else {
    return Invalid("sla.bad_step", "升级时点应为“75%”“breach”或“breach+2h”",
                   "a step is at \"75%\", \"breach\" or \"breach+2h\"", field);
  }
  auto notify = jsonread::Strings(o, "notify", at);
  if (!notify) return notify.error();
  for (size_t i = 0; i < notify->size(); ++i) {
    auto n = ParseNotify((*notify)[i], Index(Member(at, "notify"), i));
    if (!n) return n.error();
    step.notify.push_back(*n);
  }
  auto raise = jsonread::String(o, "raise_severity", at, false);
  if (!raise) return raise.error();
  if (!raise->empty()) {
    step.raise_severity = ParseSeverity(*raise);
    if (!step.raise_severity) {
      return Invalid("sla.bad_severity", "未知的严重程度", "unknown severity",
                     Member(at, "raise_severity"));
    }
  }
  if (step.notify.empty() && !step.raise_severity) {
    return Invalid("sla.empty_step", "升级步骤需要通知对象或提升严重程度",
                   "a step must notify someone or raise the severity", at);
  }
  return step;
}

// Steps run in time order: percentages rising, then the breach steps with rising delays.
Status ValidateStepOrder(const SlaTarget& t, const std::string& at) {
  int last_percent = 0;
  int64_t last_delay = -1;
  const ClockKind delay_clock = t.clock == ClockKind::kWorkdays ? ClockKind::kBusiness : t.clock;
  for (size_t i = 0; i < t.escalation.size(); ++i) {
    const auto& s = t.escalation[i];
    const std::string field = Member(Index(Member(at, "escalation"), i), "at");
    const auto out_of_order = Invalid("sla.step_order", "升级步骤应按时间先后排列",
                                      "escalation steps must be in time order", field);
    if (s.when == EscalationStep::When::kPercent) {
      if (last_delay >= 0 || s.percent <= last_percent) return out_of_order;
      last_percent = s.percent;
    } else {
      const int64_t delay =
          s.delay.empty() ? 0 : ParseLimit(delay_clock, s.delay, CalendarSpec{})->span.count();
      if (delay <= last_delay) return out_of_order;
      last_delay = delay;
    }
  }
  return {};
}

Result<SlaTarget> ParseTarget(const json::value& v, const std::string& at) {
  if (!v.is_object()) return jsonread::WrongType(at, "对象", "an object");
  const auto& o = v.get_object();
  SlaTarget t;
  auto key = jsonread::String(o, "key", at);
  if (!key) return key.error();
  t.key = *key;
  t.name_zh = jsonread::String(o, "zh", at, false).value();
  t.name_en = jsonread::String(o, "en", at, false).value();
  auto clock_text = jsonread::String(o, "clock", at);
  if (!clock_text) return clock_text.error();
  auto clock = ParseClockKind(*clock_text);
  if (!clock) {
    Error e = clock.error();
    e.field = Member(at, "clock");
    return e;
  }
  t.clock = *clock;
  auto limit = jsonread::String(o, "limit", at);
  if (!limit) return limit.error();
  t.limit = *limit;
  auto parsed = ParseLimit(t.clock, t.limit, CalendarSpec{});
  if (!parsed) {
    Error e = parsed.error();
    e.field = Member(at, "limit");
    return e;
  }
  if (parsed->span.count() < 0) {
    return Invalid("sla.bad_limit", "时限不能为负数", "a limit cannot be negative",
                   Member(at, "limit"));
  }
  auto met = ParseMet(o, at);
  if (!met) return met.error();
  t.met_by = *met;
  if (const auto* steps = o.if_contains("escalation")) {
    if (!steps->is_array())
      return jsonread::WrongType(Member(at, "escalation"), "数组", "an array");
    for (size_t i = 0; i < steps->get_array().size(); ++i) {
      auto step = ParseStep(steps->get_array()[i], t, Index(Member(at, "escalation"), i));
      if (!step) return step.error();
      t.escalation.push_back(std::move(*step));
    }
  }
  if (auto st = ValidateStepOrder(t, at); !st) return st.error();
  return t;
}

}  // namespace

std::string_view RecipientName(const Notify& n) {
  switch (n.who) {
    case Recipient::kAssignee:
      return "assignee";
    case Recipient::kOwner:
      return "owner";
    case Recipient::kOwnerSupervisor:
      return "owner_supervisor";
    case Recipient::kOwnerManager:
      return "owner_manager";
    case Recipient::kRole:
      break;
  }
  static const std::string kNames[] = {
      "role:admin", "role:quality_manager", "role:manager", "role:supervisor",
      "role:agent", "role:field_staff",     "role:auditor"};
  return kNames[static_cast<int>(n.role)];
}

Result<SlaPolicy> ParseSlaPolicyJson(std::string_view text) {
  auto root = jsonread::Parse(text);
  if (!root) return root.error();
  const auto* obj = root->if_object();
  const auto* targets = obj ? obj->if_contains("targets") : nullptr;
  if (!targets || !targets->is_array()) return jsonread::WrongType("targets", "数组", "an array");
  SlaPolicy policy;
  std::set<std::string> keys;
  for (size_t i = 0; i < targets->get_array().size(); ++i) {
    auto t = ParseTarget(targets->get_array()[i], Index("targets", i));
    if (!t) return t.error();
    if (!keys.insert(t->key).second) {
      return Invalid("sla.duplicate_target", "时限目标重复", "target key repeats",
                     Index("targets", i));
    }
    policy.targets.push_back(std::move(*t));
  }
  return policy;
}

std::string SlaPolicyToJson(const SlaPolicy& policy) {
  json::array targets;
  for (const auto& t : policy.targets) {
    json::object met;
    switch (t.met_by.event) {
      case MetEvent::kFirstPublicReply:
        met["event"] = "first_public_reply";
        break;
      case MetEvent::kArrival:
        met["event"] = "arrival";
        break;
      case MetEvent::kResolved:
        met["event"] = "resolved";
        break;
      case MetEvent::kStatus:
        met["status"] = t.met_by.status;
        break;
    }
    json::array steps;
    for (const auto& s : t.escalation) {
      json::array notify;
      for (const auto& n : s.notify) notify.emplace_back(RecipientName(n));
      json::object step{{"at", s.label}, {"notify", std::move(notify)}};
      if (s.raise_severity) step["raise_severity"] = Name(*s.raise_severity);
      steps.push_back(std::move(step));
    }
    targets.push_back(json::object{{"key", t.key},
                                   {"zh", t.name_zh},
                                   {"en", t.name_en},
                                   {"clock", ClockKindName(t.clock)},
                                   {"limit", t.limit},
                                   {"met_by", std::move(met)},
                                   {"escalation", std::move(steps)}});
  }
  return json::serialize(json::object{{"targets", std::move(targets)}});
}

}  // namespace csqm::core
