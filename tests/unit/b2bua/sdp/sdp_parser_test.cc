// Scenarios for ParseSdp (RFC 8866):
// - a typical softphone offer: every field lands where it belongs (5.1-5.14).
// - CRLF and bare LF line ends, trailing whitespace, blank lines, runs of
//   spaces and session lines out of order are tolerated.
// - an empty or missing s= reads as "-", a missing t= as "t=0 0" (5.3, 5.9).
// - c= at media level, IPv6, multicast suffix, host names (5.7).
// - port counts "49170/2" and port 0 m= lines without formats (5.14).
// - non-RTP protos keep non-numeric formats (5.14).
// - each malformed class is rejected naming the line and the fault:
//   missing/duplicate/non-zero v=, missing or short o=, bad line syntax and
//   unknown type letters (5: must reject), lines in the wrong section, bad
//   m= port/count/proto/payload types, no formats on an active stream,
//   bad c= (net type, addr type, address, suffix), duplicate c=, bad b=,
//   bad t=, r= without t=, bad attribute names, NUL bytes, no c= for an
//   active stream.
// - limits: body size, line count, line length, m= lines, formats.

#include "b2bua/sdp/sdp_parser.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Lines;

std::string ErrorOf(std::string_view text, const SdpParseLimits& limits = {}) {
  auto r = ParseSdp(text, limits);
  if (r) return "(parsed)";
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  return r.error().message;
}

const std::string kHeader = Lines({"v=0", "o=alice 2890844526 2890844526 IN IP4 198.51.100.7",
                                   "s=-", "c=IN IP4 198.51.100.7", "t=0 0"});

TEST(SdpParserTest, ParsesTypicalSoftphoneOffer) {
  std::string text = Lines({
      "v=0",
      "o=alice 2890844526 2890844527 IN IP4 198.51.100.7",
      "s=Talk",
      "i=A call",
      "u=http://example.com/call",
      "e=alice@example.com",
      "p=+1 555 0100",
      "c=IN IP4 198.51.100.7",
      "b=AS:128",
      "t=0 0",
      "a=tool:phone 1.0",
      "m=audio 49170 RTP/AVP 111 0 8 101",
      "b=TIAS:64000",
      "a=rtpmap:111 opus/48000/2",
      "a=fmtp:111 useinbandfec=1",
      "a=rtpmap:101 telephone-event/8000",
      "a=fmtp:101 0-16",
      "a=ptime:20",
      "a=sendrecv",
      "m=video 0 RTP/AVP 96",
  });
  auto r = ParseSdp(text);
  ASSERT_TRUE(r) << r.error().message;
  const SdpSession& s = *r;
  EXPECT_EQ(s.version, 0);
  EXPECT_EQ(s.origin.username, "alice");
  EXPECT_EQ(s.origin.session_id, "2890844526");
  EXPECT_EQ(s.origin.session_version, "2890844527");
  EXPECT_EQ(s.origin.address, "198.51.100.7");
  EXPECT_EQ(s.name, "Talk");
  EXPECT_EQ(s.info, "A call");
  EXPECT_EQ(s.uri, "http://example.com/call");
  ASSERT_EQ(s.emails.size(), 1u);
  ASSERT_EQ(s.phones.size(), 1u);
  EXPECT_EQ(s.phones[0], "+1 555 0100");
  ASSERT_TRUE(s.connection);
  EXPECT_EQ(s.connection->address, "198.51.100.7");
  EXPECT_FALSE(s.connection->is_ip6());
  ASSERT_EQ(s.bandwidths.size(), 1u);
  EXPECT_EQ(s.bandwidths[0].type, "AS");
  EXPECT_EQ(s.bandwidths[0].value, 128u);
  ASSERT_EQ(s.timings.size(), 1u);
  ASSERT_EQ(s.attributes.size(), 1u);
  EXPECT_EQ(s.attributes[0].name, "tool");
  EXPECT_EQ(s.attributes[0].value, "phone 1.0");
  ASSERT_EQ(s.media.size(), 2u);
  const SdpMedia& a = s.media[0];
  EXPECT_EQ(a.media, "audio");
  EXPECT_EQ(a.port, 49170);
  EXPECT_EQ(a.port_count, 1);
  EXPECT_EQ(a.proto, "RTP/AVP");
  EXPECT_EQ(a.formats, (std::vector<std::string>{"111", "0", "8", "101"}));
  EXPECT_TRUE(a.IsRtp());
  EXPECT_FALSE(a.IsSecureRtp());
  ASSERT_EQ(a.bandwidths.size(), 1u);
  EXPECT_EQ(a.bandwidths[0].value, 64000u);
  EXPECT_EQ(a.attributes.size(), 6u);
  EXPECT_EQ(a.FormatAttribute("rtpmap", 111), "opus/48000/2");
  EXPECT_EQ(a.FormatAttribute("fmtp", 101), "0-16");
  EXPECT_FALSE(a.FormatAttribute("fmtp", 0));
  EXPECT_EQ(s.EffectiveDirection(a), SdpDirection::kSendRecv);
  EXPECT_EQ(s.media[1].port, 0);
}

