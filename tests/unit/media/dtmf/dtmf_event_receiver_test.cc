// Scenarios (RFC 4733 2.5), 8 kHz clock, 20 ms packets (160 units):
// - a clean press: start with marker, updates, 3 redundant ends -> one
//   digit with the final duration (800 units = 100 ms), end_seen;
// - retransmitted ends and a reordered late update after the end are
//   ignored;
// - lost start packet (first packet has no marker) still gives one digit;
// - only end packets arrive (start and updates lost) -> one digit;
// - all end packets lost, next press has a new timestamp -> the first
//   digit is reported (end_seen false) then the second;
// - all end packets lost and silence -> Poll after the timeout reports it;
// - the same digit pressed twice -> two digits (new timestamp);
// - long press over 0xFFFF units: a segment continues at timestamp +
//   0xFFFF without marker -> one digit with the summed duration;
// - timestamp wrap-around between presses; stale packets of an older
//   press ignored; non-DTMF events (flash = 16) ignored;
// - a sequence from DtmfEventSender round-trips.

#include "media/dtmf/dtmf_event_receiver.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "media/dtmf/dtmf_event_sender.h"

namespace chorus::media {
namespace {

class ReceiverHarness {
 public:
  ReceiverHarness() : rx_({.clock_rate_hz = 8000, .end_timeout_ms = 300}) {}

  void Packet(uint32_t ts, bool marker, uint8_t event, bool end, uint16_t duration) {
    now_ms_ += 20;
    Collect(rx_.OnPacket(
        RtpTimestamp(ts), marker,
        TelephoneEvent{.event = event, .end = end, .volume = 10, .duration = duration}, now_ms_));
  }
  // A full press: marker start, updates every 160, three ends.
  void Press(uint32_t ts, uint8_t event, uint16_t total) {
    for (uint32_t d = 160; d < total; d += 160) Packet(ts, d == 160, event, false, d);
    for (int i = 0; i < 3; ++i) Packet(ts, false, event, true, total);
  }
  void Poll(int64_t advance_ms) {
    now_ms_ += advance_ms;
    Collect(rx_.Poll(now_ms_));
  }
  std::string Digits() const {
    std::string s;
    for (const auto& e : events_) s += e.digit;
    return s;
  }
  const std::vector<DtmfDigitEvent>& events() const { return events_; }
  DtmfEventReceiver& rx() { return rx_; }

