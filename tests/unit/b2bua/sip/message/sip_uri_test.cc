// Scenarios (RFC 3261 19.1): sip/sips URIs with user, password, IPv4,
// hostnames, IPv6 references and ports; parameters with and without values
// (case-insensitive names); headers allowed only where asked; escaping;
// user parts containing ';' and '?'; unknown schemes kept opaque;
// malformed URIs rejected; RFC 3261 19.1.4 equivalence examples.

#include "b2bua/sip/message/sip_uri.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

TEST(SipUriTest, FullSipUri) {
  auto u = ParseUri("sip:alice:secret@atlanta.example.com:5070;transport=tcp;lr?subject=x");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->scheme, UriScheme::kSip);
  EXPECT_EQ(u->user, "alice");
  EXPECT_EQ(u->password, "secret");
  EXPECT_EQ(u->host, "atlanta.example.com");
  EXPECT_EQ(u->port, 5070);
  EXPECT_EQ(*u->Param("TRANSPORT"), "tcp");
  EXPECT_EQ(*u->Param("lr"), "");
  EXPECT_FALSE(u->Param("maddr"));
  EXPECT_EQ(u->headers, "subject=x");
}

TEST(SipUriTest, HostOnlyAndDefaults) {
  auto u = ParseUri("sips:example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, UriScheme::kSips);
  EXPECT_FALSE(u->has_user);
  EXPECT_EQ(u->PortOrDefault(), 5061);
}

TEST(SipUriTest, Ipv6References) {
  auto u = ParseUri("sip:user@[2001:db8::10]:5070");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->host_is_ipv6);
  EXPECT_EQ(u->host, "2001:db8::10");
  EXPECT_EQ(u->port, 5070);
  auto amb = ParseUri("sip:[2001:db8::10:5070]");  // RFC 5118 4.8: all of it is the address
  ASSERT_TRUE(amb);
  EXPECT_EQ(amb->port, 0);
  EXPECT_FALSE(ParseUri("sip:2001:db8::10"));  // RFC 5118 4.9: needs brackets
  EXPECT_FALSE(ParseUri("sip:user@[2001:db8::10"));
}

TEST(SipUriTest, UserWithSemicolonAndQuestionMark) {
  auto u = ParseUri("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->user, "user;par=u%40example.net");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_TRUE(u->params.empty());
  auto q = ParseUri("sip:a?b@example.com?h=v");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->user, "a?b");
  EXPECT_EQ(q->headers, "h=v");
}

TEST(SipUriTest, HeadersRejectedWhenNotAllowed) {
  EXPECT_TRUE(ParseUri("sip:user@example.com?Route=%3Csip:example.com%3E"));
  EXPECT_FALSE(ParseUri("sip:user@example.com?Route=%3Csip:example.com%3E", false));
}

TEST(SipUriTest, Escaping) {
  auto u = ParseUri("sip:%75se%72@example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(UnescapeUri(u->user), "user");
  EXPECT_FALSE(ParseUri("sip:us%zzer@example.com"));
  EXPECT_FALSE(ParseUri("sip:user%4@example.com"));
  EXPECT_EQ(UnescapeUri("a%2"), "a%2");
}

TEST(SipUriTest, OtherSchemesAreOpaque) {
  auto tel = ParseUri("tel:+1-201-555-0123");
  ASSERT_TRUE(tel);
  EXPECT_EQ(tel->scheme, UriScheme::kTel);
  auto odd = ParseUri("nobodyKnowsThisScheme:totallyopaquecontent");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->scheme, UriScheme::kOther);
  EXPECT_EQ(odd->opaque, "totallyopaquecontent");
  EXPECT_TRUE(ParseUri("soap.beep://192.0.2.103:3002"));
}

TEST(SipUriTest, Malformed) {
  for (const char* bad : {"", "sip:", "<sip:a@b>", "sip:@example.com", "sip:a@", "sip:a@b:",
                          "sip:a@b:99999", "sip:a@b:0", "sip:a@b;", "sip:a@b;=x", "sip:a@b x",
                          "1sip:a@b", "sip:a@b;p=", "sip:a@b?", "sip:a@b?x", "http:"}) {
    EXPECT_FALSE(ParseUri(bad)) << bad;
  }
}

TEST(SipUriTest, EquivalenceRfc3261Examples) {
  auto eq = [](const char* a, const char* b) {
    return UriEquivalent(*ParseUri(a), *ParseUri(b));
  };
  EXPECT_TRUE(eq("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
  EXPECT_FALSE(eq("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
}

TEST(SipUriTest, FormatHostPort) {
  EXPECT_EQ(FormatHostPort("::1", true, 5060), "[::1]:5060");
  EXPECT_EQ(FormatHostPort("example.com", false, 0), "example.com");
}

}  // namespace
}  // namespace chorus::b2bua
