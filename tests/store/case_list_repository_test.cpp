// Store contract: the case list (CaseRepository::List) — filters, scopes, pagination, search —
// and the query plans of the common queues.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/text_tokens.hpp"
#include "repository_fixture.hpp"
#include "store/sql_repositories.hpp"

namespace csqm::store::testing {
namespace {

class CaseListRepositoryTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    if (HasFatalFailure()) return;
    w_ = MakeWorld();
  }

  std::set<Id> Find(const app::CaseQuery& q) {
    std::set<Id> ids;
    for (const auto& c : Must(InRead([&](app::Tx& tx) { return tx.Cases().List(q); })).items) {
      ids.insert(c.id);
    }
    return ids;
  }

  Id Add(Id unit, Id owner, std::optional<Id> assignee) {
    return AddCase(w_, unit, owner, assignee, "TS-202611-" + std::to_string(++number_)).id;
  }

  // A case of project A with this title and description, indexed for search.
  Id AddWithText(const std::string& title, const std::string& description) {
    app::CaseRecord c = NewCase(w_, w_.project_a.id, w_.agent.id, std::nullopt,
                                "TS-202611-" + std::to_string(++number_));
    c.title = title;
    c.description = description;
    return Must(InWrite([&](app::Tx& tx) -> core::Result<app::CaseRecord> {
             auto added = tx.Cases().Insert(c);
             if (!added) return added.error();
             if (auto st = tx.Cases().Reindex(added->id); !st) return st.error();
             return added;
           }))
        .id;
  }

  void Comment(Id case_id, const std::string& body) {
    Must(InWrite([&](app::Tx& tx) -> core::Status {
      app::TimelineEntry e;
      e.case_id = case_id;
      e.at = At(5);
      e.kind = "comment";
      e.visibility = "internal";
      e.body = body;
      if (auto added = tx.Cases().AddTimeline(e); !added) return added.error();
      return tx.Cases().Reindex(case_id);
    }));
  }

  void Retitle(Id case_id, const std::string& title, const std::string& description) {
    Must(InWrite([&](app::Tx& tx) -> core::Status {
      app::CaseRecord r = Must(tx.Cases().Get(case_id));
      r.title = title;
      r.description = description;
      if (auto saved = tx.Cases().Update(r, r.version); !saved) return saved.error();
      return tx.Cases().Reindex(case_id);
    }));
  }

  // Cases matching what a user typed, once every committed write is searchable.
  std::set<Id> Search(const std::string& text) {
    EXPECT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
    app::CaseQuery q;
    q.search = core::MatchQuery(text);
    return Find(q);
  }

  void Target(Id case_id, const std::string& key, Instant due, std::optional<Instant> met) {
    app::TargetRecord t;
    t.case_id = case_id;
    t.target_key = key;
    t.clock = "business";
    t.limit_text = "4h";
    t.due_at = due;
    t.met_at = met;
    Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpsertTarget(t); }));
  }

  // The detail lines of EXPLAIN QUERY PLAN for the List statement of `q`.
  std::vector<std::string> Plan(const app::CaseQuery& q) {
    const SqlStatement statement = Must(SqlCaseRepository::ListStatement(q, db_->dialect()));
    std::vector<std::string> lines;
    Must(db_->Read([&](Connection& conn) -> core::Status {
      auto rows = conn.Query("EXPLAIN QUERY PLAN " + statement.sql, statement.params);
      if (!rows.ok()) return rows.error();
      for (const Row& row : *rows) lines.push_back(row.Text(3));
      return {};
    }));
    return lines;
  }

  World w_;
  int number_ = 0;
};

bool Mentions(const std::vector<std::string>& plan, const std::string& text) {
  for (const auto& line : plan) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& plan) {
  std::string out;
  for (const auto& line : plan) out += line + "\n";
  return out;
}

