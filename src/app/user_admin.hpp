// Users: who may sign in, with which role, in which unit, under which supervisor. Administrators
// create and change users; managers, supervisors and the quality manager read the users of their
// subtree (to assign and escalate). Every change appends an audit row; no answer ever carries a
// password hash.
#pragma once

#include <optional>
#include <string>

#include "app/context.hpp"

namespace csqm::app {

struct UserFilter {
  std::optional<core::Role> role;
  std::optional<Id> org_unit_id;  // the unit's subtree; kPermissionDenied outside the actor's
  std::optional<bool> active;
  std::optional<Id> after;  // cursor: ids above this (oldest first)
  int limit = 50;
};

// Admin, quality manager, manager and supervisor: users of their subtree. Others:
// kPermissionDenied "auth.forbidden".
Result<Page<User>> ListUsers(Services& s, const Actor& actor, const UserFilter& f);

// The actor themself, or a user of their subtree for the roles that may list users;
// kNotFound "user.not_found" outside the subtree.
Result<User> GetUser(Services& s, const Actor& actor, Id user_id);

struct NewUser {
  std::string login;  // unique: kConflict "store.constraint" (field "login")
  std::string display_name;
  core::Role role = core::Role::kAgent;
  Id org_unit_id = 0;
  std::optional<Id> supervisor_id;
  std::string phone;
  std::string email;
  std::string password;  // 8 to 256 bytes: "auth.weak_password" otherwise
};

// Admin only. Errors name the field: "user.bad_login", "user.bad_display_name",
// "user.bad_org_unit", "user.bad_supervisor", "user.bad_phone", "user.bad_email".
Result<User> CreateUser(Services& s, const Actor& actor, const NewUser& in);

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<core::Role> role;
  std::optional<Id> org_unit_id;
  std::optional<std::optional<Id>> supervisor_id;  // set to null to clear
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<bool> active;  // deactivating ends the user's sessions
};

// Admin only, with optimistic concurrency. An administrator cannot deactivate themself
// ("user.cannot_deactivate_self", field "active").
Result<User> UpdateUser(Services& s, const Actor& actor, Id user_id, const UserPatch& patch,
                        int64_t expected_version);

struct PasswordChange {
  std::optional<std::string> current_password;  // required when changing one's own password
  std::string new_password;
  // The SHA-256 of the caller's own session token: kept when a user changes their own
  // password; every other session of the user ends.
  std::optional<std::string> keep_session_hash;
};

// The user themself (with the current password: "user.wrong_password", field
// "current_password") or an administrator (without). Ends the user's other sessions.
Status ChangePassword(Services& s, const Actor& actor, Id user_id, const PasswordChange& in);

}  // namespace csqm::app
