// Scenarios for SdpNegotiator as offerer (RFC 3264 5, 7, 8):
// - the default offer: our codecs in preference order, Opus on 111,
//   telephone-event at 48000 (110) and 8000 (101), ptime, direction,
//   rtcp-mux, the audio-level extmap; per SrtpMode: no crypto (off),
//   RTP/AVP with a=crypto (optional, best effort), RTP/SAVP (required); GCM
//   first when the media layer has it.
// - a codec list without Opus offers no 48 kHz telephone-event.
// - answers: codec, events at the codec's rate, several codecs (we send the
//   first, accept all), ptime, direction (hold both ways, c=0.0.0.0),
//   rtcp-mux / a=rtcp, extmap id, SRTP keyed by tag with our offered key.
// - invalid answers (RFC 3264 6): m= count, payload types or rtpmaps not in
//   our offer, rejected stream, crypto tag or suite not offered, RTP/SAVP
//   without a key, no key when required, malformed; each leaves the previous
//   session in force and settles the offer.
// - glare and ordering: one pending offer at a time; Answer while pending is
//   491; ProcessAnswer without an offer fails; AbandonOffer.
// - versioning (8): unchanged re-offer keeps the version, hold and resume
//   bump it; keys and payload type numbers stay for the leg (8.3.2).
// - two negotiators talk to each other: A's offer, B's answer, A's reading
//   of it agree on codec, events and SRTP keys crosswise.

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_negotiator.h"
#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using media::SrtpMode;
using testing::HasLine;
using testing::Lines;

constexpr const char* kPeerKey30 = "8xedbFHYo/TFCZ4Zuj1VDR/UnxrNuBQIq/L4KApP";

SdpNegotiator Make(SdpNegotiatorOptions options = {}, uint64_t id = 4242) {
  auto n = SdpNegotiator::CreateForTest(std::move(options), id);
  CHORUS_CHECK(n.has_value());
  return std::move(*n);
}

LocalMedia Local(SdpDirection direction = SdpDirection::kSendRecv, const char* ip = "203.0.113.10",
                 uint16_t port = 30000) {
  return LocalMedia{SocketAddress::FromIp(ip, port).value(), direction};
}

// A peer's answer; the c= address type follows `address`.
std::string Answer(std::initializer_list<std::string_view> media, std::string_view version = "1",
                   std::string_view address = "198.51.100.30") {
  std::string type = address.find(':') == std::string_view::npos ? "IP4" : "IP6";
  return "v=0\r\no=dave 9001 " + std::string(version) + " IN IP4 198.51.100.30\r\ns=-\r\nc=IN " +
         type + " " + std::string(address) + "\r\nt=0 0\r\n" + Lines(media);
}

SdpNegotiatorOptions NoSrtp() {
  SdpNegotiatorOptions o;
  o.srtp = SrtpMode::kOff;
  return o;
}

