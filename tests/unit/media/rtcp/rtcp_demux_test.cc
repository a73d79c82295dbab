// Scenarios (RFC 5761 4): second octet 192..223 is RTCP (SR 200, RR 201,
// SDES 202, BYE 203, RTPFB 205); RTP with PT 0/8/96/111 with or without
// marker is not; RTP PT 72 with the marker set collides with SR and is why
// PT 64-95 are banned under rtcp-mux; version other than 2 and packets
// under 8 bytes are not RTCP.

#include "media/rtcp/rtcp_demux.h"

#include <gtest/gtest.h>

#include <array>

namespace chorus::media {
namespace {

bool Check(uint8_t b0, uint8_t b1) {
  std::array<uint8_t, 12> p{};
  p[0] = b0;
  p[1] = b1;
  return IsRtcp(p);
}

TEST(RtcpDemuxTest, ClassifiesByPacketType) {
  for (uint8_t t : {200, 201, 202, 203, 204, 205, 206, 207, 192, 223}) {
    EXPECT_TRUE(Check(0x81, t)) << int(t);
  }
  for (uint8_t pt : {0, 8, 9, 96, 101, 111, 127}) {
    EXPECT_FALSE(Check(0x80, pt)) << int(pt);
    EXPECT_FALSE(Check(0x80, static_cast<uint8_t>(0x80 | pt))) << int(pt);
  }
  EXPECT_TRUE(Check(0x80, 0x80 | 72));  // the collision RFC 5761 avoids
  EXPECT_FALSE(Check(0x80, 191));
  EXPECT_FALSE(Check(0x80, 224));
}

TEST(RtcpDemuxTest, RequiresVersionAndLength) {
  EXPECT_FALSE(Check(0x41, 200));
  std::array<uint8_t, 7> short_packet = {0x81, 200, 0, 1, 0, 0, 0};
  EXPECT_FALSE(IsRtcp(short_packet));
}

}  // namespace
}  // namespace chorus::media
