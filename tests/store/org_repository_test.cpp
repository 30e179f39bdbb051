// Store contract: organisation units, users, sessions and API tokens (app::OrgRepository).
#include <gtest/gtest.h>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

using OrgRepositoryTest = RepositoryTest;

TEST_F(OrgRepositoryTest, InsertUnit_FillsIdAndPathFromParent) {
  const app::OrgUnit root = MakeUnit("C", std::nullopt);
  const app::OrgUnit child = MakeUnit("A", root.id);
  const app::OrgUnit grandchild = MakeUnit("A1", child.id);
  EXPECT_GT(root.id, 0);
  EXPECT_EQ(root.path, "/" + std::to_string(root.id) + "/");
  EXPECT_EQ(child.path, root.path + std::to_string(child.id) + "/");
  EXPECT_EQ(grandchild.path, child.path + std::to_string(grandchild.id) + "/");
  EXPECT_EQ(grandchild.version, 1);

  const app::OrgUnit read = Must(InRead([&](app::Tx& tx) { return tx.Org().GetUnit(child.id); }));
  EXPECT_EQ(read.path, child.path);
  EXPECT_EQ(read.parent_id, root.id);
  EXPECT_EQ(read.code, "A");
  EXPECT_EQ(read.name, "单元 A");
  EXPECT_EQ(read.created_at, At(0));

  const auto units = Must(InRead([&](app::Tx& tx) { return tx.Org().ListUnits(); }));
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].id, root.id);  // by path: parents before children
  EXPECT_EQ(units[2].id, grandchild.id);
}

TEST_F(OrgRepositoryTest, InsertUnit_UnknownParentIsNotFoundAndStoresNothing) {
  app::OrgUnit unit;
  unit.parent_id = 999;
  unit.kind = "project";
  unit.code = "X";
  unit.name = "X";
  const auto result = InWrite([&](app::Tx& tx) { return tx.Org().InsertUnit(unit); });
  EXPECT_EQ(ReasonOf(result), "org_unit.not_found");
  EXPECT_EQ(result.error().field, "parent_id");
  EXPECT_EQ(CountRows(*db_, "org_units"), 0);
}

TEST_F(OrgRepositoryTest, GetUnit_MissIsNotFound) {
  const auto result = InRead([&](app::Tx& tx) { return tx.Org().GetUnit(42); });
  EXPECT_EQ(CodeOf(result), core::ErrorCode::kNotFound);
  EXPECT_EQ(ReasonOf(result), "org_unit.not_found");
}

