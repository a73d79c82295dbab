// Scenarios (RFC 4568 6.2, RFC 7714 14.2): suite names round-trip; key,
// salt and tag sizes per suite (the _32 suite keeps an 80-bit SRTCP tag);
// unknown or lower-case names are rejected.

#include "media/srtp/srtp_suite.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(SrtpSuiteTest, SizesAndNames) {
  const auto& s80 = GetSrtpSuiteInfo(SrtpSuite::kAesCm128HmacSha1_80);
  EXPECT_EQ(s80.name, "AES_CM_128_HMAC_SHA1_80");
  EXPECT_EQ(s80.master_bytes(), 30u);
  EXPECT_EQ(s80.rtp_tag_bytes, 10u);
  const auto& s32 = GetSrtpSuiteInfo(SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_EQ(s32.rtp_tag_bytes, 4u);
  EXPECT_EQ(s32.rtcp_tag_bytes, 10u);
  const auto& gcm = GetSrtpSuiteInfo(SrtpSuite::kAeadAes128Gcm);
  EXPECT_EQ(gcm.master_bytes(), 28u);
  EXPECT_EQ(gcm.rtp_tag_bytes, 16u);
  for (auto suite : {SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAesCm128HmacSha1_32,
                     SrtpSuite::kAeadAes128Gcm}) {
    EXPECT_EQ(SrtpSuiteFromName(GetSrtpSuiteInfo(suite).name), suite);
    EXPECT_LE(GetSrtpSuiteInfo(suite).master_bytes(), kSrtpMaxMasterBytes);
  }
  EXPECT_FALSE(SrtpSuiteFromName("aes_cm_128_hmac_sha1_80"));
  EXPECT_FALSE(SrtpSuiteFromName("F8_128_HMAC_SHA1_80"));
}

}  // namespace
}  // namespace chorus::media
