// Scenarios:
// - RFC 3550 6.4.1 / A.8: constant network delay gives zero interarrival
//   jitter; delays alternating 0/10 ms converge J towards 10 ms with gain 1/16.
// - Delay spread is the largest minus smallest transit of the last ~2 s and
//   forgets older packets.
// - A timestamp jump (transit change > 1 s) restarts the window instead of
//   reading as jitter; timestamps wrapping past 2^32 are unwrapped.

#include "media/dsp/jitter_estimator.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(JitterEstimatorTest, ConstantDelayHasNoJitter) {
  JitterEstimator e(8000);
  for (int i = 0; i < 100; ++i) e.OnPacket(RtpTimestamp(i * 160u), 1000 + i * 20 + 35);
  EXPECT_DOUBLE_EQ(e.jitter_ms(), 0.0);
  EXPECT_DOUBLE_EQ(e.delay_spread_ms(), 0.0);
}

TEST(JitterEstimatorTest, AlternatingDelayConverges) {
  JitterEstimator e(8000);
  for (int i = 0; i < 400; ++i) {
    e.OnPacket(RtpTimestamp(i * 160u), i * 20 + (i % 2) * 10);
  }
  EXPECT_NEAR(e.jitter_ms(), 10.0, 0.01);
  EXPECT_NEAR(e.delay_spread_ms(), 10.0, 1e-9);
  // One step from zero moves J by 1/16 of |D| (RFC 3550 A.8).
  JitterEstimator f(8000);
  f.OnPacket(RtpTimestamp(0), 0);
  f.OnPacket(RtpTimestamp(160), 36);  // 16 ms late
  EXPECT_DOUBLE_EQ(f.jitter_ms(), 1.0);
}

TEST(JitterEstimatorTest, SpreadForgetsOldPackets) {
  JitterEstimator e(48000);
  e.OnPacket(RtpTimestamp(0), 0);
  e.OnPacket(RtpTimestamp(960), 120);  // 100 ms late
  EXPECT_NEAR(e.delay_spread_ms(), 100.0, 1e-9);
  int64_t t = 120;
  uint32_t ts = 960;
  for (int i = 0; i < 150; ++i) {  // 3 s of on-time packets
    t += 20;
    ts += 960;
    e.OnPacket(RtpTimestamp(ts), t - 100);
  }
  EXPECT_NEAR(e.delay_spread_ms(), 0.0, 1e-9);
}

TEST(JitterEstimatorTest, TimestampJumpRestartsWindow) {
  JitterEstimator e(8000);
  for (int i = 0; i < 10; ++i) e.OnPacket(RtpTimestamp(i * 160u), i * 20);
  e.OnPacket(RtpTimestamp(10 * 160u + 8000 * 60), 200);  // +60 s of media time
  e.OnPacket(RtpTimestamp(11 * 160u + 8000 * 60), 220);
  EXPECT_DOUBLE_EQ(e.jitter_ms(), 0.0);
  EXPECT_DOUBLE_EQ(e.delay_spread_ms(), 0.0);
}

TEST(JitterEstimatorTest, TimestampWrap) {
  JitterEstimator e(8000);
  uint32_t ts = 0xFFFFFF00u;
  for (int i = 0; i < 20; ++i) {
    e.OnPacket(RtpTimestamp(ts), i * 20);
    ts += 160;
  }
  EXPECT_DOUBLE_EQ(e.jitter_ms(), 0.0);
  e.Restart();
  EXPECT_DOUBLE_EQ(e.delay_spread_ms(), 0.0);
}

}  // namespace
}  // namespace chorus::media