TEST_F(OrgRepositoryTest, UpdateUnit_MovingAUnitRewritesTheSubtreePaths) {
  const app::OrgUnit root = MakeUnit("C", std::nullopt);
  const app::OrgUnit a = MakeUnit("A", root.id);
  const app::OrgUnit b = MakeUnit("B", root.id);
  const app::OrgUnit a1 = MakeUnit("A1", a.id);

  app::OrgUnit moved = a;
  moved.parent_id = b.id;
  moved.name = "项目 A";
  const app::OrgUnit updated =
      Must(InWrite([&](app::Tx& tx) { return tx.Org().UpdateUnit(moved, a.version); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.name, "项目 A");
  EXPECT_EQ(updated.path, b.path + std::to_string(a.id) + "/");
  const app::OrgUnit child = Must(InRead([&](app::Tx& tx) { return tx.Org().GetUnit(a1.id); }));
  EXPECT_EQ(child.path, updated.path + std::to_string(a1.id) + "/");
  EXPECT_EQ(child.version, 2);

  // Under its own descendant: refused, nothing changes.
  app::OrgUnit cycle = b;
  cycle.parent_id = a1.id;
  const auto refused = InWrite([&](app::Tx& tx) { return tx.Org().UpdateUnit(cycle, 1); });
  EXPECT_EQ(ReasonOf(refused), "org_unit.cycle");
}

TEST_F(OrgRepositoryTest, UpdateUnit_StaleVersionIsVersionMismatchAndChangesNothing) {
  const app::OrgUnit root = MakeUnit("C", std::nullopt);
  app::OrgUnit renamed = root;
  renamed.name = "新名称";
  Must(InWrite([&](app::Tx& tx) { return tx.Org().UpdateUnit(renamed, 1); }));

  renamed.name = "过期的修改";
  const auto stale = InWrite([&](app::Tx& tx) { return tx.Org().UpdateUnit(renamed, 1); });
  EXPECT_EQ(CodeOf(stale), core::ErrorCode::kVersionMismatch);
  EXPECT_EQ(ReasonOf(stale), "store.version_mismatch");
  EXPECT_EQ(stale.error().message_zh, "记录已被他人修改，请刷新后重试");
  const app::OrgUnit read = Must(InRead([&](app::Tx& tx) { return tx.Org().GetUnit(root.id); }));
  EXPECT_EQ(read.name, "新名称");
  EXPECT_EQ(read.version, 2);
}

TEST_F(OrgRepositoryTest, User_RoundTripsEveryField) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  const app::User boss = MakeUser("boss", core::Role::kManager, unit.id);
  app::User user;
  user.login = "li.si";
  user.display_name = "李四";
  user.password_hash = "$argon2id$v=19$abc";
  user.role = core::Role::kQualityManager;
  user.org_unit_id = unit.id;
  user.supervisor_id = boss.id;
  user.phone = "13900001111";
  user.email = "li.si@example.cn";
  user.active = false;
  user.created_at = At(5);
  const app::User stored = Must(InWrite([&](app::Tx& tx) { return tx.Org().InsertUser(user); }));
  EXPECT_GT(stored.id, boss.id);

  const app::User read = Must(InRead([&](app::Tx& tx) { return tx.Org().GetUser(stored.id); }));
  EXPECT_EQ(read.login, "li.si");
  EXPECT_EQ(read.display_name, "李四");
  EXPECT_EQ(read.password_hash, user.password_hash);
  EXPECT_EQ(read.role, core::Role::kQualityManager);
  EXPECT_EQ(read.org_unit_id, unit.id);
  EXPECT_EQ(read.supervisor_id, boss.id);
  EXPECT_EQ(read.phone, "13900001111");
  EXPECT_EQ(read.email, "li.si@example.cn");
  EXPECT_FALSE(read.active);
  EXPECT_EQ(read.created_at, At(5));
  EXPECT_EQ(read.version, 1);

  const app::User by_login =
      Must(InRead([&](app::Tx& tx) { return tx.Org().GetUserByLogin("li.si"); }));
  EXPECT_EQ(by_login.id, stored.id);
  const auto miss = InRead([&](app::Tx& tx) { return tx.Org().GetUserByLogin("nobody"); });
  EXPECT_EQ(ReasonOf(miss), "user.not_found");
}

TEST_F(OrgRepositoryTest, InsertUser_DuplicateLoginIsConstraintConflict) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  MakeUser("wang", core::Role::kAgent, unit.id);
  app::User again;
  again.login = "wang";
  again.display_name = "另一个王";
  again.password_hash = "x";
  again.org_unit_id = unit.id;
  const auto result = InWrite([&](app::Tx& tx) { return tx.Org().InsertUser(again); });
  EXPECT_EQ(CodeOf(result), core::ErrorCode::kConflict);
  EXPECT_EQ(ReasonOf(result), "store.constraint");
  EXPECT_EQ(CountRows(*db_, "users"), 1);
}

TEST_F(OrgRepositoryTest, UpdateUser_BumpsVersionAndRefusesStaleOrMissing) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  app::User user = MakeUser("zhao", core::Role::kAgent, unit.id);
  user.role = core::Role::kSupervisor;
  user.phone.clear();
  const app::User updated =
      Must(InWrite([&](app::Tx& tx) { return tx.Org().UpdateUser(user, 1); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.role, core::Role::kSupervisor);
  EXPECT_EQ(updated.phone, "");

  user.display_name = "stale";
  const auto stale = InWrite([&](app::Tx& tx) { return tx.Org().UpdateUser(user, 1); });
  EXPECT_EQ(ReasonOf(stale), "store.version_mismatch");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Org().GetUser(user.id); })).display_name,
            "用户 zhao");

  user.id = 9999;
  const auto missing = InWrite([&](app::Tx& tx) { return tx.Org().UpdateUser(user, 1); });
  EXPECT_EQ(CodeOf(missing), core::ErrorCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), "user.not_found");
}

TEST_F(OrgRepositoryTest, ListUsers_PagesInIdOrder) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  for (int i = 0; i < 5; ++i) MakeUser("u" + std::to_string(i), core::Role::kAgent, unit.id);
  const auto first = Must(InRead([&](app::Tx& tx) { return tx.Org().ListUsers(std::nullopt, 3); }));
  ASSERT_EQ(first.items.size(), 3u);
  ASSERT_TRUE(first.next_cursor);
  EXPECT_EQ(*first.next_cursor, first.items.back().id);
  const auto second =
      Must(InRead([&](app::Tx& tx) { return tx.Org().ListUsers(first.next_cursor, 3); }));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_FALSE(second.next_cursor);
  EXPECT_GT(second.items.front().id, first.items.back().id);
}

