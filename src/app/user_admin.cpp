#include "app/user_admin.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/access.hpp"
#include "app/admin_support.hpp"
#include "app/audit.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;
namespace json = boost::json;

constexpr int kScanBatch = 200;

bool MayListUsers(core::Role role) {
  return role == core::Role::kAdmin || role == core::Role::kQualityManager ||
         role == core::Role::kManager || role == core::Role::kSupervisor;
}

Status RequireAdmin(const Actor& actor) {
  if (actor.role() == core::Role::kAdmin) return {};
  return Forbidden("管理用户", "manage users");
}

core::Error UserNotFound() {
  return MakeError(ErrorCode::kNotFound, "user.not_found", "用户不存在", "user not found", "id");
}

Result<std::string> UnitPath(Tx& tx, Id unit_id) {
  auto unit = tx.Org().GetUnit(unit_id);
  if (!unit) return unit.error();
  return unit->path;
}

// A user whose unit lies in the actor's subtree (or the actor themself), else kNotFound.
Result<User> UserInScope(Tx& tx, const Actor& actor, Id user_id) {
  auto user = tx.Org().GetUser(user_id);
  if (!user) return user.error().code == ErrorCode::kNotFound ? UserNotFound() : user.error();
  if (user->id == actor.id()) return user;
  auto path = UnitPath(tx, user->org_unit_id);
  if (!path) return path.error();
  if (!InScope(actor, *path)) return UserNotFound();
  return user;
}

Status CheckContact(const std::string& phone, const std::string& email) {
  if (phone.size() > 32) {
    return MakeError(ErrorCode::kInvalidArgument, "user.bad_phone", "电话号码过长",
                     "the phone number is too long", "phone");
  }
  if (!email.empty() && (email.size() > 200 || email.find('@') == std::string::npos)) {
    return MakeError(ErrorCode::kInvalidArgument, "user.bad_email", "电子邮箱格式不正确",
                     "the email address is malformed", "email");
  }
  return {};
}

Status CheckUnit(Tx& tx, const Actor& actor, Id unit_id) {
  auto path = UnitPath(tx, unit_id);
  if (path && InScope(actor, *path)) return {};
  return MakeError(ErrorCode::kInvalidArgument, "user.bad_org_unit", "组织单元不存在",
                   "no such organisation unit", "org_unit_id");
}

Status CheckSupervisor(Tx& tx, std::optional<Id> supervisor_id, Id user_id) {
  if (!supervisor_id) return {};
  auto sup = tx.Org().GetUser(*supervisor_id);
  if (sup && sup->active && sup->id != user_id) return {};
  return MakeError(ErrorCode::kInvalidArgument, "user.bad_supervisor", "上级不存在、已停用或是本人",
                   "the supervisor does not exist, is inactive or is the user", "supervisor_id");
}

json::object UserData(const User& u) {
  return json::object{{"login", u.login},
                      {"display_name", u.display_name},
                      {"role", core::RoleName(u.role)},
                      {"org_unit_id", u.org_unit_id},
                      {"supervisor_id", u.supervisor_id ? json::value(*u.supervisor_id) : nullptr},
                      {"active", u.active}};
}

bool Matches(const User& u, const UserFilter& f, const std::string& scope,
             const std::map<Id, std::string>& paths) {
  if (f.role && u.role != *f.role) return false;
  if (f.active && u.active != *f.active) return false;
  auto it = paths.find(u.org_unit_id);
  return it != paths.end() && it->second.rfind(scope, 0) == 0;
}

}  // namespace

Result<Page<User>> ListUsers(Services& s, const Actor& actor, const UserFilter& f) {
  if (!MayListUsers(actor.role())) return Forbidden("查看用户列表", "list users");
  const int limit = std::clamp(f.limit, 1, 200);
  Page<User> page;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto units = tx.Org().ListUnits();
    if (!units) return units.error();
    std::map<Id, std::string> paths;
    for (const auto& u : *units) paths[u.id] = u.path;
    std::string scope = actor.unit_path;
    if (f.org_unit_id) {
      auto it = paths.find(*f.org_unit_id);
      if (it == paths.end() || !InScope(actor, it->second)) {
        return Forbidden("查看该组织单元的用户", "see that unit's users");
      }
      scope = it->second;
    }
    // The port lists all users by id; scope and filters are applied here (see README).
    std::optional<Id> cursor = f.after;
    while (int(page.items.size()) <= limit) {
      auto batch = tx.Org().ListUsers(cursor, kScanBatch);
      if (!batch) return batch.error();
      for (auto& u : batch->items) {
        if (Matches(u, f, scope, paths)) page.items.push_back(std::move(u));
        if (int(page.items.size()) > limit) break;
      }
      if (!batch->next_cursor) break;
      cursor = batch->next_cursor;
    }
    if (int(page.items.size()) > limit) {
      page.items.resize(limit);
      page.next_cursor = page.items.back().id;
    }
    return {};
  });
  if (!st) return st.error();
  return page;
}

Result<User> GetUser(Services& s, const Actor& actor, Id user_id) {
  if (user_id != actor.id() && !MayListUsers(actor.role())) {
    return Forbidden("查看其他用户", "see other users");
  }
  User user;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = UserInScope(tx, actor, user_id);
    if (!found) return found.error();
    user = std::move(*found);
    return {};
  });
  if (!st) return st.error();
  return user;
}

