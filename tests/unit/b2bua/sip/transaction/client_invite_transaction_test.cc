// Scenarios (RFC 3261 17.1.1, RFC 6026 7.2), all on a fake clock:
// - UDP: Timer A retransmits at T1, 2T1, 4T1... and Timer B fails the
//   transaction with 408 at 64*T1 (7 sends in all).
// - a provisional stops retransmission and Timer B.
// - a non-2xx final is ACKed by the transaction (built per 17.1.1.3), its
//   retransmissions re-ACKed without bothering the TU, Timer D ends it.
// - a 2xx moves to Accepted; 2xx retransmissions reach the TU; Timer M ends it.
// - TCP: no retransmissions, Timer B still applies, Timer D is zero.
// - a send failure is reported as 503, later, not inside SendRequest.

#include "b2bua/sip/transaction/client_invite_transaction.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::FakeTransport;
using testing::Parse;
using testing::RecordingTu;

class ClientInviteTest : public ::testing::Test {
 protected:
  TransactionId Send(const SipPeer& peer) {
    ClientHandler h;
    h.on_response = [this](const SipMessage& r) { responses.push_back(r.status_code()); };
    h.on_failure = [this](int status) { failures.push_back(status); };
    return layer.SendRequest(Parse(testing::Request("INVITE", "z9hG4bKinv1")), peer,
                             std::move(h));
  }
  void Deliver(int code) {
    layer.OnMessage(Parse(testing::Response(code, "z9hG4bKinv1", "INVITE")), testing::UdpPeer());
  }

  FakeTimerService timers;
  FakeTransport transport;
  RecordingTu tu;
  TransactionLayer layer{timers, transport, TimerValues{}, tu};
  std::vector<int> responses;
  std::vector<int> failures;
};

TEST_F(ClientInviteTest, TimerARetransmitsAndTimerBTimesOut) {
  Send(testing::UdpPeer());
  EXPECT_EQ(transport.Count("INVITE"), 1u);
  timers.Advance(499);
  EXPECT_EQ(transport.Count("INVITE"), 1u);
  timers.Advance(1);  // t=500: A = T1
  EXPECT_EQ(transport.Count("INVITE"), 2u);
  timers.Advance(1000);  // t=1500: 2*T1
  EXPECT_EQ(transport.Count("INVITE"), 3u);
  timers.Advance(2000);  // t=3500
  EXPECT_EQ(transport.Count("INVITE"), 4u);
  timers.Advance(28499);  // t=31999
  EXPECT_EQ(transport.Count("INVITE"), 7u);  // 7500, 15500, 31500
  EXPECT_TRUE(failures.empty());
  timers.Advance(1);  // t=32000 = 64*T1: Timer B
  EXPECT_EQ(failures, (std::vector<int>{408}));
  EXPECT_EQ(layer.stats().timeouts, 1u);
  EXPECT_EQ(layer.stats().retransmissions_sent, 6u);
  timers.Advance(100000);
  EXPECT_EQ(transport.Count("INVITE"), 7u);
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientInviteTest, ProvisionalStopsRetransmissionsAndTimerB) {
  Send(testing::UdpPeer());
  timers.Advance(500);
  Deliver(180);
  EXPECT_EQ(responses, (std::vector<int>{180}));
  timers.Advance(200000);
  EXPECT_EQ(transport.Count("INVITE"), 2u);
  EXPECT_TRUE(failures.empty());
  EXPECT_EQ(layer.size(), 1u);  // waits for the final; the TU decides when to CANCEL
}

TEST_F(ClientInviteTest, Non2xxIsAckedByTheTransaction) {
  Send(testing::UdpPeer());
  Deliver(486);
  EXPECT_EQ(responses, (std::vector<int>{486}));
  ASSERT_EQ(transport.Count("ACK"), 1u);
  auto ack = Parse(transport.sent.back().bytes);
  EXPECT_EQ(ack->request_uri(), "sip:bob@b.example");
  EXPECT_EQ(ack->cseq().number, 1u);
  EXPECT_EQ(ack->cseq().method, "ACK");
  EXPECT_EQ(ack->to().tag, "b1");
  EXPECT_EQ(ack->top_via().branch, "z9hG4bKinv1");
  Deliver(486);  // retransmitted final
  EXPECT_EQ(transport.Count("ACK"), 2u);
  EXPECT_EQ(responses.size(), 1u);
  timers.Advance(31999);
  EXPECT_EQ(layer.size(), 1u);
  timers.Advance(1);  // Timer D = 32 s
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientInviteTest, TwoHundredEntersAcceptedAndPassesRetransmissions) {
  Send(testing::UdpPeer());
  Deliver(200);
  Deliver(200);
  EXPECT_EQ(responses, (std::vector<int>{200, 200}));
  EXPECT_EQ(transport.Count("ACK"), 0u);  // the TU ACKs a 2xx
  timers.Advance(64 * 500 - 1);
  EXPECT_EQ(layer.size(), 1u);
  timers.Advance(1);  // Timer M
  EXPECT_EQ(layer.size(), 0u);
  Deliver(200);  // now stray: the dialog layer re-ACKs it
  EXPECT_EQ(tu.strays, 1);
}

TEST_F(ClientInviteTest, TcpDoesNotRetransmit) {
  Send(testing::TcpPeer());
  timers.Advance(31999);
  EXPECT_EQ(transport.Count("INVITE"), 1u);
  timers.Advance(1);
  EXPECT_EQ(failures, (std::vector<int>{408}));
}

TEST_F(ClientInviteTest, TcpTimerDIsZero) {
  Send(testing::TcpPeer());
  layer.OnMessage(Parse(testing::Response(404, "z9hG4bKinv1", "INVITE")), testing::TcpPeer());
  EXPECT_EQ(transport.Count("ACK"), 1u);
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientInviteTest, SendFailureIsDeferred503) {
  transport.fail = true;
  Send(testing::UdpPeer());
  EXPECT_TRUE(failures.empty());
  timers.Advance(0);
  EXPECT_EQ(failures, (std::vector<int>{503}));
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientInviteTest, ResponseForOtherBranchOrMethodDoesNotMatch) {
  Send(testing::UdpPeer());
  layer.OnMessage(Parse(testing::Response(200, "z9hG4bKother", "INVITE")), testing::UdpPeer());
  layer.OnMessage(Parse(testing::Response(200, "z9hG4bKinv1", "BYE")), testing::UdpPeer());
  EXPECT_TRUE(responses.empty());
  EXPECT_EQ(tu.strays, 2);
}

TEST(BuildNon2xxAckTest, CopiesRoutes) {
  std::string invite = testing::Request("INVITE", "z9hG4bKr");
  invite.insert(invite.find("Max-Forwards"), "Route: <sip:p1.example;lr>\r\n");
  auto inv = Parse(invite);
  auto resp = Parse(testing::Response(503, "z9hG4bKr", "INVITE"));
  auto ack = Parse(BuildNon2xxAck(*inv, *resp));
  EXPECT_EQ(ack->Value(HeaderId::kRoute), "<sip:p1.example;lr>");
  EXPECT_EQ(ack->method(), Method::kAck);
}

}  // namespace
}  // namespace chorus::b2bua