TEST_F(OrgRepositoryTest, UsersWithRole_FindsActiveUsersUpTheTreeNearestFirst) {
  const app::OrgUnit root = MakeUnit("C", std::nullopt);
  const app::OrgUnit a = MakeUnit("A", root.id);
  const app::OrgUnit a1 = MakeUnit("A1", a.id);
  const app::OrgUnit b = MakeUnit("B", root.id);
  const app::User top = MakeUser("top", core::Role::kManager, root.id);
  const app::User near = MakeUser("near", core::Role::kManager, a.id);
  MakeUser("other", core::Role::kManager, b.id);  // another branch
  MakeUser("agent", core::Role::kAgent, a1.id);   // another role
  app::User gone = MakeUser("gone", core::Role::kManager, a1.id);
  gone.active = false;
  Must(InWrite([&](app::Tx& tx) { return tx.Org().UpdateUser(gone, 1); }));

  const auto managers = Must(
      InRead([&](app::Tx& tx) { return tx.Org().UsersWithRole(core::Role::kManager, a1.id); }));
  ASSERT_EQ(managers.size(), 2u);
  EXPECT_EQ(managers[0].id, near.id);
  EXPECT_EQ(managers[1].id, top.id);
}

TEST_F(OrgRepositoryTest, Sessions_InsertGetDelete) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  const app::User user = MakeUser("s", core::Role::kAgent, unit.id);
  for (const char* hash : {"h1", "h2"}) {
    app::Session session{hash, user.id, std::string("csrf-") + hash, At(0), At(60)};
    Must(InWrite([&](app::Tx& tx) { return tx.Org().InsertSession(session); }));
  }
  const app::Session read = Must(InRead([&](app::Tx& tx) { return tx.Org().GetSession("h1"); }));
  EXPECT_EQ(read.user_id, user.id);
  EXPECT_EQ(read.csrf_token, "csrf-h1");
  EXPECT_EQ(read.expires_at, At(60));

  Must(InWrite([&](app::Tx& tx) { return tx.Org().DeleteSession("h1"); }));
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Org().GetSession("h1"); })),
            "session.not_found");
  Must(InWrite([&](app::Tx& tx) { return tx.Org().DeleteSessionsOf(user.id); }));
  EXPECT_EQ(CountRows(*db_, "sessions"), 0);
}

TEST_F(OrgRepositoryTest, ApiTokens_InsertListAndRevokeOnlyOwn) {
  const app::OrgUnit unit = MakeUnit("C", std::nullopt);
  const app::User owner = MakeUser("owner", core::Role::kAgent, unit.id);
  const app::User other = MakeUser("other", core::Role::kAgent, unit.id);
  app::ApiToken token;
  token.token_hash = "sha-1";
  token.user_id = owner.id;
  token.name = "CRM 集成";
  token.created_at = At(0);
  token.expires_at = At(1000);
  const app::ApiToken stored =
      Must(InWrite([&](app::Tx& tx) { return tx.Org().InsertApiToken(token); }));
  EXPECT_GT(stored.id, 0);

  const app::ApiToken read =
      Must(InRead([&](app::Tx& tx) { return tx.Org().GetApiTokenByHash("sha-1"); }));
  EXPECT_EQ(read.name, "CRM 集成");
  EXPECT_EQ(read.expires_at, At(1000));
  EXPECT_FALSE(read.revoked_at);

  const auto others =
      InWrite([&](app::Tx& tx) { return tx.Org().RevokeApiToken(stored.id, other.id, At(2)); });
  EXPECT_EQ(ReasonOf(others), "api_token.not_found");
  Must(InWrite([&](app::Tx& tx) { return tx.Org().RevokeApiToken(stored.id, owner.id, At(3)); }));
  Must(InWrite([&](app::Tx& tx) { return tx.Org().RevokeApiToken(stored.id, owner.id, At(9)); }));
  const auto list = Must(InRead([&](app::Tx& tx) { return tx.Org().ListApiTokens(owner.id); }));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].revoked_at, At(3));  // the first revocation stays
  EXPECT_TRUE(Must(InRead([&](app::Tx& tx) { return tx.Org().ListApiTokens(other.id); })).empty());
}

}  // namespace
}  // namespace csqm::store::testing
