// Scenarios for SdpNegotiator as answerer (RFC 3264 6; offers written in the
// manner of RFC 4317's examples):
// - codec chosen by OUR preference among those offered, on the offerer's
//   payload type numbers; static PTs without rtpmap; dynamic PTs by
//   case-insensitive rtpmap; the preference list is configurable (6.1).
// - only the chosen codec plus telephone-event at the codec's clock rate is
//   answered (RFC 4733 2.1: events share the audio clock); none when the
//   rate is not offered or events are off.
// - Opus: the peer's fmtp becomes our send parameters (RFC 7587 6.1), we
//   send mono whatever stereo says, and answer with our own fmtp.
// - ptime: the peer's a=ptime / a=maxptime, clamped per codec; our a=ptime.
// - direction: sendonly->recvonly, recvonly->sendonly, inactive->inactive,
//   session-level attributes, c=0.0.0.0 as hold (8.4), our own hold.
// - every other m= line rejected with port 0 and its formats (6); a later
//   audio stream is taken when the first is unusable.
// - rtcp-mux accepted when offered (RFC 5761 5.1.1), a=rtcp honoured (RFC
//   3605), else RTP port + 1.
// - ssrc-audio-level extmap accepted with the offered id (RFC 6464, RFC 8285
//   6), direction answered from our side.
// - SRTP: the first acceptable a=crypto in offer order with our own fresh
//   key under the same tag (RFC 4568 7.1.2); per-suite key sizes; every
//   SrtpMode against RTP/SAVP and best-effort RTP/AVP offers.
// - failures: 400 for malformed SDP, 488 with a reason naming what we accept
//   (Warning 305/304), 491 on glare; state unchanged after a failure.
// - re-offers: unchanged version and body -> remote_changed false and the
//   same answer; our version moves only when our answer changes.

#include "b2bua/sdp/sdp_negotiator.h"

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using media::SrtpMode;
using testing::HasLine;
using testing::Lines;

constexpr const char* kPeerKey30 = "8xedbFHYo/TFCZ4Zuj1VDR/UnxrNuBQIq/L4KApP";
constexpr const char* kPeerKey28 = "fSw7GevxkBq5FpggmiRZULjcP1XGxjJ/6zf1Gw==";
constexpr const char* kShortKey = "Ic3rSeHircO+u7K3A8dZIDXFhYU=";

SdpNegotiator Make(SdpNegotiatorOptions options = {}) {
  auto n = SdpNegotiator::CreateForTest(std::move(options), 4242);
  CHORUS_CHECK(n.has_value());
  return std::move(*n);
}

LocalMedia Local(SdpDirection direction = SdpDirection::kSendRecv) {
  return LocalMedia{SocketAddress::FromIp("203.0.113.10", 30000).value(), direction};
}

// A caller's offer: header lines, then the given media section lines.
std::string Offer(std::initializer_list<std::string_view> media, std::string_view version = "1") {
  std::string head = Lines({"v=0"}) + "o=carol 7001 " + std::string(version) +
                     " IN IP4 198.51.100.20\r\n" +
                     Lines({"s=call", "c=IN IP4 198.51.100.20", "t=0 0"});
  return head + Lines(media);
}

const std::string kSoftphoneOffer =
    Offer({"m=audio 50000 RTP/AVP 0 8 9 96 101 97", "a=rtpmap:96 opus/48000/2",
           "a=fmtp:96 useinbandfec=1", "a=rtpmap:97 telephone-event/48000",
           "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv"});

