// Scenarios: sequence numbers and timestamps compare correctly across the
// wrap (RFC 3550 A.1 / RFC 1982): 65535 < 0, 0xffffffff < 5, and distances
// are signed and small.

#include "media/rtp/rtp_types.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(SeqNumTest, WrapAwareOrder) {
  EXPECT_LT(SeqNum(65535), SeqNum(0));
  EXPECT_GT(SeqNum(3), SeqNum(65530));
  EXPECT_EQ(SeqNum(2).DistanceFrom(SeqNum(65534)), 4);
  EXPECT_EQ(SeqNum(65534).DistanceFrom(SeqNum(2)), -4);
  EXPECT_EQ((SeqNum(65535) + 2).value(), 1);
  SeqNum s(65535);
  ++s;
  EXPECT_EQ(s.value(), 0);
}

TEST(RtpTimestampTest, WrapAwareOrder) {
  EXPECT_LT(RtpTimestamp(0xfffffff0u), RtpTimestamp(5));
  EXPECT_EQ(RtpTimestamp(5).DistanceFrom(RtpTimestamp(0xfffffff0u)), 21);
  EXPECT_EQ((RtpTimestamp(0xffffff00u) + 512).value(), 0x100u);
  EXPECT_EQ((RtpTimestamp(0x10) - 0x20).value(), 0xfffffff0u);
}

}  // namespace
}  // namespace chorus::media
