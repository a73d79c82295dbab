// Scenarios:
// StampTopVia (RFC 3261 18.2.1, RFC 3581 4, RFC 5118 4.5):
// - sent-by host is a name, or another IP: received=<source IP> added;
// - sent-by host is the source IP: nothing changes;
// - rport flag: rport=<source port> and received, even when the host matches;
// - an rport sent with a value and a received sent by the client are
//   replaced by what the packet shows;
// - the top hop is the first element of a comma list: only it changes; other
//   Via headers are left alone; quoted parameters survive;
// - IPv6 sources: received carries the bare address; a bracketed sent-by of
//   the same address needs none;
// - responses and requests without a usable Via are not touched.
// ResponseDestination (RFC 3261 18.2.2, RFC 3581 4):
// - UDP: numeric maddr first (sent-by port), then numeric rport (received or
//   source IP), then received, then a numeric sent-by host; ports default to
//   5060; a host name with nothing else falls back to the source;
// - streams: received or numeric sent-by host, else the source IP, with the
//   sent-by port (5060, 5061 for TLS).

#include "b2bua/sip/transport/via_routing.h"

#include <gtest/gtest.h>

#include <string>

#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {
namespace {

std::unique_ptr<SipMessage> Request(std::string_view via_lines) {
  std::string text = "OPTIONS sip:chorus@192.0.2.1 SIP/2.0\r\n" + std::string(via_lines) +
                     "From: <sip:a@example.com>;tag=1\r\nTo: <sip:chorus@192.0.2.1>\r\n"
                     "Call-ID: v1@example.com\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                     "Content-Length: 0\r\n\r\n";
  SipParseResult r = SipParser::Parse(text, Framing::kDatagram, SipParseLimits{});
  EXPECT_TRUE(r.ok()) << r.reason;
  return std::move(r.message);
}

SocketAddress Addr(std::string_view text) { return *SocketAddress::Parse(text); }

std::string FirstVia(const SipMessage& m) { return std::string(m.Value(HeaderId::kVia)); }

// The stamped message must still parse, with the same view of the top Via.
void ExpectReparses(const SipMessage& m) {
  std::string wire = m.Serialize();
  SipParseResult again = SipParser::Parse(wire, Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(again.ok()) << again.reason << "\n" << wire;
  EXPECT_EQ(again.message->top_via().received, m.top_via().received);
  EXPECT_EQ(again.message->top_via().rport, m.top_via().rport);
}

TEST(StampTopViaTest, HostNameGetsReceived) {
  auto m = Request("Via: SIP/2.0/UDP pc33.example.com:5062;branch=z9hG4bK1\r\n");
  EXPECT_TRUE(StampTopVia(*m, Addr("192.0.2.10:40000")));
  EXPECT_EQ(FirstVia(*m), "SIP/2.0/UDP pc33.example.com:5062;branch=z9hG4bK1;received=192.0.2.10");
  EXPECT_EQ(m->top_via().received, "192.0.2.10");
  EXPECT_FALSE(m->top_via().has_rport);
  ExpectReparses(*m);
}

TEST(StampTopViaTest, OtherIpGetsReceived) {
  auto m = Request("Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK1\r\n");
  EXPECT_TRUE(StampTopVia(*m, Addr("192.0.2.10:5062")));
  EXPECT_EQ(m->top_via().received, "192.0.2.10");
}

TEST(StampTopViaTest, MatchingIpIsLeftAlone) {
  auto m = Request("Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK1\r\n");
  std::string before = m->Serialize();
  EXPECT_FALSE(StampTopVia(*m, Addr("192.0.2.10:7000")));
  EXPECT_EQ(m->Serialize(), before);
}

TEST(StampTopViaTest, RportFilledAndReceivedAddedEvenWhenHostMatches) {
  auto m = Request("Via: SIP/2.0/UDP 192.0.2.10:5062;rport;branch=z9hG4bK1\r\n");
  EXPECT_TRUE(StampTopVia(*m, Addr("192.0.2.10:7000")));
  EXPECT_EQ(FirstVia(*m),
            "SIP/2.0/UDP 192.0.2.10:5062;rport=7000;branch=z9hG4bK1;received=192.0.2.10");
  EXPECT_EQ(m->top_via().rport, "7000");
  ExpectReparses(*m);
}

TEST(StampTopViaTest, ClientSuppliedValuesAreReplaced) {
  auto m =
      Request("Via: SIP/2.0/UDP h.example.com;received=203.0.113.9;rport=1;branch=z9hG4bK1\r\n");
  EXPECT_TRUE(StampTopVia(*m, Addr("192.0.2.10:7000")));
  EXPECT_EQ(FirstVia(*m),
            "SIP/2.0/UDP h.example.com;rport=7000;branch=z9hG4bK1;received=192.0.2.10");
}

TEST(StampTopViaTest, OnlyTheFirstHopOfAList) {
  auto m = Request(
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa;x=\"q;uoted\" , SIP/2.0/UDP "
      "b.example.com;branch=z9hG4bKb\r\nVia: SIP/2.0/UDP c.example.com;branch=z9hG4bKc\r\n");
  EXPECT_TRUE(StampTopVia(*m, Addr("192.0.2.10:5060")));
  EXPECT_EQ(FirstVia(*m),
            "SIP/2.0/UDP a.example.com;branch=z9hG4bKa;x=\"q;uoted\";received=192.0.2.10 , "
            "SIP/2.0/UDP b.example.com;branch=z9hG4bKb");
  EXPECT_EQ(m->via_count(), 3u);
  EXPECT_EQ(m->top_via().branch, "z9hG4bKa");
  ASSERT_EQ(m->Count(HeaderId::kVia), 2u);
  size_t seen = 0;
  for (const SipHeader& h : m->headers()) {
    if (h.id == HeaderId::kVia && seen++ == 1) {
      EXPECT_EQ(h.value, "SIP/2.0/UDP c.example.com;branch=z9hG4bKc");
    }
  }
  ExpectReparses(*m);
}

TEST(StampTopViaTest, Ipv6) {
  auto same = Request("Via: SIP/2.0/UDP [2001:db8::10]:5062;branch=z9hG4bK1\r\n");
  EXPECT_FALSE(StampTopVia(*same, Addr("[2001:db8::10]:5062")));
  auto other = Request("Via: SIP/2.0/UDP [2001:db8::10];rport;branch=z9hG4bK1\r\n");
  EXPECT_TRUE(StampTopVia(*other, Addr("[2001:db8::99]:6000")));
  EXPECT_EQ(FirstVia(*other),
            "SIP/2.0/UDP [2001:db8::10];rport=6000;branch=z9hG4bK1;received=2001:db8::99");
  ExpectReparses(*other);
}

TEST(StampTopViaTest, ResponsesAndBrokenViasAreNotTouched) {
  std::string text =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
      "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n";
  auto resp = SipParser::Parse(text, Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(resp.ok());
  EXPECT_FALSE(StampTopVia(*resp.message, Addr("192.0.2.10:5060")));

  std::string broken =
      "OPTIONS sip:a@b SIP/2.0\r\nVia: garbage\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\n"
      "Call-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n";
  auto bad = SipParser::Parse(broken, Framing::kDatagram, SipParseLimits{});
  ASSERT_NE(bad.message, nullptr);
  EXPECT_FALSE(StampTopVia(*bad.message, Addr("192.0.2.10:5060")));
}

ViaHop Hop(std::string_view text) {
  auto hop = ParseViaHop(text);
  EXPECT_TRUE(hop) << text;
  return hop ? *hop : ViaHop{};
}

TEST(ResponseDestinationTest, UdpMaddrFirst) {
  SocketAddress src = Addr("192.0.2.10:40000");
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP h.example.com:5070;maddr=239.1.1.1;rport=9;"
                                    "received=192.0.2.10"),
                                Transport::kUdp, src),
            Addr("239.1.1.1:5070"));
  EXPECT_EQ(
      ResponseDestination(Hop("SIP/2.0/UDP h.example.com;maddr=239.1.1.1"), Transport::kUdp, src),
      Addr("239.1.1.1:5060"));
  // A maddr name cannot be resolved here: the next rule applies.
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP 198.51.100.7:5070;maddr=mcast.example.com"),
                                Transport::kUdp, src),
            Addr("198.51.100.7:5070"));
}

