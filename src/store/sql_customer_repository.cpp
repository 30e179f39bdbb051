// Customers (app::CustomerRepository) in SQL, indexed for search by name, unit and address.
#include <string>

#include "core/text_tokens.hpp"
#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"
#include "store/sql_search.hpp"

#define CUSTOMER_COLUMNS                                                     \
  "id, kind, name, phone, email, wechat, address, unit, tier, org_unit_id, " \
  "dedicated_staff_id, contacts_json, attributes_json, created_at, version"

namespace csqm::store {
namespace {

core::Result<app::Customer> CustomerFromRow(const Row& row) {
  const std::optional<core::CustomerKind> kind = core::ParseCustomerKind(row.Text(1));
  if (!kind) return BadValue("customers.kind", row.Text(1));
  const std::optional<core::CustomerTier> tier = core::ParseCustomerTier(row.Text(8));
  if (!tier) return BadValue("customers.tier", row.Text(8));
  app::Customer customer;
  customer.id = row.Int(0);
  customer.kind = *kind;
  customer.name = row.Text(2);
  customer.phone = row.Text(3);
  customer.email = row.Text(4);
  customer.wechat = row.Text(5);
  customer.address = row.Text(6);
  customer.unit = row.Text(7);
  customer.tier = *tier;
  customer.org_unit_id = row.Int(9);
  customer.dedicated_staff_id = row.OptInt(10);
  customer.contacts_json = row.Text(11);
  customer.attributes_json = row.Text(12);
  customer.created_at = InstantAt(row, 13);
  customer.version = row.Int(14);
  return customer;
}

core::Status IndexCustomer(Connection& conn, const app::Customer& c) {
  return MarkForSearch(conn, SearchIndex::kCustomers, c.id);
}

// The digits of a phone-number fragment ("138-1234" -> "1381234"); empty when the text has
// anything but digits and the separators people type in numbers.
std::string PhoneDigits(std::string_view text) {
  std::string digits;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
    } else if (ch != ' ' && ch != '-' && ch != '+' && ch != '(' && ch != ')') {
      return {};
    }
  }
  return digits;
}

}  // namespace

core::Result<app::Customer> SqlCustomerRepository::Get(app::Id id) {
  return OneOrNotFound<app::Customer>(
      conn_.QueryOne("SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?", Params(id)),
      kCustomerEntity, CustomerFromRow);
}

// Newest first. `text` matches the search tokens of name, unit and address (core::MatchQuery)
// or, when it is a number, a fragment of the phone.
core::Result<app::Page<app::Customer>> SqlCustomerRepository::List(
    const app::CustomerQuery& query) {
  const int limit = ClampLimit(query.limit);
  std::string sql = "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE 1 = 1";
  std::vector<Value> params;
  if (query.after) {
    sql += " AND id < ?";
    params.emplace_back(*query.after);
  }
  if (!query.unit_paths.empty()) {
    sql += " AND ";
    AppendUnitScope(sql, params, "org_unit_id", query.unit_paths);
  }
  const std::string match = core::MatchQuery(query.text);
  const std::string digits = PhoneDigits(query.text);
  if (!match.empty() || !digits.empty()) {
    sql += " AND (";
    if (!match.empty()) {
      core::Result<std::string_view> predicate =
          SearchPredicate(conn_.dialect(), SearchIndex::kCustomers);
      if (!predicate.ok()) return predicate.error();
      sql += *predicate;
      params.emplace_back(SearchParameter(conn_.dialect(), match));
    }
    if (!digits.empty()) {
      sql += match.empty() ? "phone LIKE ?" : " OR phone LIKE ?";
      params.emplace_back("%" + digits + "%");
    }
    sql += ")";
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);

  core::Result<std::vector<app::Customer>> customers =
      MapRows<app::Customer>(conn_.Query(sql, params), CustomerFromRow);
  if (!customers.ok()) return customers.error();
  return MakePage(std::move(customers).value(), limit);
}

core::Result<app::Customer> SqlCustomerRepository::Insert(app::Customer customer) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO customers (kind, name, phone, email, wechat, address, unit, tier, "
      "org_unit_id, dedicated_staff_id, contacts_json, attributes_json, created_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      Params(core::Name(customer.kind), customer.name, TextOrNull(customer.phone),
             TextOrNull(customer.email), TextOrNull(customer.wechat), TextOrNull(customer.address),
             TextOrNull(customer.unit), core::Name(customer.tier), customer.org_unit_id,
             customer.dedicated_staff_id, customer.contacts_json, customer.attributes_json,
             customer.created_at));
  if (!id.ok()) return id.error();
  customer.id = *id;
  customer.version = 1;
  core::Status indexed = IndexCustomer(conn_, customer);
  if (!indexed.ok()) return indexed.error();
  return customer;
}

core::Result<app::Customer> SqlCustomerRepository::Update(const app::Customer& c,
                                                          int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE customers SET kind = ?, name = ?, phone = ?, email = ?, wechat = ?, address = ?, "
      "unit = ?, tier = ?, org_unit_id = ?, dedicated_staff_id = ?, contacts_json = ?, "
      "attributes_json = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING " CUSTOMER_COLUMNS,
      Params(core::Name(c.kind), c.name, TextOrNull(c.phone), TextOrNull(c.email),
             TextOrNull(c.wechat), TextOrNull(c.address), TextOrNull(c.unit), core::Name(c.tier),
             c.org_unit_id, c.dedicated_staff_id, c.contacts_json, c.attributes_json, c.id,
             expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kCustomerEntity, c.id);
  core::Result<app::Customer> updated = CustomerFromRow(**row);
  if (!updated.ok()) return updated;
  core::Status indexed = IndexCustomer(conn_, *updated);
  if (!indexed.ok()) return indexed.error();
  return updated;
}

}  // namespace csqm::store