TEST(SdpNegotiatorOfferTest, DefaultOfferWithoutSrtp) {
  SdpNegotiator neg = Make(NoSrtp());
  auto offer = neg.CreateOffer(Local());
  ASSERT_TRUE(offer) << offer.error().message;
  EXPECT_EQ(
      *offer,
      Lines({"v=0", "o=chorus 4242 1 IN IP4 203.0.113.10", "s=Chorus", "c=IN IP4 203.0.113.10",
             "t=0 0", "m=audio 30000 RTP/AVP 111 9 0 8 110 101", "a=rtpmap:111 opus/48000/2",
             "a=fmtp:111 useinbandfec=1", "a=rtpmap:9 G722/8000", "a=rtpmap:0 PCMU/8000",
             "a=rtpmap:8 PCMA/8000", "a=rtpmap:110 telephone-event/48000", "a=fmtp:110 0-15",
             "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv",
             "a=rtcp-mux", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"}));
  EXPECT_TRUE(neg.offer_pending());
}

std::vector<SdpCrypto> OfferCryptos(const std::string& offer) {
  auto s = ParseSdp(offer);
  CHORUS_CHECK(s.has_value());
  return FindCryptos(s->media[0]);
}

TEST(SdpNegotiatorOfferTest, SrtpModesShapeTheOffer) {
  auto optional = Make().CreateOffer(Local());
  ASSERT_TRUE(optional);
  EXPECT_TRUE(HasLine(*optional, "m=audio 30000 RTP/AVP 111 9 0 8 110 101"));
  auto c = OfferCryptos(*optional);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].tag, 1u);
  EXPECT_EQ(c[0].suite, "AES_CM_128_HMAC_SHA1_80");
  EXPECT_EQ(c[1].tag, 2u);
  EXPECT_EQ(c[1].suite, "AES_CM_128_HMAC_SHA1_32");
  for (const SdpCrypto& line : c) {
    ASSERT_EQ(line.keys.size(), 1u);
    EXPECT_EQ(testing::DecodeB64(line.keys[0].key_salt).size(), 30u);
    EXPECT_TRUE(line.keys[0].lifetime.empty());
    EXPECT_FALSE(line.keys[0].mki);
  }
  EXPECT_NE(c[0].keys[0].key_salt, c[1].keys[0].key_salt);

  SdpNegotiatorOptions required;
  required.srtp = SrtpMode::kRequired;
  required.srtp_gcm = true;
  auto savp = Make(required).CreateOffer(Local());
  ASSERT_TRUE(savp);
  EXPECT_TRUE(HasLine(*savp, "m=audio 30000 RTP/SAVP 111 9 0 8 110 101"));
  auto g = OfferCryptos(*savp);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].suite, "AEAD_AES_128_GCM");
  EXPECT_EQ(testing::DecodeB64(g[0].keys[0].key_salt).size(), 28u);
  EXPECT_EQ(g[1].suite, "AES_CM_128_HMAC_SHA1_80");
  EXPECT_EQ(g[2].suite, "AES_CM_128_HMAC_SHA1_32");
}

TEST(SdpNegotiatorOfferTest, NarrowCodecListAndOptions) {
  SdpNegotiatorOptions o = NoSrtp();
  o.codecs = {AudioCodec::kPcma, AudioCodec::kPcmu};
  o.rtcp_mux = false;
  o.audio_level = false;
  o.ptime_ms = 30;
  auto offer = Make(o).CreateOffer(Local(SdpDirection::kSendRecv, "2001:db8::10", 40000));
  ASSERT_TRUE(offer) << offer.error().message;
  EXPECT_EQ(*offer, Lines({"v=0", "o=chorus 4242 1 IN IP6 2001:db8::10", "s=Chorus",
                           "c=IN IP6 2001:db8::10", "t=0 0", "m=audio 40000 RTP/AVP 8 0 101",
                           "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000",
                           "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:30",
                           "a=sendrecv"}));
}