TEST(ResponseDestinationTest, UdpRport) {
  SocketAddress src = Addr("192.0.2.10:40000");
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP h.example.com:5062;rport=40001;"
                                    "received=192.0.2.11"),
                                Transport::kUdp, src),
            Addr("192.0.2.11:40001"));
  EXPECT_EQ(
      ResponseDestination(Hop("SIP/2.0/UDP h.example.com:5062;rport=40001"), Transport::kUdp, src),
      Addr("192.0.2.10:40001"));
  // A flag without a value (not stamped) does not count.
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP 192.0.2.20:5062;rport"), Transport::kUdp, src),
            Addr("192.0.2.20:5062"));
}

TEST(ResponseDestinationTest, UdpReceivedThenSentBy) {
  SocketAddress src = Addr("192.0.2.10:40000");
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP h.example.com;received=192.0.2.12"),
                                Transport::kUdp, src),
            Addr("192.0.2.12:5060"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP h.example.com:5099;received=192.0.2.12"),
                                Transport::kUdp, src),
            Addr("192.0.2.12:5099"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP 192.0.2.13:5098"), Transport::kUdp, src),
            Addr("192.0.2.13:5098"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP [2001:db8::5]"), Transport::kUdp,
                                Addr("[2001:db8::5]:7")),
            Addr("[2001:db8::5]:5060"));
  // Nothing numeric: back to where the request came from.
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/UDP h.example.com:5099"), Transport::kUdp, src), src);
  EXPECT_EQ(ResponseDestination(ViaHop{}, Transport::kUdp, src), src);
}

TEST(ResponseDestinationTest, Streams) {
  SocketAddress src = Addr("192.0.2.10:40000");
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/TCP h.example.com:5070;received=192.0.2.10;rport=9"),
                                Transport::kTcp, src),
            Addr("192.0.2.10:5070"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/TCP 192.0.2.14"), Transport::kTcp, src),
            Addr("192.0.2.14:5060"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/TLS h.example.com"), Transport::kTls, src),
            Addr("192.0.2.10:5061"));
  EXPECT_EQ(ResponseDestination(Hop("SIP/2.0/TCP h.example.com:5072"), Transport::kTcp, src),
            Addr("192.0.2.10:5072"));
}

}  // namespace
}  // namespace chorus::b2bua
