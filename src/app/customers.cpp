#include "app/customers.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/access.hpp"
#include "app/admin_support.hpp"
#include "app/audit.hpp"
#include "app/callbacks.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

constexpr size_t kMaxContacts = 50;

core::Error CustomerNotFound() {
  return MakeError(ErrorCode::kNotFound, "customer.not_found", "客户不存在", "customer not found",
                   "id");
}

Status RequireCustomerWriter(const Actor& actor) {
  if (core::MayWriteCases(actor.role()) && actor.role() != core::Role::kFieldStaff) return {};
  return Forbidden("修改客户资料", "change customer profiles");
}

bool PhoneChars(std::string_view phone) {
  return std::all_of(phone.begin(), phone.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')';
  });
}

core::Error BadPhone(const std::string& field) {
  return MakeError(ErrorCode::kInvalidArgument, "customer.bad_phone",
                   "电话号码只能包含数字、空格和 + - ( )，且不超过 32 个字符",
                   "a phone number has only digits, spaces and + - ( ), at most 32 characters",
                   field);
}

// The phone to store: `given`, or `current` when `given` is current's masked form.
Result<std::string> ResolvePhone(const std::string& given, const std::string& current,
                                 const std::string& field) {
  if (given.find('*') != std::string::npos) {
    if (!current.empty() && given == core::MaskPhone(current)) return current;
    return BadPhone(field);
  }
  if (given.size() > 32 || !PhoneChars(given)) return BadPhone(field);
  return given;
}

std::string ContactPhone(const json::array& contacts, size_t i) {
  if (i >= contacts.size() || !contacts[i].is_object()) return {};
  const auto* phone = contacts[i].get_object().if_contains("phone");
  return phone && phone->is_string() ? std::string(phone->get_string()) : std::string();
}

// Validates a contacts array and restores masked phones from `current_json`.
Result<std::string> ResolveContacts(const std::string& given_json,
                                    const std::string& current_json) {
  boost::system::error_code ec;
  auto given = json::parse(given_json, ec);
  if (ec || !given.is_array() || given.get_array().size() > kMaxContacts) {
    return MakeError(ErrorCode::kInvalidArgument, "customer.bad_contacts",
                     "联系人应为对象数组，最多 50 个",
                     "contacts must be an array of at most 50 objects", "contacts");
  }
  json::array current;
  if (auto v = json::parse(current_json, ec); !ec && v.is_array()) current = v.get_array();
  auto& list = given.get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = "contacts[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      return MakeError(ErrorCode::kInvalidArgument, "customer.bad_contacts", "联系人应为对象",
                       "a contact must be an object", at);
    }
    auto& contact = list[i].get_object();
    auto* phone = contact.if_contains("phone");
    if (!phone || phone->is_null()) continue;
    if (!phone->is_string()) return BadPhone(at + ".phone");
    auto resolved =
        ResolvePhone(std::string(phone->get_string()), ContactPhone(current, i), at + ".phone");
    if (!resolved) return resolved.error();
    *phone = json::string(*resolved);
  }
  return json::serialize(given);
}

Status CheckEmail(const std::string& email) {
  if (email.empty() || (email.size() <= 200 && email.find('@') != std::string::npos)) return {};
  return MakeError(ErrorCode::kInvalidArgument, "customer.bad_email", "电子邮箱格式不正确",
                   "the email address is malformed", "email");
}

