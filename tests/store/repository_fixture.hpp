// The fixture of the store contract suite (the *_repository_test.cpp files): a migrated
// database from MakeTestDatabase(), an SqlStore over it, and a small organisation to hang
// records on. Everything goes through the app::Store port, as the use cases do.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "app/ports/store.hpp"
#include "store/sql_store.hpp"
#include "test_database.hpp"

namespace csqm::store::testing {

using app::Id;
using core::Instant;

// 2026-11-20T00:00:00Z plus `minutes`.
inline Instant At(int64_t minutes) {
  return Instant(core::Millis(int64_t{1763596800000} + minutes * 60'000));
}

// The value of an ok Result; otherwise the test fails here and stops (by an exception that
// gtest reports).
template <class T>
T Must(core::Result<T> result, std::source_location where = std::source_location::current()) {
  if (!result.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "unexpected error: " << result.error().reason << " " << result.error().OneLine();
    throw std::runtime_error("Must: " + result.error().reason);
  }
  return std::move(result).value();
}

inline void Must(const core::Status& status,
                 std::source_location where = std::source_location::current()) {
  if (!status.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "unexpected error: " << status.error().reason << " " << status.error().OneLine();
    throw std::runtime_error("Must: " + status.error().reason);
  }
}

// The reason of a failed Result or Status ("" when it succeeded).
template <class R>
std::string ReasonOf(const R& r) {
  return r.ok() ? std::string() : r.error().reason;
}
template <class R>
std::optional<core::ErrorCode> CodeOf(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

// A small organisation: company C with projects A and B; department A1 under A.
struct World {
  app::OrgUnit company, project_a, project_b, dept_a1;
  app::User agent, field, supervisor, manager;  // agent, supervisor in A; field in A1; manager in C
  app::CalendarRecord calendar;
  app::CaseType type;  // prefix "TS"
  app::Category category;
  app::Customer customer;  // in A
};

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = MakeTestDatabase();
    ASSERT_TRUE(db_);
    store_ = std::make_unique<SqlStore>(*db_);
  }

  // Runs f(tx) in its own Write and returns what f returned (a Result or a Status); an error
  // from f rolls the Write back.
  template <class F>
  std::invoke_result_t<F&, app::Tx&> InWrite(F&& f) {
    return Run(true, std::forward<F>(f));
  }
  template <class F>
  std::invoke_result_t<F&, app::Tx&> InRead(F&& f) {
    return Run(false, std::forward<F>(f));
  }

  World MakeWorld();
  app::OrgUnit MakeUnit(const std::string& code, std::optional<Id> parent);
  app::User MakeUser(const std::string& login, core::Role role, Id unit);
  // A case of the world's type and category, not yet stored.
  app::CaseRecord NewCase(const World& w, Id unit, Id owner, std::optional<Id> assignee,
                          const std::string& number);
  app::CaseRecord AddCase(const World& w, Id unit, Id owner, std::optional<Id> assignee,
                          const std::string& number) {
    return Must(InWrite(
        [&](app::Tx& tx) { return tx.Cases().Insert(NewCase(w, unit, owner, assignee, number)); }));
  }

  std::shared_ptr<Database> db_;
  std::unique_ptr<SqlStore> store_;

 private:
  template <class F, class R = std::invoke_result_t<F&, app::Tx&>>
  R Run(bool write, F&& f) {
    std::optional<R> out;
    const auto body = [&](app::Tx& tx) -> core::Status {
      out.emplace(f(tx));
      if (!out->ok()) return out->error();
      return {};
    };
    const core::Status status = write ? store_->Write(body) : store_->Read(body);
    if (!status.ok() && (!out || out->ok())) return R(status.error());  // e.g. COMMIT failed
    return std::move(*out);
  }
};

inline app::OrgUnit RepositoryTest::MakeUnit(const std::string& code, std::optional<Id> parent) {
  app::OrgUnit unit;
  unit.parent_id = parent;
  unit.kind = parent ? "project" : "company";
  unit.code = code;
  unit.name = "单元 " + code;
  unit.created_at = At(0);
  return Must(InWrite([&](app::Tx& tx) { return tx.Org().InsertUnit(unit); }));
}

inline app::User RepositoryTest::MakeUser(const std::string& login, core::Role role, Id unit) {
  app::User user;
  user.login = login;
  user.display_name = "用户 " + login;
  user.password_hash = "$argon2id$" + login;
  user.role = role;
  user.org_unit_id = unit;
  user.phone = "1380000" + std::to_string(1000 + login.size());
  user.created_at = At(0);
  return Must(InWrite([&](app::Tx& tx) { return tx.Org().InsertUser(user); }));
}

inline World RepositoryTest::MakeWorld() {
  World w;
  w.company = MakeUnit("C", std::nullopt);
  w.project_a = MakeUnit("A", w.company.id);
  w.project_b = MakeUnit("B", w.company.id);
  w.dept_a1 = MakeUnit("A1", w.project_a.id);
  w.agent = MakeUser("agent", core::Role::kAgent, w.project_a.id);
  w.field = MakeUser("field", core::Role::kFieldStaff, w.dept_a1.id);
  w.supervisor = MakeUser("supervisor", core::Role::kSupervisor, w.project_a.id);
  w.manager = MakeUser("manager", core::Role::kManager, w.company.id);

  app::CalendarRecord calendar;
  calendar.key = "cn-office";
  calendar.name = "办公时间";
  calendar.spec_json = R"({"tz":"Asia/Shanghai"})";
  calendar.updated_at = At(0);
  w.calendar = Must(InWrite([&](app::Tx& tx) { return tx.Config().InsertCalendar(calendar); }));

  app::CaseType type;
  type.key = "complaint";
  type.prefix = "TS";
  type.name_zh = "投诉";
  type.name_en = "Complaint";
  type.workflow_json = "{}";
  w.type = Must(InWrite([&](app::Tx& tx) { return tx.Config().InsertCaseType(type); }));

  app::Category category;
  category.case_type_id = w.type.id;
  category.key = "repair.leak";
  category.name_zh = "漏水";
  category.name_en = "Leak";
  category.calendar_id = w.calendar.id;
  category.policy_json = "{}";
  w.category = Must(InWrite([&](app::Tx& tx) { return tx.Config().InsertCategory(category); }));

  app::Customer customer;
  customer.name = "张三";
  customer.phone = "13812345678";
  customer.unit = "3栋2单元501";
  customer.address = "阳光花园";
  customer.org_unit_id = w.project_a.id;
  customer.created_at = At(0);
  w.customer = Must(InWrite([&](app::Tx& tx) { return tx.Customers().Insert(customer); }));
  return w;
}

inline app::CaseRecord RepositoryTest::NewCase(const World& w, Id unit, Id owner,
                                               std::optional<Id> assignee,
                                               const std::string& number) {
  app::CaseRecord c;
  c.number = number;
  c.case_type_id = w.type.id;
  c.category_id = w.category.id;
  c.title = "卫生间漏水";
  c.description = "3栋卫生间漏水，请尽快处理";
  c.channel = core::Channel::kPhone;
  c.severity = core::Severity::kOrdinary;
  c.status = "new";
  c.customer_id = w.customer.id;
  c.owner_id = owner;
  c.assignee_id = assignee;
  c.org_unit_id = unit;
  c.received_at = At(1);
  c.created_at = At(1);
  c.updated_at = At(1);
  c.month = 202611;
  return c;
}

}  // namespace csqm::store::testing
