// Scenarios (RFC 3261 17.2.2): retransmissions before any response are
// absorbed silently; after a provisional or final the last response is
// replayed; Timer J keeps it 64*T1 over UDP and zero over TCP; the TU sees
// the request once.

#include "b2bua/sip/transaction/server_non_invite_transaction.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

class ServerNonInviteTest : public ::testing::Test {
 protected:
  void Receive(const SipPeer& peer = testing::UdpPeer()) {
    layer.OnMessage(Parse(testing::Request("OPTIONS", "z9hG4bKopt1")), peer);
  }
  FakeTimerService timers;
  testing::FakeTransport transport;
  testing::RecordingTu tu;
  TransactionLayer layer{timers, transport, TimerValues{}, tu};
};

TEST_F(ServerNonInviteTest, AbsorbThenReplayThenTimerJ) {
  Receive();
  Receive();
  EXPECT_TRUE(transport.sent.empty());
  ASSERT_EQ(tu.requests.size(), 1u);
  TransactionId txn = tu.requests[0];
  layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), 200, {}, "t"));
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 2u);
  EXPECT_EQ(tu.requests.size(), 1u);
  EXPECT_EQ(layer.ServerFinalStatus(txn), 200);
  timers.Advance(64 * 500 - 1);
  EXPECT_EQ(layer.size(), 1u);
  timers.Advance(1);
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
  Receive();  // after Timer J a retransmission is a new request
  EXPECT_EQ(tu.requests.size(), 2u);
}

TEST_F(ServerNonInviteTest, ProvisionalReplayed) {
  Receive();
  TransactionId txn = tu.requests[0];
  layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), 100));
  Receive();
  EXPECT_EQ(transport.Count("SIP/2.0 100"), 2u);
}

TEST_F(ServerNonInviteTest, TcpTimerJIsZero) {
  Receive(testing::TcpPeer());
  TransactionId txn = tu.requests[0];
  layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), 200, {}, "t"));
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
}

}  // namespace
}  // namespace chorus::b2bua
