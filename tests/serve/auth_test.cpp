// Account security of pond serve: argon2id password hashes, tokens and their digests, constant-time
// comparison, and the login-failure limiter.

#include "serve/auth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <string>

using namespace pond::serve;
using namespace std::chrono_literals;

namespace {

class Auth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_sodium(); }
};

bool is_lower_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

TEST_F(Auth, InitSodiumIsIdempotent) {
  EXPECT_NO_THROW(init_sodium());
  EXPECT_NO_THROW(init_sodium());
}

TEST_F(Auth, HashVerifiesTheRightPasswordOnly) {
  const std::string hash = hash_password("correct horse battery", PasswordCost::minimum());
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterz"));
  EXPECT_FALSE(verify_password(hash, "correct horse battery "));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST_F(Auth, HashIsSaltedArgon2id) {
  const auto cost = PasswordCost::minimum();
  const std::string a = hash_password("same password", cost);
  const std::string b = hash_password("same password", cost);
  EXPECT_EQ(a.rfind("$argon2id$", 0), 0u) << a;
  EXPECT_EQ(b.rfind("$argon2id$", 0), 0u) << b;
  EXPECT_NE(a, b) << "two hashes of one password must differ by their salt";
  EXPECT_TRUE(verify_password(a, "same password"));
  EXPECT_TRUE(verify_password(b, "same password"));
  EXPECT_EQ(a.find("same password"), std::string::npos);
}

TEST_F(Auth, HashesPasswordsWithAnyBytes) {
  const auto cost = PasswordCost::minimum();
  const std::string with_nul("pass\0word", 9);
  const std::string hash = hash_password(with_nul, cost);
  EXPECT_TRUE(verify_password(hash, with_nul));
  EXPECT_FALSE(verify_password(hash, "pass"));
  const std::string unicode = "p\xC3\xA4ssw\xC3\xB6rd \xF0\x9F\x94\x91";
  EXPECT_TRUE(verify_password(hash_password(unicode, cost), unicode));
}

TEST_F(Auth, MalformedHashNeverVerifies) {
  const std::string good = hash_password("password1", PasswordCost::minimum());
  EXPECT_FALSE(verify_password("", "password1"));
  EXPECT_FALSE(verify_password("password1", "password1"));
  EXPECT_FALSE(verify_password("$argon2id$", "password1"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=8,t=1,p=1$garbage$garbage", "password1"));
  EXPECT_FALSE(verify_password(good.substr(0, good.size() / 2), "password1"));
  std::string tampered = good;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(tampered, "password1"));
  EXPECT_FALSE(verify_password(good + std::string(200, 'x'), "password1"));  // longer than any hash
  EXPECT_FALSE(verify_password(std::string(4096, '$'), "password1"));
}

TEST_F(Auth, RandomTokensAre64HexDigitsAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = random_token();
    ASSERT_EQ(token.size(), 64u) << token;
    EXPECT_TRUE(is_lower_hex(token)) << token;
    EXPECT_TRUE(seen.insert(token).second) << "repeated token " << token;
  }
}

TEST_F(Auth, TokenDigestIsDeterministicAndNotTheToken) {
  const std::string token = random_token();
  const std::string digest = token_digest(token);
  EXPECT_EQ(digest, token_digest(token));
  EXPECT_NE(digest, token);
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_TRUE(is_lower_hex(digest));
  EXPECT_NE(digest, token_digest(random_token()));
  std::string other = token;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_NE(digest, token_digest(other));
  EXPECT_EQ(token_digest("").size(), 64u);
}

TEST_F(Auth, TokensEqual) {
  const std::string a = random_token();
  EXPECT_TRUE(tokens_equal(a, a));
  EXPECT_TRUE(tokens_equal(a, std::string(a)));
  EXPECT_FALSE(tokens_equal(a, random_token()));
  EXPECT_FALSE(tokens_equal(a, a.substr(0, 63)));
  EXPECT_FALSE(tokens_equal(a, a + "0"));
  std::string last = a;
  last.back() = last.back() == '0' ? '1' : '0';
  EXPECT_FALSE(tokens_equal(a, last));
  EXPECT_FALSE(tokens_equal("", ""));  // an empty token never matches, not even another empty one
  EXPECT_FALSE(tokens_equal(a, ""));
}

TEST_F(Auth, LimiterAllowsMaxFailuresThenRefuses) {
  FailureLimiter limiter(3, 60s);
  const auto t0 = FailureLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.allowed("ada", t0 + std::chrono::seconds(i))) << i;
    limiter.record_failure("ada", t0 + std::chrono::seconds(i));
  }
  EXPECT_FALSE(limiter.allowed("ada", t0 + 3s));
  EXPECT_FALSE(limiter.allowed("ada", t0 + 59s));
  // Other keys are counted apart.
  EXPECT_TRUE(limiter.allowed("bob", t0 + 3s));
  EXPECT_TRUE(limiter.allowed("ADA", t0 + 3s));  // keys are compared exactly (callers fold case)
}