TEST(SdpParserTest, AcceptsBareLfTrailingSpaceBlankLinesAndOrder) {
  std::string text =
      "\nv=0\no=- 1 1 IN IP4 192.0.2.1  \nt=0 0\ns=x\t\nc=IN  IP4   192.0.2.1\n\n"
      "m=audio  4000   RTP/AVP   0    8 \na=sendonly \n\n";
  auto r = ParseSdp(text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->origin.address, "192.0.2.1");
  EXPECT_EQ(r->name, "x");
  EXPECT_EQ(r->connection->address, "192.0.2.1");
  ASSERT_EQ(r->media.size(), 1u);
  EXPECT_EQ(r->media[0].formats, (std::vector<std::string>{"0", "8"}));
  EXPECT_EQ(r->media[0].Direction(), SdpDirection::kSendOnly);
}

TEST(SdpParserTest, MissingOrEmptySessionNameAndTiming) {
  auto r = ParseSdp(Lines(
      {"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=", "c=IN IP4 192.0.2.1", "m=audio 4000 RTP/AVP 0"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->name, "-");
  ASSERT_EQ(r->timings.size(), 1u);
  EXPECT_EQ(r->timings[0].start, "0");
  EXPECT_EQ(r->timings[0].stop, "0");
  auto none = ParseSdp(Lines({"v=0", "o=- 1 1 IN IP4 192.0.2.1"}));
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->name, "-");
}

TEST(SdpParserTest, MediaLevelConnectionIpv6MulticastAndHostNames) {
  auto r = ParseSdp(
      Lines({"v=0", "o=- 1 1 IN IP6 2001:db8::1", "s=-", "t=0 0", "m=audio 4000 RTP/AVP 0",
             "c=IN IP6 2001:db8::2", "m=audio 4002 RTP/AVP 0", "c=IN IP4 233.252.0.1/127/2",
             "m=audio 4004 RTP/AVP 0", "c=IN IP4 media.example.com"}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->media.size(), 3u);
  EXPECT_TRUE(r->media[0].connection->is_ip6());
  EXPECT_EQ(r->media[0].connection->address, "2001:db8::2");
  EXPECT_EQ(r->media[1].connection->address, "233.252.0.1");
  EXPECT_EQ(r->media[1].connection->multicast_suffix, "/127/2");
  EXPECT_EQ(r->media[2].connection->address, "media.example.com");
  EXPECT_EQ(r->EffectiveConnection(r->media[0]), &*r->media[0].connection);
}

TEST(SdpParserTest, PortCountAndRejectedStreamWithoutFormats) {
  auto r = ParseSdp(kHeader + Lines({"m=audio 49170/2 RTP/AVP 0", "m=video 0 RTP/AVP"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media[0].port, 49170);
  EXPECT_EQ(r->media[0].port_count, 2);
  EXPECT_TRUE(r->media[1].formats.empty());
}

TEST(SdpParserTest, NonRtpProtoKeepsTokenFormats) {
  auto r = ParseSdp(kHeader + Lines({"m=image 5000 udptl t38", "m=application 9 TCP/MRCPv2 1"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media[0].formats, (std::vector<std::string>{"t38"}));
  EXPECT_FALSE(r->media[0].IsRtp());
}

TEST(SdpParserTest, PayloadTypesAreCanonicalised) {
  auto r = ParseSdp(kHeader + Lines({"m=audio 4000 RTP/AVP 008 0"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media[0].formats, (std::vector<std::string>{"8", "0"}));
}

TEST(SdpParserTest, RejectsBadVersionLine) {
  EXPECT_EQ(ErrorOf(""), "empty body: no v= line");
  EXPECT_EQ(ErrorOf(Lines({"o=- 1 1 IN IP4 192.0.2.1", "v=0"})),
            "line 1: expected v=0 as the first line, got a o= line");
  EXPECT_EQ(ErrorOf(Lines({"v=0", "v=0"})), "line 2: duplicate v= line");
  EXPECT_EQ(ErrorOf(Lines({"v=1"})), "line 1: unsupported SDP version '1' (expected v=0)");
}

TEST(SdpParserTest, RejectsBadOrigin) {
  EXPECT_EQ(ErrorOf(Lines({"v=0", "s=-"})), "missing o= line");
  EXPECT_NE(ErrorOf(Lines({"v=0", "o=- 1 1 IN IP4"})).find("line 2: bad o= line"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Lines({"v=0", "o=- 1 1 IN IP4 a b"})).find("line 2: bad o= line"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(Lines({"v=0", "o=- 1 1 IN IP4 h", "o=- 1 1 IN IP4 h"})),
            "line 3: duplicate o= line");
}

TEST(SdpParserTest, RejectsBadLineSyntaxAndUnknownTypes) {
  EXPECT_EQ(ErrorOf(kHeader + "m =audio 4000 RTP/AVP 0\r\n"),
            "line 6: expected '<letter>=<value>', got 'm =audio 4000 RTP/AVP 0'");
  EXPECT_EQ(ErrorOf(kHeader + "M=audio 4000 RTP/AVP 0\r\n").substr(0, 16), "line 6: expected");
  EXPECT_EQ(ErrorOf(kHeader + "x=foo\r\n"), "line 6: unknown line type 'x='");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/AVP 0\r\ny=0\r\n"),
            "line 7: unknown line type 'y='");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/AVP 0\r\ns=late\r\n"),
            "line 7: s= line not allowed after the first m= line");
  EXPECT_EQ(ErrorOf(kHeader + std::string("a=x\0y\r\n", 7)), "line 6: NUL or CR inside a line");
  EXPECT_EQ(ErrorOf(kHeader + "a=x\ry\r\n"), "line 6: NUL or CR inside a line");
  EXPECT_EQ(ErrorOf(kHeader + "s=again\r\n"), "line 6: duplicate s= line");
}

TEST(SdpParserTest, RejectsBadMediaLines) {
  EXPECT_NE(ErrorOf(kHeader + "m=audio 4000\r\n").find("line 6: bad m= line"), std::string::npos);
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 70000 RTP/AVP 0\r\n"),
            "line 6: bad m= line: port '70000' is not a number 0-65535");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio -1 RTP/AVP 0\r\n"),
            "line 6: bad m= line: port '-1' is not a number 0-65535");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000/0 RTP/AVP 0\r\n"),
            "line 6: bad m= line: port count '4000/0' is not a number 1-65535");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP//AVP 0\r\n"),
            "line 6: bad m= line: proto 'RTP//AVP' is malformed");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/AVP PCMU\r\n"),
            "line 6: bad m= line: payload type 'PCMU' of RTP/AVP is not a number");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/SAVPF 0 128\r\n"),
            "line 6: bad m= line: payload type '128' is out of range 0-127");
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/AVP\r\n"),
            "line 6: bad m= line: no formats listed");
}

