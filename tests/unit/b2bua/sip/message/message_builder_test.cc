// Scenarios (RFC 3261 8.2.6): a response copies every Via in order, From,
// Call-ID and CSeq; adds the To tag only above 100 and only when the
// request had none; echoes Timestamp on 100; default reason phrases; the
// writer adds Content-Type/Length; random tokens and branches are unique
// and carry the magic cookie.

#include "b2bua/sip/message/message_builder.h"

#include <gtest/gtest.h>

#include <set>

#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {
namespace {

const char kInvite[] =
    "INVITE sip:echo@chorus SIP/2.0\r\n"
    "Via: SIP/2.0/UDP h1;branch=z9hG4bKa\r\n"
    "Via: SIP/2.0/UDP h2;branch=z9hG4bKb\r\n"
    "From: <sip:bob@b.com>;tag=b1\r\n"
    "To: <sip:echo@chorus>\r\n"
    "Call-ID: cid-1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Timestamp: 54\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

TEST(MessageBuilderTest, ResponseCopiesTheRightHeaders) {
  auto req = SipParser::Parse(kInvite, Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(req.ok());
  auto resp = BuildResponse(*req.message, 486, {}, "totag");
  EXPECT_EQ(resp->status_code(), 486);
  EXPECT_EQ(resp->reason(), "Busy Here");
  EXPECT_EQ(resp->via_count(), 2u);
  EXPECT_EQ(resp->top_via().branch, "z9hG4bKa");
  EXPECT_EQ(resp->to().tag, "totag");
  EXPECT_EQ(resp->from().tag, "b1");
  EXPECT_EQ(resp->call_id(), "cid-1");
  EXPECT_EQ(resp->cseq().number, 1u);
  EXPECT_EQ(resp->Find(HeaderId::kTimestamp), nullptr);
  auto trying = BuildResponse(*req.message, 100, {}, "totag");
  EXPECT_FALSE(trying->to().has_tag);
  EXPECT_EQ(trying->Value(HeaderId::kTimestamp), "54");
}

TEST(MessageBuilderTest, ExistingToTagKept) {
  std::string in(kInvite);
  in.replace(in.find("<sip:echo@chorus>"), 17, "<sip:echo@chorus>;tag=old");
  auto req = SipParser::Parse(in, Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(req.ok());
  auto resp = BuildResponse(*req.message, 200, {}, "new");
  EXPECT_EQ(resp->to().tag, "old");
}

TEST(MessageBuilderTest, WriterFinishes) {
  SipMessageWriter w;
  w.Request("OPTIONS", "sip:a@b").Header("Via", "SIP/2.0/UDP h;branch=z9hG4bK1");
  std::string text = w.Finish("text/plain", "hi");
  EXPECT_NE(text.find("Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"),
            std::string::npos);
}

TEST(MessageBuilderTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string b = NewBranch();
    EXPECT_EQ(b.rfind("z9hG4bK", 0), 0u);
    EXPECT_TRUE(seen.insert(b).second);
  }
  EXPECT_EQ(RandomToken(4).size(), 8u);
}

}  // namespace
}  // namespace chorus::b2bua
