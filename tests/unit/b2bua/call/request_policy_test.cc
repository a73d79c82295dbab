// Scenarios (RFC 3261 8.2.1-8.2.3): unknown method 501 and known but
// unsupported 405, both with Allow; non-SIP Request-URI 416; unknown
// Require 420 listing them in Unsupported (Proxy-Require ignored); unknown
// body type 415 with Accept, unknown Content-Encoding 415 with
// Accept-Encoding; multipart/mixed with an SDP part is understood and the
// part extracted; INVITE whose Accept excludes application/sdp gets 406,
// */* and application/* are fine.

#include "b2bua/call/request_policy.h"

#include <gtest/gtest.h>

#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {
namespace {

std::unique_ptr<SipMessage> Req(const std::string& method, const std::string& extra = "",
                                const std::string& body = "", const std::string& ruri = "sip:a@b") {
  std::string m = method + " " + ruri + " SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                  "From: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 " + method +
                  "\r\n" + extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                  body;
  auto r = SipParser::Parse(m, Framing::kDatagram, SipParseLimits{});
  EXPECT_TRUE(r.ok()) << r.reason;
  return std::move(r.message);
}

int Status(const RequestPolicy& p, const SipMessage& m) {
  auto r = p.Check(m);
  return r ? r->status : 0;
}

TEST(RequestPolicyTest, Methods) {
  RequestPolicy p{RequestPolicyOptions{}};
  auto r = p.Check(*Req("FOO"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501);
  EXPECT_EQ(r->headers[0].first, "Allow");
  EXPECT_NE(r->headers[0].second.find("INVITE"), std::string::npos);
  EXPECT_EQ(Status(p, *Req("REGISTER")), 405);
  EXPECT_EQ(Status(p, *Req("SUBSCRIBE")), 405);
  EXPECT_EQ(Status(p, *Req("OPTIONS")), 0);
}

TEST(RequestPolicyTest, Scheme) {
  RequestPolicy p{RequestPolicyOptions{}};
  EXPECT_EQ(Status(p, *Req("OPTIONS", "", "", "tel:+15551234")), 416);
  EXPECT_EQ(Status(p, *Req("OPTIONS", "", "", "nobody:opaque")), 416);
  EXPECT_EQ(Status(p, *Req("OPTIONS", "", "", "sips:a@b")), 0);
}

TEST(RequestPolicyTest, Require) {
  RequestPolicyOptions o;
  o.supported = {"timer"};
  RequestPolicy p{o};
  auto r = p.Check(*Req("OPTIONS", "Require: timer, foo, bar\r\nProxy-Require: baz\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 420);
  EXPECT_EQ(r->headers[0].second, "foo, bar");
  EXPECT_EQ(Status(p, *Req("OPTIONS", "Require: TIMER\r\nProxy-Require: baz\r\n")), 0);
}

TEST(RequestPolicyTest, Bodies) {
  RequestPolicy p{RequestPolicyOptions{}};
  EXPECT_EQ(Status(p, *Req("INVITE", "Content-Type: application/unknownformat\r\n", "<x/>")), 415);
  EXPECT_EQ(Status(p, *Req("INVITE", "Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n",
                           "v=0\r\n")),
            415);
  EXPECT_EQ(Status(p, *Req("INVITE", "Content-Type: application/SDP\r\n", "v=0\r\n")), 0);
  std::string mp =
      "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1\r\nContent-Type: application/sdp\r\n"
      "\r\nv=0\r\ns=-\r\n\r\n--b1--\r\n";
  auto m = Req("INVITE", "Content-Type: multipart/mixed;boundary=b1\r\n", mp);
  EXPECT_EQ(Status(p, *m), 0);
  EXPECT_EQ(RequestPolicy::SdpBody(*m), "v=0\r\ns=-\r\n");
}

TEST(RequestPolicyTest, Accept) {
  RequestPolicy p{RequestPolicyOptions{}};
  EXPECT_EQ(Status(p, *Req("INVITE", "Accept: text/nobodyKnowsThis\r\n")), 406);
  EXPECT_EQ(Status(p, *Req("INVITE", "Accept: text/plain, application/sdp\r\n")), 0);
  EXPECT_EQ(Status(p, *Req("INVITE", "Accept: */*\r\n")), 0);
  EXPECT_EQ(Status(p, *Req("INVITE", "Accept: application/*\r\n")), 0);
  EXPECT_EQ(Status(p, *Req("OPTIONS", "Accept: text/nobodyKnowsThis\r\n")), 0);
}

}  // namespace
}  // namespace chorus::b2bua
