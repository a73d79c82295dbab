// Scenarios (RFC 3550 4 and 6.4.1):
// - Unix epoch maps to NTP second 2208988800 (0x83AA7E80), fraction 0;
//   1.5 s -> fraction 0x80000000; 250 ms -> 0x40000000; negative Unix
//   times borrow from the seconds;
// - the compact form keeps the middle 32 bits;
// - the RFC 3550 6.4.1 worked example: A = 0xb710:8000 (46864.500 s),
//   LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s) gives
//   0x0006:2000 = 6.125 s; no LSR or a negative result gives nullopt;
//   wrap of the compact clock is handled modulo 2^32;
// - nanoseconds to compact units (5.25 s -> 0x00054000);
// - NtpClock follows the injected clock from its anchor.

#include "media/rtcp/rtcp_ntp.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(NtpTimeTest, FromUnix) {
  EXPECT_EQ(NtpTime::FromUnixNs(0), (NtpTime{0x83AA7E80u, 0}));
  EXPECT_EQ(NtpTime::FromUnixNs(1'500'000'000), (NtpTime{0x83AA7E81u, 0x80000000u}));
  EXPECT_EQ(NtpTime::FromUnixNs(250'000'000).fraction, 0x40000000u);
  EXPECT_EQ(NtpTime::FromUnixNs(-500'000'000), (NtpTime{0x83AA7E7Fu, 0x80000000u}));
  EXPECT_EQ(NtpTime::FromU64(0x0123456789abcdefULL).ToU64(), 0x0123456789abcdefULL);
}

TEST(NtpTimeTest, Compact) {
  EXPECT_EQ((NtpTime{0x0000b710u, 0x80000000u}).Compact(), 0xb7108000u);
  EXPECT_EQ((NtpTime{0x12345678u, 0x9abcdef0u}).Compact(), 0x56789abcu);
}

TEST(NtpTimeTest, RoundTripRfcExample) {
  auto rtt = RoundTripCompact(0xb7108000u, 0xb7052000u, 0x00054000u);
  ASSERT_TRUE(rtt);
  EXPECT_EQ(*rtt, 0x00062000u);
  EXPECT_DOUBLE_EQ(CompactNtpToSeconds(*rtt), 6.125);
}

TEST(NtpTimeTest, RoundTripEdgeCases) {
  EXPECT_FALSE(RoundTripCompact(0xb7108000u, 0, 0));            // peer had no SR
  EXPECT_FALSE(RoundTripCompact(0x00010000u, 0x00010000u, 5));  // negative
  // Compact clock wrapped between SR and report: 0xffff:c000 -> 0x0000:4000.
  auto rtt = RoundTripCompact(0x00004000u, 0xffffc000u, 0x00004000u);
  ASSERT_TRUE(rtt);
  EXPECT_DOUBLE_EQ(CompactNtpToSeconds(*rtt), 0.25);
}

TEST(NtpTimeTest, NanosecondsToCompact) {
  EXPECT_EQ(NanosecondsToCompactNtp(5'250'000'000), 0x00054000u);
  EXPECT_EQ(NanosecondsToCompactNtp(0), 0u);
  EXPECT_EQ(NanosecondsToCompactNtp(-5), 0u);
  EXPECT_EQ(NanosecondsToCompactNtp(1'500'000'000), 0x00018000u);
}

TEST(NtpClockTest, FollowsInjectedClock) {
  FakeClock clock(1'000'000'000);
  NtpClock ntp(clock, 1'700'000'000'000'000'000 - 1'000'000'000);  // Unix 1.7e9 s at start
  EXPECT_EQ(ntp.Now(), (NtpTime{1'700'000'000u + kNtpUnixEpochOffsetSeconds, 0}));
  clock.AdvanceMs(500);
  EXPECT_EQ(ntp.Now().fraction, 0x80000000u);
  NtpClock system = NtpClock::FromSystem(clock);
  EXPECT_GT(system.Now().seconds, 0xE0000000u);  // after 2019, NTP era 0
}

}  // namespace
}  // namespace chorus::media
