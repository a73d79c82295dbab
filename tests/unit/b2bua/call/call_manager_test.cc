// Scenarios: OPTIONS gets 200 with Allow/Accept/Server, also with
// Max-Forwards 0 (RFC 4475 3.3.11); INVITE to a user no route matches gets
// 404; a matched route whose action has no factory gets 501; with a
// factory the INVITE is handed over with the route's captures; the call
// limit answers 503 with Retry-After; a bridge route with Max-Forwards 0
// gets 483 (we would forward); requests for unknown dialogs get 481; BYE
// outside a dialog gets 481; registered dialogs receive their requests,
// ACKs and CANCELs.

#include "b2bua/call/call_manager.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

std::string Invite(const std::string& user, const std::string& extra = "") {
  return "INVITE sip:" + user + "@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK" +
         user + "\r\nFrom: <sip:a@b>;tag=f1\r\nTo: <sip:" + user +
         "@127.0.0.1>\r\nCall-ID: c-" + user + "\r\nCSeq: 1 INVITE\r\nContact: <sip:a@10.0.0.1>\r\n" +
         extra + "Content-Length: 0\r\n\r\n";
}

class FakeFactory : public CallFactory {
 public:
  void OnInvite(TransactionId txn, const SipMessage&, const SipPeer&,
                const RouteMatch& route) override {
    txns.push_back(txn);
    rooms.push_back(route.room);
  }
  std::vector<TransactionId> txns;
  std::vector<std::string> rooms;
};

class FakeDialogUser : public DialogUser {
 public:
  void OnInDialogRequest(TransactionId, const SipMessage& r, const SipPeer&) override {
    methods.emplace_back(r.method_name());
  }
  void OnAck(const SipMessage&, const SipPeer&) override { ++acks; }
  void OnCancel(TransactionId) override { ++cancels; }
  void OnStrayResponse(const SipMessage&, const SipPeer&) override {}
  std::vector<std::string> methods;
  int acks = 0;
  int cancels = 0;
};

class CallManagerTest : public ::testing::Test {
 protected:
  CallManagerTest() {
    std::vector<RouteConfig> rc = {
        {.match = "^conf-(.+)$", .action = RouteAction::kConference, .room = "$1"},
        {.match = "^echo$", .action = RouteAction::kEcho},
        {.match = "^bridge-(.+)$", .action = RouteAction::kBridge, .target = "sip:$1@10.0.0.2"},
    };
    CallManagerOptions o;
    o.limits.max_calls = 2;
    manager = std::make_unique<CallManager>(
        layer, o, std::make_shared<RouteTable>(*RouteTable::Compile(rc)));
    // The layer's TU is the manager; rebuild the layer around it.
  }
  std::unique_ptr<SipMessage> LastSent() { return Parse(transport.sent.back().bytes); }
  void Send(const std::string& text) { layer.OnMessage(Parse(text), testing::UdpPeer()); }

  struct Forwarder : TransactionUser {
    CallManager* target = nullptr;
    void OnRequest(TransactionId t, const SipMessage& r, const SipPeer& p) override {
      target->OnRequest(t, r, p);
    }
    void OnAck(const SipMessage& a, const SipPeer& p) override { target->OnAck(a, p); }
    void OnCancel(TransactionId t, const SipMessage& c) override { target->OnCancel(t, c); }
    void OnStrayResponse(const SipMessage& r, const SipPeer& p) override {
      target->OnStrayResponse(r, p);
    }
  };

  void SetUp() override { forwarder.target = manager.get(); }

  FakeTimerService timers;
  testing::FakeTransport transport;
  Forwarder forwarder;
  TransactionLayer layer{timers, transport, TimerValues{}, forwarder};
  std::unique_ptr<CallManager> manager;
};