Result<User> CreateUser(Services& s, const Actor& actor, const NewUser& in) {
  if (auto st = RequireAdmin(actor); !st) return st.error();
  if (auto st = CheckKey(in.login, "user.bad_login", "login"); !st) return st.error();
  if (auto st = CheckLength(in.display_name, 100, false, "user.bad_display_name", "display_name");
      !st) {
    return st.error();
  }
  if (auto st = CheckContact(in.phone, in.email); !st) return st.error();
  auto hash = s.crypto.HashPassword(in.password);
  if (!hash) return AtField(hash.error(), "password");
  const Instant now = s.clock.Now();
  User stored;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    if (auto st2 = CheckUnit(tx, actor, in.org_unit_id); !st2) return st2;
    if (auto st2 = CheckSupervisor(tx, in.supervisor_id, 0); !st2) return st2;
    User u;
    u.login = in.login;
    u.display_name = in.display_name;
    u.password_hash = *hash;
    u.role = in.role;
    u.org_unit_id = in.org_unit_id;
    u.supervisor_id = in.supervisor_id;
    u.phone = in.phone;
    u.email = in.email;
    u.created_at = now;
    auto inserted = tx.Org().InsertUser(std::move(u));
    if (!inserted) return ConflictField(inserted.error(), "login");
    stored = std::move(*inserted);
    return AppendAudit(tx, s.crypto, now, actor.id(), "user.create", "user", stored.id,
                       json::serialize(UserData(stored)));
  });
  if (!st) return st.error();
  return stored;
}

Result<User> UpdateUser(Services& s, const Actor& actor, Id user_id, const UserPatch& p,
                        int64_t expected_version) {
  if (auto st = RequireAdmin(actor); !st) return st.error();
  if (p.active && !*p.active && user_id == actor.id()) {
    return MakeError(ErrorCode::kInvalidArgument, "user.cannot_deactivate_self",
                     "不能停用自己的账号", "you cannot deactivate your own account", "active");
  }
  if (p.display_name) {
    if (auto st = CheckLength(*p.display_name, 100, false, "user.bad_display_name", "display_name");
        !st) {
      return st.error();
    }
  }
  const Instant now = s.clock.Now();
  User updated;
  auto st = s.store.Write([&](Tx& tx) -> Status {
    auto current = UserInScope(tx, actor, user_id);
    if (!current) return current.error();
    User u = *current;
    if (p.display_name) u.display_name = *p.display_name;
    if (p.role) u.role = *p.role;
    if (p.phone) u.phone = *p.phone;
    if (p.email) u.email = *p.email;
    if (p.active) u.active = *p.active;
    if (auto st2 = CheckContact(u.phone, u.email); !st2) return st2;
    if (p.org_unit_id) {
      if (auto st2 = CheckUnit(tx, actor, *p.org_unit_id); !st2) return st2;
      u.org_unit_id = *p.org_unit_id;
    }
    if (p.supervisor_id) {
      if (auto st2 = CheckSupervisor(tx, *p.supervisor_id, u.id); !st2) return st2;
      u.supervisor_id = *p.supervisor_id;
    }
    auto saved = tx.Org().UpdateUser(u, ExpectedVersion(expected_version, current->version));
    if (!saved) return saved.error();
    updated = std::move(*saved);
    if (current->active && !updated.active) {
      if (auto st2 = tx.Org().DeleteSessionsOf(updated.id); !st2) return st2;
    }
    json::object data{{"before", UserData(*current)}, {"after", UserData(updated)}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "user.update", "user", updated.id,
                       json::serialize(data));
  });
  ForgetCallers(s);
  if (!st) return st.error();
  return updated;
}

Status ChangePassword(Services& s, const Actor& actor, Id user_id, const PasswordChange& in) {
  const bool self = user_id == actor.id();
  if (!self && actor.role() != core::Role::kAdmin) {
    return Forbidden("修改他人的密码", "change another user's password");
  }
  User target;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto found = UserInScope(tx, actor, user_id);
    if (!found) return found.error();
    target = std::move(*found);
    return {};
  });
  if (!st) return st;
  if (self) {
    if (!in.current_password ||
        !s.crypto.VerifyPassword(target.password_hash, *in.current_password)) {
      return MakeError(ErrorCode::kInvalidArgument, "user.wrong_password", "当前密码不正确",
                       "the current password is wrong", "current_password");
    }
  }
  auto hash = s.crypto.HashPassword(in.new_password);
  if (!hash) return AtField(hash.error(), "new_password");
  const Instant now = s.clock.Now();
  const Status changed = s.store.Write([&](Tx& tx) -> Status {
    auto current = tx.Org().GetUser(user_id);
    if (!current) return current.error();
    User u = *current;
    u.password_hash = *hash;
    auto saved = tx.Org().UpdateUser(u, current->version);
    if (!saved) return saved.error();
    std::optional<Session> kept;
    if (self && in.keep_session_hash) {
      auto session = tx.Org().GetSession(*in.keep_session_hash);
      if (session && session->user_id == user_id) kept = std::move(*session);
    }
    if (auto st2 = tx.Org().DeleteSessionsOf(user_id); !st2) return st2;
    if (kept) {
      if (auto st2 = tx.Org().InsertSession(*kept); !st2) return st2;
    }
    json::object data{{"by", self ? "self" : "admin"}};
    return AppendAudit(tx, s.crypto, now, actor.id(), "user.password", "user", user_id,
                       json::serialize(data));
  });
  ForgetCallers(s);
  return changed;
}

}  // namespace csqm::app
