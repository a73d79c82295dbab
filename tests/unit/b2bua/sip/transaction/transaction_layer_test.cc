// Scenarios: CANCEL of a pending INVITE gets 200 and reaches the TU
// (RFC 3261 9.2); a CANCEL matching nothing gets 481; a CANCEL after the
// final gets 200 without cancelling; ACKs and responses matching nothing
// go to the TU statelessly; RFC 2543 requests without the magic cookie are
// matched on their other fields (17.2.3), including their ACK; the same
// branch from a different sent-by is a different transaction; terminated
// transactions are reaped on the next turn.

#include "b2bua/sip/transaction/transaction_layer.h"

#include <gtest/gtest.h>

#include "b2bua/sip/transaction/transaction_key.h"
#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

class TransactionLayerTest : public ::testing::Test {
 protected:
  FakeTimerService timers;
  testing::FakeTransport transport;
  testing::RecordingTu tu;
  TransactionLayer layer{timers, transport, TimerValues{}, tu};
};

TEST_F(TransactionLayerTest, CancelPendingInvite) {
  layer.OnMessage(Parse(testing::Request("INVITE", "z9hG4bKc1")), testing::UdpPeer());
  layer.OnMessage(Parse(testing::Request("CANCEL", "z9hG4bKc1", 1, "CANCEL")),
                  testing::UdpPeer());
  ASSERT_EQ(tu.cancelled.size(), 1u);
  EXPECT_EQ(tu.cancelled[0], tu.requests[0]);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 1u);
  // A retransmitted CANCEL gets the cached 200, no second notification.
  layer.OnMessage(Parse(testing::Request("CANCEL", "z9hG4bKc1", 1, "CANCEL")),
                  testing::UdpPeer());
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 2u);
  EXPECT_EQ(tu.cancelled.size(), 1u);
  EXPECT_EQ(tu.methods, (std::vector<std::string>{"INVITE"}));
}

TEST_F(TransactionLayerTest, CancelWithoutInviteIs481) {
  layer.OnMessage(Parse(testing::Request("CANCEL", "z9hG4bKnone", 1, "CANCEL")),
                  testing::UdpPeer());
  EXPECT_EQ(transport.Count("SIP/2.0 481"), 1u);
  EXPECT_TRUE(tu.cancelled.empty());
}

TEST_F(TransactionLayerTest, CancelAfterFinalDoesNothing) {
  layer.OnMessage(Parse(testing::Request("INVITE", "z9hG4bKc2")), testing::UdpPeer());
  TransactionId txn = tu.requests[0];
  layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), 486, {}, "x"));
  layer.OnMessage(Parse(testing::Request("CANCEL", "z9hG4bKc2", 1, "CANCEL")),
                  testing::UdpPeer());
  EXPECT_TRUE(tu.cancelled.empty());
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 1u);
}

TEST_F(TransactionLayerTest, StrayAckAndResponse) {
  layer.OnMessage(Parse(testing::Request("ACK", "z9hG4bKstray", 1, "ACK", "t")),
                  testing::UdpPeer());
  EXPECT_EQ(tu.acks, 1);
  layer.OnMessage(Parse(testing::Response(200, "z9hG4bKnobody", "INVITE")), testing::UdpPeer());
  EXPECT_EQ(tu.strays, 1);
  EXPECT_EQ(layer.stats().stray_responses, 1u);
}

TEST_F(TransactionLayerTest, Rfc2543MatchingWithoutCookie) {
  layer.OnMessage(Parse(testing::Request("INVITE", "")), testing::UdpPeer());
  layer.OnMessage(Parse(testing::Request("INVITE", "")), testing::UdpPeer());
  EXPECT_EQ(tu.requests.size(), 1u);
  TransactionId txn = tu.requests[0];
  layer.Respond(txn, BuildResponse(*layer.ServerRequest(txn), 404, {}, "srvtag"));
  layer.OnMessage(Parse(testing::Request("ACK", "", 1, "ACK", "srvtag")), testing::UdpPeer());
  EXPECT_EQ(tu.acks, 0);  // matched the INVITE transaction and absorbed
}

TEST_F(TransactionLayerTest, SameBranchDifferentSentByIsDifferent) {
  layer.OnMessage(Parse(testing::Request("OPTIONS", "z9hG4bKsame")), testing::UdpPeer());
  std::string other = testing::Request("OPTIONS", "z9hG4bKsame");
  other.replace(other.find("192.0.2.1:5060"), 14, "192.0.2.9:5060");
  layer.OnMessage(Parse(other), testing::UdpPeer());
  EXPECT_EQ(tu.requests.size(), 2u);
}

TEST_F(TransactionLayerTest, KeysFollowRfc3261) {
  auto inv = Parse(testing::Request("INVITE", "z9hG4bKk"));
  auto ack = Parse(testing::Request("ACK", "z9hG4bKk", 1, "ACK", "x"));
  auto cancel = Parse(testing::Request("CANCEL", "z9hG4bKk", 1, "CANCEL"));
  EXPECT_EQ(ServerTransactionKey(*inv, Method::kInvite),
            ServerTransactionKey(*ack, Method::kInvite));
  EXPECT_EQ(ServerTransactionKey(*inv, Method::kInvite),
            ServerTransactionKey(*cancel, Method::kInvite));
  EXPECT_NE(ServerTransactionKey(*cancel, Method::kCancel),
            ServerTransactionKey(*inv, Method::kInvite));
  EXPECT_TRUE(HasMagicCookie(*inv));
  EXPECT_FALSE(HasMagicCookie(*Parse(testing::Request("INVITE", "z9hG4bK"))));
}

}  // namespace
}  // namespace chorus::b2bua
