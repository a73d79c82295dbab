// Scenarios (RFC 3261 12): a UAS dialog takes its route set from
// Record-Route in order, the remote target from Contact, swaps From/To and
// adds our tag; a UAC dialog reverses Record-Route; in-dialog requests
// carry the next CSeq, the Route set (loose routing) and the remote target
// as Request-URI, strict routing when the first route lacks lr; the ACK
// for a 2xx reuses the INVITE's CSeq (13.2.2.4); received CSeq must grow
// (12.2.2); target refresh; dialog ids from requests and responses match.

#include "b2bua/sip/dialog/dialog.h"

#include <gtest/gtest.h>

#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {
namespace {

std::unique_ptr<SipMessage> Parse(const std::string& s) {
  auto r = SipParser::Parse(s, Framing::kDatagram, SipParseLimits{});
  EXPECT_TRUE(r.ok()) << r.reason;
  return std::move(r.message);
}

const char kInvite[] =
    "INVITE sip:echo@127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bKa\r\n"
    "Record-Route: <sip:p1.example;lr>, <sip:10.0.0.9:5070;lr>\r\n"
    "Record-Route: <sip:p3.example;lr>\r\n"
    "From: \"Alice\" <sip:alice@a.example>;tag=alice1\r\n"
    "To: <sip:echo@127.0.0.1>\r\n"
    "Call-ID: c1@a\r\n"
    "CSeq: 10 INVITE\r\n"
    "Contact: <sip:alice@10.0.0.1:5062>\r\n"
    "Content-Length: 0\r\n\r\n";

SipPeer Peer() {
  SipPeer p;
  p.remote = *SocketAddress::Parse("10.0.0.1:5062");
  p.local = *SocketAddress::Parse("127.0.0.1:5060");
  return p;
}

TEST(DialogTest, UasFromInvite) {
  auto inv = Parse(kInvite);
  auto d = Dialog::CreateUas(*inv, "me1", "sip:echo@127.0.0.1:5060", Peer());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->id().call_id, "c1@a");
  EXPECT_EQ(d->id().local_tag, "me1");
  EXPECT_EQ(d->id().remote_tag, "alice1");
  EXPECT_EQ(d->remote_target(), "sip:alice@10.0.0.1:5062");
  ASSERT_EQ(d->route_set().size(), 3u);
  EXPECT_EQ(d->route_set()[0], "<sip:p1.example;lr>");
  EXPECT_EQ(d->route_set()[2], "<sip:p3.example;lr>");
  EXPECT_EQ(d->remote_seq(), 10u);

  uint32_t before = d->local_seq();
  auto bye = d->BuildRequest("BYE", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKbye");
  EXPECT_EQ(bye->request_uri(), "sip:alice@10.0.0.1:5062");
  EXPECT_EQ(bye->cseq().number, before + 1);
  EXPECT_EQ(bye->from().tag, "me1");
  EXPECT_EQ(bye->to().tag, "alice1");
  EXPECT_EQ(bye->Count(HeaderId::kRoute), 3u);
  EXPECT_EQ(bye->Value(HeaderId::kRoute), "<sip:p1.example;lr>");
  EXPECT_EQ(DialogIdOfRequest(*Parse(d->BuildRequest("INFO", "SIP/2.0/UDP h;branch=z9hG4bKx")
                                          ->Serialize())),
            (DialogId{"c1@a", "alice1", "me1"}));
}

TEST(DialogTest, UasWithoutRoutesSendsToSource) {
  std::string inv(kInvite);
  inv.erase(inv.find("Record-Route"), inv.find("From:") - inv.find("Record-Route"));
  inv.replace(inv.find("sip:alice@10.0.0.1:5062>"), 24, "sip:alice@192.168.1.5>");
  auto d = Dialog::CreateUas(*Parse(inv), "me1", "", Peer());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->NextHop().remote.ToString(), "10.0.0.1:5062");
}

