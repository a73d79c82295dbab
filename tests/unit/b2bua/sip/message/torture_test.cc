// Scenarios: every RFC 4475 and RFC 5118 torture message in
// tests/testdata/sip-torture is fed to the parser; the outcome must match
// the "parser" column of expectations.txt (valid, 400, 505, or a dropped
// response), nothing crashes, and each valid message re-serializes to its
// original bytes. RFC 5118 files ship with LF line ends and are converted
// to CRLF first, as their Content-Length values count CRLFs.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "b2bua/sip/message/sip_parser.h"
#include "tests/unit/b2bua/sip/torture_cases.h"

namespace chorus::b2bua {
namespace {

using testing::LoadTortureCases;
using testing::LoadTortureMessage;

TEST(TortureTest, ExpectationsCoverEveryFile) {
  auto cases = LoadTortureCases();
  EXPECT_EQ(cases.size(), 49u + 12u);
}

TEST(TortureTest, EachMessageGetsItsExpectedOutcome) {
  for (const auto& c : LoadTortureCases()) {
    SCOPED_TRACE(c.file);
    std::string bytes = LoadTortureMessage(c.file);
    ASSERT_FALSE(bytes.empty()) << "missing test file";
    SipParseResult r = SipParser::Parse(bytes, Framing::kDatagram, SipParseLimits{});
    if (c.parser == "ok") {
      EXPECT_TRUE(r.ok()) << r.reason;
    } else if (c.parser == "drop") {
      EXPECT_FALSE(r.ok());
      EXPECT_TRUE(r.message == nullptr || r.message->is_response());
    } else {
      int expected = std::stoi(c.parser);
      EXPECT_EQ(r.status, expected) << r.reason;
      ASSERT_NE(r.message, nullptr) << "a 4xx/5xx needs the partial message to answer";
      EXPECT_TRUE(r.message->is_request());
      EXPECT_FALSE(r.reason.empty());
    }
  }
}

TEST(TortureTest, ValidMessagesRoundTripByteForByte) {
  for (const auto& c : LoadTortureCases()) {
    if (c.parser != "ok") continue;
    SCOPED_TRACE(c.file);
    std::string bytes = LoadTortureMessage(c.file);
    SipParseResult r = SipParser::Parse(bytes, Framing::kDatagram, SipParseLimits{});
    ASSERT_TRUE(r.ok());
    std::string out = r.message->Serialize();
    // Two RFC 5118 messages end without the blank line; we write it.
    if (bytes.find("\r\n\r\n") == std::string::npos) bytes += "\r\n";
    // dblreq carries a second message after the first one's body: only
    // the first is the message.
    EXPECT_EQ(out, bytes.substr(0, out.size()));
    EXPECT_EQ(r.message->body().size(), out.size() - out.find("\r\n\r\n") - 4);
  }
}

TEST(TortureTest, SpecificReasonsNameTheFault) {
  auto reason = [](const std::string& file) {
    return SipParser::Parse(LoadTortureMessage(file), Framing::kDatagram, SipParseLimits{}).reason;
  };
  EXPECT_NE(reason("rfc4475/clerr.dat").find("Content-Length"), std::string::npos);
  EXPECT_NE(reason("rfc4475/mcl01.dat").find("Content-Length"), std::string::npos);
  EXPECT_NE(reason("rfc4475/mismatch01.dat").find("CSeq method"), std::string::npos);
  EXPECT_NE(reason("rfc4475/insuf.dat").find("missing"), std::string::npos);
  EXPECT_NE(reason("rfc4475/baddate.dat").find("Date"), std::string::npos);
  EXPECT_NE(reason("rfc4475/scalar02.dat").find("CSeq"), std::string::npos);
  EXPECT_NE(reason("rfc4475/escruri.dat").find("Request-URI"), std::string::npos);
}

TEST(TortureTest, WsinvFieldsSurviveTheWhitespace) {
  SipParseResult r =
      SipParser::Parse(LoadTortureMessage("rfc4475/wsinv.dat"), Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(r.ok()) << r.reason;
  const SipMessage& m = *r.message;
  EXPECT_EQ(m.method(), Method::kInvite);
  EXPECT_EQ(m.to().tag, "1918181833n");
  EXPECT_EQ(m.from().tag, "98asjd8");
  EXPECT_EQ(m.max_forwards(), 68);
  EXPECT_EQ(m.cseq().number, 9u);
  EXPECT_EQ(m.cseq_method(), Method::kInvite);
  EXPECT_EQ(m.top_via().transport, "UDP");
  EXPECT_EQ(m.top_via().host, "192.0.2.2");
  EXPECT_EQ(m.top_via().branch, "390skdjuw");
  EXPECT_EQ(m.via_count(), 3u);
  EXPECT_EQ(m.content_length(), 150);
  EXPECT_EQ(m.body().size(), 150u);
  const SipHeader* unknown = m.FindByName("NewFangledHeader");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->value.substr(0, 16), "newfangled value");
}

TEST(TortureTest, DblreqTakesOnlyTheFirstRequest) {
  SipParseResult r =
      SipParser::Parse(LoadTortureMessage("rfc4475/dblreq.dat"), Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.message->method(), Method::kRegister);
  EXPECT_TRUE(r.message->body().empty());
}

TEST(TortureTest, Ipv6ReferencesParse) {
  SipParseResult r = SipParser::Parse(LoadTortureMessage("rfc5118/via-received-param-with-delim"),
                                      Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.message->top_via().host_is_ipv6);
  EXPECT_EQ(r.message->top_via().host, "2001:db8::9:1");
  EXPECT_EQ(r.message->top_via().received, "2001:db8::9:255");
  SipParseResult r2 = SipParser::Parse(LoadTortureMessage("rfc5118/via-received-param-no-delim"),
                                       Framing::kDatagram, SipParseLimits{});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.message->top_via().received, "2001:db8::9:255");
}

}  // namespace
}  // namespace chorus::b2bua
