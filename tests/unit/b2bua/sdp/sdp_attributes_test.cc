// Scenarios for the typed attribute readers:
// - rtpmap with and without channels, bad forms (RFC 8866 6.6).
// - fmtp params: key=value pairs, spaces, lower-cased keys, bare items like
//   "0-15", integer access, the item cap (6.15).
// - ptime/maxptime: integers and fractions, out-of-range values (6.4, 6.5).
// - rtcp: port only, port plus address, bad ports (RFC 3605 2.1).
// - extmap: id, optional direction, URI, extension attributes, reserved id
//   15 and out-of-range ids (RFC 8285 5).
// - c= values for both c= and a=rtcp (RFC 8866 5.7).
// - the Find* helpers treat malformed lines as absent.

#include "b2bua/sdp/sdp_attributes.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

SdpMedia MediaWith(std::vector<SdpAttribute> attributes) {
  SdpMedia m;
  m.media = "audio";
  m.proto = "RTP/AVP";
  m.attributes = std::move(attributes);
  return m;
}

TEST(SdpAttributesTest, Rtpmap) {
  auto r = ParseRtpmap("111 opus/48000/2");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (SdpRtpmap{111, "opus", 48000, 2}));
  EXPECT_EQ(FormatRtpmap(*r), "111 opus/48000/2");
  auto g = ParseRtpmap("9 G722/8000");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->channels, 0);
  EXPECT_EQ(FormatRtpmap(*g), "9 G722/8000");
  EXPECT_EQ(ParseRtpmap("31 LPC").error().message,
            "bad a=rtpmap:'31 LPC': missing '/<clock rate>'");
  EXPECT_FALSE(ParseRtpmap("x PCMU/8000"));
  EXPECT_FALSE(ParseRtpmap("200 PCMU/8000"));
  EXPECT_FALSE(ParseRtpmap("0 PCMU/0"));
  EXPECT_FALSE(ParseRtpmap("0 PCMU/8000/0"));
  EXPECT_FALSE(ParseRtpmap("0 /8000"));
  EXPECT_FALSE(ParseRtpmap("0"));

  SdpMedia m = MediaWith({{"rtpmap", "96 bad", true}, {"rtpmap", "97 iLBC/8000", true}});
  EXPECT_FALSE(FindRtpmap(m, 96));
  EXPECT_EQ(FindRtpmap(m, 97)->encoding, "iLBC");
  EXPECT_FALSE(FindRtpmap(m, 98));
}

TEST(SdpAttributesTest, FmtpParams) {
  FmtpParams p = FmtpParams::Parse("MaxPlaybackRate=16000; useinbandfec=1 ;;stereo=0;flag");
  EXPECT_EQ(p.Get("maxplaybackrate"), "16000");
  EXPECT_EQ(p.GetInt("MAXPLAYBACKRATE"), 16000);
  EXPECT_EQ(p.GetInt("useinbandfec"), 1);
  EXPECT_EQ(p.Get("flag"), "");
  EXPECT_FALSE(p.GetInt("flag"));
  EXPECT_FALSE(p.Get("usedtx"));
  EXPECT_EQ(p.ToString(), "maxplaybackrate=16000;useinbandfec=1;stereo=0;flag");

  FmtpParams events = FmtpParams::Parse("0-15");
  ASSERT_EQ(events.items().size(), 1u);
  EXPECT_EQ(events.items()[0].first, "0-15");

  std::string many;
  for (int i = 0; i < 100; ++i) many += "k" + std::to_string(i) + "=1;";
  EXPECT_EQ(FmtpParams::Parse(many).items().size(), FmtpParams::kMaxParams);

  SdpMedia m = MediaWith({{"fmtp", "111 useinbandfec=1", true}});
  EXPECT_EQ(FindFmtp(m, 111).GetInt("useinbandfec"), 1);
  EXPECT_TRUE(FindFmtp(m, 0).empty());
}

TEST(SdpAttributesTest, PacketTime) {
  EXPECT_EQ(ParsePacketTime("20").value(), 20);
  EXPECT_EQ(ParsePacketTime("22.5").value(), 23);
  EXPECT_EQ(ParsePacketTime(" 30 ").value(), 30);
  EXPECT_FALSE(ParsePacketTime("0"));
  EXPECT_FALSE(ParsePacketTime("-20"));
  EXPECT_FALSE(ParsePacketTime("20ms"));
  EXPECT_FALSE(ParsePacketTime("1e9"));
  EXPECT_FALSE(ParsePacketTime("nan"));
  EXPECT_FALSE(ParsePacketTime(""));
  SdpMedia m = MediaWith({{"ptime", "abc", true}, {"maxptime", "40", true}});
  EXPECT_FALSE(FindPtimeMs(m));
  EXPECT_EQ(FindMaxPtimeMs(m), 40);
}

TEST(SdpAttributesTest, Rtcp) {
  auto p = ParseRtcp("53020");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 53020);
  EXPECT_FALSE(p->connection);
  auto a = ParseRtcp("53020 IN IP6 2001:db8::7");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->connection->address, "2001:db8::7");
  EXPECT_FALSE(ParseRtcp("70000"));
  EXPECT_FALSE(ParseRtcp(""));
  EXPECT_FALSE(ParseRtcp("53020 IN IP4"));
  EXPECT_FALSE(FindRtcp(MediaWith({{"rtcp", "x", true}})));
}

TEST(SdpAttributesTest, Extmap) {
  auto e = ParseExtmap("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, 1);
  EXPECT_FALSE(e->direction);
  EXPECT_EQ(e->uri, kAudioLevelUri);
  EXPECT_EQ(e->attributes, "vad=on");
  EXPECT_EQ(FormatExtmap(*e), "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on");
  auto d = ParseExtmap("3/sendonly urn:x");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->direction, SdpDirection::kSendOnly);
  EXPECT_EQ(FormatExtmap(*d), "3/sendonly urn:x");
  EXPECT_FALSE(ParseExtmap("15 urn:x"));
  EXPECT_FALSE(ParseExtmap("0 urn:x"));
  EXPECT_FALSE(ParseExtmap("256 urn:x"));
  EXPECT_FALSE(ParseExtmap("2/up urn:x"));
  EXPECT_FALSE(ParseExtmap("2"));
  auto found = FindExtmaps(MediaWith({{"extmap", "bad", true}, {"extmap", "2 urn:y", true}}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 2);
}

TEST(SdpAttributesTest, ConnectionValues) {
  auto c = ParseConnection("in ip4 192.0.2.33");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->addr_type, "IP4");
  EXPECT_EQ(c->address, "192.0.2.33");
  EXPECT_FALSE(ParseConnection("IN IP4 -bad-"));
  EXPECT_FALSE(ParseConnection("IN IP4 host_name"));
  EXPECT_FALSE(ParseConnection("IN IP4 1.2.3"));
  EXPECT_TRUE(ParseConnection("IN IP4 a-b.example"));
}

TEST(SdpAttributesTest, PayloadTypes) {
  EXPECT_EQ(ParsePayloadType("0"), 0);
  EXPECT_EQ(ParsePayloadType("127"), 127);
  EXPECT_FALSE(ParsePayloadType("128"));
  EXPECT_FALSE(ParsePayloadType("-1"));
  EXPECT_FALSE(ParsePayloadType("t38"));
}

}  // namespace
}  // namespace chorus::b2bua
