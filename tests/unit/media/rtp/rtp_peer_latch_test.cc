// Scenarios (symmetric RTP latching; rule documented in rtp_peer_latch.h):
// - symmetric: send to the SDP address until the first packet, then latch
//   onto its source and reject others (counted);
// - NAT rebinding: a new address that sends relatch_packets consecutive
//   packets takes over; a packet from the latched address in between
//   cancels the takeover; a third address restarts the count;
// - Reset (new SDP) forgets the latched address;
// - strict: only the exact signalled address (IP and port) is accepted;
//   with no signalled address everything is rejected.

#include "media/rtp/rtp_peer_latch.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

SocketAddress Addr(const char* text) { return *SocketAddress::Parse(text); }

TEST(RtpPeerLatchTest, SymmetricLatchesFirstSource) {
  RtpPeerLatch latch({.mode = LatchingMode::kSymmetric, .signalled = Addr("10.0.0.1:4000")});
  EXPECT_FALSE(latch.latched());
  EXPECT_EQ(latch.send_to(), Addr("10.0.0.1:4000"));
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.7:30112")), LatchDecision::kLatched);
  EXPECT_EQ(latch.send_to(), Addr("192.0.2.7:30112"));
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.7:30112")), LatchDecision::kAccept);
  EXPECT_EQ(latch.OnPacket(Addr("10.0.0.1:4000")), LatchDecision::kReject);
  EXPECT_EQ(latch.rejected(), 1u);
}

TEST(RtpPeerLatchTest, RelatchesAfterSustainedStream) {
  RtpPeerLatch latch({.mode = LatchingMode::kSymmetric, .relatch_packets = 3});
  const SocketAddress old_addr = Addr("192.0.2.7:30112");
  const SocketAddress new_addr = Addr("192.0.2.7:30990");
  latch.OnPacket(old_addr);
  EXPECT_EQ(latch.OnPacket(new_addr), LatchDecision::kReject);
  EXPECT_EQ(latch.OnPacket(new_addr), LatchDecision::kReject);
  EXPECT_EQ(latch.OnPacket(new_addr), LatchDecision::kRelatched);
  EXPECT_EQ(latch.send_to(), new_addr);
  EXPECT_EQ(latch.relatches(), 1u);
  EXPECT_EQ(latch.OnPacket(new_addr), LatchDecision::kAccept);
  EXPECT_EQ(latch.OnPacket(old_addr), LatchDecision::kReject);
}

TEST(RtpPeerLatchTest, LivePeerCancelsTakeover) {
  RtpPeerLatch latch({.mode = LatchingMode::kSymmetric, .relatch_packets = 3});
  const SocketAddress peer = Addr("192.0.2.7:30112");
  const SocketAddress intruder = Addr("198.51.100.9:5004");
  latch.OnPacket(peer);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(latch.OnPacket(intruder), LatchDecision::kReject);
    if (i % 2 == 1) {
      EXPECT_EQ(latch.OnPacket(peer), LatchDecision::kAccept);
    }
  }
  EXPECT_EQ(latch.send_to(), peer);
  EXPECT_EQ(latch.relatches(), 0u);
  EXPECT_EQ(latch.rejected(), 20u);
}

TEST(RtpPeerLatchTest, ThirdAddressRestartsCount) {
  RtpPeerLatch latch({.mode = LatchingMode::kSymmetric, .relatch_packets = 3});
  latch.OnPacket(Addr("192.0.2.7:1000"));
  latch.OnPacket(Addr("192.0.2.7:2000"));
  latch.OnPacket(Addr("192.0.2.7:2000"));
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.7:3000")), LatchDecision::kReject);
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.7:2000")), LatchDecision::kReject);
}

TEST(RtpPeerLatchTest, ResetForgetsPeer) {
  RtpPeerLatch latch({.mode = LatchingMode::kSymmetric});
  latch.OnPacket(Addr("192.0.2.7:1000"));
  latch.Reset(Addr("10.0.0.2:6000"));
  EXPECT_FALSE(latch.latched());
  EXPECT_EQ(latch.send_to(), Addr("10.0.0.2:6000"));
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.8:1000")), LatchDecision::kLatched);
}

TEST(RtpPeerLatchTest, StrictAcceptsOnlySignalled) {
  RtpPeerLatch latch({.mode = LatchingMode::kStrict, .signalled = Addr("[2001:db8::1]:4000")});
  EXPECT_EQ(latch.OnPacket(Addr("[2001:db8::1]:4000")), LatchDecision::kAccept);
  EXPECT_EQ(latch.OnPacket(Addr("[2001:db8::1]:4001")), LatchDecision::kReject);
  EXPECT_EQ(latch.OnPacket(Addr("192.0.2.7:4000")), LatchDecision::kReject);
  for (int i = 0; i < 50; ++i) latch.OnPacket(Addr("192.0.2.7:4000"));
  EXPECT_EQ(latch.send_to(), Addr("[2001:db8::1]:4000"));
  EXPECT_EQ(latch.rejected(), 52u);

  RtpPeerLatch unknown({.mode = LatchingMode::kStrict});
  EXPECT_EQ(unknown.OnPacket(Addr("192.0.2.7:4000")), LatchDecision::kReject);
}

}  // namespace
}  // namespace chorus::media
