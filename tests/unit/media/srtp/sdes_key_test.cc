// Scenarios (RFC 4568 6.1, 9.2):
// - the RFC 4568 section 4 example "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0m
//   XXtxaVBR|2^20|1:32" decodes to 30 key+salt bytes, lifetime 2^20, MKI 1
//   in 32 bytes, and encodes back to the same text;
// - decimal lifetime, lifetime alone, MKI alone, case-insensitive
//   "INLINE:";
// - generated keys have the suite's size (30, or 28 for GCM), differ, and
//   survive encode/parse;
// - rejected, with messages that name the part and never echo the key:
//   missing "inline:", wrong key size for the suite, bad base64, lifetime
//   0 / 2^49 / text, MKI length 0 / 129 / missing, MKI value too large for
//   its length, four parts, lifetime after MKI, several key-params (';').

#include "media/srtp/sdes_key.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

constexpr std::string_view kRfcExample =
    "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32";

TEST(SdesKeyTest, ParsesRfcExample) {
  auto params = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80, kRfcExample);
  ASSERT_TRUE(params) << params.error().message;
  EXPECT_EQ(params->key.size(), 30u);
  EXPECT_EQ(params->key.span()[0], 0x3d);  // 'P' 'S' -> 0x3d...
  ASSERT_TRUE(params->lifetime);
  EXPECT_EQ(*params->lifetime, uint64_t{1} << 20);
  EXPECT_EQ(params->mki_value, 1u);
  EXPECT_EQ(params->mki_length, 32);
  EXPECT_EQ(EncodeSdesKeyParams(*params), kRfcExample);
}

TEST(SdesKeyTest, OptionalParts) {
  const std::string key = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
  auto plain = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_32, key);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->lifetime);
  EXPECT_EQ(plain->mki_length, 0);
  EXPECT_EQ(EncodeSdesKeyParams(*plain), key);

  auto decimal = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80, key + "|1000000");
  ASSERT_TRUE(decimal);
  EXPECT_EQ(*decimal->lifetime, 1000000u);
  EXPECT_EQ(EncodeSdesKeyParams(*decimal), key + "|1000000");

  auto mki_only = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80, key + "|255:1");
  ASSERT_TRUE(mki_only);
  EXPECT_FALSE(mki_only->lifetime);
  EXPECT_EQ(mki_only->mki_value, 255u);
  EXPECT_EQ(mki_only->mki_length, 1);

  auto upper = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80,
                                  "INLINE:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
  EXPECT_TRUE(upper);
}

TEST(SdesKeyTest, GeneratesPerSuite) {
  for (auto suite : {SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAesCm128HmacSha1_32,
                     SrtpSuite::kAeadAes128Gcm}) {
    auto a = GenerateSdesKeyParams(suite);
    auto b = GenerateSdesKeyParams(suite);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->key.size(), GetSrtpSuiteInfo(suite).master_bytes());
    EXPECT_FALSE(a->key == b->key);
    auto back = ParseSdesKeyParams(suite, EncodeSdesKeyParams(*a));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(back->key == a->key);
  }
  auto gcm = GenerateSdesKeyParams(SrtpSuite::kAeadAes128Gcm);
  EXPECT_EQ(EncodeSdesKeyParams(*gcm).size(), 7u + 40);  // 28 bytes -> 38 chars + "=="
}

TEST(SdesKeyTest, RejectsMalformed) {
  const std::string key = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
  const auto suite = SrtpSuite::kAesCm128HmacSha1_80;
  auto expect_error = [&](const std::string& text, std::string_view mentions) {
    auto r = ParseSdesKeyParams(suite, text);
    ASSERT_FALSE(r) << text;
    EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("PS1uQCVe"), std::string::npos) << "key leaked";
  };
  expect_error("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", "inline:");
  expect_error("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0m", "bytes");
  expect_error("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!", "base64");
  expect_error(key + "|0", "lifetime");
  expect_error(key + "|2^49", "lifetime");
  expect_error(key + "|forever", "lifetime");
  expect_error(key + "|1:0", "MKI");
  expect_error(key + "|1:129", "MKI");
  expect_error(key + "|:4", "MKI");
  expect_error(key + "|256:1", "MKI");
  expect_error(key + "|2^20|1:4|x", "parts");
  expect_error(key + "|1:4|2^20", "lifetime");
  expect_error(key + ";inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", "several");

  // A GCM line needs 28 bytes, not 30.
  auto gcm = ParseSdesKeyParams(SrtpSuite::kAeadAes128Gcm, key);
  ASSERT_FALSE(gcm);
  EXPECT_NE(gcm.error().message.find("AEAD_AES_128_GCM"), std::string::npos);
}

}  // namespace
}  // namespace chorus::media
