#include "app/cases.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/case_config.hpp"
#include "app/sla_service.hpp"
#include "app/timeline.hpp"
#include "core/text_tokens.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxDescription = 20000;

Status ValidateText(const std::string& title, const std::string& description) {
  if (title.empty() || title.size() > kMaxTitle * 3) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_title", "标题不能为空，且不超过 200 字",
                     "the title must be 1 to 200 characters", "title");
  }
  if (description.size() > kMaxDescription * 3) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_description", "描述过长",
                     "the description is too long", "description");
  }
  return {};
}

Status ValidateJsonObject(const std::string& text, const char* field) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_custom_fields",
                     "自定义字段必须是 JSON 对象", "custom fields must be a JSON object", field);
  }
  return {};
}

// The unit a new case belongs to: given, else the customer's, else the actor's.
Result<OrgUnit> CaseUnit(Tx& tx, const Actor& actor, const OpenCaseInput& in,
                         const std::optional<Customer>& customer) {
  const Id unit_id = in.org_unit_id ? *in.org_unit_id
                     : customer     ? customer->org_unit_id
                                    : actor.user.org_unit_id;
  auto unit = tx.Org().GetUnit(unit_id);
  if (!unit) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_org_unit", "组织单元不存在",
                     "no such organisation unit", "org_unit_id");
  }
  if (!InScope(actor, unit->path))
    return Forbidden("在该组织单元登记工单", "open cases in that unit");
  return unit;
}

Result<std::optional<Customer>> LoadCustomer(Tx& tx, std::optional<Id> id) {
  if (!id) return std::optional<Customer>();
  auto c = tx.Customers().Get(*id);
  if (!c) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_customer", "客户不存在",
                     "no such customer", "customer_id");
  }
  return std::optional<Customer>(std::move(*c));
}

Result<std::optional<User>> CheckAssignee(Tx& tx, std::optional<Id> id) {
  if (!id) return std::optional<User>();
  auto u = tx.Org().GetUser(*id);
  if (!u || !u->active || !core::MayWriteCases(u->role)) {
    return MakeError(ErrorCode::kInvalidArgument, "case.bad_assignee", "处理人不存在或不可用",
                     "the assignee does not exist or cannot handle cases", "assignee_id");
  }
  return std::optional<User>(std::move(*u));
}

Status CheckReceivedAt(const Services& s, Instant received, Instant now) {
  if (received > now + std::chrono::minutes(1)) {
    return MakeError(ErrorCode::kInvalidArgument, "case.received_in_future",
                     "受理时间不能晚于当前时间", "the time of receipt cannot be in the future",
                     "received_at");
  }
  if (received < now - s.settings.max_backdating) {
    return MakeError(ErrorCode::kInvalidArgument, "case.received_too_early",
                     "受理时间早于允许补录的范围", "the time of receipt is earlier than allowed",
                     "received_at");
  }
  return {};
}

