// Scenarios (RFC 3261 section 25): list splitting that respects quotes and
// <>; generic parameters with SWS around ';' and '='; name-addr with quoted,
// token and absent display names, addr-spec forms, the RFC 20.10 rule that
// a bare addr-spec cannot carry URI params/headers, whitespace inside <>;
// Via hops with folded whitespace, IPv6 sent-by, received/rport/branch;
// CSeq range and shape; Call-ID words; Date; media types; option tags.

#include "b2bua/sip/message/header_values.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::b2bua {
namespace {

std::vector<std::string> Split(std::string_view v, bool* ok = nullptr) {
  std::vector<std::string> out;
  bool r = ForEachListElement(v, [&](std::string_view e) {
    out.emplace_back(e);
    return true;
  });
  if (ok != nullptr) *ok = r;
  return out;
}

TEST(ListTest, SplitsOnTopLevelCommas) {
  auto v = Split(R"("Doe, John" <sip:j@a.com;x=1,2>, <sip:b@c.com> ,sip:d@e.com)");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], R"("Doe, John" <sip:j@a.com;x=1,2>)");
  EXPECT_EQ(v[1], "<sip:b@c.com>");
  EXPECT_EQ(v[2], "sip:d@e.com");
}

TEST(ListTest, EmptyElementsAndUnbalancedQuotesFail) {
  bool ok = true;
  Split("a, ,b", &ok);
  EXPECT_FALSE(ok);
  Split("\"open, b", &ok);
  EXPECT_FALSE(ok);
  Split("<sip:a@b, c", &ok);
  EXPECT_FALSE(ok);
  Split("", &ok);
  EXPECT_FALSE(ok);
}

TEST(NameAddrTest, QuotedDisplayName) {
  auto na = ParseNameAddr(R"("J Rosenberg \\\""  <sip:jdrosen@example.com> ; tag = 98asjd8)");
  ASSERT_TRUE(na) << na.error().message;
  EXPECT_EQ(na->display_name, R"("J Rosenberg \\\"")");
  EXPECT_EQ(na->uri, "sip:jdrosen@example.com");
  EXPECT_TRUE(na->bracketed);
  EXPECT_EQ(na->tag, "98asjd8");
}

TEST(NameAddrTest, TokenDisplayNameWithoutSpaceBeforeBracket) {
  auto na = ParseNameAddr("caller<sip:caller@example.com>;tag=323");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->display_name, "caller");
  EXPECT_EQ(na->tag, "323");
  auto multi = ParseNameAddr("A. Bell <sip:a.g.bell@example.com>;tag=q");
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->display_name, "A. Bell");
}

TEST(NameAddrTest, AddrSpecParamsBelongToTheHeader) {
  auto na = ParseNameAddr("sip:caller@example.net;tag=93334");
  ASSERT_TRUE(na);
  EXPECT_FALSE(na->bracketed);
  EXPECT_EQ(na->uri, "sip:caller@example.net");
  EXPECT_EQ(na->tag, "93334");
  EXPECT_TRUE(ParseNameAddr("isbn:2983792873"));
  EXPECT_TRUE(ParseNameAddr("<name:John_Smith>"));
}

TEST(NameAddrTest, Rejections) {
  EXPECT_FALSE(ParseNameAddr(R"("Mr. J. User <sip:j.user@example.com>)"));  // quotbal
  EXPECT_FALSE(ParseNameAddr("\"Watson, Thomas\" < sip:t.watson@example.org >"));  // badaspec
  EXPECT_FALSE(ParseNameAddr("Bell, Alexander <sip:a.g.bell@example.com>;tag=43"));  // baddn
  EXPECT_FALSE(ParseNameAddr("sip:user@example.com?Route=%3Csip:sip.example.com%3E"));
  EXPECT_TRUE(ParseNameAddr("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>"));
  EXPECT_FALSE(ParseNameAddr("\"Joe\" <sip:joe@example.org>;;;;"));
  EXPECT_FALSE(ParseNameAddr("<sip:a@b>;tag="));
  EXPECT_FALSE(ParseNameAddr("<>"));
  EXPECT_FALSE(ParseNameAddr("<sip:a@b"));
}

TEST(NameAddrTest, QuotedParamValues) {
  auto na = ParseNameAddr("<sip:a@b>;x=\"quoted ; value\";tag=t1");
  ASSERT_TRUE(na);
  EXPECT_EQ(*na->Param("x"), "\"quoted ; value\"");
  EXPECT_EQ(na->tag, "t1");
}

TEST(ViaTest, FoldedWhitespace) {
  auto v = ParseViaHop("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "192.0.2.2");
  EXPECT_EQ(v->branch, "390skdjuw");
  EXPECT_EQ(v->port, 0);
}

TEST(ViaTest, PortAndParams) {
  auto v = ParseViaHop("SIP/2.0/TCP client.example.com:5070 ;branch=z9hG4bK1;rport;received=1.2.3.4");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->port, 5070);
  EXPECT_EQ(v->sent_by, "client.example.com:5070");
  EXPECT_TRUE(v->has_rport);
  EXPECT_EQ(v->rport, "");
  EXPECT_EQ(v->received, "1.2.3.4");
}

TEST(ViaTest, Ipv6SentByAndReceived) {
  auto v = ParseViaHop("SIP/2.0/UDP [2001:db8::9:1]:6050;received=[2001:db8::9:255];branch=z9hG4bKx");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->host_is_ipv6);
  EXPECT_EQ(v->host, "2001:db8::9:1");
  EXPECT_EQ(v->port, 6050);
  EXPECT_EQ(v->received, "2001:db8::9:255");
}

