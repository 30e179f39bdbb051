// Organisation units, users, sessions and API tokens (app::OrgRepository) in SQL.
#include <algorithm>
#include <string>
#include <vector>

#include "store/sql_repositories.hpp"
#include "store/sql_rows.hpp"

#define UNIT_COLUMNS "id, parent_id, kind, code, name, path, created_at, version"
#define USER_COLUMNS                                                                         \
  "id, login, display_name, password_hash, role, org_unit_id, supervisor_id, phone, email, " \
  "active, created_at, version"
#define SESSION_COLUMNS "token_hash, user_id, csrf_token, created_at, expires_at"
#define TOKEN_COLUMNS "id, token_hash, user_id, name, created_at, expires_at, revoked_at"

namespace csqm::store {
namespace {

app::OrgUnit UnitFromRow(const Row& row) {
  app::OrgUnit unit;
  unit.id = row.Int(0);
  unit.parent_id = row.OptInt(1);
  unit.kind = row.Text(2);
  unit.code = row.Text(3);
  unit.name = row.Text(4);
  unit.path = row.Text(5);
  unit.created_at = InstantAt(row, 6);
  unit.version = row.Int(7);
  return unit;
}

core::Result<app::User> UserFromRow(const Row& row) {
  const std::optional<core::Role> role = core::ParseRole(row.Text(4));
  if (!role) return BadValue("users.role", row.Text(4));
  app::User user;
  user.id = row.Int(0);
  user.login = row.Text(1);
  user.display_name = row.Text(2);
  user.password_hash = row.Text(3);
  user.role = *role;
  user.org_unit_id = row.Int(5);
  user.supervisor_id = row.OptInt(6);
  user.phone = row.Text(7);
  user.email = row.Text(8);
  user.active = row.Bool(9);
  user.created_at = InstantAt(row, 10);
  user.version = row.Int(11);
  return user;
}

app::Session SessionFromRow(const Row& row) {
  app::Session session;
  session.token_hash = row.Text(0);
  session.user_id = row.Int(1);
  session.csrf_token = row.Text(2);
  session.created_at = InstantAt(row, 3);
  session.expires_at = InstantAt(row, 4);
  return session;
}

app::ApiToken TokenFromRow(const Row& row) {
  app::ApiToken token;
  token.id = row.Int(0);
  token.token_hash = row.Text(1);
  token.user_id = row.Int(2);
  token.name = row.Text(3);
  token.created_at = InstantAt(row, 4);
  token.expires_at = OptInstantAt(row, 5);
  token.revoked_at = OptInstantAt(row, 6);
  return token;
}

// "/1/4/9/" -> {1, 4, 9}; parts that are not numbers are skipped.
std::vector<Id> PathIds(const std::string& path) {
  std::vector<Id> ids;
  Id current = 0;
  bool digits = false;
  for (char ch : path) {
    if (ch >= '0' && ch <= '9') {
      current = current * 10 + (ch - '0');
      digits = true;
    } else {
      if (digits) ids.push_back(current);
      current = 0;
      digits = false;
    }
  }
  if (digits) ids.push_back(current);
  return ids;
}

core::Error SessionNotFound() {
  return NotFound("session.not_found", "会话不存在或已退出", "session not found");
}

core::Error TokenNotFound() {
  return NotFound("api_token.not_found", "API 令牌不存在", "API token not found");
}

core::Error ParentNotFound() {
  core::Error error = NotFound(kOrgUnitEntity);
  error.field = "parent_id";
  return error;
}

core::Error CycleError() {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "org_unit.cycle",
                         "不能把组织单元移到它自己或它的下级单元之下",
                         "a unit cannot move under itself or one of its descendants", "parent_id");
}

}  // namespace

// --- organisation units -------------------------------------------------------------------

core::Result<app::OrgUnit> SqlOrgRepository::GetUnit(app::Id id) {
  return OneOrNotFound<app::OrgUnit>(
      conn_.QueryOne("SELECT " UNIT_COLUMNS " FROM org_units WHERE id = ?", Params(id)),
      kOrgUnitEntity, UnitFromRow);
}

core::Result<std::vector<app::OrgUnit>> SqlOrgRepository::ListUnits() {
  return MapRows<app::OrgUnit>(
      conn_.Query("SELECT " UNIT_COLUMNS " FROM org_units ORDER BY path, id"),
      [](const Row& row) -> core::Result<app::OrgUnit> { return UnitFromRow(row); });
}

// Paths are computed from the parent's path as read: on PostgreSQL, concurrent inserts and
// moves in the tree would read each other's old paths, so they take a transaction-scoped
// advisory lock first (SQLite's single writer serialises them already). Units change rarely.
static core::Status LockOrgTree(Connection& conn) {
  if (conn.dialect() != Dialect::kPostgres) return {};
  return conn.Exec("SELECT pg_advisory_xact_lock(7731003)");
}

