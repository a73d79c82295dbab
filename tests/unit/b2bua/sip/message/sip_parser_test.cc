// Scenarios: a typical INVITE and 200 OK parse with every cached field;
// compact header names (RFC 3261 7.3.3) and case-insensitive names; line
// folding; several headers of one name and comma lists (Via count);
// leading CRLF keep-alives skipped (7.5); Content-Length framing: datagram
// without it takes the rest, longer than the datagram is 400, extra octets
// ignored, stream requires it (18.3); oversize -> 513; bare LF line ends;
// malformed start lines and header lines; responses with empty reasons;
// unknown headers kept verbatim; NUL bytes inside values do not truncate.

#include "b2bua/sip/message/sip_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace chorus::b2bua {
namespace {

const char kInvite[] =
    "INVITE sip:conf-room1@chorus.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK776asdhds;rport\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:conf-room1@chorus.example.com>\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.10:5062>\r\n"
    "X-Custom: kept as is\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

SipParseResult Parse(std::string_view s, Framing f = Framing::kDatagram) {
  return SipParser::Parse(s, f, SipParseLimits{});
}

TEST(SipParserTest, TypicalInvite) {
  auto r = Parse(kInvite);
  ASSERT_TRUE(r.ok()) << r.reason;
  const SipMessage& m = *r.message;
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.method(), Method::kInvite);
  EXPECT_EQ(m.request_uri(), "sip:conf-room1@chorus.example.com");
  EXPECT_EQ(m.call_id(), "a84b4c76e66710@pc33.example.com");
  EXPECT_EQ(m.cseq().number, 314159u);
  EXPECT_EQ(m.from().tag, "1928301774");
  EXPECT_FALSE(m.to().has_tag);
  EXPECT_EQ(m.top_via().port, 5062);
  EXPECT_TRUE(m.top_via().has_rport);
  EXPECT_EQ(m.max_forwards(), 70);
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.FindByName("x-custom")->value, "kept as is");
  EXPECT_EQ(m.Serialize(), kInvite);
}

TEST(SipParserTest, ResponseWithEmptyReason) {
  auto r = Parse(
      "SIP/2.0 100 \r\nVia: SIP/2.0/UDP a.com;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\n"
      "To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_TRUE(r.message->is_response());
  EXPECT_EQ(r.message->status_code(), 100);
  EXPECT_EQ(r.message->reason(), "");
  EXPECT_EQ(r.message->cseq_method(), Method::kInvite);
}

TEST(SipParserTest, CompactFormsAndCaseInsensitiveNames) {
  auto r = Parse(
      "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:x@y>;tag=2\r\n"
      "t: <sip:a@b>\r\ni: cid\r\ncSeQ: 7 OPTIONS\r\nL: 0\r\nk: timer\r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.message->call_id(), "cid");
  EXPECT_EQ(r.message->Value(HeaderId::kSupported), "timer");
  EXPECT_EQ(r.message->content_length(), 0);
}

TEST(SipParserTest, SeveralViasCounted) {
  auto r = Parse(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/TCP h2;branch=z9hG4bK2\r\n"
      "Via: SIP/2.0/UDP h3;branch=z9hG4bK3\r\nFrom: <sip:x@y>;tag=2\r\nTo: <sip:a@b>\r\n"
      "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.message->via_count(), 3u);
  EXPECT_EQ(r.message->top_via().host, "h1");
}

TEST(SipParserTest, LeadingCrlfSkippedAndBareLfAccepted) {
  auto r = Parse(
      "\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:x@y>;tag=2\n"
      "To: <sip:a@b>\nCall-ID: c\nCSeq: 1 OPTIONS\n\n");
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.message->method(), Method::kOptions);
}

TEST(SipParserTest, ContentLengthFraming) {
  std::string head =
      "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n";
  auto no_cl = Parse(head + "\r\nhello");
  ASSERT_TRUE(no_cl.ok());
  EXPECT_EQ(no_cl.message->body(), "hello");
  auto shorter = Parse(head + "Content-Length: 3\r\n\r\nhello");
  ASSERT_TRUE(shorter.ok());
  EXPECT_EQ(shorter.message->body(), "hel");
  auto longer = Parse(head + "Content-Length: 30\r\n\r\nhello");
  EXPECT_EQ(longer.status, 400);
  auto stream_no_cl = Parse(head + "\r\nhello", Framing::kStream);
  EXPECT_EQ(stream_no_cl.status, 400);
  EXPECT_NE(stream_no_cl.reason.find("TCP"), std::string::npos);
}

TEST(SipParserTest, Oversize513) {
  std::string big = std::string(kInvite) + std::string(70000, 'x');
  auto r = SipParser::Parse(big, Framing::kDatagram, SipParseLimits{});
  EXPECT_EQ(r.status, 513);
  ASSERT_NE(r.message, nullptr);
  EXPECT_EQ(r.message->call_id(), "a84b4c76e66710@pc33.example.com");
}

TEST(SipParserTest, MalformedStartLinesAndHeaders) {
  EXPECT_EQ(Parse("garbage\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("no newline at all").message, nullptr);
  EXPECT_EQ(Parse("INVITE sip:a@b SIP/2.0\r\nthis is not a header\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("INVITE sip:a@b SIP/2.0\r\n continuation first\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("INVITE sip:a@b SIP/2.0\r\n: novalue\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("INV@TE sip:a@b SIP/2.0\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("INVITE sip:a@b SIP/2\r\n\r\n").status, 400);
  EXPECT_EQ(Parse("INVITE sip:a@b SIP/3.0\r\n\r\n").status, 505);
  auto resp = Parse("SIP/2.0 20 OK\r\n\r\n");
  EXPECT_FALSE(resp.ok());
  EXPECT_EQ(Parse("SIP/2.0 099 Low\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
                  "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n")
                .status,
            400);
}

TEST(SipParserTest, TooManyHeaders) {
  std::string m = "OPTIONS sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 300; ++i) m += "X-H: v\r\n";
  m += "\r\n";
  auto r = Parse(m);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.reason.find("too many headers"), std::string::npos);
}

TEST(SipParserTest, NulBytesDoNotTruncate) {
  std::string m =
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: \"a\\";
  m += '\0';
  m += "b\" <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  auto r = Parse(m);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.message->Serialize(), m);
}

TEST(SipParserTest, ContactWildcardAndLists) {
  std::string base =
      "REGISTER sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: <sip:x@y>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n";
  EXPECT_TRUE(Parse(base + "Contact: *\r\nExpires: 0\r\n\r\n").ok());
  EXPECT_TRUE(Parse(base + "Contact: <sip:a@b>, \"B\" <sip:b@c>;q=0.5\r\n\r\n").ok());
  EXPECT_EQ(Parse(base + "Contact: <sip:a@b>,\r\n\r\n").status, 400);
  EXPECT_EQ(Parse(base + "Expires: soon\r\n\r\n").status, 400);
  EXPECT_TRUE(Parse(base + "Expires: 10000000000000000000000000000000\r\n\r\n").ok());
  EXPECT_EQ(Parse(base + "Route: sip:a@b\r\n\r\n").status, 400);
  EXPECT_EQ(Parse(base + "Require: a b\r\n\r\n").status, 400);
}

}  // namespace
}  // namespace chorus::b2bua