// Opens the case in `tx`; fills *view, when given, with the case as `actor` sees it (what
// GetCase would read back), from what the write has at hand.
Result<CaseRecord> Open(Tx& tx, Services& s, const Actor& actor, const OpenCaseInput& in,
                        Instant now, CaseView* view) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  if (auto st = ValidateText(in.title, in.description); !st) return st.error();
  if (auto st = ValidateJsonObject(in.custom_json, "custom_fields"); !st) return st.error();
  const Instant received = in.received_at.value_or(now);
  if (auto st = CheckReceivedAt(s, received, now); !st) return st.error();

  CaseRecord stored;
  auto st = [&]() -> Status {
    auto config = LoadCaseConfig(tx, s.config, in.category_id);
    if (!config) {
      core::Error e = config.error();
      e.field = "category_id";
      return e;
    }
    if (!config->category.active) {
      return MakeError(ErrorCode::kInvalidArgument, "case.inactive_category", "该类别已停用",
                       "that category is no longer in use", "category_id");
    }
    auto customer = LoadCustomer(tx, in.customer_id);
    if (!customer) return customer.error();
    auto unit = CaseUnit(tx, actor, in, *customer);
    if (!unit) return unit.error();
    auto assignee = CheckAssignee(tx, in.assignee_id);
    if (!assignee) return assignee.error();

    CaseRecord r;
    r.month = LocalMonth(*config->schedule, received);
    auto number = tx.Cases().NextNumber(config->type.prefix, r.month);
    if (!number) return number.error();
    r.number = std::move(*number);
    r.case_type_id = config->type.id;
    r.category_id = config->category.id;
    r.title = in.title;
    r.description = in.description;
    r.channel = in.channel;
    r.severity = in.severity;
    r.status = config->workflow->initial;
    r.customer_id = in.customer_id;
    r.owner_id = actor.id();
    r.assignee_id = in.assignee_id;
    r.org_unit_id = unit->id;
    r.received_at = received;
    r.created_at = now;
    r.updated_at = now;
    r.custom_json = in.custom_json;
    auto inserted = tx.Cases().Insert(std::move(r));
    if (!inserted) return inserted.error();
    stored = std::move(*inserted);
    std::vector<TargetRecord> targets;
    if (auto st2 = ReplanTargets(tx, *config, stored, true, &targets); !st2) return st2;
    if (auto st2 = tx.Cases().Reindex(stored.id); !st2) return st2;
    boost::json::object data{{"number", stored.number},
                             {"category", config->category.key},
                             {"severity", core::Name(stored.severity)},
                             {"received_at", stored.received_at.time_since_epoch().count()}};
    if (stored.assignee_id) data["assignee_id"] = *stored.assignee_id;
    if (auto st2 = RecordCreation(tx, s, stored, *config, targets, actor.id(), now,
                                  {"created", "", boost::json::serialize(data), "public"});
        !st2) {
      return st2;
    }
    if (view) {
      view->record = stored;
      view->type_key = config->type.key;
      view->category_key = config->category.key;
      view->workflow = config->workflow;
      view->policy = config->policy;
      view->status = view->workflow->Status(stored.status);
      view->transitions = view->workflow->Available(stored.status, actor.role());
      std::sort(targets.begin(), targets.end(), [](const TargetRecord& a, const TargetRecord& b) {
        return a.target_key < b.target_key;  // as CaseRepository::Targets lists them
      });
      view->targets = std::move(targets);
      if (*customer) {
        view->customer = std::move(**customer);
        if (!core::SeesFullPhone(actor.role()))
          view->customer->phone = core::MaskPhone(view->customer->phone);
      }
      view->owner = {actor.id(), actor.user.display_name};
      if (*assignee) view->assignee = UserRef{(*assignee)->id, (*assignee)->display_name};
    }
    return {};
  }();
  if (!st) return st.error();
  return stored;
}

}  // namespace

Result<CaseRecord> OpenCase(Services& s, const Actor& actor, const OpenCaseInput& in) {
  const Instant now = s.clock.Now();
  CaseRecord stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto opened = Open(tx, s, actor, in, now, nullptr);
    if (!opened) return opened.error();
    stored = std::move(*opened);
    return {};
  });
  if (!st) return st.error();
  return stored;
}

Result<CaseView> OpenCaseView(Services& s, const Actor& actor, const OpenCaseInput& in) {
  const Instant now = s.clock.Now();
  CaseView view;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    view = CaseView{};
    auto opened = Open(tx, s, actor, in, now, &view);
    if (!opened) return opened.error();
    return {};
  });
  if (!st) return st.error();
  return view;
}

Result<CaseRecord> OpenCaseIn(Tx& tx, Services& s, const Actor& actor, const OpenCaseInput& in,
                              Instant now) {
  return Open(tx, s, actor, in, now, nullptr);
}

Result<CaseView> GetCase(Services& s, const Actor& actor, Id case_id) {
  CaseView view;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    view.record = std::move(*record);
    auto config = LoadCaseConfig(tx, s.config, view.record.category_id);
    if (!config) return config.error();
    view.type_key = config->type.key;
    view.category_key = config->category.key;
    view.workflow = config->workflow;
    view.policy = config->policy;
    view.status = view.workflow->Status(view.record.status);
    view.transitions = view.workflow->Available(view.record.status, actor.role());
    auto targets = tx.Cases().Targets(case_id);
    if (!targets) return targets.error();
    view.targets = std::move(*targets);
    if (view.record.customer_id) {
      auto customer = tx.Customers().Get(*view.record.customer_id);
      if (customer) {
        if (!core::SeesFullPhone(actor.role())) customer->phone = core::MaskPhone(customer->phone);
        view.customer = std::move(*customer);
      }
    }
    auto owner = tx.Org().GetUser(view.record.owner_id);
    if (!owner) return owner.error();
    view.owner = {owner->id, owner->display_name};
    if (view.record.assignee_id) {
      auto assignee = tx.Org().GetUser(*view.record.assignee_id);
      if (!assignee) return assignee.error();
      view.assignee = UserRef{assignee->id, assignee->display_name};
    }
    return {};
  });
  if (!st) return st.error();
  return view;
}

