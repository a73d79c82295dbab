// Scenarios: edits keep untouched lines byte-exact and rewrite only what
// changed; the top Via can be pushed and popped (single hop and comma
// list); SetBody updates Content-Type/Content-Length; cached views follow
// edits (To tag, CSeq, Max-Forwards); Clone is deep; moving a message keeps
// its views valid.

#include "b2bua/sip/message/sip_message.h"

#include <gtest/gtest.h>

#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {
namespace {

const char kBye[] =
    "BYE sip:alice@192.0.2.10 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP h1;branch=z9hG4bKa, SIP/2.0/UDP h2;branch=z9hG4bKb\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:bob@b.com>;tag=b1\r\n"
    "To: <sip:alice@a.com>;tag=a1\r\n"
    "Call-ID: cid-1\r\n"
    "CSeq: 2 BYE\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

std::unique_ptr<SipMessage> ParseOk(std::string_view s) {
  auto r = SipParser::Parse(s, Framing::kDatagram, SipParseLimits{});
  EXPECT_TRUE(r.ok()) << r.reason;
  return std::move(r.message);
}

TEST(SipMessageTest, EditsRewriteOnlyWhatChanged) {
  auto m = ParseOk(kBye);
  m->SetHeader(HeaderId::kMaxForwards, "69");
  EXPECT_EQ(m->max_forwards(), 69);
  std::string out = m->Serialize();
  EXPECT_NE(out.find("Max-Forwards: 69\r\n"), std::string::npos);
  EXPECT_NE(out.find("Via: SIP/2.0/UDP h1;branch=z9hG4bKa, SIP/2.0/UDP h2;branch=z9hG4bKb\r\n"),
            std::string::npos);
}

TEST(SipMessageTest, PushAndPopVia) {
  auto m = ParseOk(kBye);
  m->PrependHeader(HeaderId::kVia, "SIP/2.0/UDP chorus;branch=z9hG4bKnew");
  EXPECT_EQ(m->top_via().host, "chorus");
  EXPECT_EQ(m->via_count(), 3u);
  m->RemoveTopVia();
  EXPECT_EQ(m->top_via().host, "h1");
  m->RemoveTopVia();
  EXPECT_EQ(m->top_via().host, "h2");
  EXPECT_EQ(m->via_count(), 1u);
  EXPECT_EQ(m->Count(HeaderId::kVia), 1u);
}

TEST(SipMessageTest, SetBodyUpdatesFraming) {
  auto m = ParseOk(kBye);
  m->SetBody("application/sdp", "v=0\r\n");
  EXPECT_EQ(m->content_length(), 5);
  auto reparsed = ParseOk(m->Serialize());
  EXPECT_EQ(reparsed->body(), "v=0\r\n");
  EXPECT_EQ(reparsed->Value(HeaderId::kContentType), "application/sdp");
  m->SetBody("", "");
  EXPECT_EQ(m->Find(HeaderId::kContentType), nullptr);
  EXPECT_EQ(m->content_length(), 0);
}

TEST(SipMessageTest, CachedViewsFollowEdits) {
  auto m = ParseOk(kBye);
  m->SetHeader(HeaderId::kTo, "<sip:alice@a.com>;tag=changed");
  EXPECT_EQ(m->to().tag, "changed");
  m->SetHeader(HeaderId::kCSeq, "3 BYE");
  EXPECT_EQ(m->cseq().number, 3u);
  m->SetRequestUri("sip:alice@192.0.2.11");
  EXPECT_EQ(m->Serialize().rfind("BYE sip:alice@192.0.2.11 SIP/2.0\r\n", 0), 0u);
}

TEST(SipMessageTest, MoveKeepsViewsAndCloneIsDeep) {
  auto m = ParseOk(kBye);
  SipMessage moved = std::move(*m);
  EXPECT_EQ(moved.call_id(), "cid-1");
  auto clone = moved.Clone();
  ASSERT_TRUE(clone);
  moved.SetHeader(HeaderId::kCallId, "other");
  EXPECT_EQ((*clone)->call_id(), "cid-1");
  EXPECT_EQ((*clone)->Serialize(), kBye);
}

TEST(SipMessageTest, StatusEdit) {
  auto m = ParseOk(
      "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=2\r\n"
      "To: <sip:a@b>;tag=3\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
  m->SetStatus(183, "Session Progress");
  EXPECT_EQ(m->Serialize().rfind("SIP/2.0 183 Session Progress\r\n", 0), 0u);
}

}  // namespace
}  // namespace chorus::b2bua