 private:
  void Collect(const DtmfDigitEvents& out) {
    for (const auto& e : out) events_.push_back(e);
  }
  DtmfEventReceiver rx_;
  int64_t now_ms_ = 1000;
  std::vector<DtmfDigitEvent> events_;
};

TEST(DtmfEventReceiverTest, CleanPress) {
  ReceiverHarness h;
  h.Press(1000, 5, 800);
  ASSERT_EQ(h.Digits(), "5");
  EXPECT_EQ(h.events()[0].duration_units, 800u);
  EXPECT_EQ(h.events()[0].duration_ms, 100u);
  EXPECT_TRUE(h.events()[0].end_seen);
  EXPECT_EQ(h.events()[0].start.value(), 1000u);
  EXPECT_EQ(h.events()[0].volume, 10);
}

TEST(DtmfEventReceiverTest, RetransmittedEndsAndLateUpdatesIgnored) {
  ReceiverHarness h;
  h.Press(1000, 1, 480);
  h.Packet(1000, false, 1, true, 480);   // retransmitted end
  h.Packet(1000, false, 1, false, 320);  // late update
  h.Poll(1000);
  EXPECT_EQ(h.Digits(), "1");
}

TEST(DtmfEventReceiverTest, LostStartPacket) {
  ReceiverHarness h;
  h.Packet(5000, false, 9, false, 320);  // marker packet lost
  h.Packet(5000, false, 9, false, 480);
  for (int i = 0; i < 3; ++i) h.Packet(5000, false, 9, true, 640);
  ASSERT_EQ(h.Digits(), "9");
  EXPECT_EQ(h.events()[0].duration_units, 640u);
}

TEST(DtmfEventReceiverTest, OnlyEndPacketsArrive) {
  ReceiverHarness h;
  h.Packet(5000, false, 11, true, 960);
  h.Packet(5000, false, 11, true, 960);
  ASSERT_EQ(h.Digits(), "#");
  EXPECT_EQ(h.events()[0].duration_ms, 120u);
}

TEST(DtmfEventReceiverTest, AllEndsLostThenNextPress) {
  ReceiverHarness h;
  h.Packet(1000, true, 2, false, 160);
  h.Packet(1000, false, 2, false, 320);  // ends of '2' all lost
  h.Press(3000, 3, 480);
  ASSERT_EQ(h.Digits(), "23");
  EXPECT_FALSE(h.events()[0].end_seen);
  EXPECT_EQ(h.events()[0].duration_units, 320u);
  EXPECT_TRUE(h.events()[1].end_seen);
}

TEST(DtmfEventReceiverTest, AllEndsLostThenTimeout) {
  ReceiverHarness h;
  h.Packet(1000, true, 4, false, 160);
  h.Packet(1000, false, 4, false, 320);
  EXPECT_TRUE(h.rx().in_event());
  h.Poll(100);
  EXPECT_EQ(h.Digits(), "");
  h.Poll(250);
  ASSERT_EQ(h.Digits(), "4");
  EXPECT_FALSE(h.events()[0].end_seen);
  h.Poll(1000);
  h.Packet(1000, false, 4, true, 480);  // a straggling end: already reported
  EXPECT_EQ(h.Digits(), "4");
}

TEST(DtmfEventReceiverTest, SameDigitTwice) {
  ReceiverHarness h;
  h.Press(1000, 1, 640);
  h.Press(4000, 1, 640);
  EXPECT_EQ(h.Digits(), "11");
}

TEST(DtmfEventReceiverTest, LongPressSegments) {
  ReceiverHarness h;
  // First segment runs up to 65440 (the last multiple of 160 under 0xFFFF).
  uint32_t ts = 100;
  for (uint32_t d = 160; d <= 65440; d += 160) h.Packet(ts, d == 160, 0, false, d);
  // RFC 4733 2.5.1.3: next segment at ts + 0xFFFF, no marker.
  ts += 0xFFFF;
  h.Packet(ts, false, 0, false, 160);
  h.Packet(ts, false, 0, false, 320);
  for (int i = 0; i < 3; ++i) h.Packet(ts, false, 0, true, 400);
  ASSERT_EQ(h.Digits(), "0");
  EXPECT_EQ(h.events()[0].duration_units, 0xFFFFu + 400);
  EXPECT_EQ(h.events()[0].start.value(), 100u);
}

TEST(DtmfEventReceiverTest, WrapStaleAndNonDtmf) {
  ReceiverHarness h;
  h.Press(0xFFFFFE00u, 6, 480);
  h.Press(0x00000400u, 7, 480);                 // timestamp wrapped: newer
  h.Packet(0xFFFFFE00u, false, 6, true, 480);   // stale end of '6'
  h.Packet(0x00000800u, true, 16, false, 160);  // flash: not a digit
  h.Packet(0x00000800u, false, 16, true, 320);
  EXPECT_EQ(h.Digits(), "67");
  EXPECT_EQ(h.rx().stale_packets(), 1u);
  EXPECT_EQ(h.rx().ignored_events(), 2u);
}

TEST(DtmfEventReceiverTest, RoundTripWithSender) {
  DtmfEventSender tx({.clock_rate_hz = 8000, .ptime_ms = 20});
  ReceiverHarness h;
  ASSERT_TRUE(tx.Start('*', 250, RtpTimestamp(123456)));
  while (auto p = tx.Next()) {
    auto e = TelephoneEvent::Parse(p->payload);
    ASSERT_TRUE(e);
    h.Packet(p->timestamp.value(), p->marker, e->event, e->end, e->duration);
  }
  ASSERT_EQ(h.Digits(), "*");
  EXPECT_EQ(h.events()[0].duration_ms, 250u);
}

}  // namespace
}  // namespace chorus::media