TEST_F(CaseListRepositoryTest, List_Pages120CasesNewestFirstWithoutGapsOrDuplicates) {
  std::vector<Id> all;
  Must(InWrite([&](app::Tx& tx) -> core::Status {
    for (int i = 1; i <= 120; ++i) {
      auto c = tx.Cases().Insert(NewCase(w_, w_.project_a.id, w_.agent.id, std::nullopt,
                                         "TS-202611-" + std::to_string(i)));
      if (!c.ok()) return c.error();
      all.push_back(c->id);
    }
    return {};
  }));

  app::CaseQuery q;
  q.limit = 50;
  std::vector<size_t> sizes;
  std::vector<Id> seen;
  for (int page_no = 0; page_no < 10; ++page_no) {
    const auto page = Must(InRead([&](app::Tx& tx) { return tx.Cases().List(q); }));
    sizes.push_back(page.items.size());
    for (const auto& c : page.items) seen.push_back(c.id);
    if (!page.next_cursor) break;
    EXPECT_EQ(*page.next_cursor, page.items.back().id);
    q.after = page.next_cursor;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{50, 50, 20}));
  const std::vector<Id> newest_first(all.rbegin(), all.rend());
  EXPECT_EQ(seen, newest_first);  // strictly descending, every case exactly once
}

TEST_F(CaseListRepositoryTest, List_WithoutDescriptionLeavesOnlyTheDescriptionOut) {
  const Id id = AddWithText("电梯异响", "三号楼电梯运行时有明显异响，业主担心安全。");
  for (const bool searched : {false, true}) {
    app::CaseQuery q;
    if (searched) {
      EXPECT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
      q.search = core::MatchQuery("异响");
    }
    const auto whole = Must(InRead([&](app::Tx& tx) { return tx.Cases().List(q); })).items;
    q.without_description = true;
    const auto lines = Must(InRead([&](app::Tx& tx) { return tx.Cases().List(q); })).items;
    ASSERT_EQ(whole.size(), lines.size()) << searched;
    ASSERT_FALSE(whole.empty());
    EXPECT_EQ(whole.front().id, id);
    EXPECT_EQ(whole.front().description, "三号楼电梯运行时有明显异响，业主担心安全。");
    for (size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(lines[i].description, "");
      app::CaseRecord expected = whole[i];
      expected.description.clear();
      EXPECT_EQ(lines[i], expected) << searched;
    }
  }
}

TEST_F(CaseListRepositoryTest, List_FiltersCombineWithAnd) {
  const Id plain = Add(w_.project_a.id, w_.agent.id, w_.agent.id);
  app::CaseRecord major = Must(InRead([&](app::Tx& tx) { return tx.Cases().Get(plain); }));
  major.id = 0;
  major.number = "TS-202611-major";
  major.severity = core::Severity::kMajor;
  major.status = "closed";
  major.status_final = true;
  major.customer_id = std::nullopt;
  major.assignee_id = w_.field.id;
  major.owner_id = w_.supervisor.id;
  const Id closed = Must(InWrite([&](app::Tx& tx) { return tx.Cases().Insert(major); })).id;

  app::CaseQuery q;
  EXPECT_EQ(Find(q), (std::set<Id>{plain, closed}));
  q = {};
  q.open = true;
  EXPECT_EQ(Find(q), std::set<Id>{plain});
  q = {};
  q.open = false;
  EXPECT_EQ(Find(q), std::set<Id>{closed});
  q = {};
  q.statuses = {"closed", "resolved", "cancelled"};
  EXPECT_EQ(Find(q), std::set<Id>{closed});
  q = {};
  q.severity = core::Severity::kMajor;
  EXPECT_EQ(Find(q), std::set<Id>{closed});
  q = {};
  q.assignee_id = w_.agent.id;
  EXPECT_EQ(Find(q), std::set<Id>{plain});
  q = {};
  q.owner_id = w_.supervisor.id;
  EXPECT_EQ(Find(q), std::set<Id>{closed});
  q = {};
  q.customer_id = w_.customer.id;
  EXPECT_EQ(Find(q), std::set<Id>{plain});
  q = {};
  q.category_id = w_.category.id;
  q.open = true;
  q.assignee_id = w_.field.id;
  EXPECT_EQ(Find(q), std::set<Id>{});
}

