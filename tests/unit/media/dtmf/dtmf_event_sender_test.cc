// Scenarios (RFC 4733 2.5.1): a 100 ms digit at 8 kHz / 20 ms ptime gives
// durations 160(M), 320, 480, 640 and three ends at 800, all with the
// start timestamp; 50 ms ptime and 48 kHz clock scale the steps; a press
// shorter than one ptime still sends a start/end with one step; a press
// over 0xFFFF units splits into segments at start + 0xFFFF; invalid
// digits and durations are rejected; Start replaces an unfinished digit.

#include "media/dtmf/dtmf_event_sender.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::media {
namespace {

std::vector<DtmfPacket> Drain(DtmfEventSender& tx) {
  std::vector<DtmfPacket> out;
  while (auto p = tx.Next()) out.push_back(*p);
  return out;
}

TEST(DtmfEventSenderTest, StandardSequence) {
  DtmfEventSender tx({.clock_rate_hz = 8000, .ptime_ms = 20, .volume = 10});
  ASSERT_TRUE(tx.Start('5', 100, RtpTimestamp(4000)));
  auto packets = Drain(tx);
  ASSERT_EQ(packets.size(), 7u);
  const uint16_t want[] = {160, 320, 480, 640, 800, 800, 800};
  for (size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].event.duration, want[i]) << i;
    EXPECT_EQ(packets[i].event.event, 5);
    EXPECT_EQ(packets[i].event.volume, 10);
    EXPECT_EQ(packets[i].event.end, i >= 4) << i;
    EXPECT_EQ(packets[i].marker, i == 0) << i;
    EXPECT_EQ(packets[i].timestamp.value(), 4000u);
    EXPECT_EQ(TelephoneEvent::Parse(packets[i].payload), packets[i].event);
  }
  EXPECT_FALSE(tx.active());
}

TEST(DtmfEventSenderTest, OtherPtimeAndClock) {
  DtmfEventSender tx({.clock_rate_hz = 48000, .ptime_ms = 50});
  ASSERT_TRUE(tx.Start('#', 120, RtpTimestamp(0)));
  auto packets = Drain(tx);
  // Steps of 2400 units: 2400(M), 4800, then ends at 5760.
  ASSERT_EQ(packets.size(), 5u);
  EXPECT_EQ(packets[0].event.duration, 2400);
  EXPECT_EQ(packets[1].event.duration, 4800);
  EXPECT_EQ(packets[2].event.duration, 5760);
  EXPECT_TRUE(packets[2].event.end);
}

TEST(DtmfEventSenderTest, ShortPress) {
  DtmfEventSender tx({});
  ASSERT_TRUE(tx.Start('1', 5, RtpTimestamp(0)));
  auto packets = Drain(tx);
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_TRUE(packets[0].marker);
  EXPECT_TRUE(packets[0].event.end);
  EXPECT_EQ(packets[0].event.duration, 160);
}

TEST(DtmfEventSenderTest, LongPressSegments) {
  DtmfEventSender tx({.clock_rate_hz = 8000, .ptime_ms = 20});
  ASSERT_TRUE(tx.Start('0', 9000, RtpTimestamp(1000)));  // 72000 units
  auto packets = Drain(tx);
  size_t first_second_segment = 0;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (packets[i].timestamp.value() != 1000u) {
      first_second_segment = i;
      break;
    }
  }
  ASSERT_GT(first_second_segment, 0u);
  EXPECT_EQ(packets[first_second_segment - 1].event.duration, 65440);
  EXPECT_EQ(packets[first_second_segment].timestamp.value(), 1000u + 0xFFFF);
  EXPECT_FALSE(packets[first_second_segment].marker);
  EXPECT_EQ(packets[first_second_segment].event.duration, 65600u - 0xFFFF);
  EXPECT_EQ(packets.back().event.duration, 72000u - 0xFFFF);
  EXPECT_TRUE(packets.back().event.end);
}

TEST(DtmfEventSenderTest, RejectsBadInput) {
  DtmfEventSender tx({});
  EXPECT_FALSE(tx.Start('x', 100, RtpTimestamp(0)));
  EXPECT_FALSE(tx.Start('1', 0, RtpTimestamp(0)));
  EXPECT_FALSE(tx.Start('1', 70'000, RtpTimestamp(0)));
  EXPECT_FALSE(tx.active());
}

TEST(DtmfEventSenderTest, StartReplacesUnfinished) {
  DtmfEventSender tx({});
  ASSERT_TRUE(tx.Start('1', 100, RtpTimestamp(0)));
  tx.Next();
  ASSERT_TRUE(tx.Start('2', 40, RtpTimestamp(800)));
  auto packets = Drain(tx);
  ASSERT_FALSE(packets.empty());
  EXPECT_TRUE(packets[0].marker);
  EXPECT_EQ(packets[0].event.event, 2);
  EXPECT_EQ(packets[0].timestamp.value(), 800u);
}

}  // namespace
}  // namespace chorus::media