TEST(SdpNegotiatorAnswerTest, PicksOurPreferenceOnOffererNumbers) {
  SdpNegotiator neg = Make();
  auto r = neg.Answer(kSoftphoneOffer, Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codec.codec, AudioCodec::kOpus);
  EXPECT_EQ(r->codec.name, "opus");
  EXPECT_EQ(r->codec.payload_type, 96);
  EXPECT_EQ(r->codec.clock_rate_hz, 48000);
  EXPECT_EQ(r->codec.channels, 1);
  ASSERT_EQ(r->receive_codecs.size(), 1u);
  ASSERT_TRUE(r->telephone_event);
  EXPECT_EQ(r->telephone_event->payload_type, 97);
  EXPECT_EQ(r->telephone_event->clock_rate_hz, 48000);
  EXPECT_EQ(r->ptime_ms, 20);
  EXPECT_EQ(r->direction, SdpDirection::kSendRecv);
  EXPECT_EQ(r->remote_rtp.ToString(), "198.51.100.20:50000");
  EXPECT_FALSE(r->rtcp_mux);
  EXPECT_EQ(r->remote_rtcp.ToString(), "198.51.100.20:50001");
  EXPECT_FALSE(r->srtp);
  EXPECT_FALSE(r->audio_level_extension_id);
  EXPECT_EQ(r->media_index, 0u);
  EXPECT_TRUE(r->remote_changed);
  EXPECT_EQ(r->local_sdp, Lines({"v=0", "o=chorus 4242 1 IN IP4 203.0.113.10", "s=Chorus",
                                 "c=IN IP4 203.0.113.10", "t=0 0", "m=audio 30000 RTP/AVP 96 97",
                                 "a=rtpmap:96 opus/48000/2", "a=fmtp:96 useinbandfec=1",
                                 "a=rtpmap:97 telephone-event/48000", "a=fmtp:97 0-15",
                                 "a=ptime:20", "a=sendrecv"}));
  ASSERT_TRUE(neg.current());
  EXPECT_EQ(*neg.current(), *r);
}

TEST(SdpNegotiatorAnswerTest, StaticPayloadTypesWithoutRtpmap) {
  SdpNegotiatorOptions o;
  o.codecs = {AudioCodec::kPcmu, AudioCodec::kPcma};
  auto r = Make(o).Answer(Offer({"m=audio 4000 RTP/AVP 8 0"}), Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codec.codec, AudioCodec::kPcmu);
  EXPECT_EQ(r->codec.payload_type, 0);
  EXPECT_FALSE(r->telephone_event);
  EXPECT_TRUE(HasLine(r->local_sdp, "m=audio 30000 RTP/AVP 0"));
  EXPECT_TRUE(HasLine(r->local_sdp, "a=rtpmap:0 PCMU/8000"));

  o.codecs = {AudioCodec::kPcma, AudioCodec::kPcmu};
  auto pcma = Make(o).Answer(Offer({"m=audio 4000 RTP/AVP 0 8"}), Local());
  ASSERT_TRUE(pcma);
  EXPECT_EQ(pcma->codec.codec, AudioCodec::kPcma);
  EXPECT_EQ(pcma->codec.payload_type, 8);
}

TEST(SdpNegotiatorAnswerTest, DynamicPayloadTypesCaseInsensitive) {
  auto r = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 98 18", "a=rtpmap:98 OPUS/48000/2", "a=rtpmap:18 G729/8000"}),
      Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codec.codec, AudioCodec::kOpus);
  EXPECT_EQ(r->codec.payload_type, 98);
  EXPECT_TRUE(HasLine(r->local_sdp, "a=rtpmap:98 opus/48000/2"));
}

TEST(SdpNegotiatorAnswerTest, TelephoneEventFollowsCodecRate) {
  SdpNegotiatorOptions g722_first;
  g722_first.codecs = {AudioCodec::kG722, AudioCodec::kOpus};
  auto g722 = Make(g722_first).Answer(kSoftphoneOffer, Local());
  ASSERT_TRUE(g722);
  EXPECT_EQ(g722->codec.codec, AudioCodec::kG722);
  EXPECT_EQ(g722->telephone_event, (NegotiatedTelephoneEvent{101, 8000}));
  EXPECT_TRUE(HasLine(g722->local_sdp, "m=audio 30000 RTP/AVP 9 101"));
  EXPECT_TRUE(HasLine(g722->local_sdp, "a=rtpmap:101 telephone-event/8000"));

  // Opus offered with only 8 kHz events: no events in the answer.
  auto opus = Make().Answer(Offer({"m=audio 4000 RTP/AVP 111 101", "a=rtpmap:111 opus/48000/2",
                                   "a=rtpmap:101 telephone-event/8000"}),
                            Local());
  ASSERT_TRUE(opus);
  EXPECT_FALSE(opus->telephone_event);
  EXPECT_TRUE(HasLine(opus->local_sdp, "m=audio 30000 RTP/AVP 111"));

  SdpNegotiatorOptions no_events;
  no_events.telephone_event = false;
  auto off = Make(no_events).Answer(kSoftphoneOffer, Local());
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->telephone_event);
  EXPECT_TRUE(HasLine(off->local_sdp, "m=audio 30000 RTP/AVP 96"));
}

