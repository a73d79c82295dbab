// Scenarios (RFC 3711, RFC 4568 6.2, RFC 7714):
// - known answer: the widely used libsrtp2 validation vector (master key
//   e1f97a0d..., salt 0ec675ad..., SSRC 0xcafebabe, seq 0x1234, 16 x 0xab)
//   protects to the published ciphertext + 80-bit tag, and with the _32
//   suite to the same ciphertext + the first 4 tag bytes; the SRTCP vector
//   (SR of 24 bytes) protects to ciphertext, E|index 0x80000001 and tag;
//   the inbound session restores the plaintext;
// - round trip of RTP and RTCP for every suite (GCM when GcmSupported());
// - classification: a flipped bit -> auth failure, the same packet twice ->
//   replay, another key -> auth failure, no room for the tag / truncated
//   packet / malformed header / wrong direction -> bad parameter;
// - MKI from SDES key params: round trip, and a peer with another MKI is
//   refused;
// - creation errors: wrong key size names the suite.

#include "media/srtp/srtp_session.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_library.h"

namespace chorus::media {
namespace {

const std::vector<uint8_t> kKeySalt = {0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f,
                                       0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39, 0x0e, 0xc6, 0x75, 0xad,
                                       0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6};
const std::vector<uint8_t> kRtpPlain = {0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe,
                                        0xba, 0xbe, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                        0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab};
const std::vector<uint8_t> kSrtp80 = {0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe,
                                      0xba, 0xbe, 0x4e, 0x55, 0xdc, 0x4c, 0xe7, 0x99, 0x78, 0xd8,
                                      0x8c, 0xa4, 0xd2, 0x15, 0x94, 0x9d, 0x24, 0x02, 0xb7, 0x8d,
                                      0x6a, 0xcc, 0x99, 0xea, 0x17, 0x9b, 0x8d, 0xbb};
const std::vector<uint8_t> kRtcpPlain = {0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe,
                                         0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                         0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab};
const std::vector<uint8_t> kSrtcp80 = {0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe, 0x71, 0x28,
                                       0x03, 0x5b, 0xe4, 0x87, 0xb9, 0xbd, 0xbe, 0xf8, 0x90, 0x41,
                                       0xf9, 0x77, 0xa5, 0xa8, 0x80, 0x00, 0x00, 0x01, 0x99, 0x3e,
                                       0x08, 0xcd, 0x54, 0xd6, 0xc1, 0x23, 0x07, 0x98};

class SrtpSessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(SrtpLibrary::Init()); }

  static SrtpSession Make(SrtpSuite suite, SrtpDirection dir, std::span<const uint8_t> key) {
    auto s = SrtpSession::Create({.suite = suite, .direction = dir, .master_key_salt = key});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(s).value();
  }

  // Packet in a buffer with room for the SRTP trailer.
  static std::vector<uint8_t> Buffer(const std::vector<uint8_t>& packet) {
    std::vector<uint8_t> b(packet);
    b.resize(packet.size() + kSrtpMaxOverheadBytes);
    return b;
  }
};

TEST_F(SrtpSessionTest, KnownAnswerAesCm80) {
  auto out = Make(SrtpSuite::kAesCm128HmacSha1_80, SrtpDirection::kOutbound, kKeySalt);
  auto in = Make(SrtpSuite::kAesCm128HmacSha1_80, SrtpDirection::kInbound, kKeySalt);
  auto buf = Buffer(kRtpPlain);
  size_t size = kRtpPlain.size();
  ASSERT_EQ(out.ProtectRtp(buf, size), SrtpStatus::kOk);
  ASSERT_EQ(size, kSrtp80.size());
  EXPECT_TRUE(std::equal(kSrtp80.begin(), kSrtp80.end(), buf.begin()));
  ASSERT_EQ(in.UnprotectRtp(buf, size), SrtpStatus::kOk);
  ASSERT_EQ(size, kRtpPlain.size());
  EXPECT_TRUE(std::equal(kRtpPlain.begin(), kRtpPlain.end(), buf.begin()));

  auto rtcp = Buffer(kRtcpPlain);
  size = kRtcpPlain.size();
  ASSERT_EQ(out.ProtectRtcp(rtcp, size), SrtpStatus::kOk);
  ASSERT_EQ(size, kSrtcp80.size());
  EXPECT_TRUE(std::equal(kSrtcp80.begin(), kSrtcp80.end(), rtcp.begin()));
  ASSERT_EQ(in.UnprotectRtcp(rtcp, size), SrtpStatus::kOk);
  EXPECT_EQ(size, kRtcpPlain.size());
  EXPECT_TRUE(std::equal(kRtcpPlain.begin(), kRtcpPlain.end(), rtcp.begin()));
}

