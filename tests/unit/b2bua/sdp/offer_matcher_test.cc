// Scenarios for MatchOfferedAudio / PickOfferedCrypto (RFC 3264 6.1, RFC
// 4568 7.1.2):
// - crypto lines are tried in the offerer's order; malformed, unknown,
//   disabled (GCM without media support) and badly keyed lines are skipped,
//   and the failure names the first line's fault and our suites.
// - SupportedSrtpSuites orders GCM first only when available.
// - a matched stream carries the index, remote address and the accepted
//   extmap; an offered transport we lack names what we accept per mode.

#include "b2bua/sdp/offer_matcher.h"

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Lines;

constexpr const char* kKey30 = "8xedbFHYo/TFCZ4Zuj1VDR/UnxrNuBQIq/L4KApP";

SdpSession Parse(std::initializer_list<std::string_view> media) {
  auto s = ParseSdp(
      Lines({"v=0", "o=- 1 1 IN IP4 198.51.100.50", "s=-", "c=IN IP4 198.51.100.50", "t=0 0"}) +
      Lines(media));
  CHORUS_CHECK(s.has_value());
  return std::move(*s);
}

TEST(OfferMatcherTest, CryptoOrderAndFaults) {
  std::string good = std::string("a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:") + kKey30;
  SdpSession s = Parse({"m=audio 6000 RTP/SAVP 0", "a=crypto:junk",
                        "a=crypto:2 AEAD_AES_128_GCM inline:AAAA", good});
  SdpNegotiatorOptions o;
  auto c = PickOfferedCrypto(s.media[0], o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->tag, 4);
  EXPECT_EQ(c->suite, SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_TRUE(c->local_key.key_salt.empty());

  SdpSession bad = Parse({"m=audio 6000 RTP/SAVP 0", "a=crypto:junk"});
  auto e = PickOfferedCrypto(bad.media[0], o);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message,
            "no acceptable a=crypto line (bad a=crypto:'junk': expected '<tag> <suite> "
            "<key-params> [<session-params>]'); we accept AES_CM_128_HMAC_SHA1_80, "
            "AES_CM_128_HMAC_SHA1_32 with one inline key");
  SdpSession none = Parse({"m=audio 6000 RTP/SAVP 0"});
  EXPECT_EQ(PickOfferedCrypto(none.media[0], o).error().message.substr(0, 17), "no a=crypto line;");
}

TEST(OfferMatcherTest, SuiteOrder) {
  SdpNegotiatorOptions o;
  EXPECT_EQ(SupportedSrtpSuites(o), (std::vector<SrtpSuite>{SrtpSuite::kAesCm128HmacSha1_80,
                                                            SrtpSuite::kAesCm128HmacSha1_32}));
  o.srtp_gcm = true;
  EXPECT_EQ(SupportedSrtpSuites(o).front(), SrtpSuite::kAeadAes128Gcm);
}

TEST(OfferMatcherTest, MatchesOneStream) {
  SdpSession s = Parse({"m=video 0 RTP/AVP 31", "m=audio 6000 RTP/AVPF 8",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:ssrc-audio-level"});
  LocalMedia local{SocketAddress::FromIp("203.0.113.1", 30000).value()};
  auto m = MatchOfferedAudio(s, 1, SdpNegotiatorOptions{}, local);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->media.media_index, 1u);
  EXPECT_EQ(m->media.codec.codec, AudioCodec::kPcma);
  EXPECT_EQ(m->media.remote_rtp.ToString(), "198.51.100.50:6000");
  ASSERT_TRUE(m->audio_level);
  EXPECT_EQ(m->audio_level->id, 4);

  SdpSession tcp = Parse({"m=audio 6000 RTP/AVP/TCP 0"});
  SdpNegotiatorOptions off;
  off.srtp = media::SrtpMode::kOff;
  EXPECT_EQ(MatchOfferedAudio(tcp, 0, off, local).error().message,
            "m=audio #1: transport 'RTP/AVP/TCP' is not supported; we accept RTP/AVP, RTP/AVPF");
  SdpNegotiatorOptions req;
  req.srtp = media::SrtpMode::kRequired;
  EXPECT_EQ(MatchOfferedAudio(tcp, 0, req, local).error().message,
            "m=audio #1: transport 'RTP/AVP/TCP' is not supported; we accept RTP/SAVP, "
            "RTP/SAVPF (or RTP/AVP with a=crypto)");
}

}  // namespace
}  // namespace chorus::b2bua