TEST_F(CaseListRepositoryTest, List_ScopesByUnitSubtree) {
  const Id in_a = Add(w_.project_a.id, w_.agent.id, std::nullopt);
  const Id in_a1 = Add(w_.dept_a1.id, w_.agent.id, std::nullopt);
  const Id in_b = Add(w_.project_b.id, w_.agent.id, std::nullopt);
  app::CaseQuery q;
  q.unit_paths = {w_.project_a.path};
  EXPECT_EQ(Find(q), (std::set<Id>{in_a, in_a1}));
  q.unit_paths = {w_.dept_a1.path};
  EXPECT_EQ(Find(q), std::set<Id>{in_a1});
  q.unit_paths = {w_.dept_a1.path, w_.project_b.path, w_.project_b.path};
  EXPECT_EQ(Find(q), (std::set<Id>{in_a1, in_b}));
  q.unit_paths = {w_.company.path};
  EXPECT_EQ(Find(q), (std::set<Id>{in_a, in_a1, in_b}));
}

TEST_F(CaseListRepositoryTest, List_FieldStaffSeeOnlyCasesAssignedToOrOwnedByThem) {
  const Id assigned = Add(w_.project_a.id, w_.agent.id, w_.field.id);
  const Id owned = Add(w_.project_a.id, w_.field.id, w_.agent.id);
  Add(w_.project_a.id, w_.agent.id, w_.supervisor.id);
  Add(w_.dept_a1.id, w_.agent.id, std::nullopt);
  app::CaseQuery q;
  q.visible_to_field_staff = w_.field.id;
  EXPECT_EQ(Find(q), (std::set<Id>{assigned, owned}));
  q.unit_paths = {w_.project_a.path};
  q.open = true;
  EXPECT_EQ(Find(q), (std::set<Id>{assigned, owned}));
}

TEST_F(CaseListRepositoryTest, List_DueAndOverdueLookAtUnmetTargetsOnly) {
  const Id late = Add(w_.project_a.id, w_.agent.id, std::nullopt);
  const Id met = Add(w_.project_a.id, w_.agent.id, std::nullopt);
  const Id soon = Add(w_.project_a.id, w_.agent.id, std::nullopt);
  const Id none = Add(w_.project_a.id, w_.agent.id, std::nullopt);
  Target(late, "answered", At(100), std::nullopt);
  Target(late, "resolved", At(900), std::nullopt);
  Target(met, "answered", At(100), At(50));
  Target(soon, "answered", At(500), std::nullopt);
  (void)none;

  app::CaseQuery q;
  q.overdue_at = At(200);
  EXPECT_EQ(Find(q), std::set<Id>{late});
  q = {};
  q.due_before = At(600);
  EXPECT_EQ(Find(q), (std::set<Id>{late, soon}));
  q = {};
  q.due_before = At(50);
  EXPECT_EQ(Find(q), std::set<Id>{});
}