TEST_F(SrtpSessionTest, KnownAnswerAesCm32) {
  auto out = Make(SrtpSuite::kAesCm128HmacSha1_32, SrtpDirection::kOutbound, kKeySalt);
  auto buf = Buffer(kRtpPlain);
  size_t size = kRtpPlain.size();
  ASSERT_EQ(out.ProtectRtp(buf, size), SrtpStatus::kOk);
  ASSERT_EQ(size, kRtpPlain.size() + 4);
  EXPECT_TRUE(std::equal(kSrtp80.begin(), kSrtp80.begin() + 32, buf.begin()));
  // SRTCP keeps the 80-bit tag with this suite.
  auto rtcp = Buffer(kRtcpPlain);
  size = kRtcpPlain.size();
  ASSERT_EQ(out.ProtectRtcp(rtcp, size), SrtpStatus::kOk);
  EXPECT_EQ(size, kSrtcp80.size());
}

TEST_F(SrtpSessionTest, RoundTripEverySuite) {
  std::vector<SrtpSuite> suites = {SrtpSuite::kAesCm128HmacSha1_80,
                                   SrtpSuite::kAesCm128HmacSha1_32};
  if (SrtpLibrary::GcmSupported()) suites.push_back(SrtpSuite::kAeadAes128Gcm);
  for (SrtpSuite suite : suites) {
    auto key = GenerateSdesKeyParams(suite);
    ASSERT_TRUE(key);
    auto out = SrtpSession::Create(SrtpDirection::kOutbound, *key);
    auto in = SrtpSession::Create(SrtpDirection::kInbound, *key);
    ASSERT_TRUE(out && in);
    for (uint16_t seq = 65530; seq != 10; ++seq) {  // across the ROC wrap
      std::vector<uint8_t> plain = kRtpPlain;
      plain[2] = static_cast<uint8_t>(seq >> 8);
      plain[3] = static_cast<uint8_t>(seq);
      auto buf = Buffer(plain);
      size_t size = plain.size();
      ASSERT_EQ(out->ProtectRtp(buf, size), SrtpStatus::kOk);
      EXPECT_EQ(size, plain.size() + GetSrtpSuiteInfo(suite).rtp_tag_bytes);
      ASSERT_EQ(in->UnprotectRtp(buf, size), SrtpStatus::kOk) << seq;
      ASSERT_EQ(size, plain.size());
      EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buf.begin()));
    }
    auto rtcp = Buffer(kRtcpPlain);
    size_t size = kRtcpPlain.size();
    ASSERT_EQ(out->ProtectRtcp(rtcp, size), SrtpStatus::kOk);
    ASSERT_EQ(in->UnprotectRtcp(rtcp, size), SrtpStatus::kOk);
    EXPECT_EQ(size, kRtcpPlain.size());
  }
}

