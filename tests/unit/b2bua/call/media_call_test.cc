// Scenarios (echo calls through the whole UAS stack, fake media):
// - INVITE with a PCMU offer: 200 with our answer on the reserved port,
//   media started in echo mode with PCMU, ACK confirms, BYE gets 200 and
//   the media is released and the call count drops.
// - no ACK: the 2xx is retransmitted at T1, 2T1, 4T1 (to T2) and after
//   64*T1 we send BYE and release (RFC 3261 13.3.1.4).
// - late offer (INVITE without SDP): we offer in the 200, the ACK answers,
//   then media starts.
// - no common codec: 488 with Warning 305 and Accept; media released.
// - ports exhausted: 503 with Retry-After.
// - re-INVITE to hold (a=sendonly): 200 with a=recvonly, media updated.
// - INFO DTMF gets 200; unknown INFO bodies 415.
// - media timeout: BYE sent.
// - out-of-order CSeq in the dialog: 500.

#include "b2bua/call/media_call.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/call/fake_media_control.h"
#include "tests/unit/b2bua/sip/transaction/transaction_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::Parse;

std::string Offer(const std::string& codecs = "0 101", const std::string& extra = "") {
  return "v=0\r\no=alice 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
         "m=audio 49170 RTP/AVP " + codecs + "\r\na=rtpmap:0 PCMU/8000\r\n"
         "a=rtpmap:101 telephone-event/8000\r\n" + extra;
}

std::string Invite(const std::string& body, int cseq = 1, const std::string& to_tag = "",
                   const std::string& method = "INVITE", const std::string& branch = "inv") {
  std::string to = "<sip:echo@127.0.0.1>";
  if (!to_tag.empty()) to += ";tag=" + to_tag;
  return method + " sip:echo@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK" +
         branch + "\r\nFrom: <sip:alice@a.example>;tag=alice\r\nTo: " + to +
         "\r\nCall-ID: echo-1\r\nCSeq: " + std::to_string(cseq) + " " + method +
         "\r\nContact: <sip:alice@10.0.0.1:5062>\r\n" +
         (body.empty() ? "" : "Content-Type: application/sdp\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class MediaCallTest : public ::testing::Test, public TransactionUser {
 protected:
  MediaCallTest() {
    std::vector<RouteConfig> rc = {{.match = "^echo$", .action = RouteAction::kEcho}};
    manager = std::make_unique<CallManager>(
        layer, CallManagerOptions{}, std::make_shared<RouteTable>(*RouteTable::Compile(rc)));
    LegContext ctx{*manager, layer, transport, timers};
    MediaCall::Options o;
    o.mode = MediaMode::kEcho;
    o.sdp.srtp = media::SrtpMode::kOff;
    factory = std::make_unique<MediaCallFactory>(ctx, media, o);
    manager->SetFactory(RouteAction::kEcho, factory.get());
  }
  void OnRequest(TransactionId t, const SipMessage& r, const SipPeer& p) override {
    manager->OnRequest(t, r, p);
  }
  void OnAck(const SipMessage& a, const SipPeer& p) override { manager->OnAck(a, p); }
  void OnCancel(TransactionId t, const SipMessage& c) override { manager->OnCancel(t, c); }
  void OnStrayResponse(const SipMessage& r, const SipPeer& p) override {
    manager->OnStrayResponse(r, p);
  }
  SipPeer Peer() {
    SipPeer p = testing::UdpPeer();
    p.remote = *SocketAddress::Parse("10.0.0.1:5062");
    return p;
  }
  void Send(const std::string& text) { layer.OnMessage(Parse(text), Peer()); }
  std::unique_ptr<SipMessage> Last(std::string_view start) {
    for (auto it = transport.sent.rbegin(); it != transport.sent.rend(); ++it) {
      if (it->bytes.rfind(start, 0) == 0) return Parse(it->bytes);
    }
    return nullptr;
  }
  std::string OurTag() { return std::string(Last("SIP/2.0 200")->to().tag); }
  std::string Ack(int cseq = 1, const std::string& body = "") {
    return Invite(body, cseq, OurTag(), "ACK", "ack" + std::to_string(cseq));
  }
  std::string InDialog(const std::string& method, int cseq, const std::string& body = "",
                       const std::string& ct = "application/sdp") {
    std::string m = Invite(body, cseq, OurTag(), method, method + std::to_string(cseq));
    if (ct != "application/sdp" && !body.empty()) {
      m.replace(m.find("application/sdp"), 15, ct);
    }
    return m;
  }

  FakeTimerService timers;
  testing::FakeTransport transport;
  testing::FakeMediaControl media;
  TransactionLayer layer{timers, transport, TimerValues{}, *this};
  std::unique_ptr<CallManager> manager;
  std::unique_ptr<MediaCallFactory> factory;
};

TEST_F(MediaCallTest, EchoCallLifecycle) {
  Send(Invite(Offer()));
  auto ok = Last("SIP/2.0 200");
  ASSERT_NE(ok, nullptr);
  EXPECT_NE(ok->body().find("m=audio 40002 RTP/AVP 0"), std::string_view::npos);
  EXPECT_NE(ok->Value(HeaderId::kContact).find("sip:chorus@127.0.0.1:5060"),
            std::string_view::npos);
  ASSERT_EQ(media.started.size(), 1u);
  EXPECT_EQ(media.last_options.mode, MediaMode::kEcho);
  EXPECT_EQ(media.last.codec.name, "PCMU");
  EXPECT_EQ(media.last.remote_rtp.ToString(), "10.0.0.1:49170");
  EXPECT_FALSE(media.last_options.inband_dtmf);
  EXPECT_EQ(manager->active_calls(), 1);
  Send(Ack());
  timers.Advance(10000);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 1u);  // ACKed: no retransmission
  Send(InDialog("BYE", 2));
  EXPECT_EQ(Last("SIP/2.0 200")->cseq().method, "BYE");
  EXPECT_EQ(media.released.size(), 1u);
  EXPECT_EQ(manager->active_calls(), 0);
  timers.Advance(0);
  EXPECT_EQ(factory->active(), 0u);
}