TEST_F(Auth, LimiterRecoversAfterTheWindow) {
  FailureLimiter limiter(3, 60s);
  const auto t0 = FailureLimiter::Clock::time_point{} + 1000s;
  limiter.record_failure("ada", t0);
  limiter.record_failure("ada", t0 + 10s);
  limiter.record_failure("ada", t0 + 20s);
  EXPECT_FALSE(limiter.allowed("ada", t0 + 59s));
  // The window slides: once the first failure is 60 s old, one more try is allowed.
  EXPECT_TRUE(limiter.allowed("ada", t0 + 60s));
  limiter.record_failure("ada", t0 + 60s);
  EXPECT_FALSE(limiter.allowed("ada", t0 + 69s));
  EXPECT_TRUE(limiter.allowed("ada", t0 + 70s));
  // Long after, the key is as good as new: max failures again.
  const auto later = t0 + 3600s;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.allowed("ada", later)) << i;
    limiter.record_failure("ada", later);
  }
  EXPECT_FALSE(limiter.allowed("ada", later));
}

TEST_F(Auth, LimiterClearResetsAKey) {
  FailureLimiter limiter(2, 60s);
  const auto t0 = FailureLimiter::Clock::time_point{} + 1000s;
  limiter.record_failure("ada", t0);
  limiter.record_failure("ada", t0);
  limiter.record_failure("bob", t0);
  limiter.record_failure("bob", t0);
  EXPECT_FALSE(limiter.allowed("ada", t0));
  limiter.clear("ada");
  EXPECT_TRUE(limiter.allowed("ada", t0));
  EXPECT_FALSE(limiter.allowed("bob", t0)) << "clear must touch only its key";
  limiter.clear("nobody");  // clearing an unknown key is harmless
  limiter.record_failure("ada", t0);
  EXPECT_TRUE(limiter.allowed("ada", t0));
  limiter.record_failure("ada", t0);
  EXPECT_FALSE(limiter.allowed("ada", t0));
}

TEST_F(Auth, LimiterRejectsNonsenseLimits) {
  EXPECT_THROW(FailureLimiter(0, 60s), std::invalid_argument);
  EXPECT_THROW(FailureLimiter(-1, 60s), std::invalid_argument);
}

TEST_F(Auth, LimiterKeepsRecentFailuresThroughSweeps) {
  FailureLimiter limiter(3, 60s);
  const auto t0 = FailureLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) limiter.record_failure("ada", t0);
  // Many other keys fail within ada's window: sweeps of idle keys happen, but ada is not idle.
  for (int i = 0; i < 500; ++i) limiter.record_failure("key" + std::to_string(i), t0 + 30s);
  EXPECT_FALSE(limiter.allowed("ada", t0 + 30s));
  EXPECT_FALSE(limiter.allowed("ada", t0 + 59s));
  EXPECT_TRUE(limiter.allowed("ada", t0 + 60s));
}

TEST_F(Auth, LimiterForgetsIdleKeys) {
  // Forgetting is seen only through behaviour: a key refused at t0 is still refused when asked about
  // t0 again, unless a sweep at a time when its failures had all left the window dropped it.
  FailureLimiter limiter(3, 60s);
  const auto t0 = FailureLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) limiter.record_failure("ada", t0);
  ASSERT_FALSE(limiter.allowed("ada", t0));
  ASSERT_FALSE(limiter.allowed("ada", t0 + 1s));
  // Failures of many other keys, long after: some record_failure among them sweeps idle keys.
  const auto later = t0 + 120s;
  for (int i = 0; i < 1000; ++i) limiter.record_failure("key" + std::to_string(i), later);
  EXPECT_TRUE(limiter.allowed("ada", t0)) << "an idle key must be forgotten by the sweep";
  // The keys that failed recently are still remembered (one failure each: still allowed, and a
  // second and third failure refuse them).
  EXPECT_TRUE(limiter.allowed("key7", later));
  limiter.record_failure("key7", later);
  limiter.record_failure("key7", later);
  EXPECT_FALSE(limiter.allowed("key7", later));
}