TEST(SdpNegotiatorAnswerTest, OpusFmtpBecomesSendParameters) {
  auto r = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2",
             "a=fmtp:111 maxplaybackrate=16000; stereo=1; sprop-stereo=1; useinbandfec=1; "
             "usedtx=1; cbr=1; maxaveragebitrate=24000"}),
      Local());
  ASSERT_TRUE(r) << r.error().message;
  const OpusSendParams& p = r->codec.opus;
  EXPECT_TRUE(p.fec);
  EXPECT_TRUE(p.dtx);
  EXPECT_TRUE(p.cbr);
  EXPECT_TRUE(p.peer_sends_stereo);
  EXPECT_EQ(p.max_playback_rate_hz, 16000);
  EXPECT_EQ(p.max_average_bitrate_bps, 24000);
  EXPECT_EQ(r->codec.channels, 1);
  EXPECT_EQ(r->codec.remote_fmtp.Get("stereo"), "1");
  // Our fmtp, not an echo of theirs.
  EXPECT_TRUE(HasLine(r->local_sdp, "a=fmtp:111 useinbandfec=1"));

  auto odd = Make().Answer(Offer({"m=audio 4000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2",
                                  "a=fmtp:111 maxplaybackrate=96000;maxaveragebitrate=1"}),
                           Local());
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->codec.opus.max_playback_rate_hz, 48000);
  EXPECT_EQ(odd->codec.opus.max_average_bitrate_bps, 0);
  EXPECT_FALSE(odd->codec.opus.fec);

  SdpNegotiatorOptions o;
  o.opus.useinbandfec = false;
  o.opus.usedtx = true;
  o.opus.maxplaybackrate_hz = 16000;
  o.opus.maxaveragebitrate_bps = 32000;
  auto ours =
      Make(o).Answer(Offer({"m=audio 4000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2"}), Local());
  ASSERT_TRUE(ours);
  EXPECT_TRUE(HasLine(ours->local_sdp,
                      "a=fmtp:111 usedtx=1;maxplaybackrate=16000;maxaveragebitrate=32000"));
}

TEST(SdpNegotiatorAnswerTest, PacketTimeFromPeerClampedPerCodec) {
  SdpNegotiatorOptions pcmu;
  pcmu.codecs = {AudioCodec::kPcmu};
  auto thirty = Make(pcmu).Answer(Offer({"m=audio 4000 RTP/AVP 0", "a=ptime:30"}), Local());
  ASSERT_TRUE(thirty);
  EXPECT_EQ(thirty->ptime_ms, 30);
  EXPECT_TRUE(HasLine(thirty->local_sdp, "a=ptime:20"));

  auto opus30 = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2", "a=ptime:30"}), Local());
  ASSERT_TRUE(opus30);
  EXPECT_EQ(opus30->ptime_ms, 20);

  auto capped =
      Make(pcmu).Answer(Offer({"m=audio 4000 RTP/AVP 0", "a=ptime:40", "a=maxptime:10"}), Local());
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->ptime_ms, 10);

  SdpNegotiatorOptions forty = pcmu;
  forty.ptime_ms = 40;
  auto dflt = Make(forty).Answer(Offer({"m=audio 4000 RTP/AVP 0", "a=ptime:junk"}), Local());
  ASSERT_TRUE(dflt);
  EXPECT_EQ(dflt->ptime_ms, 40);
  EXPECT_TRUE(HasLine(dflt->local_sdp, "a=ptime:40"));
}

SdpDirection AnsweredDirection(const std::string& offer, LocalMedia local = Local()) {
  auto r = Make().Answer(offer, local);
  CHORUS_CHECK(r.has_value());
  auto answer = ParseSdp(r->local_sdp);
  CHORUS_CHECK(answer.has_value());
  // The answer states our direction explicitly at media level.
  CHORUS_CHECK(answer->media[r->media_index].Direction() == r->direction);
  return r->direction;
}