TEST_F(CaseListRepositoryTest, List_SearchFindsChineseWordsOfOneAndTwoCharacters) {
  const Id leak = AddWithText("3栋卫生间漏水", "楼上渗水，天花板滴水");
  const Id crack = AddWithText("客厅墙面开裂", "裂缝约一米长");
  EXPECT_EQ(Search("漏水"), std::set<Id>{leak});
  EXPECT_EQ(Search("漏"), std::set<Id>{leak});
  EXPECT_EQ(Search("卫生间"), std::set<Id>{leak});
  EXPECT_EQ(Search("3栋 漏水"), std::set<Id>{leak});
  EXPECT_EQ(Search("滴水"), std::set<Id>{leak});  // the description
  EXPECT_EQ(Search("开裂"), std::set<Id>{crack});
  EXPECT_EQ(Search("漏电"), std::set<Id>{});
  EXPECT_EQ(Search("水墙"), std::set<Id>{});
  // The customer's name and unit, and the case number, are indexed too.
  EXPECT_EQ(Search("张三"), (std::set<Id>{leak, crack}));
  EXPECT_EQ(Search("2单元"), (std::set<Id>{leak, crack}));
  EXPECT_EQ(Search("TS-202611-1"), (std::set<Id>{leak}));

  // A comment adds its words; changing the title replaces the old ones.
  Comment(crack, "屋顶也在渗水");
  EXPECT_EQ(Search("屋顶"), std::set<Id>{crack});
  EXPECT_EQ(Search("开裂"), std::set<Id>{crack});
  EXPECT_EQ(Search("渗水"), (std::set<Id>{leak, crack}));
  Retitle(leak, "门锁损坏", "");
  EXPECT_EQ(Search("漏水"), std::set<Id>{});
  EXPECT_EQ(Search("门锁"), std::set<Id>{leak});

  // Search combines with the other filters.
  app::CaseQuery q;
  q.search = core::MatchQuery("渗水");
  q.unit_paths = {w_.project_b.path};
  EXPECT_EQ(Find(q), std::set<Id>{});
}

