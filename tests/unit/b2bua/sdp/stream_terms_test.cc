// Scenarios for the peer stream readers:
// - transport: effective c= and port; RTCP on port + 1 (RFC 3550 11), from
//   a=rtcp (RFC 3605) with or without an address, a malformed a=rtcp
//   address falling back to c=; rtcp-mux only when allowed (RFC 5761);
//   port 65535 leaves no RTCP port; host names, mismatched address types
//   and the other address family are refused; hold addresses pass.
// - payload types identified against our codecs and telephone-event rates.
// - Opus send parameters from fmtp, with out-of-range values ignored
//   (RFC 7587 6.1).
// - send ptime: peer ptime, else default, capped by maxptime, clamped.

#include "b2bua/sdp/stream_terms.h"

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Lines;

SdpSession Parse(std::initializer_list<std::string_view> media,
                 std::string_view connection = "c=IN IP4 198.51.100.40") {
  auto s = ParseSdp(Lines({"v=0", "o=- 1 1 IN IP4 198.51.100.40", "s=-", connection, "t=0 0"}) +
                    Lines(media));
  CHORUS_CHECK(s.has_value());
  return std::move(*s);
}

const SocketAddress kLocal4 = SocketAddress::FromIp("203.0.113.1", 30000).value();
const SocketAddress kLocal6 = SocketAddress::FromIp("2001:db8::1", 30000).value();

TEST(StreamTermsTest, RemoteTransport) {
  SdpSession s = Parse({"m=audio 6000 RTP/AVP 0", "a=rtcp-mux"});
  auto t = ReadRemoteTransport(s, s.media[0], kLocal4, true);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rtp.ToString(), "198.51.100.40:6000");
  EXPECT_TRUE(t->rtcp_mux);
  EXPECT_EQ(t->rtcp, t->rtp);
  EXPECT_FALSE(t->hold_address);
  auto no_mux = ReadRemoteTransport(s, s.media[0], kLocal4, false);
  ASSERT_TRUE(no_mux);
  EXPECT_FALSE(no_mux->rtcp_mux);
  EXPECT_EQ(no_mux->rtcp.ToString(), "198.51.100.40:6001");

  SdpSession a = Parse({"m=audio 6000 RTP/AVP 0", "a=rtcp:7000 IN IP4 198.51.100.41"});
  EXPECT_EQ(ReadRemoteTransport(a, a.media[0], kLocal4, true)->rtcp.ToString(),
            "198.51.100.41:7000");
  SdpSession bad_addr = Parse({"m=audio 6000 RTP/AVP 0", "a=rtcp:7000 IN IP6 2001:db8::9"});
  EXPECT_EQ(ReadRemoteTransport(bad_addr, bad_addr.media[0], kLocal4, true)->rtcp.ToString(),
            "198.51.100.40:7000");
  SdpSession top = Parse({"m=audio 65535 RTP/AVP 0"});
  EXPECT_EQ(ReadRemoteTransport(top, top.media[0], kLocal4, true)->rtcp.port(), 0);

  SdpSession name = Parse({"m=audio 6000 RTP/AVP 0"}, "c=IN IP4 media.example.net");
  EXPECT_EQ(ReadRemoteTransport(name, name.media[0], kLocal4, true).error().code,
            ErrorCode::kUnsupported);
  SdpSession v6 = Parse({"m=audio 6000 RTP/AVP 0"}, "c=IN IP6 2001:db8::40");
  EXPECT_FALSE(ReadRemoteTransport(v6, v6.media[0], kLocal4, true));
  EXPECT_TRUE(ReadRemoteTransport(v6, v6.media[0], kLocal6, true));
  SdpSession hold = Parse({"m=audio 6000 RTP/AVP 0"}, "c=IN IP4 0.0.0.0");
  auto h = ReadRemoteTransport(hold, hold.media[0], kLocal6, true);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->hold_address);
}

TEST(StreamTermsTest, PeerFormats) {
  SdpSession s = Parse({"m=audio 6000 RTP/AVP 0 96 101 102 18", "a=rtpmap:96 opus/48000/2",
                        "a=rtpmap:101 telephone-event/8000", "a=rtpmap:102 TELEPHONE-EVENT/48000"});
  std::vector<PeerFormat> f = ReadPeerFormats(s.media[0]);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].codec, AudioCodec::kPcmu);
  EXPECT_EQ(f[1].codec, AudioCodec::kOpus);
  EXPECT_FALSE(f[2].codec);
  EXPECT_EQ(f[2].telephone_event_hz, 8000);
  EXPECT_EQ(f[3].telephone_event_hz, 48000);
  EXPECT_FALSE(f[4].codec);
  EXPECT_EQ(f[4].telephone_event_hz, 0);
}

TEST(StreamTermsTest, OpusSendParams) {
  OpusSendParams p = ReadOpusSendParams(
      FmtpParams::Parse("useinbandfec=1;usedtx=0;maxplaybackrate=8000;maxaveragebitrate=6000"));
  EXPECT_TRUE(p.fec);
  EXPECT_FALSE(p.dtx);
  EXPECT_EQ(p.max_playback_rate_hz, 8000);
  EXPECT_EQ(p.max_average_bitrate_bps, 6000);
  OpusSendParams d = ReadOpusSendParams(FmtpParams::Parse("useinbandfec=yes;maxplaybackrate=x"));
  EXPECT_FALSE(d.fec);
  EXPECT_EQ(d.max_playback_rate_hz, 48000);

  SdpSession s =
      Parse({"m=audio 6000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 usedtx=1"});
  NegotiatedCodec c = MakeNegotiatedCodec(AudioCodec::kOpus, 111, s.media[0]);
  EXPECT_EQ(c.name, "opus");
  EXPECT_EQ(c.clock_rate_hz, 48000);
  EXPECT_EQ(c.channels, 1);
  EXPECT_TRUE(c.opus.dtx);
}

TEST(StreamTermsTest, SendPtime) {
  EXPECT_EQ(ChooseSendPtimeMs(AudioCodec::kPcmu, Parse({"m=audio 1 RTP/AVP 0"}).media[0], 20), 20);
  EXPECT_EQ(ChooseSendPtimeMs(AudioCodec::kPcmu,
                              Parse({"m=audio 1 RTP/AVP 0", "a=ptime:50"}).media[0], 20),
            50);
  EXPECT_EQ(ChooseSendPtimeMs(AudioCodec::kOpus,
                              Parse({"m=audio 1 RTP/AVP 0", "a=maxptime:30"}).media[0], 40),
            20);
  EXPECT_EQ(CodecListText({AudioCodec::kPcma, AudioCodec::kOpus}), "PCMA/8000, opus/48000/2");
}

}  // namespace
}  // namespace chorus::b2bua