TEST(SdpNegotiatorAnswerTest, DirectionPerRfc3264) {
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0", "a=sendonly"})),
            SdpDirection::kRecvOnly);
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0", "a=recvonly"})),
            SdpDirection::kSendOnly);
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0", "a=inactive"})),
            SdpDirection::kInactive);
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0"})), SdpDirection::kSendRecv);
  // Session level applies unless the media level says otherwise.
  std::string session_sendonly =
      Lines({"v=0", "o=- 1 1 IN IP4 198.51.100.20", "s=-", "c=IN IP4 198.51.100.20", "t=0 0",
             "a=sendonly", "m=audio 4000 RTP/AVP 0"});
  EXPECT_EQ(AnsweredDirection(session_sendonly), SdpDirection::kRecvOnly);
  EXPECT_EQ(AnsweredDirection(session_sendonly + "a=sendrecv\r\n"), SdpDirection::kSendRecv);
  // We hold the peer.
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0"}), Local(SdpDirection::kSendOnly)),
            SdpDirection::kSendOnly);
  EXPECT_EQ(AnsweredDirection(Offer({"m=audio 4000 RTP/AVP 0", "a=sendonly"}),
                              Local(SdpDirection::kSendOnly)),
            SdpDirection::kInactive);
}

TEST(SdpNegotiatorAnswerTest, OldStyleHoldAddress) {
  // RFC 3264 8.4: c=0.0.0.0 means the offerer does not want media.
  std::string hold = Lines({"v=0", "o=- 1 2 IN IP4 198.51.100.20", "s=-", "c=IN IP4 0.0.0.0",
                            "t=0 0", "m=audio 4000 RTP/AVP 0"});
  auto r = Make().Answer(hold, Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(r->remote_rtp.IpString(), "0.0.0.0");
  EXPECT_TRUE(HasLine(r->local_sdp, "c=IN IP4 203.0.113.10"));
  EXPECT_EQ(AnsweredDirection(hold + "a=recvonly\r\n"), SdpDirection::kInactive);
  // Hold by "::" is fine even though we are IPv4.
  std::string hold6 = Lines({"v=0", "o=- 1 2 IN IP6 2001:db8::1", "s=-", "c=IN IP6 ::", "t=0 0",
                             "m=audio 4000 RTP/AVP 0"});
  EXPECT_EQ(AnsweredDirection(hold6), SdpDirection::kRecvOnly);
}

TEST(SdpNegotiatorAnswerTest, RejectsOtherStreamsWithPortZero) {
  auto r = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 0 97", "a=rtpmap:97 iLBC/8000", "m=video 4002 RTP/AVP 31 34",
             "a=rtpmap:31 H261/90000", "m=audio 4004 RTP/AVP 8", "m=image 4006 udptl t38",
             "m=application 0 RTP/AVP 96"}),
      Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media_index, 0u);
  EXPECT_EQ(r->local_sdp.substr(r->local_sdp.find("m=video")),
            Lines({"m=video 0 RTP/AVP 31 34", "m=audio 0 RTP/AVP 8", "m=image 0 udptl t38",
                   "m=application 0 RTP/AVP 96"}));
}

TEST(SdpNegotiatorAnswerTest, TakesLaterAudioWhenFirstIsUnusable) {
  auto r = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 3", "m=audio 4002 RTP/AVP 0", "m=audio 4004 RTP/AVP 8"}),
      Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media_index, 1u);
  EXPECT_EQ(r->remote_rtp.port(), 4002);
  auto answer = ParseSdp(r->local_sdp);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->media.size(), 3u);
  EXPECT_EQ(answer->media[0].port, 0);
  EXPECT_EQ(answer->media[0].formats, (std::vector<std::string>{"3"}));
  EXPECT_EQ(answer->media[1].port, 30000);
  EXPECT_EQ(answer->media[2].port, 0);
}

TEST(SdpNegotiatorAnswerTest, RtcpMuxAndRtcpAttribute) {
  auto mux = Make().Answer(Offer({"m=audio 4000 RTP/AVP 0", "a=rtcp:4001", "a=rtcp-mux"}), Local());
  ASSERT_TRUE(mux);
  EXPECT_TRUE(mux->rtcp_mux);
  EXPECT_EQ(mux->remote_rtcp, mux->remote_rtp);
  EXPECT_TRUE(HasLine(mux->local_sdp, "a=rtcp-mux"));

  SdpNegotiatorOptions no_mux;
  no_mux.rtcp_mux = false;
  auto plain = Make(no_mux).Answer(
      Offer({"m=audio 4000 RTP/AVP 0", "a=rtcp:4007 IN IP4 198.51.100.21", "a=rtcp-mux"}), Local());
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->rtcp_mux);
  EXPECT_EQ(plain->remote_rtcp.ToString(), "198.51.100.21:4007");
  EXPECT_FALSE(HasLine(plain->local_sdp, "a=rtcp-mux"));

  auto port_only = Make().Answer(Offer({"m=audio 4000 RTP/AVP 0", "a=rtcp:5009"}), Local());
  ASSERT_TRUE(port_only);
  EXPECT_EQ(port_only->remote_rtcp.ToString(), "198.51.100.20:5009");
}