TEST(SdpNegotiatorOfferTest, ReadsPlainAnswer) {
  SdpNegotiator neg = Make(NoSrtp());
  ASSERT_TRUE(neg.CreateOffer(Local()));
  std::string answer = Answer({"m=audio 40000 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000",
                               "a=rtpmap:101 telephone-event/8000", "a=ptime:30"});
  auto r = neg.ProcessAnswer(answer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(neg.offer_pending());
  EXPECT_EQ(r->codec.codec, AudioCodec::kPcmu);
  EXPECT_EQ(r->codec.payload_type, 0);
  EXPECT_EQ(r->telephone_event, (NegotiatedTelephoneEvent{101, 8000}));
  EXPECT_EQ(r->ptime_ms, 30);
  EXPECT_EQ(r->direction, SdpDirection::kSendRecv);
  EXPECT_EQ(r->remote_rtp.ToString(), "198.51.100.30:40000");
  EXPECT_FALSE(r->rtcp_mux);
  EXPECT_EQ(r->remote_rtcp.ToString(), "198.51.100.30:40001");
  EXPECT_FALSE(r->audio_level_extension_id);
  EXPECT_FALSE(r->srtp);
  EXPECT_TRUE(HasLine(r->local_sdp, "m=audio 30000 RTP/AVP 111 9 0 8 110 101"));
  EXPECT_EQ(neg.current(), r.value());
}

TEST(SdpNegotiatorOfferTest, ReadsOpusAnswerWithMuxAndExtmap) {
  SdpNegotiator neg = Make(NoSrtp());
  ASSERT_TRUE(neg.CreateOffer(Local()));
  auto r = neg.ProcessAnswer(
      Answer({"m=audio 40000 RTP/AVP 111 110 101", "a=rtpmap:111 opus/48000/2",
              "a=fmtp:111 useinbandfec=1;usedtx=1", "a=rtpmap:110 telephone-event/48000",
              "a=rtpmap:101 telephone-event/8000", "a=rtcp-mux",
              "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codec.codec, AudioCodec::kOpus);
  EXPECT_EQ(r->codec.payload_type, 111);
  EXPECT_TRUE(r->codec.opus.fec);
  EXPECT_TRUE(r->codec.opus.dtx);
  EXPECT_EQ(r->telephone_event, (NegotiatedTelephoneEvent{110, 48000}));
  EXPECT_TRUE(r->rtcp_mux);
  EXPECT_EQ(r->remote_rtcp, r->remote_rtp);
  EXPECT_EQ(r->audio_level_extension_id, 1);
}

TEST(SdpNegotiatorOfferTest, SeveralAnsweredCodecs) {
  SdpNegotiator neg = Make(NoSrtp());
  ASSERT_TRUE(neg.CreateOffer(Local()));
  auto r = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 8 0", "a=rtcp:40005"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codec.codec, AudioCodec::kPcma);
  ASSERT_EQ(r->receive_codecs.size(), 2u);
  EXPECT_EQ(r->receive_codecs[0].codec, AudioCodec::kPcma);
  EXPECT_EQ(r->receive_codecs[1].codec, AudioCodec::kPcmu);
  EXPECT_FALSE(r->telephone_event);
  EXPECT_EQ(r->remote_rtcp.port(), 40005);
}

TEST(SdpNegotiatorOfferTest, DirectionOfAnswers) {
  struct Case {
    SdpDirection ours;
    const char* answered;
    const char* address;
    SdpDirection want;
  };
  const Case cases[] = {
      {SdpDirection::kSendRecv, "a=sendrecv", "198.51.100.30", SdpDirection::kSendRecv},
      {SdpDirection::kSendRecv, "a=sendonly", "198.51.100.30", SdpDirection::kRecvOnly},
      {SdpDirection::kSendRecv, "a=recvonly", "198.51.100.30", SdpDirection::kSendOnly},
      {SdpDirection::kSendOnly, "a=recvonly", "198.51.100.30", SdpDirection::kSendOnly},
      {SdpDirection::kSendOnly, "a=inactive", "198.51.100.30", SdpDirection::kInactive},
      {SdpDirection::kInactive, "a=inactive", "198.51.100.30", SdpDirection::kInactive},
      {SdpDirection::kSendRecv, "a=sendrecv", "0.0.0.0", SdpDirection::kRecvOnly},
  };
  for (const Case& c : cases) {
    SdpNegotiator neg = Make(NoSrtp());
    auto offer = neg.CreateOffer(Local(c.ours));
    ASSERT_TRUE(offer);
    EXPECT_TRUE(HasLine(*offer, std::string("a=") + SdpDirectionName(c.ours)));
    auto r = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0", c.answered}, "1", c.address));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->direction, c.want) << c.answered << " " << c.address;
  }
}

TEST(SdpNegotiatorOfferTest, SrtpAnswerUsesOurOfferedKeyForTheTag) {
  SdpNegotiator neg = Make();
  auto offer = neg.CreateOffer(Local());
  ASSERT_TRUE(offer);
  auto ours = OfferCryptos(*offer);
  auto r = neg.ProcessAnswer(
      Answer({"m=audio 40000 RTP/AVP 0", std::string("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:") +
                                             kPeerKey30 + "|2^31|1:1"}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->srtp);
  EXPECT_EQ(r->srtp->suite, SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_EQ(r->srtp->tag, 2);
  EXPECT_EQ(r->srtp->remote_key.key_salt, testing::DecodeB64(kPeerKey30));
  EXPECT_EQ(r->srtp->remote_key.mki, 1u);
  EXPECT_EQ(r->srtp->local_key.key_salt, testing::DecodeB64(ours[1].keys[0].key_salt));

  // Optional SRTP and a plain answer: plain RTP.
  SdpNegotiator plain = Make();
  ASSERT_TRUE(plain.CreateOffer(Local()));
  auto p = plain.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0"}));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_FALSE(p->srtp);
}

// Each invalid answer fails with `code`, settles the offer and keeps the
// session that was in force.
void ExpectInvalidAnswer(SdpNegotiatorOptions options, const std::string& answer, ErrorCode code,
                         std::string_view message_start) {
  SdpNegotiator neg = Make(options);
  ASSERT_TRUE(neg.CreateOffer(Local()));
  auto r = neg.ProcessAnswer(answer);
  ASSERT_FALSE(r) << answer;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_EQ(r.error().message.substr(0, message_start.size()), message_start) << r.error().message;
  EXPECT_FALSE(neg.offer_pending());
  EXPECT_FALSE(neg.current());
}

TEST(SdpNegotiatorOfferTest, RejectsInvalidAnswers) {
  const std::string key = std::string(" inline:") + kPeerKey30;
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/AVP 0", "m=video 0 RTP/AVP 31"}),
                      ErrorCode::kInvalidArgument,
                      "invalid SDP answer: it has 2 m= lines, our offer had 1 (RFC 3264 6)");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=video 40000 RTP/AVP 0"}), ErrorCode::kInvalidArgument,
                      "invalid SDP answer: m=video answers our m=audio");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 0 RTP/AVP 0"}), ErrorCode::kUnsupported,
                      "the peer rejected our audio stream");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/AVP 18"}), ErrorCode::kInvalidArgument,
                      "invalid SDP answer: payload type 18 was not in our offer");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/AVP 111", "a=rtpmap:111 PCMU/8000"}),
                      ErrorCode::kInvalidArgument,
                      "invalid SDP answer: payload type 111 is '111 PCMU/8000' in the answer, "
                      "opus/48000/2 in our offer");
  ExpectInvalidAnswer(NoSrtp(),
                      Answer({"m=audio 40000 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/48000"}),
                      ErrorCode::kInvalidArgument,
                      "invalid SDP answer: payload type 101 is telephone-event/8000 in our offer");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/AVP 101"}), ErrorCode::kInvalidArgument,
                      "invalid SDP answer: it lists none of the codecs we offered");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 UDP/TLS/RTP/SAVPF 0"}),
                      ErrorCode::kInvalidArgument, "invalid SDP answer: transport");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/SAVP 0"}), ErrorCode::kInvalidArgument,
                      "invalid SDP answer: RTP/SAVP without an a=crypto line");
  ExpectInvalidAnswer(
      {}, Answer({"m=audio 40000 RTP/AVP 0", "a=crypto:9 AES_CM_128_HMAC_SHA1_80" + key}),
      ErrorCode::kInvalidArgument, "invalid SDP answer: a=crypto tag 9 was not in our offer");
  ExpectInvalidAnswer(
      {}, Answer({"m=audio 40000 RTP/AVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_32" + key}),
      ErrorCode::kInvalidArgument,
      "invalid SDP answer: a=crypto tag 1 names suite 'AES_CM_128_HMAC_SHA1_32', "
      "our offer had AES_CM_128_HMAC_SHA1_80");
  ExpectInvalidAnswer(
      {}, Answer({"m=audio 40000 RTP/AVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA"}),
      ErrorCode::kInvalidArgument, "invalid SDP answer: a=crypto tag 1: key is 3 bytes");
  SdpNegotiatorOptions required;
  required.srtp = SrtpMode::kRequired;
  ExpectInvalidAnswer(required, Answer({"m=audio 40000 RTP/AVP 0"}), ErrorCode::kInvalidArgument,
                      "invalid SDP answer: no a=crypto line, and SRTP is required");
  ExpectInvalidAnswer(NoSrtp(), "v=0\r\nbogus\r\n", ErrorCode::kParse,
                      "malformed SDP answer: line 2:");
  ExpectInvalidAnswer(NoSrtp(), Answer({"m=audio 40000 RTP/AVP 0"}, "1", "2001:db8::30"),
                      ErrorCode::kUnsupported, "peer media address is IPv6, ours is IPv4");
}

