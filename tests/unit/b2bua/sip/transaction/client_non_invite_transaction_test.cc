// Scenarios (RFC 3261 17.1.2) on a fake clock:
// - UDP: Timer E doubles from T1 up to T2 while Trying; Timer F fails the
//   transaction with 408 at 64*T1.
// - after a provisional, E fires every T2.
// - a final response completes it; retransmitted finals are absorbed; Timer
//   K (T4 over UDP, 0 over TCP) ends it.

#include "b2bua/sip/transaction/client_non_invite_transaction.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

class ClientNonInviteTest : public ::testing::Test {
 protected:
  void Send(const SipPeer& peer) {
    ClientHandler h;
    h.on_response = [this](const SipMessage& r) { responses.push_back(r.status_code()); };
    h.on_failure = [this](int s) { failures.push_back(s); };
    layer.SendRequest(Parse(testing::Request("BYE", "z9hG4bKbye1", 2, {}, "b1")), peer,
                      std::move(h));
  }
  void Deliver(int code) {
    layer.OnMessage(Parse(testing::Response(code, "z9hG4bKbye1", "BYE", 2)), testing::UdpPeer());
  }
  FakeTimerService timers;
  testing::FakeTransport transport;
  testing::RecordingTu tu;
  TransactionLayer layer{timers, transport, TimerValues{}, tu};
  std::vector<int> responses;
  std::vector<int> failures;
};

TEST_F(ClientNonInviteTest, TimerEDoublesToT2ThenTimerF) {
  Send(testing::UdpPeer());
  // Sends at 0, 500, 1500, 3500, 7500, 11500, 15500, ... 31500.
  timers.Advance(7500);
  EXPECT_EQ(transport.Count("BYE"), 5u);
  timers.Advance(4000);
  EXPECT_EQ(transport.Count("BYE"), 6u);
  timers.Advance(20000);  // 31500
  EXPECT_EQ(transport.Count("BYE"), 11u);
  EXPECT_TRUE(failures.empty());
  timers.Advance(500);  // 32000 = 64*T1
  EXPECT_EQ(failures, (std::vector<int>{408}));
}

TEST_F(ClientNonInviteTest, ProvisionalMakesTimerET2) {
  Send(testing::UdpPeer());
  Deliver(100);
  EXPECT_EQ(responses, (std::vector<int>{100}));
  timers.Advance(500);  // the pending E (T1) still fires once
  EXPECT_EQ(transport.Count("BYE"), 2u);
  timers.Advance(3999);
  EXPECT_EQ(transport.Count("BYE"), 2u);
  timers.Advance(1);  // then every T2
  EXPECT_EQ(transport.Count("BYE"), 3u);
}

TEST_F(ClientNonInviteTest, FinalCompletesAndTimerKEnds) {
  Send(testing::UdpPeer());
  Deliver(200);
  Deliver(200);
  EXPECT_EQ(responses, (std::vector<int>{200}));
  timers.Advance(10000);
  EXPECT_EQ(transport.Count("BYE"), 1u);
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);  // Timer K = T4 = 5 s passed
}

TEST_F(ClientNonInviteTest, TcpTimerKIsZero) {
  Send(testing::TcpPeer());
  layer.OnMessage(Parse(testing::Response(481, "z9hG4bKbye1", "BYE", 2)), testing::TcpPeer());
  timers.Advance(0);
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_EQ(responses, (std::vector<int>{481}));
}

}  // namespace
}  // namespace chorus::b2bua