TEST(SdpNegotiatorAnswerTest, AudioLevelExtension) {
  auto r = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 0", "a=extmap:2 urn:ietf:params:rtp-hdrext:toffset",
             "a=extmap:5/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on"}),
      Local());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->audio_level_extension_id, 5);
  EXPECT_TRUE(
      HasLine(r->local_sdp, "a=extmap:5/recvonly urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
  EXPECT_FALSE(HasLine(r->local_sdp, "a=extmap:2 urn:ietf:params:rtp-hdrext:toffset"));

  auto two_byte = Make().Answer(
      Offer({"m=audio 4000 RTP/AVP 0", "a=extmap:20 urn:ietf:params:rtp-hdrext:ssrc-audio-level"}),
      Local());
  ASSERT_TRUE(two_byte);
  EXPECT_FALSE(two_byte->audio_level_extension_id);

  SdpNegotiatorOptions off;
  off.audio_level = false;
  auto none = Make(off).Answer(
      Offer({"m=audio 4000 RTP/AVP 0", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"}),
      Local());
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->audio_level_extension_id);
  EXPECT_EQ(none->local_sdp.find("extmap"), std::string::npos);
}

std::string CryptoLine(int tag, const char* suite, const char* key) {
  return "a=crypto:" + std::to_string(tag) + " " + suite + " inline:" + key;
}

// The a=crypto line of our answer.
SdpCrypto AnswerCrypto(const NegotiatedMedia& r) {
  auto s = ParseSdp(r.local_sdp);
  CHORUS_CHECK(s.has_value());
  auto cryptos = FindCryptos(s->media[r.media_index]);
  CHORUS_CHECK(cryptos.size() == 1);
  return cryptos[0];
}

TEST(SdpNegotiatorAnswerTest, PicksFirstAcceptableCryptoWithOurFreshKey) {
  std::string l1 = CryptoLine(1, "AES_CM_128_HMAC_SHA1_32", kShortKey);  // key too short
  std::string l2 = CryptoLine(2, "AEAD_AES_128_GCM", kPeerKey28);
  std::string l3 = CryptoLine(3, "AES_CM_128_HMAC_SHA1_80", kPeerKey30);
  std::string offer = Offer({"m=audio 4000 RTP/SAVP 0", l1, l2, l3});

  auto r = Make().Answer(offer, Local());
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->srtp);
  EXPECT_EQ(r->srtp->suite, SrtpSuite::kAesCm128HmacSha1_80);
  EXPECT_EQ(r->srtp->tag, 3);
  EXPECT_EQ(r->srtp->remote_key.key_salt, testing::DecodeB64(kPeerKey30));
  EXPECT_EQ(r->srtp->local_key.key_salt.size(), 30u);
  EXPECT_NE(r->srtp->local_key.key_salt, r->srtp->remote_key.key_salt);
  EXPECT_TRUE(HasLine(r->local_sdp, "m=audio 30000 RTP/SAVP 0"));
  SdpCrypto c = AnswerCrypto(*r);
  EXPECT_EQ(c.tag, 3u);
  EXPECT_EQ(c.suite, "AES_CM_128_HMAC_SHA1_80");
  ASSERT_EQ(c.keys.size(), 1u);
  EXPECT_EQ(c.keys[0].key_salt.size(), 40u);
  EXPECT_EQ(testing::DecodeB64(c.keys[0].key_salt), r->srtp->local_key.key_salt);

  SdpNegotiatorOptions gcm;
  gcm.srtp_gcm = true;
  auto g = Make(gcm).Answer(offer, Local());
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->srtp->suite, SrtpSuite::kAeadAes128Gcm);
  EXPECT_EQ(g->srtp->tag, 2);
  EXPECT_EQ(g->srtp->local_key.key_salt.size(), 28u);
  EXPECT_EQ(AnswerCrypto(*g).keys[0].key_salt.size(), 40u);  // 28 bytes, padded
}