TEST(SdpNegotiatorOfferTest, FailedAnswerKeepsPreviousSession) {
  SdpNegotiator neg = Make(NoSrtp());
  ASSERT_TRUE(neg.CreateOffer(Local()));
  auto first = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0"}));
  ASSERT_TRUE(first);
  ASSERT_TRUE(neg.CreateOffer(Local(SdpDirection::kSendOnly)));
  EXPECT_FALSE(neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 18"}, "2")));
  ASSERT_TRUE(neg.current());
  EXPECT_EQ(*neg.current(), *first);
}

TEST(SdpNegotiatorOfferTest, OnePendingOfferAndGlare) {
  SdpNegotiator neg = Make(NoSrtp());
  auto none = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0"}));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(neg.CreateOffer(Local()));
  auto second = neg.CreateOffer(Local());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);

  auto glare = neg.Answer(Answer({"m=audio 40000 RTP/AVP 0"}), Local());
  ASSERT_FALSE(glare);
  EXPECT_EQ(SipRejectionFor(glare.error()).status_code, 491);

  neg.AbandonOffer();
  EXPECT_FALSE(neg.offer_pending());
  EXPECT_TRUE(neg.Answer(Answer({"m=audio 40000 RTP/AVP 0"}), Local()));
}

TEST(SdpNegotiatorOfferTest, VersionMovesOnlyWhenOurSdpChanges) {
  SdpNegotiator neg = Make();
  auto o1 = neg.CreateOffer(Local());
  ASSERT_TRUE(o1);
  EXPECT_TRUE(HasLine(*o1, "o=chorus 4242 1 IN IP4 203.0.113.10"));
  ASSERT_TRUE(neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0"})));

  // Session refresh: identical offer, same version, same keys.
  auto o2 = neg.CreateOffer(Local());
  ASSERT_TRUE(o2);
  EXPECT_EQ(*o2, *o1);
  auto again = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0"}));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->remote_changed);

  // Hold, then resume.
  auto hold = neg.CreateOffer(Local(SdpDirection::kSendOnly));
  ASSERT_TRUE(hold);
  EXPECT_TRUE(HasLine(*hold, "o=chorus 4242 2 IN IP4 203.0.113.10"));
  EXPECT_TRUE(HasLine(*hold, "a=sendonly"));
  auto held = neg.ProcessAnswer(Answer({"m=audio 40000 RTP/AVP 0", "a=recvonly"}, "2"));
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->remote_changed);
  EXPECT_EQ(held->direction, SdpDirection::kSendOnly);
  auto resume = neg.CreateOffer(Local());
  ASSERT_TRUE(resume);
  EXPECT_TRUE(HasLine(*resume, "o=chorus 4242 3 IN IP4 203.0.113.10"));
  EXPECT_EQ(OfferCryptos(*resume), OfferCryptos(*o1));

  // An abandoned offer still counts: the peer saw that version.
  neg.AbandonOffer();
  auto inactive = neg.CreateOffer(Local(SdpDirection::kInactive));
  ASSERT_TRUE(inactive);
  EXPECT_TRUE(HasLine(*inactive, "o=chorus 4242 4 IN IP4 203.0.113.10"));
  EXPECT_EQ(neg.session_version(), 4u);
  EXPECT_EQ(neg.session_id(), 4242u);
}

