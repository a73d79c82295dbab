// Scenarios for the SdpSession model helpers:
// - direction names parse case-insensitively; reverse and intersect follow
//   RFC 3264 6.1 (sendonly <-> recvonly; send/receive only if both allow).
// - effective direction: media level wins, then session level, else
//   sendrecv (RFC 8866 6.7); effective c=: media level wins (5.7).
// - hold address detection: 0.0.0.0 and :: (RFC 3264 8.4).
// - RTP and SRTP profile recognition; FormatAttribute matches whole payload
//   type numbers only.

#include "b2bua/sdp/sdp_session.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

TEST(SdpSessionTest, DirectionHelpers) {
  EXPECT_EQ(ParseSdpDirection("SendOnly"), SdpDirection::kSendOnly);
  EXPECT_FALSE(ParseSdpDirection("sideways"));
  EXPECT_STREQ(SdpDirectionName(SdpDirection::kInactive), "inactive");
  EXPECT_EQ(ReverseDirection(SdpDirection::kSendOnly), SdpDirection::kRecvOnly);
  EXPECT_EQ(ReverseDirection(SdpDirection::kRecvOnly), SdpDirection::kSendOnly);
  EXPECT_EQ(ReverseDirection(SdpDirection::kSendRecv), SdpDirection::kSendRecv);
  EXPECT_EQ(ReverseDirection(SdpDirection::kInactive), SdpDirection::kInactive);
  EXPECT_EQ(IntersectDirections(SdpDirection::kSendRecv, SdpDirection::kSendOnly),
            SdpDirection::kSendOnly);
  EXPECT_EQ(IntersectDirections(SdpDirection::kRecvOnly, SdpDirection::kSendOnly),
            SdpDirection::kInactive);
  EXPECT_EQ(IntersectDirections(SdpDirection::kSendRecv, SdpDirection::kSendRecv),
            SdpDirection::kSendRecv);
}

TEST(SdpSessionTest, EffectiveDirectionAndConnection) {
  SdpSession s;
  SdpMedia m;
  EXPECT_EQ(s.EffectiveDirection(m), SdpDirection::kSendRecv);
  EXPECT_EQ(s.EffectiveConnection(m), nullptr);
  s.attributes.push_back({"sendonly", "", false});
  EXPECT_EQ(s.EffectiveDirection(m), SdpDirection::kSendOnly);
  m.attributes.push_back({"inactive", "", false});
  EXPECT_EQ(s.EffectiveDirection(m), SdpDirection::kInactive);
  // A value attribute named like a direction is not one.
  SdpMedia odd;
  odd.attributes.push_back({"recvonly", "x", true});
  EXPECT_EQ(s.EffectiveDirection(odd), SdpDirection::kSendOnly);

  s.connection = SdpConnection{"IN", "IP4", "192.0.2.1", ""};
  EXPECT_EQ(s.EffectiveConnection(m), &*s.connection);
  m.connection = SdpConnection{"IN", "IP4", "0.0.0.0", ""};
  EXPECT_EQ(s.EffectiveConnection(m), &*m.connection);
  EXPECT_TRUE(m.connection->IsHoldAddress());
  EXPECT_FALSE(s.connection->IsHoldAddress());
  EXPECT_TRUE((SdpConnection{"IN", "IP6", "::", ""}).IsHoldAddress());
}

TEST(SdpSessionTest, ProfilesAndFormatAttributes) {
  SdpMedia m;
  for (const char* p : {"RTP/AVP", "RTP/AVPF", "rtp/savp", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF"}) {
    m.proto = p;
    EXPECT_TRUE(m.IsRtp()) << p;
  }
  m.proto = "udptl";
  EXPECT_FALSE(m.IsRtp());
  m.proto = "RTP/SAVP";
  EXPECT_TRUE(m.IsSecureRtp());
  m.proto = "UDP/TLS/RTP/SAVPF";
  EXPECT_FALSE(m.IsSecureRtp());  // DTLS-SRTP, not SDES

  m.attributes = {{"rtpmap", "1011 foo/8000", true},
                  {"rtpmap", "101 telephone-event/8000", true},
                  {"RTPMAP", "0  PCMU/8000", true}};
  EXPECT_EQ(m.FormatAttribute("rtpmap", 101), "telephone-event/8000");
  EXPECT_EQ(m.FormatAttribute("rtpmap", 0), "PCMU/8000");
  EXPECT_FALSE(m.FormatAttribute("rtpmap", 10));
  EXPECT_FALSE(m.FormatAttribute("fmtp", 101));
}

TEST(SdpSessionTest, OriginSameSessionIgnoresVersion) {
  SdpOrigin a{"u", "1", "5", "IN", "IP4", "192.0.2.1"};
  SdpOrigin b = a;
  b.session_version = "6";
  EXPECT_TRUE(a.SameSession(b));
  b.session_id = "2";
  EXPECT_FALSE(a.SameSession(b));
}

}  // namespace
}  // namespace chorus::b2bua
