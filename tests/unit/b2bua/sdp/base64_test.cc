// Scenarios for Base64Encode/Decode (RFC 4648 4):
// - the RFC 4648 10 vectors in both directions, with and without padding.
// - SRTP-sized keys (30 and 28 bytes) survive a round trip.
// - invalid characters, whitespace, a dangling sixth-bit character and
//   padding that does not complete the group are rejected.

#include "b2bua/sdp/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::b2bua {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base64Test, StandardVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(Bytes(plain)), encoded);
    auto d = Base64Decode(encoded);
    ASSERT_TRUE(d) << encoded;
    EXPECT_EQ(*d, Bytes(plain));
  }
  auto unpadded = Base64Decode("Zm9vYg");
  ASSERT_TRUE(unpadded);
  EXPECT_EQ(*unpadded, Bytes("foob"));
}

TEST(Base64Test, KeySizedRoundTrip) {
  for (size_t n : {28u, 30u}) {
    std::vector<uint8_t> key(n);
    for (size_t i = 0; i < n; ++i) key[i] = static_cast<uint8_t>(i * 37 + 11);
    auto d = Base64Decode(Base64Encode(key));
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, key);
  }
}

TEST(Base64Test, RejectsMalformed) {
  EXPECT_FALSE(Base64Decode("Zm9v!"));
  EXPECT_FALSE(Base64Decode("Zm 9v"));
  EXPECT_FALSE(Base64Decode("Zm9vY"));
  EXPECT_FALSE(Base64Decode("Zm9=="));
  EXPECT_FALSE(Base64Decode("Z==="));
}

}  // namespace
}  // namespace chorus::b2bua