TEST(SdpNegotiatorOfferTest, KeepsPayloadTypesTheSessionUses) {
  SdpNegotiator neg = Make(NoSrtp());
  // The peer offered Opus on 96 and 48 kHz events on 97; we answered so.
  auto answered = neg.Answer(
      "v=0\r\no=- 1 1 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 198.51.100.20\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 96 97\r\na=rtpmap:96 opus/48000/2\r\n"
      "a=rtpmap:97 telephone-event/48000\r\n",
      Local());
  ASSERT_TRUE(answered) << answered.error().message;
  auto offer = neg.CreateOffer(Local());
  ASSERT_TRUE(offer);
  EXPECT_TRUE(HasLine(*offer, "m=audio 30000 RTP/AVP 96 9 0 8 97 101"));
  EXPECT_TRUE(HasLine(*offer, "a=rtpmap:96 opus/48000/2"));
  EXPECT_TRUE(HasLine(*offer, "a=rtpmap:97 telephone-event/48000"));
  EXPECT_TRUE(HasLine(*offer, "a=rtpmap:101 telephone-event/8000"));
}

TEST(SdpNegotiatorOfferTest, NumbersAvoidCollisionsWithBoundTypes) {
  SdpNegotiator neg = Make(NoSrtp());
  // The peer put Opus on 101, our default for 8 kHz events, which then moves
  // to the first free dynamic number.
  auto answered = neg.Answer(
      "v=0\r\no=- 1 1 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 198.51.100.20\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 101 110\r\na=rtpmap:101 opus/48000/2\r\n"
      "a=rtpmap:110 telephone-event/8000\r\n",
      Local());
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_FALSE(answered->telephone_event);  // 8 kHz events do not go with Opus
  auto offer = neg.CreateOffer(Local());
  ASSERT_TRUE(offer);
  EXPECT_TRUE(HasLine(*offer, "m=audio 30000 RTP/AVP 101 9 0 8 110 96"));
  EXPECT_TRUE(HasLine(*offer, "a=rtpmap:110 telephone-event/48000"));
  EXPECT_TRUE(HasLine(*offer, "a=rtpmap:96 telephone-event/8000"));
}