TEST(ViaTest, Rejections) {
  EXPECT_FALSE(ParseViaHop("SIP/2.0/UDP 192.0.2.15;;"));
  EXPECT_FALSE(ParseViaHop("SIP/2.0/UDP"));
  EXPECT_FALSE(ParseViaHop("SIP/2.0 192.0.2.15"));
  EXPECT_FALSE(ParseViaHop("HTTP/1.1/TCP a.com"));
  EXPECT_FALSE(ParseViaHop("SIP/2.0/UDP a.com:99999"));
  EXPECT_FALSE(ParseViaHop("SIP/2.0/UDP a.com;branch="));
  EXPECT_FALSE(ParseViaHop("SIP/2.0/UDP [2001:db8::1;branch=x"));
}

TEST(CSeqTest, RangeAndShape) {
  auto c = ParseCSeq("0009\r\n  INVITE");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->number, 9u);
  EXPECT_EQ(c->method, "INVITE");
  EXPECT_TRUE(ParseCSeq("2147483647 BYE"));
  EXPECT_FALSE(ParseCSeq("2147483648 BYE"));
  EXPECT_FALSE(ParseCSeq("36893488147419103232 REGISTER"));
  EXPECT_FALSE(ParseCSeq("INVITE"));
  EXPECT_FALSE(ParseCSeq("1INVITE"));
  EXPECT_FALSE(ParseCSeq("1 INVITE x"));
  EXPECT_FALSE(ParseCSeq("-1 INVITE"));
}

TEST(ScalarTest, Decimal) {
  EXPECT_EQ(*ParseDecimal(" 0068 ", 255), 68u);
  EXPECT_FALSE(ParseDecimal("256", 255));
  EXPECT_FALSE(ParseDecimal("-999", 1000));
  EXPECT_FALSE(ParseDecimal("", 10));
  EXPECT_FALSE(ParseDecimal("99999999999999999999999999", UINT64_MAX / 10));
}

TEST(ScalarTest, CallIdWords) {
  EXPECT_TRUE(IsValidCallId("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
  EXPECT_TRUE(IsValidCallId("abc@def"));
  EXPECT_FALSE(IsValidCallId("a b"));
  EXPECT_FALSE(IsValidCallId("a@"));
  EXPECT_FALSE(IsValidCallId("a@b@c"));
  EXPECT_FALSE(IsValidCallId(""));
}

TEST(ScalarTest, Date) {
  EXPECT_TRUE(IsValidSipDate("Sat, 15 Oct 2005 04:44:56 GMT"));
  EXPECT_FALSE(IsValidSipDate("Fri, 01 Jan 2010 16:00:00 EST"));
  EXPECT_FALSE(IsValidSipDate("Fri, 1 Jan 2010 16:00:00 GMT"));
  EXPECT_FALSE(IsValidSipDate("Fry, 01 Jan 2010 16:00:00 GMT"));
}

TEST(MediaTypeTest, Parses) {
  auto mt = ParseMediaType("multipart/mixed;boundary=7a9cbec02ceef655");
  ASSERT_TRUE(mt);
  EXPECT_EQ(mt->type, "multipart");
  EXPECT_EQ(mt->subtype, "mixed");
  EXPECT_EQ(*FindParam(mt->params, "boundary"), "7a9cbec02ceef655");
  EXPECT_TRUE(ParseMediaType("application/sdp"));
  EXPECT_FALSE(ParseMediaType("application"));
  EXPECT_FALSE(ParseMediaType("application/sdp;"));
}

TEST(TokenListTest, Tokens) {
  std::vector<std::string> tags;
  EXPECT_TRUE(ForEachToken("100rel, timer ,replaces", [&](std::string_view t) {
    tags.emplace_back(t);
  }));
  EXPECT_EQ(tags, (std::vector<std::string>{"100rel", "timer", "replaces"}));
  EXPECT_FALSE(ForEachToken("a b", [](std::string_view) {}));
  EXPECT_FALSE(ForEachToken("a,,b", [](std::string_view) {}));
}

}  // namespace
}  // namespace chorus::b2bua
