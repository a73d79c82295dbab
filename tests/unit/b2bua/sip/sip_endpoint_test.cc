// Scenarios: the whole UAS stack without sockets (SipEndpoint ->
// TransactionLayer -> CallManager with the test routes) answers every RFC
// 4475 / RFC 5118 torture message with the "server" column of
// tests/testdata/sip-torture/expectations.txt; malformed requests get the
// parser's status with a reason phrase naming the fault; malformed
// responses and requests without a Via are dropped and counted.

#include "b2bua/sip/sip_endpoint.h"

#include <gtest/gtest.h>


#include "b2bua/call/call_manager.h"
#include "tests/unit/b2bua/sip/torture_cases.h"
#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

struct Stack : TransactionUser {
  Stack() {
    std::vector<RouteConfig> rc = {
        {.match = "^conf-(.+)$", .action = RouteAction::kConference, .room = "$1"},
        {.match = "^ivr$", .action = RouteAction::kIvr, .menu = "main"},
        {.match = "^echo$", .action = RouteAction::kEcho},
        {.match = "^bridge-(.+)$", .action = RouteAction::kBridge, .target = "sip:$1@127.0.0.1"},
    };
    manager = std::make_unique<CallManager>(
        layer, CallManagerOptions{}, std::make_shared<RouteTable>(*RouteTable::Compile(rc)));
  }
  void OnRequest(TransactionId t, const SipMessage& r, const SipPeer& p) override {
    manager->OnRequest(t, r, p);
  }
  void OnAck(const SipMessage& a, const SipPeer& p) override { manager->OnAck(a, p); }
  void OnCancel(TransactionId t, const SipMessage& c) override { manager->OnCancel(t, c); }
  void OnStrayResponse(const SipMessage& r, const SipPeer& p) override {
    manager->OnStrayResponse(r, p);
  }
  void Feed(std::string_view bytes) {
    endpoint.OnParsed(SipParser::Parse(bytes, Framing::kDatagram, SipParseLimits{}),
                      testing::UdpPeer());
  }

  FakeTimerService timers;
  testing::FakeTransport transport;
  TransactionLayer layer{timers, transport, TimerValues{}, *this};
  SipEndpoint endpoint{transport, layer, "Chorus"};
  std::unique_ptr<CallManager> manager;
};

TEST(SipEndpointTest, TortureMessagesGetTheExpectedAnswer) {
  int checked = 0;
  for (const auto& tc : testing::LoadTortureCases()) {
    const std::string& file = tc.file;
    const std::string& server = tc.server;
    SCOPED_TRACE(file);
    std::string bytes = testing::LoadTortureMessage(file);
    Stack s;
    s.Feed(bytes);
    // Finals only: an INVITE also gets 100 Trying.
    std::vector<int> finals;
    for (const auto& sent : s.transport.sent) {
      if (!sent.response) continue;
      int code = std::stoi(sent.bytes.substr(8, 3));
      if (code >= 200) finals.push_back(code);
    }
    if (server == "none") {
      EXPECT_TRUE(finals.empty());
    } else {
      ASSERT_EQ(finals.size(), 1u);
      EXPECT_EQ(finals[0], std::stoi(server));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 61);
}

TEST(SipEndpointTest, BadRequestReasonNamesTheFault) {
  Stack s;
  s.Feed(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: <sip:a@b>\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(s.transport.sent.size(), 1u);
  // Our 400 copies the request's headers, so it lacks a Call-ID as well.
  auto parsed = SipParser::Parse(s.transport.sent[0].bytes, Framing::kDatagram, SipParseLimits{});
  ASSERT_NE(parsed.message, nullptr);
  auto& r = parsed.message;
  EXPECT_EQ(r->status_code(), 400);
  EXPECT_EQ(r->reason(), "Bad Request (missing Call-ID)");
  EXPECT_EQ(s.endpoint.stats().bad_requests_answered, 1u);
}

TEST(SipEndpointTest, DropsWhatCannotBeAnswered) {
  Stack s;
  s.Feed("OPTIONS sip:a@b SIP/2.0\r\nFrom: <sip:x@y>;tag=2\r\n\r\n");
  s.Feed("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n");
  s.Feed("complete garbage without lines");
  EXPECT_TRUE(s.transport.sent.empty());
  EXPECT_EQ(s.endpoint.stats().parse_errors, 3u);
  EXPECT_EQ(s.endpoint.stats().bad_responses_dropped, 1u);
  EXPECT_EQ(s.endpoint.stats().unanswerable_dropped, 2u);
}

TEST(SipEndpointTest, CountsByMethodAndCode) {
  Stack s;
  s.Feed(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(s.endpoint.stats().requests_by_method[static_cast<size_t>(Method::kOptions)], 1u);
}

}  // namespace
}  // namespace chorus::b2bua
