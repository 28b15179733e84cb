#pragma once
/// @file
/// Account security for `pond serve`, on libsodium: argon2id password hashes, random tokens for
/// session cookies and CSRF, their digests (only digests are stored), constant-time comparison, and a
/// limiter of failed login attempts.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <deque>

namespace pond::serve {

/// Starts libsodium (idempotent). Throws std::runtime_error when it cannot.
void init_sodium();

/// The argon2id work factors of a password hash.
struct PasswordCost {
  unsigned long long operations = 0;  ///< passes over memory
  std::size_t memory = 0;             ///< bytes
  /// libsodium's interactive level (64 MiB, 2 passes): what a server uses.
  static PasswordCost interactive() noexcept;
  /// libsodium's minimum (for tests only: fast, and far too weak to protect real passwords).
  static PasswordCost minimum() noexcept;
};

/// An argon2id hash of `password` in libsodium's string form (salt and parameters included).
/// Throws std::runtime_error when the memory cannot be had.
std::string hash_password(std::string_view password, const PasswordCost& cost);

/// Whether `password` matches `hash` (false for a malformed hash too).
bool verify_password(const std::string& hash, std::string_view password) noexcept;

/// 32 random bytes as 64 hex digits: session tokens, CSRF tokens and breeding-session ids.
std::string random_token();

/// The BLAKE2b-256 digest of `token` as hex: what the database keeps instead of a login token, so a
/// leaked database does not log anyone in.
std::string token_digest(std::string_view token);

/// Compares two tokens in time that does not depend on where they first differ.
bool tokens_equal(std::string_view a, std::string_view b) noexcept;

/// Counts failures per key (an address or an account name) over a sliding window and refuses a key
/// once it has `max_failures` within it. Thread-safe. Memory stays bounded: keys whose failures have
/// all left the window are forgotten.
class FailureLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  /// Allows at most `max_failures` failures per key within `window`.
  FailureLimiter(int max_failures, std::chrono::seconds window);
  /// Whether `key` may try again at `now`.
  bool allowed(const std::string& key, Clock::time_point now);
  /// Counts a failure of `key` at `now`.
  void record_failure(const std::string& key, Clock::time_point now);
  /// Forgets `key`'s failures (after a success).
  void clear(const std::string& key);

 private:
  void forget_old(std::deque<Clock::time_point>& times, Clock::time_point now) const;
  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
  std::size_t sweeps_due_ = 0;  // record_failure calls until the next sweep of idle keys
};

}  // namespace pond::serve