core::Result<app::OrgUnit> SqlOrgRepository::InsertUnit(app::OrgUnit unit) {
  if (core::Status locked = LockOrgTree(conn_); !locked.ok()) return locked.error();
  std::string parent_path = "/";
  if (unit.parent_id) {
    core::Result<app::OrgUnit> parent = GetUnit(*unit.parent_id);
    if (!parent.ok()) {
      return parent.error().code == core::ErrorCode::kNotFound ? ParentNotFound() : parent.error();
    }
    parent_path = parent->path;
  }
  // The path holds the new id: insert, then set it in the same transaction.
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO org_units (parent_id, kind, code, name, path, created_at, version) "
      "VALUES (?, ?, ?, ?, '', ?, 1)",
      Params(unit.parent_id, unit.kind, unit.code, unit.name, unit.created_at));
  if (!id.ok()) return id.error();
  unit.id = *id;
  unit.path = parent_path + std::to_string(unit.id) + "/";
  unit.version = 1;
  core::Status set_path =
      conn_.Exec("UPDATE org_units SET path = ? WHERE id = ?", Params(unit.path, unit.id));
  if (!set_path.ok()) return set_path.error();
  return unit;
}

core::Result<app::OrgUnit> SqlOrgRepository::UpdateUnit(const app::OrgUnit& unit,
                                                        int64_t expected_version) {
  if (core::Status locked = LockOrgTree(conn_); !locked.ok()) return locked.error();
  core::Result<app::OrgUnit> current = GetUnit(unit.id);
  if (!current.ok()) return current.error();
  if (current->version != expected_version) return VersionMismatch();

  // A new parent moves the whole subtree: its paths are rewritten below.
  std::string path = current->path;
  if (unit.parent_id != current->parent_id) {
    std::string parent_path = "/";
    if (unit.parent_id) {
      core::Result<app::OrgUnit> parent = GetUnit(*unit.parent_id);
      if (!parent.ok()) {
        return parent.error().code == core::ErrorCode::kNotFound ? ParentNotFound()
                                                                 : parent.error();
      }
      if (parent->path.starts_with(current->path)) return CycleError();
      parent_path = parent->path;
    }
    path = parent_path + std::to_string(unit.id) + "/";
  }

  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE org_units SET parent_id = ?, kind = ?, code = ?, name = ?, path = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING " UNIT_COLUMNS,
      Params(unit.parent_id, unit.kind, unit.code, unit.name, path, unit.id, expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kOrgUnitEntity, unit.id);

  if (path != current->path) {
    // Descendants: old prefix -> new prefix. Their version moves too (their path changed).
    std::string upper = current->path;
    upper.back() = static_cast<char>(upper.back() + 1);
    core::Status moved = conn_.Exec(
        "UPDATE org_units SET path = ? || substr(path, CAST(? AS INTEGER)), "
        "version = version + 1 "
        "WHERE path >= ? AND path < ? AND id <> ?",
        Params(path, static_cast<int64_t>(current->path.size()) + 1, current->path, upper,
               unit.id));
    if (!moved.ok()) return moved.error();
  }
  return UnitFromRow(**row);
}

// --- users --------------------------------------------------------------------------------

core::Result<app::User> SqlOrgRepository::GetUser(app::Id id) {
  return OneOrNotFound<app::User>(
      conn_.QueryOne("SELECT " USER_COLUMNS " FROM users WHERE id = ?", Params(id)), kUserEntity,
      UserFromRow);
}

core::Result<app::User> SqlOrgRepository::GetUserByLogin(const std::string& login) {
  return OneOrNotFound<app::User>(
      conn_.QueryOne("SELECT " USER_COLUMNS " FROM users WHERE login = ?", Params(login)),
      kUserEntity, UserFromRow);
}

core::Result<app::Page<app::User>> SqlOrgRepository::ListUsers(std::optional<app::Id> after,
                                                               int limit) {
  limit = ClampLimit(limit);
  core::Result<std::vector<app::User>> users = MapRows<app::User>(
      conn_.Query("SELECT " USER_COLUMNS " FROM users WHERE id > ? ORDER BY id LIMIT ?",
                  Params(after.value_or(0), limit + 1)),
      UserFromRow);
  if (!users.ok()) return users.error();
  return MakePage(std::move(users).value(), limit);
}