TEST(SdpNegotiatorAnswerTest, SrtpModesAgainstSecureAndBestEffortOffers) {
  std::string good = CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30);
  std::string bad = CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kShortKey);
  const std::string savp = Offer({"m=audio 4000 RTP/SAVP 0", good});
  const std::string savp_bad = Offer({"m=audio 4000 RTP/SAVPF 0", bad});
  const std::string avp_crypto = Offer({"m=audio 4000 RTP/AVP 0", good});
  const std::string avp_bad = Offer({"m=audio 4000 RTP/AVP 0", bad});
  const std::string avp = Offer({"m=audio 4000 RTP/AVP 0"});

  struct Case {
    SrtpMode mode;
    const std::string* offer;
    bool ok;
    bool srtp;
  };
  const Case cases[] = {
      {SrtpMode::kOff, &savp, false, false},
      {SrtpMode::kOff, &avp_crypto, true, false},
      {SrtpMode::kOff, &avp, true, false},
      {SrtpMode::kOptional, &savp, true, true},
      {SrtpMode::kOptional, &savp_bad, false, false},
      {SrtpMode::kOptional, &avp_crypto, true, true},
      {SrtpMode::kOptional, &avp_bad, true, false},
      {SrtpMode::kOptional, &avp, true, false},
      {SrtpMode::kRequired, &savp, true, true},
      {SrtpMode::kRequired, &avp_crypto, true, true},
      {SrtpMode::kRequired, &avp_bad, false, false},
      {SrtpMode::kRequired, &avp, false, false},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    SdpNegotiatorOptions o;
    o.srtp = cases[i].mode;
    auto r = Make(o).Answer(*cases[i].offer, Local());
    ASSERT_EQ(r.has_value(), cases[i].ok) << "case " << i;
    if (!r) {
      EXPECT_EQ(SipRejectionFor(r.error()).status_code, 488) << "case " << i;
      continue;
    }
    EXPECT_EQ(r->srtp.has_value(), cases[i].srtp) << "case " << i;
    EXPECT_EQ(r->local_sdp.find("a=crypto") != std::string::npos, cases[i].srtp) << "case " << i;
  }
}

TEST(SdpNegotiatorAnswerTest, SrtpReasonsNameWhatWeAccept) {
  SdpNegotiatorOptions off;
  off.srtp = SrtpMode::kOff;
  auto r = Make(off).Answer(
      Offer({"m=audio 4000 RTP/SAVP 0", CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30)}),
      Local());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "m=audio #1: SRTP (RTP/SAVP) is disabled here; we accept RTP/AVP, RTP/AVPF");

  auto none = Make().Answer(
      Offer({"m=audio 4000 RTP/SAVP 0", CryptoLine(7, "F8_128_HMAC_SHA1_80", kPeerKey30)}),
      Local());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "m=audio #1: no acceptable a=crypto line (a=crypto tag 7: suite 'F8_128_HMAC_SHA1_80' "
            "not supported); we accept AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32 with "
            "one inline key");

  SdpNegotiatorOptions required;
  required.srtp = SrtpMode::kRequired;
  auto plain = Make(required).Answer(Offer({"m=audio 4000 RTP/AVP 0"}), Local());
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().message,
            "m=audio #1: SRTP is required here; we accept RTP/SAVP or RTP/AVP with a=crypto "
            "(AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32)");
}