TEST(DialogTest, UacReversesRecordRoute) {
  auto req = Parse(
      "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKb\r\n"
      "From: <sip:c@chorus>;tag=ours\r\nTo: <sip:bob@10.0.0.2>\r\nCall-ID: c2\r\n"
      "CSeq: 5 INVITE\r\nContact: <sip:c@127.0.0.1>\r\nContent-Length: 0\r\n\r\n");
  auto resp = Parse(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKb\r\n"
      "Record-Route: <sip:10.0.0.7;lr>, <sip:10.0.0.8;lr>\r\n"
      "From: <sip:c@chorus>;tag=ours\r\nTo: <sip:bob@10.0.0.2>;tag=theirs\r\nCall-ID: c2\r\n"
      "CSeq: 5 INVITE\r\nContact: <sip:bob@10.0.0.2:5080>\r\nContent-Length: 0\r\n\r\n");
  SipPeer to = Peer();
  to.remote = *SocketAddress::Parse("10.0.0.2:5060");
  auto d = Dialog::CreateUac(*req, *resp, "sip:c@127.0.0.1", to);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id(), DialogIdOfResponse(*resp));
  EXPECT_EQ(d->state(), Dialog::State::kConfirmed);
  ASSERT_EQ(d->route_set().size(), 2u);
  EXPECT_EQ(d->route_set()[0], "<sip:10.0.0.8;lr>");
  EXPECT_EQ(d->NextHop().remote.ToString(), "10.0.0.8:5060");
  auto ack = d->BuildAck(5, "SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKack");
  EXPECT_EQ(ack->cseq().number, 5u);
  EXPECT_EQ(ack->cseq().method, "ACK");
  EXPECT_EQ(ack->request_uri(), "sip:bob@10.0.0.2:5080");
  auto bye = d->BuildRequest("BYE", "SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKbye");
  EXPECT_EQ(bye->cseq().number, 6u);
  EXPECT_EQ(bye->to().tag, "theirs");
  EXPECT_EQ(bye->from().tag, "ours");
}

TEST(DialogTest, StrictRouting) {
  std::string inv(kInvite);
  inv.replace(inv.find("<sip:p1.example;lr>"), 19, "<sip:p1.example>");
  auto d = Dialog::CreateUas(*Parse(inv), "me1", "", Peer());
  ASSERT_TRUE(d);
  auto bye = d->BuildRequest("BYE", "SIP/2.0/UDP h;branch=z9hG4bKs");
  EXPECT_EQ(bye->request_uri(), "sip:p1.example");
  EXPECT_EQ(bye->Count(HeaderId::kRoute), 3u);
  std::string s = bye->Serialize();
  EXPECT_NE(s.find("Route: <sip:alice@10.0.0.1:5062>"), std::string::npos);
}

TEST(DialogTest, RemoteCSeqMustGrow) {
  auto d = Dialog::CreateUas(*Parse(kInvite), "me1", "", Peer());
  ASSERT_TRUE(d);
  auto req = [](int cseq, const char* method) {
    return Parse(std::string(method) + " sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK" +
                 std::to_string(cseq) + "\r\nFrom: <sip:a@b>;tag=alice1\r\nTo: <sip:c@d>;tag=me1\r\n"
                 "Call-ID: c1@a\r\nCSeq: " + std::to_string(cseq) + " " + method +
                 "\r\nContent-Length: 0\r\n\r\n");
  };
  EXPECT_TRUE(d->AcceptRemoteCSeq(*req(11, "INFO")));
  EXPECT_FALSE(d->AcceptRemoteCSeq(*req(9, "BYE")));
  EXPECT_TRUE(d->AcceptRemoteCSeq(*req(10, "ACK")));
  EXPECT_TRUE(d->AcceptRemoteCSeq(*req(12, "BYE")));
}

TEST(DialogTest, TargetRefresh) {
  auto d = Dialog::CreateUas(*Parse(kInvite), "me1", "", Peer());
  ASSERT_TRUE(d);
  std::string reinvite(kInvite);
  reinvite.replace(reinvite.find("<sip:alice@10.0.0.1:5062>"), 25, "<sip:alice@10.0.0.3:6000>");
  d->RefreshTarget(*Parse(reinvite));
  EXPECT_EQ(d->remote_target(), "sip:alice@10.0.0.3:6000");
}

TEST(DialogTest, UasNeedsContact) {
  std::string inv(kInvite);
  inv.erase(inv.find("Contact:"), inv.find("Content-Length") - inv.find("Contact:"));
  EXPECT_FALSE(Dialog::CreateUas(*Parse(inv), "me1", "", Peer()));
}

}  // namespace
}  // namespace chorus::b2bua
