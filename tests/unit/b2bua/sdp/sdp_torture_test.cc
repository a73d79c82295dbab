// Scenarios: the SDP bodies of the RFC 4475 torture messages and of the
// RFC 5118 IPv6 messages in tests/testdata/sip-torture/, taken from the
// message after its blank line, go through ParseSdp and the answerer:
// - every RFC 4475 body with "m=audio ... 0 12" and "m=video ... 31" (some
//   without s=/t=, mismatch02) parses and is answered with PCMU while the
//   video stream is rejected with port 0 and its format (RFC 3264 6).
// - dblreq carries a second request whose SDP has "m =video": rejected as
//   malformed (RFC 8866 5: "<type>=<value>" with no space), naming line 7.
// - ipv6-in-sdp / ipv4-mapped-ipv6: IP6 addresses parse; G726-32 only is
//   not acceptable (488, no common codec), even when we are IPv6.
// - mult-ip-in-sdp: media-level c= per stream (IPv4 audio, IPv6 video);
//   the audio is answered to 192.0.2.1.

#include <dirent.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "b2bua/sdp/sdp_negotiator.h"
#include "b2bua/sdp/sdp_parser.h"
#include "tests/unit/b2bua/sdp/sdp_test_util.h"

namespace chorus::b2bua {
namespace {

using testing::HasLine;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What follows the first empty line (CRLF or LF framing). A body that is
// itself a message (dblreq) yields that message's body.
std::string BodyOf(std::string message) {
  for (int depth = 0; depth < 2; ++depth) {
    size_t crlf = message.find("\r\n\r\n");
    size_t lf = message.find("\n\n");
    if (crlf == std::string::npos && lf == std::string::npos) return "";
    if (lf == std::string::npos || (crlf != std::string::npos && crlf < lf)) {
      message = message.substr(crlf + 4);
    } else {
      message = message.substr(lf + 2);
    }
    if (message.rfind("v=0", 0) == 0) break;
  }
  return message;
}

std::string Torture(const std::string& name) {
  return std::string(CHORUS_TESTDATA_DIR) + "/sip-torture/" + name;
}

LocalMedia Local4() { return LocalMedia{SocketAddress::FromIp("192.0.2.200", 30000).value()}; }
LocalMedia Local6() { return LocalMedia{SocketAddress::FromIp("2001:db8::10", 30000).value()}; }

SdpNegotiator Make() {
  auto n = SdpNegotiator::CreateForTest({}, 1);
  CHORUS_CHECK(n.has_value());
  return std::move(*n);
}

std::vector<std::string> Rfc4475SdpMessages() {
  std::vector<std::string> out;
  std::string dir = Torture("rfc4475");
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 4 || name.substr(name.size() - 4) != ".dat") continue;
    std::string text = ReadFile(dir + "/" + name);
    if (BodyOf(text).rfind("v=0", 0) == 0) out.push_back(name);
  }
  closedir(d);
  return out;
}

TEST(SdpTortureTest, Rfc4475BodiesAnsweredWithPcmu) {
  std::vector<std::string> names = Rfc4475SdpMessages();
  ASSERT_GE(names.size(), 15u);
  for (const std::string& name : names) {
    std::string body = BodyOf(ReadFile(Torture("rfc4475/" + name)));
    auto r = Make().Answer(body, Local4());
    if (name == "dblreq.dat") {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().message,
                "malformed SDP offer: line 7: expected '<letter>=<value>', got 'm =video 3227 "
                "RTP/AVP 31'");
      EXPECT_EQ(SipRejectionFor(r.error()).status_code, 400);
      continue;
    }
    ASSERT_TRUE(r) << name << ": " << r.error().message;
    EXPECT_EQ(r->codec.codec, AudioCodec::kPcmu) << name;
    EXPECT_EQ(r->remote_rtp.port(), 49217) << name;
    EXPECT_EQ(r->remote_rtp.IpString().rfind("192.0.2.", 0), 0u) << name;
    if (name != "inv2543.dat") {
      EXPECT_TRUE(HasLine(r->local_sdp, "m=video 0 RTP/AVP 31")) << name;
    }
    EXPECT_TRUE(HasLine(r->local_sdp, "m=audio 30000 RTP/AVP 0")) << name;
  }
}

TEST(SdpTortureTest, Sdp01Model) {
  auto s = ParseSdp(BodyOf(ReadFile(Torture("rfc4475/sdp01.dat"))));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->origin.username, "mhandley");
  ASSERT_EQ(s->media.size(), 2u);
  EXPECT_EQ(s->media[0].formats, (std::vector<std::string>{"0", "12"}));
  EXPECT_EQ(s->media[1].media, "video");
  EXPECT_EQ(s->media[1].attributes[0].value, "31 LPC");
}

TEST(SdpTortureTest, Mismatch02LacksSessionNameAndTiming) {
  auto s = ParseSdp(BodyOf(ReadFile(Torture("rfc4475/mismatch02.dat"))));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->name, "-");
  ASSERT_EQ(s->timings.size(), 1u);
}

TEST(SdpTortureTest, Ipv6Bodies) {
  for (const char* name : {"rfc5118/ipv6-in-sdp", "rfc5118/ipv4-mapped-ipv6"}) {
    std::string body = BodyOf(ReadFile(Torture(name)));
    auto s = ParseSdp(body);
    ASSERT_TRUE(s) << name << ": " << s.error().message;
    ASSERT_TRUE(s->connection);
    EXPECT_TRUE(s->connection->is_ip6());
    EXPECT_EQ(s->origin.addr_type, "IP6");
    EXPECT_EQ(s->timings[0].start, "3338481189");
    auto r = Make().Answer(body, Local6());
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().message,
              "m=audio #1: no common codec; we accept opus/48000/2, G722/8000, PCMU/8000, "
              "PCMA/8000");
    EXPECT_EQ(SipRejectionFor(r.error()).status_code, 488);
  }
  auto s = ParseSdp(BodyOf(ReadFile(Torture("rfc5118/ipv6-in-sdp"))));
  EXPECT_EQ(s->connection->address, "2001:db8::20");
  auto m = ParseSdp(BodyOf(ReadFile(Torture("rfc5118/ipv4-mapped-ipv6"))));
  EXPECT_EQ(m->connection->address, "::ffff:192.0.2.2");
}

TEST(SdpTortureTest, MultipleAddressFamilies) {
  std::string body = BodyOf(ReadFile(Torture("rfc5118/mult-ip-in-sdp")));
  auto s = ParseSdp(body);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_FALSE(s->connection);
  EXPECT_EQ(s->media[0].connection->address, "192.0.2.1");
  EXPECT_EQ(s->media[1].connection->address, "2001:db8::1");
  EXPECT_EQ(s->name, "-");
  auto r = Make().Answer(body, Local4());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->remote_rtp.ToString(), "192.0.2.1:22334");
  EXPECT_TRUE(HasLine(r->local_sdp, "m=video 0 RTP/AVP 107"));
}

}  // namespace
}  // namespace chorus::b2bua