TEST_F(MediaCallTest, NoAckRetransmitsThenByes) {
  Send(Invite(Offer()));
  timers.Advance(500);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 2u);
  timers.Advance(1000);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 3u);
  timers.Advance(30499);
  EXPECT_EQ(transport.Count("BYE"), 0u);
  timers.Advance(1);  // 64*T1
  EXPECT_EQ(transport.Count("BYE"), 1u);
  EXPECT_EQ(media.released.size(), 1u);
  EXPECT_EQ(manager->active_calls(), 0);
}

TEST_F(MediaCallTest, LateOffer) {
  Send(Invite(""));
  auto ok = Last("SIP/2.0 200");
  ASSERT_NE(ok, nullptr);
  EXPECT_NE(ok->body().find("m=audio 40002"), std::string_view::npos);
  EXPECT_TRUE(media.started.empty());
  std::string answer =
      "v=0\r\no=alice 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  Send(Ack(1, answer));
  ASSERT_EQ(media.started.size(), 1u);
  EXPECT_EQ(media.last.codec.name, "PCMU");
}

TEST_F(MediaCallTest, NoCommonCodec488) {
  Send(Invite(Offer("18", "a=rtpmap:18 G729/8000\r\n")));
  auto r = Last("SIP/2.0 488");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->Value(HeaderId::kWarning).substr(0, 4), "305 ");
  EXPECT_EQ(r->Value(HeaderId::kAccept), "application/sdp");
  EXPECT_EQ(media.released.size(), 1u);
  EXPECT_EQ(manager->active_calls(), 0);
}

TEST_F(MediaCallTest, PortsExhausted503) {
  media.exhausted = true;
  Send(Invite(Offer()));
  auto r = Last("SIP/2.0 503");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->Value(HeaderId::kRetryAfter), "5");
  EXPECT_EQ(manager->active_calls(), 0);
}

TEST_F(MediaCallTest, ReInviteHold) {
  Send(Invite(Offer()));
  Send(Ack());
  std::string hold = Offer("0", "a=sendonly\r\n");
  hold.replace(hold.find("o=alice 1 1"), 11, "o=alice 1 2");
  Send(InDialog("INVITE", 2, hold));
  auto r = Last("SIP/2.0 200");
  EXPECT_EQ(r->cseq().number, 2u);
  EXPECT_NE(r->body().find("a=recvonly"), std::string_view::npos);
  ASSERT_EQ(media.updated.size(), 1u);
  Send(Ack(2));
  timers.Advance(5000);
  EXPECT_EQ(transport.Count("SIP/2.0 200"), 2u);
}

TEST_F(MediaCallTest, InfoDtmf) {
  Send(Invite(Offer()));
  Send(Ack());
  Send(InDialog("INFO", 2, "Signal=5\r\nDuration=160\r\n", "application/dtmf-relay"));
  EXPECT_EQ(Last("SIP/2.0 200")->cseq().method, "INFO");
  Send(InDialog("INFO", 3, "hello", "text/plain"));
  EXPECT_NE(Last("SIP/2.0 415"), nullptr);
}

TEST_F(MediaCallTest, MediaTimeoutHangsUp) {
  Send(Invite(Offer()));
  Send(Ack());
  ASSERT_TRUE(media.handlers.on_timeout);
  media.handlers.on_timeout();
  EXPECT_EQ(transport.Count("BYE"), 1u);
  EXPECT_EQ(media.released.size(), 1u);
}

TEST_F(MediaCallTest, OutOfOrderCSeq500) {
  Send(Invite(Offer(), 5));
  Send(Ack(5));
  Send(InDialog("INFO", 3, ""));
  auto r = Last("SIP/2.0 500");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cseq().number, 3u);
}

}  // namespace
}  // namespace chorus::b2bua
