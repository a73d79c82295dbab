// Scenarios for SDES (RFC 4568):
// - a=crypto with a bare inline key, with lifetime, with lifetime and MKI,
//   with MKI only, with several keys and with session parameters parses and
//   formats back verbatim (9.1, 9.2).
// - malformed lines are rejected: tag, key method, empty key, lifetime
//   after MKI, bad MKI lengths, too many '|' fields.
// - suite names and key||salt sizes: 30 bytes for AES_CM_128_HMAC_SHA1_80
//   and _32 (6.2), 28 bytes for AEAD_AES_128_GCM (RFC 7714 12).
// - acceptability: wrong key length, bad base64, several keys, non-inline
//   method and unsupported session parameters are refused; WSH is allowed.
// - generated keys have the suite's size, differ from call to call and
//   format as inline:<base64>.

#include "b2bua/sdp/sdp_crypto.h"

#include <gtest/gtest.h>

#include <array>

#include "media/base/base64.h"

namespace chorus::b2bua {
namespace {

constexpr const char* kKey30 = "FR0LOGX+BHFJWT46BDRi6M5pDX4yyV9M04FmdsfX";
constexpr const char* kKey28 = "fSw7GevxkBq5FpggmiRZULjcP1XGxjJ/6zf1Gw==";

TEST(SdpCryptoTest, ParsesAndFormatsKeyForms) {
  const std::string forms[] = {
      std::string("1 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30,
      std::string("2 AES_CM_128_HMAC_SHA1_32 inline:") + kKey30 + "|2^31",
      std::string("3 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + "|1048576|7:2",
      std::string("4 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + "|1:4",
      std::string("5 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + "|2^20|1:4;inline:" + kKey30 +
          "|2^20|2:4",
      std::string("6 AEAD_AES_128_GCM inline:") + kKey28 + " KDR=1 UNENCRYPTED_SRTCP",
  };
  for (const std::string& f : forms) {
    auto c = ParseCrypto(f);
    ASSERT_TRUE(c) << f << ": " << c.error().message;
    EXPECT_EQ(FormatCrypto(*c), f);
  }
  auto mki = ParseCrypto(forms[2]);
  EXPECT_EQ(mki->keys[0].lifetime, "1048576");
  EXPECT_EQ(mki->keys[0].mki, 7u);
  EXPECT_EQ(mki->keys[0].mki_length_bytes, 2u);
  auto only_mki = ParseCrypto(forms[3]);
  EXPECT_EQ(only_mki->keys[0].lifetime, "");
  EXPECT_EQ(only_mki->keys[0].mki, 1u);
  EXPECT_EQ(ParseCrypto(forms[4])->keys.size(), 2u);
  EXPECT_EQ(ParseCrypto(forms[5])->session_params,
            (std::vector<std::string>{"KDR=1", "UNENCRYPTED_SRTCP"}));
}

TEST(SdpCryptoTest, RejectsMalformedLines) {
  const char* bad[] = {
      "x AES_CM_128_HMAC_SHA1_80 inline:abc",
      "1234567890 AES_CM_128_HMAC_SHA1_80 inline:abc",
      "1 AES_CM_128_HMAC_SHA1_80",
      "1 AES_CM_128_HMAC_SHA1_80 inline",
      "1 AES_CM_128_HMAC_SHA1_80 inline:",
      "1 AES_CM_128_HMAC_SHA1_80 :abc",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|1:4|2^20",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|1:0",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|1:129",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^x",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^20|2^20",
      "1 AES_CM_128_HMAC_SHA1_80 inline:abc|1|1:1|x",
  };
  for (const char* b : bad) EXPECT_FALSE(ParseCrypto(b)) << b;
  EXPECT_EQ(ParseCrypto("x AES_CM_128_HMAC_SHA1_80 inline:abc").error().message,
            "bad a=crypto:'x AES_CM_128_HMAC_SHA1_80 inline:abc': tag is not 1-9 digits");
}

TEST(SdpCryptoTest, SuitesAndSizes) {
  EXPECT_EQ(ParseSrtpSuite("aes_cm_128_hmac_sha1_80"), SrtpSuite::kAesCm128HmacSha1_80);
  EXPECT_EQ(ParseSrtpSuite("AES_CM_128_HMAC_SHA1_32"), SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_EQ(ParseSrtpSuite("AEAD_AES_128_GCM"), SrtpSuite::kAeadAes128Gcm);
  EXPECT_FALSE(ParseSrtpSuite("F8_128_HMAC_SHA1_80"));
  EXPECT_EQ(SrtpKeySaltBytes(SrtpSuite::kAesCm128HmacSha1_80), 30u);
  EXPECT_EQ(SrtpKeySaltBytes(SrtpSuite::kAesCm128HmacSha1_32), 30u);
  EXPECT_EQ(SrtpKeySaltBytes(SrtpSuite::kAeadAes128Gcm), 28u);
}

TEST(SdpCryptoTest, Acceptability) {
  auto ok =
      ParseCrypto(std::string("1 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + "|2^31|3:1 WSH=128");
  ASSERT_TRUE(ok);
  auto key = AcceptableCryptoKey(*ok, SrtpSuite::kAesCm128HmacSha1_80);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->key_salt.size(), 30u);
  EXPECT_EQ(key->mki, 3u);
  EXPECT_EQ(key->mki_length_bytes, 1u);

  auto gcm = ParseCrypto(std::string("2 AEAD_AES_128_GCM inline:") + kKey28);
  EXPECT_TRUE(AcceptableCryptoKey(*gcm, SrtpSuite::kAeadAes128Gcm));
  auto wrong = AcceptableCryptoKey(*gcm, SrtpSuite::kAesCm128HmacSha1_80);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(wrong.error().message,
            "a=crypto tag 2: key is 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30");

  auto refuse = [](const std::string& line) {
    auto c = ParseCrypto(line);
    EXPECT_TRUE(c) << line;
    return !AcceptableCryptoKey(*c, SrtpSuite::kAesCm128HmacSha1_80);
  };
  EXPECT_TRUE(refuse("1 AES_CM_128_HMAC_SHA1_80 inline:not*base64"));
  EXPECT_TRUE(
      refuse(std::string("1 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + ";inline:" + kKey30));
  EXPECT_TRUE(refuse(std::string("1 AES_CM_128_HMAC_SHA1_80 uri:") + kKey30));
  EXPECT_TRUE(
      refuse(std::string("1 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30 + " UNENCRYPTED_SRTP"));
}

TEST(SdpCryptoTest, GeneratesFreshKeys) {
  for (SrtpSuite suite : {SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAeadAes128Gcm}) {
    auto a = GenerateSrtpKey(suite);
    auto b = GenerateSrtpKey(suite);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->key_salt.size(), SrtpKeySaltBytes(suite));
    EXPECT_NE(a->key_salt, b->key_salt);
    SdpCryptoKey k = InlineKey(*a);
    EXPECT_EQ(k.method, "inline");
    std::array<uint8_t, 64> buf{};
    auto n = Base64Decode(k.key_salt, buf);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::vector<uint8_t>(buf.begin(), buf.begin() + *n), a->key_salt);
  }
}

}  // namespace
}  // namespace chorus::b2bua
