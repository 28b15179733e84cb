// Password hashing, tokens and the login-failure limiter, on libsodium.

#include "serve/auth.hpp"

#include <sodium.h>

#include <stdexcept>

namespace pond::serve {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
}

PasswordCost PasswordCost::interactive() noexcept {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() noexcept {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  char out[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), cost.operations, cost.memory) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) noexcept {
  // libsodium reads a NUL-terminated string of at most STRBYTES; anything longer is not a hash of ours.
  if (hash.size() >= crypto_pwhash_argon2id_STRBYTES) return false;
  return crypto_pwhash_argon2id_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {
std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}
}  // namespace

std::string random_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

std::string token_digest(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return to_hex(digest, sizeof digest);
}

bool tokens_equal(std::string_view a, std::string_view b) noexcept {
  // The lengths are not secret (every token has the same length); the contents are.
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

FailureLimiter::FailureLimiter(int max_failures, std::chrono::seconds window)
    : max_failures_(max_failures), window_(window) {
  if (max_failures < 1) throw std::invalid_argument("FailureLimiter: max_failures must be at least 1");
}

void FailureLimiter::forget_old(std::deque<Clock::time_point>& times, Clock::time_point now) const {
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
}

bool FailureLimiter::allowed(const std::string& key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto it = failures_.find(key);
  if (it == failures_.end()) return true;
  forget_old(it->second, now);
  return static_cast<int>(it->second.size()) < max_failures_;
}

void FailureLimiter::record_failure(const std::string& key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto& times = failures_[key];
  forget_old(times, now);
  times.push_back(now);
  // A key keeps at most max_failures times (older ones cannot matter once the key is refused).
  while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
  // Now and then, drop keys with nothing left in the window, so an attacker cycling through
  // addresses or names cannot grow the map without bound.
  if (sweeps_due_ == 0) {
    for (auto entry = failures_.begin(); entry != failures_.end();) {
      forget_old(entry->second, now);
      entry = entry->second.empty() ? failures_.erase(entry) : std::next(entry);
    }
    sweeps_due_ = failures_.size() + 64;
  } else {
    --sweeps_due_;
  }
}

void FailureLimiter::clear(const std::string& key) {
  const std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace pond::serve
