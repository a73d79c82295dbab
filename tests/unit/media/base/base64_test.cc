// Scenarios (RFC 4648 10 test vectors): encode "", f, fo, foo, foob,
// fooba, foobar; decode them back with and without '=' padding; reject
// characters outside the alphabet, a length of 4n+1, stray padding,
// non-zero trailing bits and output that does not fit.

#include "media/base/base64.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace chorus {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base64Encode(Bytes(plain)), encoded);
    std::array<uint8_t, 16> out{};
    auto n = Base64Decode(encoded, out);
    ASSERT_TRUE(n) << encoded;
    EXPECT_EQ(std::string(reinterpret_cast<char*>(out.data()), *n), plain);
    // Unpadded form.
    std::string bare(encoded);
    while (!bare.empty() && bare.back() == '=') bare.pop_back();
    n = Base64Decode(bare, out);
    ASSERT_TRUE(n) << bare;
    EXPECT_EQ(std::string(reinterpret_cast<char*>(out.data()), *n), plain);
  }
}

TEST(Base64Test, RejectsMalformed) {
  std::array<uint8_t, 16> out{};
  EXPECT_FALSE(Base64Decode("Zm9v!", out));
  EXPECT_FALSE(Base64Decode("Zm 9", out));
  EXPECT_FALSE(Base64Decode("Zm9vY", out));  // 4n+1
  EXPECT_FALSE(Base64Decode("Zm9v=", out));  // padding after a full group
  EXPECT_FALSE(Base64Decode("Zh==", out));   // trailing bits set
  EXPECT_FALSE(Base64Decode("Zg===", out));
  std::array<uint8_t, 2> small{};
  EXPECT_FALSE(Base64Decode("Zm9v", small));
}

}  // namespace
}  // namespace chorus