// The unit's path ("/1/4/9/") names its ancestors: users of those units, nearest unit first,
// then by id.
core::Result<std::vector<app::User>> SqlOrgRepository::UsersWithRole(core::Role role,
                                                                     app::Id org_unit_id) {
  core::Result<app::OrgUnit> unit = GetUnit(org_unit_id);
  if (!unit.ok()) return unit.error();
  std::vector<Id> chain = PathIds(unit->path);  // root first
  if (chain.empty()) chain.push_back(org_unit_id);

  std::string sql = "SELECT " USER_COLUMNS
                    " FROM users WHERE role = ? AND active = 1 "
                    "AND org_unit_id IN (";
  std::vector<Value> params = {Value{std::string(core::RoleName(role))}};
  AppendInList(sql, params, IdValues(chain));
  sql += ") ORDER BY id";
  core::Result<std::vector<app::User>> users =
      MapRows<app::User>(conn_.Query(sql, params), UserFromRow);
  if (!users.ok()) return users;
  const auto depth = [&chain](Id unit_id) {
    return std::find(chain.begin(), chain.end(), unit_id) - chain.begin();
  };
  std::stable_sort(users->begin(), users->end(), [&](const app::User& a, const app::User& b) {
    return depth(a.org_unit_id) > depth(b.org_unit_id);
  });
  return users;
}

core::Result<app::User> SqlOrgRepository::InsertUser(app::User user) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO users (login, display_name, password_hash, role, org_unit_id, supervisor_id, "
      "phone, email, active, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      Params(user.login, user.display_name, user.password_hash, core::RoleName(user.role),
             user.org_unit_id, user.supervisor_id, TextOrNull(user.phone), TextOrNull(user.email),
             user.active, user.created_at));
  if (!id.ok()) return id.error();
  user.id = *id;
  user.version = 1;
  return user;
}

core::Result<app::User> SqlOrgRepository::UpdateUser(const app::User& user,
                                                     int64_t expected_version) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "UPDATE users SET login = ?, display_name = ?, password_hash = ?, role = ?, "
      "org_unit_id = ?, supervisor_id = ?, phone = ?, email = ?, active = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING " USER_COLUMNS,
      Params(user.login, user.display_name, user.password_hash, core::RoleName(user.role),
             user.org_unit_id, user.supervisor_id, TextOrNull(user.phone), TextOrNull(user.email),
             user.active, user.id, expected_version));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return UpdateMiss(conn_, kUserEntity, user.id);
  return UserFromRow(**row);
}

// --- sessions -----------------------------------------------------------------------------

core::Status SqlOrgRepository::InsertSession(const app::Session& session) {
  return conn_.Exec("INSERT INTO sessions (" SESSION_COLUMNS ") VALUES (?, ?, ?, ?, ?)",
                    Params(session.token_hash, session.user_id, session.csrf_token,
                           session.created_at, session.expires_at));
}

core::Result<app::Session> SqlOrgRepository::GetSession(const std::string& token_hash) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "SELECT " SESSION_COLUMNS " FROM sessions WHERE token_hash = ?", Params(token_hash));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return SessionNotFound();
  return SessionFromRow(**row);
}

core::Status SqlOrgRepository::DeleteSession(const std::string& token_hash) {
  return conn_.Exec("DELETE FROM sessions WHERE token_hash = ?", Params(token_hash));
}

core::Status SqlOrgRepository::DeleteSessionsOf(app::Id user_id) {
  return conn_.Exec("DELETE FROM sessions WHERE user_id = ?", Params(user_id));
}

// --- API tokens ---------------------------------------------------------------------------

core::Result<app::ApiToken> SqlOrgRepository::InsertApiToken(app::ApiToken token) {
  core::Result<Id> id = conn_.InsertId(
      "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at, revoked_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      Params(token.token_hash, token.user_id, token.name, token.created_at, token.expires_at,
             token.revoked_at));
  if (!id.ok()) return id.error();
  token.id = *id;
  return token;
}

core::Result<app::ApiToken> SqlOrgRepository::GetApiTokenByHash(const std::string& token_hash) {
  core::Result<std::optional<Row>> row = conn_.QueryOne(
      "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE token_hash = ?", Params(token_hash));
  if (!row.ok()) return row.error();
  if (!row->has_value()) return TokenNotFound();
  return TokenFromRow(**row);
}

core::Result<std::vector<app::ApiToken>> SqlOrgRepository::ListApiTokens(app::Id user_id) {
  return MapRows<app::ApiToken>(
      conn_.Query("SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE user_id = ? ORDER BY id",
                  Params(user_id)),
      [](const Row& row) -> core::Result<app::ApiToken> { return TokenFromRow(row); });
}

// Idempotent: revoking a revoked token keeps the first revocation time.
core::Status SqlOrgRepository::RevokeApiToken(app::Id id, app::Id user_id, core::Instant at) {
  core::Result<int64_t> changed = conn_.ExecCount(
      "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?",
      Params(at, id, user_id));
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return TokenNotFound();
  return {};
}

}  // namespace csqm::store
