// Accounts: the CSRF token, registering, logging in and out.

#include <algorithm>
#include <cctype>

#include "serve/api_support.hpp"
#include "serve/views.hpp"

namespace pond::serve {
namespace {

constexpr std::int64_t login_lifetime = 30 * 24 * 3600;  // seconds a login lasts

bool is_token(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string account_name(const nlohmann::json& body) {
  std::string name = field::text(body, "name", 3, 32);
  const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (!allowed) throw ApiError(400, "name: only letters, digits, '_', '-' and '.'");
  return name;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Logs `user` in: a fresh token in an HttpOnly cookie, only its digest in the database.
void log_in(Call& call, const User& user) {
  call.store.delete_expired_logins(Call::now());  // keeps the table to the logins still valid
  const std::string token = random_token();
  call.store.create_login({token_digest(token), user.id, Call::now() + login_lifetime});
  if (!call.login_digest().empty()) call.store.delete_login(call.login_digest());  // no session fixation
  const std::string secure = call.services.options.secure_cookies ? "; Secure" : "";
  call.response.set_header("Set-Cookie", set_cookie("pond_session", token, login_lifetime, "HttpOnly; SameSite=Lax" + secure));
}

void me(Call& call) {
  std::string csrf = cookie(call.request, "pond_csrf");
  if (!is_token(csrf)) {
    csrf = random_token();
    const std::string secure = call.services.options.secure_cookies ? "; Secure" : "";
    call.response.set_header("Set-Cookie", set_cookie("pond_csrf", csrf, 365 * 24 * 3600, "SameSite=Strict" + secure));
  }
  call.send_json({{"user", call.user() ? user_view(*call.user()) : nlohmann::json(nullptr)}, {"csrf", csrf}});
}

void register_account(Call& call) {
  const auto& body = call.body();
  const std::string name = account_name(body);
  const std::string password = field::text(body, "password", 8, 256);
  const auto now = FailureLimiter::Clock::now();
  if (!call.services.registrations.allowed(call.request.remote_addr, now)) {
    throw ApiError(429, "too many new accounts from this address: try again later");
  }
  call.services.registrations.record_failure(call.request.remote_addr, now);
  const auto user = call.store.create_user(name, hash_password(password, call.services.options.password_cost), Call::now());
  if (!user) throw ApiError(400, "name: already taken");
  log_in(call, *user);
  call.send_json({{"user", user_view(*user)}}, 201);
}

void login(Call& call) {
  const auto& body = call.body();
  const std::string name = field::text(body, "name", 1, 32);
  const std::string password = field::text(body, "password", 1, 256);
  const auto now = FailureLimiter::Clock::now();
  const std::string address = call.request.remote_addr;
  const std::string name_key = lower(name);
  const std::string pair_key = address + '\n' + name_key;
  auto& services = call.services;
  if (!services.login_by_address.allowed(address, now) || !services.login_by_pair.allowed(pair_key, now) ||
      !services.login_by_name.allowed(name_key, now)) {
    throw ApiError(429, "too many failed logins: wait a minute");
  }
  const auto user = call.store.user_by_name(name);
  // An unknown name costs a hash too, so timing does not tell which names exist.
  const bool ok = verify_password(user ? user->password_hash : call.services.decoy_hash, password) && user;
  if (!ok) {
    services.login_by_address.record_failure(address, now);
    services.login_by_pair.record_failure(pair_key, now);
    services.login_by_name.record_failure(name_key, now);
    throw ApiError(401, "wrong name or password");
  }
  services.login_by_pair.clear(pair_key);
  log_in(call, *user);
  call.send_json({{"user", user_view(*user)}});
}

void logout(Call& call) {
  if (!call.login_digest().empty()) call.store.delete_login(call.login_digest());
  const std::string secure = call.services.options.secure_cookies ? "; Secure" : "";
  call.response.set_header("Set-Cookie", set_cookie("pond_session", "", 0, "HttpOnly; SameSite=Lax" + secure));
  call.send_json({{"ok", true}});
}

}  // namespace

void add_account_routes(Router& router) {
  router.get("/api/me", me);
  router.post("/api/register", register_account);
  router.post("/api/login", login);
  router.post("/api/logout", logout);
}

}  // namespace pond::serve