TEST(SdpParserTest, RejectsBadConnectionLines) {
  std::string head = Lines({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0"});
  EXPECT_EQ(ErrorOf(head + "c=ATM NSAP 47.0005\r\n"),
            "line 5: bad c= line: network type 'ATM' is not IN");
  EXPECT_EQ(ErrorOf(head + "c=IN IPX 192.0.2.1\r\n"),
            "line 5: bad c= line: address type 'IPX' is not IP4 or IP6");
  EXPECT_EQ(ErrorOf(head + "c=IN IP4 192.0.2.256\r\n"),
            "line 5: bad c= line: address '192.0.2.256' is not an IP4 address");
  EXPECT_EQ(ErrorOf(head + "c=IN IP4 2001:db8::1\r\n"),
            "line 5: bad c= line: address '2001:db8::1' is not an IP4 address");
  EXPECT_EQ(ErrorOf(head + "c=IN IP6 192.0.2.1\r\n"),
            "line 5: bad c= line: address '192.0.2.1' is not an IP6 address");
  EXPECT_EQ(ErrorOf(head + "c=IN IP4 233.252.0.1/x\r\n"),
            "line 5: bad c= line: address '233.252.0.1/x' has a malformed '/ttl/count' suffix");
  EXPECT_EQ(ErrorOf(head + "c=IN IP4\r\n"),
            "line 5: bad c= line: 'IN IP4' is not 'IN IP4|IP6 <address>'");
  EXPECT_EQ(ErrorOf(head + "c=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\n"),
            "line 6: duplicate session-level c= line");
  EXPECT_EQ(
      ErrorOf(head + Lines({"m=audio 1 RTP/AVP 0", "c=IN IP4 192.0.2.1", "c=IN IP4 192.0.2.1"})),
      "line 7: duplicate c= line in m=audio");
}

TEST(SdpParserTest, RejectsActiveStreamWithoutConnection) {
  std::string head = Lines({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0"});
  EXPECT_EQ(ErrorOf(head + Lines({"m=audio 0 RTP/AVP 0", "m=audio 4000 RTP/AVP 0"})),
            "line 6: m=audio has no connection address (no c= line at session or media "
            "level)");
  // Port 0 streams need no address.
  EXPECT_TRUE(ParseSdp(head + Lines({"m=audio 0 RTP/AVP 0"})));
}

TEST(SdpParserTest, RejectsBadBandwidthTimingAndAttributes) {
  EXPECT_EQ(ErrorOf(kHeader + "b=AS\r\n"),
            "line 6: bad b= line 'AS': expected '<bwtype>:<number>'");
  EXPECT_EQ(ErrorOf(kHeader + "b=AS:lots\r\n"),
            "line 6: bad b= line 'AS:lots': expected '<bwtype>:<number>'");
  EXPECT_EQ(ErrorOf(kHeader + "b=AS:99999999999999999999999\r\n").substr(0, 18),
            "line 6: bad b= lin");
  EXPECT_EQ(ErrorOf(Lines({"v=0", "o=- 1 1 IN IP4 h", "t=now"})),
            "line 3: bad t= line 'now': expected '<start> <stop>'");
  EXPECT_EQ(ErrorOf(Lines({"v=0", "o=- 1 1 IN IP4 h", "r=7d 1h 0 25h"})),
            "line 3: r= line without a preceding t= line");
  EXPECT_EQ(ErrorOf(kHeader + "a=\r\n"), "line 6: bad a= line '': bad attribute name");
  EXPECT_EQ(ErrorOf(kHeader + "a=:x\r\n"), "line 6: bad a= line ':x': bad attribute name");
  EXPECT_EQ(ErrorOf(kHeader + "a=na me\r\n"), "line 6: bad a= line 'na me': bad attribute name");
}

TEST(SdpParserTest, ToleratesOddAttributeValues) {
  // Attribute values are read when used, so these parse.
  auto r = ParseSdp(kHeader + Lines({"m=video 3227 RTP/AVP 31", "a=rtpmap:31 LPC", "a=ptime:abc",
                                     "a=crypto:junk"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->media[0].attributes.size(), 3u);
}

TEST(SdpParserTest, EnforcesLimits) {
  SdpParseLimits limits;
  limits.max_bytes = 100;
  EXPECT_EQ(ErrorOf(std::string(101, 'x'), limits), "body of 101 bytes exceeds the limit of 100");

  limits = SdpParseLimits();
  limits.max_lines = 8;
  std::string many = kHeader;
  for (int i = 0; i < 4; ++i) many += "a=x\r\n";
  EXPECT_EQ(ErrorOf(many, limits), "line 9: more than 8 lines");

  limits = SdpParseLimits();
  limits.max_line_bytes = 60;
  EXPECT_EQ(ErrorOf(kHeader + "a=" + std::string(70, 'x') + "\r\n", limits),
            "line 6: line longer than 60 bytes");

  limits = SdpParseLimits();
  limits.max_media = 2;
  EXPECT_EQ(ErrorOf(kHeader + Lines({"m=audio 0 RTP/AVP 0", "m=audio 0 RTP/AVP 0",
                                     "m=audio 0 RTP/AVP 0"}),
                    limits),
            "line 8: more than 2 m= lines");

  limits = SdpParseLimits();
  limits.max_formats = 3;
  EXPECT_EQ(ErrorOf(kHeader + "m=audio 4000 RTP/AVP 0 8 9 18\r\n", limits),
            "line 6: m=audio lists more than 3 formats");
}

TEST(SdpParserTest, QuotesHostileBytesInErrors) {
  std::string msg = ErrorOf(kHeader + "m=audio 4000 RTP/AVP \x01\"\\'x\r\n");
  EXPECT_EQ(msg, "line 6: bad m= line: payload type '????x' of RTP/AVP is not a number");
}

}  // namespace
}  // namespace chorus::b2bua