// Applies `in` to `c` (the current state; a fresh record on create), validating every field.
// Returns the names of the fields that changed.
Result<json::array> Apply(Tx& tx, const Actor& actor, const CustomerInput& in, Customer& c) {
  json::array changed;
  const auto text = [&](const std::optional<std::string>& v, std::string& target, size_t max,
                        const char* reason, const char* field) -> Status {
    if (!v) return {};
    if (auto st = CheckLength(*v, max, true, reason, field); !st) return st;
    if (*v != target) changed.emplace_back(field);
    target = *v;
    return {};
  };
  if (in.kind && *in.kind != c.kind) {
    c.kind = *in.kind;
    changed.emplace_back("kind");
  }
  if (auto st = text(in.name, c.name, 200, "customer.bad_name", "name"); !st) return st.error();
  if (auto st = CheckLength(c.name, 200, false, "customer.bad_name", "name"); !st) {
    return st.error();
  }
  if (in.phone) {
    auto phone = ResolvePhone(*in.phone, c.phone, "phone");
    if (!phone) return phone.error();
    if (*phone != c.phone) changed.emplace_back("phone");
    c.phone = *phone;
  }
  if (in.email) {
    if (auto st = CheckEmail(*in.email); !st) return st.error();
  }
  if (auto st = text(in.email, c.email, 200, "customer.bad_email", "email"); !st) {
    return st.error();
  }
  if (auto st = text(in.wechat, c.wechat, 100, "customer.bad_wechat", "wechat"); !st) {
    return st.error();
  }
  if (auto st = text(in.address, c.address, 500, "customer.bad_address", "address"); !st) {
    return st.error();
  }
  if (auto st = text(in.unit, c.unit, 200, "customer.bad_unit", "unit"); !st) return st.error();
  if (in.tier && *in.tier != c.tier) {
    c.tier = *in.tier;
    changed.emplace_back("tier");
  }
  if (in.org_unit_id && *in.org_unit_id != c.org_unit_id) {
    auto unit = tx.Org().GetUnit(*in.org_unit_id);
    if (!unit) {
      return MakeError(ErrorCode::kInvalidArgument, "customer.bad_org_unit", "组织单元不存在",
                       "no such organisation unit", "org_unit_id");
    }
    if (!InScope(actor, unit->path)) {
      return Forbidden("在该组织单元登记客户", "keep customers in that unit");
    }
    c.org_unit_id = *in.org_unit_id;
    changed.emplace_back("org_unit_id");
  }
  if (in.dedicated_staff_id && *in.dedicated_staff_id != c.dedicated_staff_id) {
    if (*in.dedicated_staff_id) {
      auto staff = tx.Org().GetUser(**in.dedicated_staff_id);
      if (!staff || !staff->active || !core::MayWriteCases(staff->role)) {
        return MakeError(ErrorCode::kInvalidArgument, "customer.bad_dedicated_staff",
                         "专职服务人员不存在或不可用", "the dedicated staff member does not exist",
                         "dedicated_staff_id");
      }
    }
    c.dedicated_staff_id = *in.dedicated_staff_id;
    changed.emplace_back("dedicated_staff_id");
  }
  if (in.contacts_json) {
    auto contacts = ResolveContacts(*in.contacts_json, c.contacts_json);
    if (!contacts) return contacts.error();
    if (*contacts != c.contacts_json) changed.emplace_back("contacts");
    c.contacts_json = *contacts;
  }
  if (in.attributes_json) {
    if (auto st = CheckJsonObject(*in.attributes_json, "attributes"); !st) return st.error();
    if (*in.attributes_json != c.attributes_json) changed.emplace_back("attributes");
    c.attributes_json = *in.attributes_json;
  }
  return changed;
}

// Does one of the field staff member's own cases concern this customer?
Result<bool> FieldStaffServes(Tx& tx, const Actor& actor, Id customer_id) {
  CaseQuery q;
  q.customer_id = customer_id;
  q.visible_to_field_staff = actor.id();
  q.limit = 1;
  auto cases = tx.Cases().List(q);
  if (!cases) return cases.error();
  return !cases->items.empty();
}

Result<Customer> VisibleCustomer(Tx& tx, const Actor& actor, Id customer_id) {
  auto c = tx.Customers().Get(customer_id);
  if (!c) return c.error().code == ErrorCode::kNotFound ? CustomerNotFound() : c.error();
  if (!core::SeesUnitCases(actor.role())) {
    auto serves = FieldStaffServes(tx, actor, customer_id);
    if (!serves) return serves.error();
    if (!*serves) return CustomerNotFound();
    return c;
  }
  auto unit = tx.Org().GetUnit(c->org_unit_id);
  if (!unit) return unit.error();
  if (!InScope(actor, unit->path)) return CustomerNotFound();
  return c;
}

}  // namespace