TEST(SdpNegotiatorOfferTest, TwoNegotiatorsAgree) {
  for (SrtpMode mode : {SrtpMode::kOff, SrtpMode::kOptional, SrtpMode::kRequired}) {
    SdpNegotiatorOptions o;
    o.srtp = mode;
    o.srtp_gcm = true;
    SdpNegotiator a = Make(o, 1);
    SdpNegotiator b = Make(o, 2);
    auto offer = a.CreateOffer(Local(SdpDirection::kSendRecv, "203.0.113.10", 30000));
    ASSERT_TRUE(offer);
    auto answered = b.Answer(*offer, Local(SdpDirection::kSendRecv, "203.0.113.20", 31000));
    ASSERT_TRUE(answered) << answered.error().message;
    auto got = a.ProcessAnswer(answered->local_sdp);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->codec.codec, AudioCodec::kOpus);
    EXPECT_EQ(got->codec.payload_type, answered->codec.payload_type);
    EXPECT_EQ(got->telephone_event, answered->telephone_event);
    EXPECT_EQ(got->telephone_event, (NegotiatedTelephoneEvent{110, 48000}));
    EXPECT_TRUE(got->rtcp_mux);
    EXPECT_TRUE(answered->rtcp_mux);
    EXPECT_EQ(got->audio_level_extension_id, 1);
    EXPECT_EQ(answered->audio_level_extension_id, 1);
    EXPECT_EQ(got->remote_rtp.ToString(), "203.0.113.20:31000");
    EXPECT_EQ(answered->remote_rtp.ToString(), "203.0.113.10:30000");
    EXPECT_EQ(got->srtp.has_value(), mode != SrtpMode::kOff);
    if (got->srtp) {
      EXPECT_EQ(got->srtp->suite, SrtpSuite::kAeadAes128Gcm);
      EXPECT_EQ(got->srtp->local_key, answered->srtp->remote_key);
      EXPECT_EQ(got->srtp->remote_key, answered->srtp->local_key);
    }
  }
}

TEST(SdpNegotiatorOfferTest, RejectsBadOptions) {
  auto bad = [](SdpNegotiatorOptions o) {
    auto n = SdpNegotiator::Create(std::move(o));
    EXPECT_FALSE(n);
    return n ? std::string() : n.error().message;
  };
  SdpNegotiatorOptions o;
  o.codecs = {};
  EXPECT_EQ(bad(o), "sdp options: codecs: the list is empty");
  o.codecs = {AudioCodec::kPcmu, AudioCodec::kPcmu};
  EXPECT_EQ(bad(o), "sdp options: codecs: PCMU is listed twice");
  o = {};
  o.ptime_ms = 5;
  EXPECT_EQ(bad(o), "sdp options: ptime_ms: must be 10-60");
  o = {};
  o.origin_username = "two words";
  EXPECT_NE(bad(o).find("origin_username"), std::string::npos);
  o = {};
  o.session_name = "a\r\nb";
  EXPECT_NE(bad(o).find("session_name"), std::string::npos);
  o = {};
  o.opus.maxplaybackrate_hz = 4000;
  EXPECT_NE(bad(o).find("maxplaybackrate"), std::string::npos);
  o = {};
  o.opus.maxaveragebitrate_bps = 1000;
  EXPECT_NE(bad(o).find("maxaveragebitrate"), std::string::npos);

  auto fine = SdpNegotiator::Create({});
  ASSERT_TRUE(fine);
  EXPECT_NE(fine->session_id(), 0u);
  EXPECT_LT(fine->session_id(), 1ull << 62);
}

}  // namespace
}  // namespace chorus::b2bua
