// Scenarios for CheckAnswer against a hand-built OfferedAudio (RFC 3264 6,
// 7; RFC 4568 7.1.3):
// - a well-formed answer yields the send codec (first answered), every
//   answered codec to receive, events at the codec's rate only, and the SRTP
//   keys pairing the answered tag with our offered key.
// - an answered rtpmap may restate a static type in any case.
// - an answer with a=crypto to an offer without one is plain RTP/AVP;
//   RTP/SAVP to such an offer is invalid.

#include "b2bua/sdp/answer_checker.h"

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Lines;

constexpr const char* kKey30 = "8xedbFHYo/TFCZ4Zuj1VDR/UnxrNuBQIq/L4KApP";

SdpSession Parse(std::initializer_list<std::string_view> media) {
  auto s = ParseSdp(
      Lines({"v=0", "o=- 1 1 IN IP4 198.51.100.60", "s=-", "c=IN IP4 198.51.100.60", "t=0 0"}) +
      Lines(media));
  CHORUS_CHECK(s.has_value());
  return std::move(*s);
}

OfferedAudio Offered(bool with_crypto) {
  OfferedAudio o;
  o.codecs = {{96, AudioCodec::kOpus}, {0, AudioCodec::kPcmu}, {8, AudioCodec::kPcma}};
  o.events = {{97, 48000}, {101, 8000}};
  if (with_crypto) {
    o.cryptos = {{5, SrtpSuite::kAesCm128HmacSha1_80, SrtpKey{std::vector<uint8_t>(30, 7), {}, 0}}};
  }
  o.local = SocketAddress::FromIp("203.0.113.1", 30000).value();
  return o;
}

TEST(AnswerCheckerTest, ReadsTerms) {
  SdpSession a = Parse({"m=audio 7000 RTP/AVP 0 8 97 101", "a=rtpmap:0 pcmu/8000",
                        std::string("a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30});
  auto n = CheckAnswer(Offered(true), a, SdpNegotiatorOptions{});
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->codec.codec, AudioCodec::kPcmu);
  ASSERT_EQ(n->receive_codecs.size(), 2u);
  EXPECT_EQ(n->receive_codecs[1].codec, AudioCodec::kPcma);
  EXPECT_EQ(n->telephone_event, (NegotiatedTelephoneEvent{101, 8000}));
  ASSERT_TRUE(n->srtp);
  EXPECT_EQ(n->srtp->tag, 5);
  EXPECT_EQ(n->srtp->local_key.key_salt, std::vector<uint8_t>(30, 7));
  EXPECT_EQ(n->srtp->remote_key.key_salt.size(), 30u);
  EXPECT_EQ(n->remote_rtp.ToString(), "198.51.100.60:7000");
}

TEST(AnswerCheckerTest, CryptoWithoutOurOffer) {
  std::string line = std::string("a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:") + kKey30;
  auto plain =
      CheckAnswer(Offered(false), Parse({"m=audio 7000 RTP/AVP 96", line}), SdpNegotiatorOptions{});
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->srtp);
  auto savp = CheckAnswer(Offered(false), Parse({"m=audio 7000 RTP/SAVP 96", line}),
                          SdpNegotiatorOptions{});
  ASSERT_FALSE(savp);
  EXPECT_EQ(savp.error().message, "invalid SDP answer: RTP/SAVP to an offer without a=crypto");
}

}  // namespace
}  // namespace chorus::b2bua