void MaskCustomer(Customer& c, core::Role role) {
  if (core::SeesFullPhone(role)) return;
  c.phone = core::MaskPhone(c.phone);
  boost::system::error_code ec;
  auto contacts = json::parse(c.contacts_json, ec);
  if (ec || !contacts.is_array()) return;
  for (auto& contact : contacts.get_array()) {
    if (!contact.is_object()) continue;
    if (auto* phone = contact.get_object().if_contains("phone"); phone && phone->is_string()) {
      *phone = json::string(core::MaskPhone(phone->get_string()));
    }
  }
  c.contacts_json = json::serialize(contacts);
}

Result<Page<Customer>> ListCustomers(Services& s, const Actor& actor, const CustomerFilter& f) {
  if (!core::SeesUnitCases(actor.role())) return Forbidden("查看客户列表", "list customers");
  CustomerQuery q;
  q.text = f.text.substr(0, 200);
  q.after = f.after;
  q.limit = std::clamp(f.limit, 1, 200);
  if (!q.text.empty()) s.store.AwaitSearchIndex();
  Page<Customer> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    q.unit_paths = {actor.unit_path};
    if (f.org_unit_id) {
      auto unit = tx.Org().GetUnit(*f.org_unit_id);
      if (!unit || !InScope(actor, unit->path)) {
        return Forbidden("查看该组织单元的客户", "see that unit's customers");
      }
      q.unit_paths = {unit->path};
    }
    auto found = tx.Customers().List(q);
    if (!found) return found.error();
    page = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  for (auto& c : page.items) MaskCustomer(c, actor.role());
  return page;
}

Result<Customer> GetCustomer(Services& s, const Actor& actor, Id customer_id) {
  Customer customer;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = VisibleCustomer(tx, actor, customer_id);
    if (!found) return found.error();
    customer = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  MaskCustomer(customer, actor.role());
  return customer;
}

Result<Customer> CreateCustomer(Services& s, const Actor& actor, const CustomerInput& in) {
  if (auto st = RequireCustomerWriter(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  Customer stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    Customer c;
    c.org_unit_id = actor.user.org_unit_id;
    c.created_at = now;
    CustomerInput input = in;
    if (!input.name) input.name = "";
    auto changed = Apply(tx, actor, input, c);
    if (!changed) return changed.error();
    auto inserted = tx.Customers().Insert(std::move(c));
    if (!inserted) return inserted.error();
    stored = std::move(*inserted);
    json::object data{{"fields", std::move(*changed)},
                      {"tier", core::Name(stored.tier)},
                      {"org_unit_id", stored.org_unit_id}};
    if (auto st2 = AppendAudit(tx, s.crypto, now, actor.id(), "customer.create", "customer",
                               stored.id, json::serialize(data));
        !st2) {
      return st2;
    }
    return CreateCallbacksOnCustomerEvent(tx, s, stored, "customer_created", now);
  });
  if (!st) return st.error();
  MaskCustomer(stored, actor.role());
  return stored;
}

Result<Customer> UpdateCustomer(Services& s, const Actor& actor, Id customer_id,
                                const CustomerInput& in, int64_t expected_version) {
  if (auto st = RequireCustomerWriter(actor); !st) return st.error();
  const Instant now = s.clock.Now();
  Customer updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = VisibleCustomer(tx, actor, customer_id);
    if (!current) return current.error();
    Customer c = *current;
    auto changed = Apply(tx, actor, in, c);
    if (!changed) return changed.error();
    auto saved = tx.Customers().Update(c, ExpectedVersion(expected_version, current->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    json::object data{{"fields", std::move(*changed)}, {"tier", core::Name(updated.tier)}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "customer.update", "customer", updated.id,
                       json::serialize(data));
  });
  if (!st) return st.error();
  MaskCustomer(updated, actor.role());
  return updated;
}

Result<Page<CaseListItem>> CustomerCases(Services& s, const Actor& actor, Id customer_id,
                                         std::optional<Id> after, int limit) {
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = VisibleCustomer(tx, actor, customer_id);
    if (!found) return found.error();
    return {};
  });
  if (!st) return st.error();
  CaseFilter f;
  f.customer_id = customer_id;
  f.after = after;
  f.limit = limit;
  return ListCases(s, actor, f);
}

}  // namespace csqm::app
