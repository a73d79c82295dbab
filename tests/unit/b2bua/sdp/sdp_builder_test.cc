// Scenarios for BuildSdp:
// - canonical text (CRLF, RFC 8866 line order, single spaces) is reproduced
//   byte for byte after a parse (round trip).
// - non-canonical input (LF, odd order, extra spaces, missing s=/t=) builds
//   to canonical text that parses back to the same model.
// - every field kind is written: i/u/e/p, b, t with r, z, k, multicast
//   suffix, port count, property vs value attributes ("a=x" vs "a=x:").
// - a model built from scratch with an empty name and no timing still
//   yields a valid body ("s=-", "t=0 0", RFC 8866 5.3 and 5.9).

#include "b2bua/sdp/sdp_builder.h"

#include <gtest/gtest.h>

#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Lines;

TEST(SdpBuilderTest, CanonicalTextRoundTripsByteForByte) {
  std::string text = Lines({
      "v=0",
      "o=bob 2808844564 2808844566 IN IP4 203.0.113.9",
      "s=Conference",
      "i=Weekly",
      "u=https://example.com/c",
      "e=bob@example.com",
      "p=+1 555 0199",
      "c=IN IP4 233.252.0.9/64/2",
      "b=CT:256",
      "t=3034423619 3042462419",
      "r=604800 3600 0 90000",
      "z=2882844526 -1h",
      "k=prompt",
      "a=recvonly",
      "a=tool:x",
      "m=audio 49170/2 RTP/SAVP 0 97",
      "i=voice",
      "c=IN IP6 2001:db8::9",
      "b=AS:64",
      "k=prompt",
      "a=rtpmap:97 iLBC/8000",
      "a=empty:",
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:TATk0JCJJgUxepl+Q/GPYzGxyevoixsnOjAR4YCI|2^20|1:4",
      "m=image 0 udptl t38",
  });
  auto parsed = ParseSdp(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(BuildSdp(*parsed), text);
}

TEST(SdpBuilderTest, NonCanonicalInputBuildsCanonicalAndStable) {
  std::string text =
      "v=0\nt=0 0\nc=IN IP4 192.0.2.4\no=-  7 8 IN IP4 192.0.2.4\ns=\n"
      "m=audio 5004 RTP/AVP 0  008\na=sendonly  \n";
  auto first = ParseSdp(text);
  ASSERT_TRUE(first) << first.error().message;
  std::string built = BuildSdp(*first);
  EXPECT_EQ(built, Lines({"v=0", "o=- 7 8 IN IP4 192.0.2.4", "s=-", "c=IN IP4 192.0.2.4", "t=0 0",
                          "m=audio 5004 RTP/AVP 0 8", "a=sendonly"}));
  auto second = ParseSdp(built);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(BuildSdp(*second), built);
}

TEST(SdpBuilderTest, ScratchModelGetsDefaults) {
  SdpSession s;
  s.name = "";
  s.origin.address = "192.0.2.1";
  s.connection = SdpConnection{"IN", "IP4", "192.0.2.1", ""};
  SdpMedia m;
  m.media = "audio";
  m.port = 4000;
  m.proto = "RTP/AVP";
  m.formats = {"0"};
  m.attributes.push_back(SdpAttribute{"rtcp-mux", "", false});
  s.media.push_back(m);
  std::string text = BuildSdp(s);
  EXPECT_EQ(text, Lines({"v=0", "o=- 0 0 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                         "m=audio 4000 RTP/AVP 0", "a=rtcp-mux"}));
  EXPECT_TRUE(ParseSdp(text));
}

TEST(SdpBuilderTest, AppendReusesBuffer) {
  SdpSession s;
  std::string out = "prefix";
  AppendSdp(s, out);
  EXPECT_EQ(out.rfind("prefixv=0\r\n", 0), 0u);
}

}  // namespace
}  // namespace chorus::b2bua
