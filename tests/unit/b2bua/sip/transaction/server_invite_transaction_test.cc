// Scenarios (RFC 3261 17.2.1, RFC 6026 7.1) on a fake clock:
// - 100 Trying goes out at once; a retransmitted INVITE replays the last
//   provisional; the TU sees the INVITE once.
// - a non-2xx final is retransmitted on Timer G (T1 doubling to T2) until
//   the ACK; the ACK is absorbed (Confirmed) and Timer I (T4) ends it.
// - without an ACK, Timer H (64*T1) ends it and counts a timeout.
// - a 2xx moves to Accepted: INVITE retransmissions are absorbed silently,
//   the 2xx ACK (new branch) reaches the TU, Timer L ends it.
// - over TCP there is no Timer G and Timer I is zero.

#include "b2bua/sip/transaction/server_invite_transaction.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

class ServerInviteTest : public ::testing::Test {
 protected:
  void Receive(const SipPeer& peer = testing::UdpPeer()) {
    layer.OnMessage(Parse(testing::Request("INVITE", "z9hG4bKsrv1")), peer);
  }
  void Answer(int code) {
    ASSERT_FALSE(tu.requests.empty());
    TransactionId txn = tu.requests.back();
    layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), code, {}, "srvtag"));
  }
  void Ack(std::string_view branch = "z9hG4bKsrv1", const SipPeer& peer = testing::UdpPeer()) {
    layer.OnMessage(Parse(testing::Request("ACK", branch, 1, "ACK", "srvtag")), peer);
  }
  FakeTimerService timers;
  testing::FakeTransport transport;
  testing::RecordingTu tu;
  TransactionLayer layer{timers, transport, TimerValues{}, tu};
};

TEST_F(ServerInviteTest, TryingAtOnceAndRetransmissionsReplayed) {
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 100"), 1u);
  EXPECT_EQ(tu.requests.size(), 1u);
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 100"), 2u);
  Answer(180);
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 180"), 2u);
  EXPECT_EQ(tu.requests.size(), 1u);
  EXPECT_EQ(layer.stats().retransmissions_absorbed, 2u);
}

TEST_F(ServerInviteTest, TimerGUntilAckThenTimerI) {
  Receive();
  Answer(486);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 1u);
  timers.Advance(500);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 2u);
  timers.Advance(1000);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 3u);
  timers.Advance(2000);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 4u);
  timers.Advance(4000);  // capped at T2 from here
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 5u);
  timers.Advance(4000);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 6u);
  Receive();  // INVITE retransmission in Completed: final replayed
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 7u);
  Ack();
  EXPECT_EQ(tu.acks, 0);  // absorbed
  timers.Advance(4000);
  EXPECT_EQ(transport.Count("SIP/2.0 486"), 7u);
  Ack();  // ACK retransmission absorbed in Confirmed
  EXPECT_EQ(tu.acks, 0);
  timers.Advance(1000);  // Timer I = T4 = 5 s after the ACK
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ServerInviteTest, TimerHWithoutAck) {
  Receive();
  Answer(404);
  timers.Advance(64 * 500);
  EXPECT_EQ(layer.stats().timeouts, 1u);
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ServerInviteTest, AcceptedAbsorbsRetransmissionsAndPassesAck) {
  Receive();
  Answer(200);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 1u);
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 1u);  // RFC 6026: absorbed, the TU retransmits 2xx
  Ack("z9hG4bKack2xx");                           // ACK of a 2xx: its own transaction
  EXPECT_EQ(tu.acks, 1);
  timers.Advance(64 * 500);
  EXPECT_EQ(layer.size(), 0u);  // Timer L
}

TEST_F(ServerInviteTest, TcpHasNoTimerG) {
  Receive(testing::TcpPeer());
  Answer(603);
  timers.Advance(10000);
  EXPECT_EQ(transport.Count("SIP/2.0 603"), 1u);
  Ack("z9hG4bKsrv1", testing::TcpPeer());
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
}

}  // namespace
}  // namespace chorus::b2bua