TEST_F(SrtpSessionTest, ClassifiesFailures) {
  auto out = Make(SrtpSuite::kAesCm128HmacSha1_80, SrtpDirection::kOutbound, kKeySalt);
  auto in = Make(SrtpSuite::kAesCm128HmacSha1_80, SrtpDirection::kInbound, kKeySalt);
  auto buf = Buffer(kRtpPlain);
  size_t size = kRtpPlain.size();
  ASSERT_EQ(out.ProtectRtp(buf, size), SrtpStatus::kOk);
  const std::vector<uint8_t> protected_packet(buf.begin(), buf.begin() + size);

  auto flipped = protected_packet;
  flipped[20] ^= 1;
  size_t n = flipped.size();
  EXPECT_EQ(in.UnprotectRtp(flipped, n), SrtpStatus::kAuthFailure);

  auto good = protected_packet;
  n = good.size();
  EXPECT_EQ(in.UnprotectRtp(good, n), SrtpStatus::kOk);
  auto again = protected_packet;
  n = again.size();
  EXPECT_EQ(in.UnprotectRtp(again, n), SrtpStatus::kReplay);

  std::vector<uint8_t> other_key(kKeySalt);
  other_key[0] ^= 0xff;
  auto stranger = Make(SrtpSuite::kAesCm128HmacSha1_80, SrtpDirection::kInbound, other_key);
  auto copy = protected_packet;
  n = copy.size();
  EXPECT_EQ(stranger.UnprotectRtp(copy, n), SrtpStatus::kAuthFailure);

  // No room for the trailer.
  std::vector<uint8_t> tight(kRtpPlain);
  n = tight.size();
  EXPECT_EQ(out.ProtectRtp(tight, n), SrtpStatus::kBadParameter);
  EXPECT_EQ(n, kRtpPlain.size());
  // Truncated: shorter than header + tag.
  auto short_packet = protected_packet;
  n = 15;
  EXPECT_EQ(in.UnprotectRtp(short_packet, n), SrtpStatus::kBadParameter);
  // CSRC count pointing past the end.
  auto bad_header = Buffer(kRtpPlain);
  bad_header[0] = 0x8f;
  n = kRtpPlain.size();
  EXPECT_EQ(out.ProtectRtp(bad_header, n), SrtpStatus::kBadParameter);
  // Wrong direction.
  auto wrong = protected_packet;
  n = wrong.size();
  EXPECT_EQ(out.UnprotectRtp(wrong, n), SrtpStatus::kBadParameter);
  auto plain = Buffer(kRtpPlain);
  n = kRtpPlain.size();
  EXPECT_EQ(in.ProtectRtp(plain, n), SrtpStatus::kBadParameter);
  // SRTCP too short for index and tag.
  auto rtcp = Buffer(kRtcpPlain);
  n = 12;
  EXPECT_EQ(in.UnprotectRtcp(rtcp, n), SrtpStatus::kBadParameter);

  EXPECT_EQ(SrtpStatusName(SrtpStatus::kReplay), "replay");
}

TEST_F(SrtpSessionTest, MkiFromSdesParams) {
  auto key = ParseSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80,
                                "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|7:2");
  ASSERT_TRUE(key);
  auto out = SrtpSession::Create(SrtpDirection::kOutbound, *key);
  auto in = SrtpSession::Create(SrtpDirection::kInbound, *key);
  ASSERT_TRUE(out && in);
  auto buf = Buffer(kRtpPlain);
  size_t size = kRtpPlain.size();
  ASSERT_EQ(out->ProtectRtp(buf, size), SrtpStatus::kOk);
  ASSERT_EQ(size, kRtpPlain.size() + 2 + 10);
  EXPECT_EQ(buf[kRtpPlain.size()], 0);  // MKI 7 in two bytes
  EXPECT_EQ(buf[kRtpPlain.size() + 1], 7);
  auto copy = buf;
  size_t copy_size = size;
  ASSERT_EQ(in->UnprotectRtp(buf, size), SrtpStatus::kOk);
  EXPECT_EQ(size, kRtpPlain.size());

  SdesKeyParams other = *key;
  other.mki_value = 8;
  auto in_other = SrtpSession::Create(SrtpDirection::kInbound, other);
  ASSERT_TRUE(in_other);
  EXPECT_NE(in_other->UnprotectRtp(copy, copy_size), SrtpStatus::kOk);
}

TEST_F(SrtpSessionTest, CreateErrors) {
  std::vector<uint8_t> short_key(29, 1);
  auto s = SrtpSession::Create({.suite = SrtpSuite::kAesCm128HmacSha1_80,
                                .direction = SrtpDirection::kOutbound,
                                .master_key_salt = short_key});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("AES_CM_128_HMAC_SHA1_80"), std::string::npos);
}

TEST_F(SrtpSessionTest, ReportsGcmSupport) {
  auto key = GenerateSdesKeyParams(SrtpSuite::kAeadAes128Gcm);
  ASSERT_TRUE(key);
  auto s = SrtpSession::Create(SrtpDirection::kOutbound, *key);
  EXPECT_EQ(s.has_value(), SrtpLibrary::GcmSupported());
  if (!s) {
    EXPECT_EQ(s.error().code, ErrorCode::kUnsupported);
  }
}

}  // namespace
}  // namespace chorus::media