TEST_F(CallManagerTest, OptionsAnswered) {
  Send("OPTIONS sip:anyone@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKo\r\n"
       "Max-Forwards: 0\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: o1\r\n"
       "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  auto r = LastSent();
  EXPECT_EQ(r->status_code(), 200);
  EXPECT_NE(r->Value(HeaderId::kAllow).find("INVITE"), std::string_view::npos);
  EXPECT_EQ(r->Value(HeaderId::kAccept), "application/sdp");
  EXPECT_EQ(r->Value(HeaderId::kServer), "Chorus");
  EXPECT_TRUE(r->to().has_tag);
}

TEST_F(CallManagerTest, UnknownUser404) {
  Send(Invite("nobody"));
  EXPECT_EQ(LastSent()->status_code(), 404);
  EXPECT_EQ(manager->stats().no_route, 1u);
}

TEST_F(CallManagerTest, ActionWithoutFactory501) {
  Send(Invite("echo"));
  auto r = LastSent();
  EXPECT_EQ(r->status_code(), 501);
  EXPECT_NE(r->reason().find("echo"), std::string_view::npos);
}

TEST_F(CallManagerTest, FactoryGetsTheInvite) {
  FakeFactory f;
  manager->SetFactory(RouteAction::kConference, &f);
  Send(Invite("conf-room1"));
  ASSERT_EQ(f.rooms.size(), 1u);
  EXPECT_EQ(f.rooms[0], "room1");
  EXPECT_EQ(transport.Count("SIP/2.0 100"), 1u);  // only Trying: the factory answers
}

TEST_F(CallManagerTest, CallLimit503) {
  FakeFactory f;
  manager->SetFactory(RouteAction::kConference, &f);
  manager->CallStarted();
  manager->CallStarted();
  Send(Invite("conf-x"));
  auto r = LastSent();
  EXPECT_EQ(r->status_code(), 503);
  EXPECT_EQ(r->Value(HeaderId::kRetryAfter), "5");
  manager->CallEnded();
  Send(Invite("conf-y"));
  EXPECT_EQ(f.rooms.size(), 1u);
}

TEST_F(CallManagerTest, MaxForwardsZeroOnlyForForwardedCalls) {
  Send(Invite("bridge-bob", "Max-Forwards: 0\r\n"));
  EXPECT_EQ(LastSent()->status_code(), 483);
  Send(Invite("echo", "Max-Forwards: 0\r\n"));
  EXPECT_EQ(LastSent()->status_code(), 501);  // answered by us: no 483
}

TEST_F(CallManagerTest, UnknownDialog481) {
  Send("BYE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKb\r\n"
       "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=zz\r\nCall-ID: nope\r\nCSeq: 2 BYE\r\n"
       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(LastSent()->status_code(), 481);
  Send("BYE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKb2\r\n"
       "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: nope2\r\nCSeq: 2 BYE\r\n"
       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(LastSent()->status_code(), 481);
}

TEST_F(CallManagerTest, RegisteredDialogGetsItsTraffic) {
  FakeDialogUser u;
  manager->RegisterDialog(DialogId{"d1", "mine", "theirs"}, &u);
  Send("BYE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKd\r\n"
       "From: <sip:a@b>;tag=theirs\r\nTo: <sip:c@d>;tag=mine\r\nCall-ID: d1\r\nCSeq: 2 BYE\r\n"
       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(u.methods, (std::vector<std::string>{"BYE"}));
  Send("ACK sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKack\r\n"
       "From: <sip:a@b>;tag=theirs\r\nTo: <sip:c@d>;tag=mine\r\nCall-ID: d1\r\nCSeq: 1 ACK\r\n"
       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(u.acks, 1);
  manager->UnregisterDialog(DialogId{"d1", "mine", "theirs"});
  Send("INFO sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKi\r\n"
       "From: <sip:a@b>;tag=theirs\r\nTo: <sip:c@d>;tag=mine\r\nCall-ID: d1\r\nCSeq: 3 INFO\r\n"
       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(LastSent()->status_code(), 481);
}

TEST_F(CallManagerTest, CancelReachesPendingInvite) {
  FakeFactory f;
  FakeDialogUser u;
  manager->SetFactory(RouteAction::kConference, &f);
  Send(Invite("conf-c"));
  manager->RegisterPendingInvite(f.txns[0], &u);
  Send("CANCEL sip:conf-c@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKconf-c\r\n"
       "From: <sip:a@b>;tag=f1\r\nTo: <sip:conf-c@127.0.0.1>\r\nCall-ID: c-conf-c\r\n"
       "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(u.cancels, 1);
}

}  // namespace
}  // namespace chorus::b2bua
