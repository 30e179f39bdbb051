#include "platform/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace csqm::platform {
namespace {

TEST(Crypto, HashPassword_VerifiesTheRightPasswordOnly) {
  const auto hash = HashPassword("正确的密码 correct horse");
  ASSERT_TRUE(hash.ok()) << hash.error().OneLine();
  EXPECT_TRUE(VerifyPassword(*hash, "正确的密码 correct horse"));
  for (const char* wrong : {"正确的密码 correct hors", "正确的密码 correct horse ",
                            "正确的密码 Correct horse", "", "12345678"}) {
    EXPECT_FALSE(VerifyPassword(*hash, wrong)) << wrong;
  }
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

TEST(Crypto, HashPassword_ProducesArgon2idWithSalt) {
  const auto first = HashPassword("same password");
  const auto second = HashPassword("same password");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *first;
  EXPECT_NE(*first, *second);  // a fresh salt each time
  EXPECT_TRUE(VerifyPassword(*first, "same password"));
  EXPECT_TRUE(VerifyPassword(*second, "same password"));
}

TEST(Crypto, HashPassword_RejectsShortPasswords) {
  for (const std::string& bad :
       {std::string(), std::string("1234567"), std::string("密码"), std::string(257, 'x')}) {
    const auto hash = HashPassword(bad);
    ASSERT_FALSE(hash.ok()) << bad.size();
    EXPECT_EQ(hash.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(hash.error().reason, "auth.weak_password");
    EXPECT_FALSE(hash.error().message_zh.empty());
    EXPECT_FALSE(hash.error().message_en.empty());
  }
  EXPECT_TRUE(HashPassword("12345678").ok());             // exactly 8 bytes
  EXPECT_TRUE(HashPassword(std::string(256, 'x')).ok());  // exactly 256 bytes
}

TEST(Crypto, VerifyPassword_RejectsMalformedHashes) {
  for (const std::string& bad :
       {std::string(), std::string("$argon2id$"), std::string("plain text"),
        std::string("$argon2id$v=19$m=65536,t=2,p=1$AAAA$BBBB"), std::string(200, '$'),
        std::string("$argon2id$v=19\0garbage", 23)}) {
    EXPECT_FALSE(VerifyPassword(bad, "whatever password")) << bad;
    EXPECT_TRUE(PasswordNeedsRehash(bad)) << bad;
  }
}

TEST(Crypto, PasswordNeedsRehash_WhenLimitsOrAlgorithmDiffer) {
  // argon2id at MODERATE-like cost (t=3, 256 MiB) and argon2i at the interactive cost.
  EXPECT_TRUE(
      PasswordNeedsRehash("$argon2id$v=19$m=262144,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$"
                          "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY"));
  EXPECT_TRUE(
      PasswordNeedsRehash("$argon2i$v=19$m=32768,t=4,p=1$c29tZXNhbHRzb21lc2FsdA$"
                          "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY"));
}

TEST(Crypto, RandomToken_IsUrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = RandomToken();
    ASSERT_EQ(token.size(), 43u) << token;  // 32 bytes, no padding
    for (const char c : token) {
      ASSERT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_')
          << token;
    }
    EXPECT_TRUE(seen.insert(token).second) << token;
  }
  EXPECT_EQ(RandomToken(0), "");
  EXPECT_EQ(RandomToken(1).size(), 2u);
  EXPECT_EQ(RandomToken(2).size(), 3u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(Crypto, RandomToken_IsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(8);
  for (size_t i = 0; i < tokens.size(); ++i) {
    threads.emplace_back([&tokens, i] { tokens[i] = RandomToken(); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), tokens.size());
}

TEST(Crypto, Sha256Hex_MatchesKnownVectors) {
  // FIPS 180-2 / NIST examples.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(Sha256Hex(std::string("a\0b", 3)), Sha256Hex(std::string("a\0b", 3)));
  EXPECT_NE(Sha256Hex(std::string("a\0b", 3)), Sha256Hex("a"));  // NUL bytes count
}

TEST(Crypto, ConstantTimeEquals_ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("token-abc", "token-abc"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "token-abd"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "Token-abc"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "token-ab"));
  EXPECT_FALSE(ConstantTimeEquals("token", ""));
  EXPECT_FALSE(ConstantTimeEquals("", "token"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
  const std::string token = RandomToken();
  EXPECT_TRUE(ConstantTimeEquals(Sha256Hex(token), Sha256Hex(std::string(token))));
}

}  // namespace
}  // namespace csqm::platform