TEST(SdpNegotiatorAnswerTest, FailuresMapToSipStatus) {
  SdpNegotiator neg = Make();
  auto malformed = neg.Answer("v=0\r\nm=audio x RTP/AVP 0\r\n", Local());
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kParse);
  EXPECT_EQ(malformed.error().message,
            "malformed SDP offer: line 2: bad m= line: port 'x' is not a number 0-65535");
  EXPECT_EQ(SipRejectionFor(malformed.error()).status_code, 400);

  auto codec = neg.Answer(Offer({"m=audio 4000 RTP/AVP 3 18", "a=rtpmap:18 G729/8000"}), Local());
  ASSERT_FALSE(codec);
  EXPECT_EQ(codec.error().message,
            "m=audio #1: no common codec; we accept opus/48000/2, G722/8000, PCMU/8000, "
            "PCMA/8000");
  EXPECT_EQ(SipRejectionFor(codec.error()).status_code, 488);
  EXPECT_EQ(SipRejectionFor(codec.error()).warning_code, 305);

  auto video = neg.Answer(Offer({"m=video 4000 RTP/AVP 31", "m=audio 0 RTP/AVP 0"}), Local());
  ASSERT_FALSE(video);
  EXPECT_EQ(video.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SipRejectionFor(video.error()).status_code, 488);
  EXPECT_EQ(SipRejectionFor(video.error()).warning_code, 304);

  auto dtls = neg.Answer(Offer({"m=audio 4000 UDP/TLS/RTP/SAVPF 0"}), Local());
  ASSERT_FALSE(dtls);
  EXPECT_EQ(dtls.error().message,
            "m=audio #1: transport 'UDP/TLS/RTP/SAVPF' is not supported; we accept RTP/AVP, "
            "RTP/AVPF, RTP/SAVP, RTP/SAVPF");

  auto v6 = neg.Answer(Lines({"v=0", "o=- 1 1 IN IP6 2001:db8::5", "s=-", "c=IN IP6 2001:db8::5",
                              "t=0 0", "m=audio 4000 RTP/AVP 0"}),
                       Local());
  ASSERT_FALSE(v6);
  EXPECT_EQ(v6.error().message, "m=audio #1: peer media address is IPv6, ours is IPv4");

  auto name = neg.Answer(Lines({"v=0", "o=- 1 1 IN IP4 pbx.example.com", "s=-",
                                "c=IN IP4 pbx.example.com", "t=0 0", "m=audio 4000 RTP/AVP 0"}),
                         Local());
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().message,
            "m=audio #1: connection address 'pbx.example.com' is not an IP address (we do not "
            "resolve names)");

  // No failure touched the session state.
  EXPECT_FALSE(neg.current());
  EXPECT_EQ(neg.session_version(), 1u);
  auto fine = neg.Answer(kSoftphoneOffer, Local());
  ASSERT_TRUE(fine);
  EXPECT_TRUE(fine->remote_changed);
}

TEST(SdpNegotiatorAnswerTest, RejectsBadLocalMedia) {
  auto r = Make().Answer(kSoftphoneOffer, LocalMedia{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(SdpNegotiatorAnswerTest, ReofferVersioning) {
  SdpNegotiator neg = Make();
  std::string srtp_offer =
      Offer({"m=audio 4000 RTP/SAVP 0", CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30)});
  auto first = neg.Answer(srtp_offer, Local());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->remote_changed);
  EXPECT_EQ(neg.session_version(), 1u);

  // Session refresh: same version, same body. Same answer, same key.
  auto refresh = neg.Answer(srtp_offer, Local());
  ASSERT_TRUE(refresh);
  EXPECT_FALSE(refresh->remote_changed);
  EXPECT_EQ(refresh->local_sdp, first->local_sdp);
  EXPECT_EQ(neg.session_version(), 1u);

  // The peer puts us on hold: new version; our answer changes, so does ours.
  std::string hold = Offer({"m=audio 4000 RTP/SAVP 0",
                            CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30), "a=sendonly"},
                           "2");
  auto held = neg.Answer(hold, Local());
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->remote_changed);
  EXPECT_EQ(held->direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(neg.session_version(), 2u);
  EXPECT_TRUE(HasLine(held->local_sdp, "o=chorus 4242 2 IN IP4 203.0.113.10"));
  EXPECT_EQ(held->srtp->local_key, first->srtp->local_key);

  // A new peer version that changes nothing for us leaves our version.
  std::string hold3 =
      Offer({"m=audio 4000 RTP/SAVP 0", CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30),
             "a=sendonly", "a=tool:x"},
            "3");
  auto again = neg.Answer(hold3, Local());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->remote_changed);
  EXPECT_EQ(neg.session_version(), 2u);

  // Same version number but a different body (a peer bug): processed as a
  // change, not trusted blindly.
  auto sneaky = neg.Answer(
      Offer({"m=audio 4000 RTP/SAVP 0", CryptoLine(1, "AES_CM_128_HMAC_SHA1_80", kPeerKey30)}, "3"),
      Local());
  ASSERT_TRUE(sneaky);
  EXPECT_TRUE(sneaky->remote_changed);
  EXPECT_EQ(sneaky->direction, SdpDirection::kSendRecv);
  EXPECT_EQ(neg.session_version(), 3u);
}

}  // namespace
}  // namespace chorus::b2bua