TEST_F(CaseListRepositoryTest, List_SearchSeesWhatACommittedWriteIndexedButNotAFailedOne) {
  const Id leak = AddWithText("卫生间漏水", "");
  const Id crack = AddWithText("墙面开裂", "");
  // Several changes of two cases in one transaction: the index ends as the cases end.
  Must(InWrite([&](app::Tx& tx) -> core::Status {
    for (const auto& [id, title] : {std::pair{leak, "卫生间漏水 楼下渗水"},
                                    std::pair{crack, "墙面"}, std::pair{crack, "屋顶开裂"}}) {
      app::CaseRecord r = Must(tx.Cases().Get(id));
      r.title = title;
      auto saved = tx.Cases().Update(r, r.version);
      if (!saved) return saved.error();
      if (auto st = tx.Cases().Reindex(id); !st) return st;
    }
    return {};
  }));
  EXPECT_EQ(Search("漏水"), std::set<Id>{leak});
  EXPECT_EQ(Search("渗水"), std::set<Id>{leak});
  EXPECT_EQ(Search("屋顶"), std::set<Id>{crack});
  EXPECT_EQ(Search("墙面"), std::set<Id>{});
  // A write that fails leaves the index as it was.
  const core::Status failed = InWrite([&](app::Tx& tx) -> core::Status {
    app::CaseRecord r = Must(tx.Cases().Get(leak));
    r.title = "门锁损坏";
    auto saved = tx.Cases().Update(r, r.version);
    if (!saved) return saved.error();
    if (auto st = tx.Cases().Reindex(leak); !st) return st;
    return core::MakeError(core::ErrorCode::kInvalidArgument, "test.refused", "拒绝", "refused");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Search("漏水"), std::set<Id>{leak});
  EXPECT_EQ(Search("门锁"), std::set<Id>{});
}

TEST_F(CaseListRepositoryTest, List_SearchPagesNewestFirstWithTheOtherFilters) {
  std::vector<Id> ids;
  Must(InWrite([&](app::Tx& tx) -> core::Status {
    for (int i = 0; i < 30; ++i) {
      const Id unit = i % 3 == 0 ? w_.project_b.id : w_.project_a.id;
      auto added = tx.Cases().Insert(
          NewCase(w_, unit, w_.agent.id, std::nullopt, "TS-202612-" + std::to_string(i)));
      if (!added) return added.error();
      const Id id = added->id;
      ids.push_back(id);
      app::CaseRecord r = Must(tx.Cases().Get(id));
      r.title = i % 2 == 0 ? "电梯噪音" : "车库漏水";
      r.description.clear();
      auto saved = tx.Cases().Update(r, r.version);
      if (!saved) return saved.error();
      if (auto s = tx.Cases().Reindex(id); !s) return s;
    }
    return {};
  }));
  // Page through "电梯" in project A, 4 at a time: the even cases not in project B, newest first.
  std::vector<Id> expected;
  for (size_t i = ids.size(); i-- > 0;) {
    if (i % 2 == 0 && i % 3 != 0) expected.push_back(ids[i]);
  }
  std::vector<Id> seen;
  app::CaseQuery q;
  q.search = core::MatchQuery("电梯");
  q.unit_paths = {w_.project_a.path};
  ASSERT_TRUE(db_->AwaitSearchIndex(std::chrono::seconds(30)));
  q.limit = 4;
  for (int page = 0; page < 10; ++page) {
    auto found = Must(InRead([&](app::Tx& tx) { return tx.Cases().List(q); }));
    for (const auto& c : found.items) seen.push_back(c.id);
    if (!found.next_cursor) break;
    q.after = found.next_cursor;
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(CaseListRepositoryTest, List_CommonQueuesUseIndexes) {
  if (db_->dialect() != Dialect::kSqlite) GTEST_SKIP() << "EXPLAIN QUERY PLAN is SQLite's";
  app::CaseQuery mine;  // my open cases
  mine.assignee_id = w_.agent.id;
  mine.open = true;
  const auto mine_plan = Plan(mine);
  RecordProperty("plan_my_open_cases", Joined(mine_plan));
  // The page's ids come from the covering index, in its order; the rows then by primary key.
  EXPECT_TRUE(Mentions(mine_plan, "USING COVERING INDEX cases_assignee")) << Joined(mine_plan);
  EXPECT_TRUE(Mentions(mine_plan, "USING INTEGER PRIMARY KEY")) << Joined(mine_plan);
  EXPECT_FALSE(Mentions(mine_plan, "TEMP B-TREE")) << Joined(mine_plan);  // index order

  mine.after = 1000;  // a later page: the cursor is part of the index range
  EXPECT_TRUE(Mentions(Plan(mine), "cases_assignee (assignee_id=? AND status_final=? AND id<?)"))
      << Joined(Plan(mine));

  app::CaseQuery unit;  // a unit's open cases
  unit.unit_paths = {w_.project_a.path};
  unit.open = true;
  const auto unit_plan = Plan(unit);
  RecordProperty("plan_unit_open_cases", Joined(unit_plan));
  // Several units: their ids are sorted (ids only, from the covering index), never the rows.
  EXPECT_TRUE(Mentions(unit_plan, "USING COVERING INDEX cases_org_unit")) << Joined(unit_plan);
  EXPECT_TRUE(Mentions(unit_plan, "org_units_path")) << Joined(unit_plan);
  EXPECT_TRUE(Mentions(unit_plan, "USING INTEGER PRIMARY KEY")) << Joined(unit_plan);

  app::CaseQuery overdue;  // overdue, in scope
  overdue.overdue_at = At(0);
  overdue.open = true;
  const auto overdue_plan = Plan(overdue);
  RecordProperty("plan_overdue", Joined(overdue_plan));
  EXPECT_TRUE(Mentions(overdue_plan, "case_targets_open_due")) << Joined(overdue_plan);
  EXPECT_FALSE(Mentions(overdue_plan, "SCAN cases")) << Joined(overdue_plan);

  app::CaseQuery field;  // field staff
  field.visible_to_field_staff = w_.field.id;
  field.open = true;
  const auto field_plan = Plan(field);
  RecordProperty("plan_field_staff", Joined(field_plan));
  EXPECT_TRUE(Mentions(field_plan, "cases_assignee")) << Joined(field_plan);
  EXPECT_TRUE(Mentions(field_plan, "cases_owner")) << Joined(field_plan);
}

}  // namespace
}  // namespace csqm::store::testing
