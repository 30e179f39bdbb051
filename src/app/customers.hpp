// Customers (客户/业主) and their profiles (M11): contacts, tier, dedicated staff member,
// custom attributes. Scoped by organisation unit like cases. Phone numbers — the customer's and
// each contact's "phone" — are personal data (R11.4, PIPL): masked (138****0001) for every role
// that does not contact customers (core::SeesFullPhone).
//
// Field staff: no customer list; they may read a customer only when one of their own cases
// (assigned to or owned by them) is about that customer. Auditors read only.
// The audit rows of customer changes name the changed fields but never hold their values, so
// that erasing a customer's personal data does not mean rewriting the tamper-evident log.
#pragma once

#include <optional>
#include <string>

#include "app/cases.hpp"
#include "app/context.hpp"

namespace csqm::app {

struct CustomerFilter {
  std::string text;               // name / unit / address (Chinese search) or a phone fragment
  std::optional<Id> org_unit_id;  // a subtree inside the actor's; kPermissionDenied outside
  std::optional<Id> after;        // cursor: ids below this (newest first)
  int limit = 50;
};

// kPermissionDenied "auth.forbidden" for field staff.
Result<Page<Customer>> ListCustomers(Services& s, const Actor& actor, const CustomerFilter& f);

// kNotFound "customer.not_found" for customers the actor may not see.
Result<Customer> GetCustomer(Services& s, const Actor& actor, Id customer_id);

// Fields of a new customer or of an edit; absent = default (create) or unchanged (edit).
struct CustomerInput {
  std::optional<core::CustomerKind> kind;
  std::optional<std::string> name;  // required on create: "customer.bad_name"
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> wechat;
  std::optional<std::string> address;
  std::optional<std::string> unit;  // building / unit / room
  std::optional<core::CustomerTier> tier;
  std::optional<Id> org_unit_id;  // create: default the actor's unit
  std::optional<std::optional<Id>> dedicated_staff_id;
  std::optional<std::string> contacts_json;    // a JSON array of objects
  std::optional<std::string> attributes_json;  // a JSON object
};

// Roles that write cases, field staff excepted. Errors name the field: "customer.bad_name",
// "customer.bad_phone" (also "contacts[2].phone"), "customer.bad_email",
// "customer.bad_org_unit", "customer.bad_dedicated_staff", "customer.bad_contacts",
// "json.wrong_type" (attributes). A masked phone sent back unchanged (as a client that only
// ever saw the masked form does) keeps the stored number.
Result<Customer> CreateCustomer(Services& s, const Actor& actor, const CustomerInput& in);
Result<Customer> UpdateCustomer(Services& s, const Actor& actor, Id customer_id,
                                const CustomerInput& in, int64_t expected_version);

// The customer's cases the actor may see, newest first.
Result<Page<CaseListItem>> CustomerCases(Services& s, const Actor& actor, Id customer_id,
                                         std::optional<Id> after, int limit);

// Masks the phone numbers of a customer (and its contacts) for roles that may not see them.
void MaskCustomer(Customer& customer, core::Role role);

}  // namespace csqm::app