Result<Page<CaseListItem>> ListCases(Services& s, const Actor& actor, const CaseFilter& f) {
  CaseQuery q;
  q.statuses = f.statuses;
  q.category_id = f.category_id;
  q.assignee_id = f.assignee_id;
  q.owner_id = f.owner_id;
  q.customer_id = f.customer_id;
  q.severity = f.severity;
  q.open = f.open;
  q.after = f.after;
  q.limit = std::clamp(f.limit, 1, 200);
  q.without_description = true;
  const Instant now = s.clock.Now();
  if (f.breaching_within_minutes) {
    q.due_before = now + std::chrono::minutes(*f.breaching_within_minutes);
    q.open = true;
  }
  if (f.overdue) {
    q.overdue_at = now;
    q.open = true;
  }
  if (!f.text.empty()) {
    q.search = core::MatchQuery(f.text);
    if (q.search.empty()) return Page<CaseListItem>{};
    s.store.AwaitSearchIndex();
  }
  Page<CaseListItem> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    if (!core::SeesUnitCases(actor.role())) {
      q.visible_to_field_staff = actor.id();
    } else if (f.org_unit_id) {
      auto unit = tx.Org().GetUnit(*f.org_unit_id);
      if (!unit || !InScope(actor, unit->path)) {
        return Forbidden("查看该组织单元的工单", "see that unit's cases");
      }
      q.unit_paths = {unit->path};
    } else {
      q.unit_paths = {actor.unit_path};
    }
    auto cases = tx.Cases().List(q);
    if (!cases) return cases.error();
    std::vector<Id> ids;
    for (const auto& c : cases->items) ids.push_back(c.id);
    auto targets = tx.Cases().TargetsOf(ids);
    if (!targets) return targets.error();
    for (auto& c : cases->items) {
      CaseListItem item{std::move(c), {}};
      for (const auto& t : *targets) {
        if (t.case_id == item.record.id) item.targets.push_back(t);
      }
      page.items.push_back(std::move(item));
    }
    page.next_cursor = cases->next_cursor;
    return {};
  });
  if (!st) return st.error();
  return page;
}

Result<CaseRecord> UpdateCase(Services& s, const Actor& actor, Id case_id, const CasePatch& patch,
                              int64_t expected_version) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  if (patch.custom_json) {
    if (auto st = ValidateJsonObject(*patch.custom_json, "custom_fields"); !st) return st.error();
  }
  const Instant now = s.clock.Now();
  CaseRecord updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    if (record->status_final) {
      return MakeError(ErrorCode::kFailedPrecondition, "case.closed", "工单已关闭，不能修改",
                       "the case is closed and cannot be changed");
    }
    CaseRecord r = *record;
    boost::json::object before, after;
    if (patch.title) {
      before["title"] = r.title;
      r.title = *patch.title;
      after["title"] = r.title;
    }
    if (patch.description) {
      before["description"] = r.description;
      r.description = *patch.description;
      after["description"] = r.description;
    }
    if (auto st2 = ValidateText(r.title, r.description); !st2) return st2;
    if (patch.severity) {
      before["severity"] = core::Name(r.severity);
      r.severity = *patch.severity;
      after["severity"] = core::Name(r.severity);
    }
    if (patch.customer_id) {
      if (auto c = LoadCustomer(tx, *patch.customer_id); !c) return c.error();
      before["customer_id"] = r.customer_id ? boost::json::value(*r.customer_id) : nullptr;
      r.customer_id = *patch.customer_id;
      after["customer_id"] = r.customer_id ? boost::json::value(*r.customer_id) : nullptr;
    }
    if (patch.custom_json) r.custom_json = *patch.custom_json;
    const bool recategorised = patch.category_id && *patch.category_id != r.category_id;
    if (recategorised) {
      before["category_id"] = r.category_id;
      r.category_id = *patch.category_id;
      after["category_id"] = r.category_id;
    }
    r.updated_at = now;
    auto saved = tx.Cases().Update(r, ExpectedVersion(expected_version, record->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    if (recategorised) {
      auto config = LoadCaseConfig(tx, s.config, updated.category_id);
      if (!config) {
        core::Error e = config.error();
        e.field = "category_id";
        return e;
      }
      if (config->type.id != updated.case_type_id) {
        return MakeError(ErrorCode::kInvalidArgument, "case.category_of_other_type",
                         "新类别属于其他工单类型", "the new category belongs to another case type",
                         "category_id");
      }
      if (auto st2 = ReplanTargets(tx, *config, updated); !st2) return st2;
    }
    if (patch.title || patch.description || patch.customer_id) {
      if (auto st2 = tx.Cases().Reindex(updated.id); !st2) return st2;
    }
    boost::json::object data{{"before", before}, {"after", after}};
    return RecordChange(tx, s, updated, actor.id(), now,
                        {"updated", "", boost::json::serialize(data), "internal"});
  });
  if (!st) return st.error();
  return updated;
}

}  // namespace csqm::app
