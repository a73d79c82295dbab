// Scenarios (RFC 3261 18.3 stream framing, RFC 5626 3.5.1 keep-alives):
// - one message with a body comes out whole, Content-Length bytes of body;
// - a buffer of several messages (compact "l", lower-case name, LF-only
//   line ends, body holding CRLFCRLF, CRLFs and pings between them) gives
//   the same frames whole, split in two at every byte, and byte by byte;
// - CRLFCRLF is a ping; lone CRLFs before a start line are skipped (7.5);
//   a partial ping waits for more bytes;
// - missing, non-numeric, empty, folded and disagreeing Content-Length make
//   the stream unframeable (the header section is handed out); equal
//   duplicates frame normally;
// - a message declaring more than max_message_bytes, and a header section
//   growing past it, are kTooLarge; exactly the limit is fine;
// - a spent framer ignores further input.

#include "b2bua/sip/transport/stream_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::b2bua {
namespace {

using Kind = StreamFramer::FrameKind;

struct Seen {
  Kind kind;
  std::string bytes;
  size_t declared = 0;
  bool operator==(const Seen& o) const {
    return kind == o.kind && bytes == o.bytes && declared == o.declared;
  }
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << "{kind=" << static_cast<int>(s.kind) << " bytes=" << s.bytes.size()
            << " declared=" << s.declared << "}";
}

void Drain(StreamFramer& f, std::vector<Seen>& out) {
  while (true) {
    StreamFramer::Frame frame = f.Next();
    if (frame.kind == Kind::kNeedMore) return;
    out.push_back(Seen{frame.kind, std::string(frame.bytes), frame.declared_bytes});
  }
}

// Feeds `chunks` one after the other, draining after each.
std::vector<Seen> Feed(const std::vector<std::string>& chunks, size_t max = 64 * 1024) {
  StreamFramer f(max);
  std::vector<Seen> out;
  for (const std::string& c : chunks) {
    f.Append(c);
    Drain(f, out);
  }
  return out;
}

std::string Request(std::string_view method, std::string_view extra_headers,
                    std::string_view body) {
  std::string m = std::string(method) + " sip:conf-1@chorus.example.com SIP/2.0\r\n";
  m += "Via: SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bK" + std::string(method) + "\r\n";
  m += "Max-Forwards: 70\r\n";
  m += "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:conf-1@chorus.example.com>\r\n";
  m += "Call-ID: c1@example.com\r\nCSeq: 1 " + std::string(method) + "\r\n";
  m += std::string(extra_headers);
  m += "\r\n";
  m += std::string(body);
  return m;
}

std::string WithLength(std::string_view method, std::string_view body) {
  return Request(method, "Content-Length: " + std::to_string(body.size()) + "\r\n", body);
}

TEST(StreamFramerTest, OneMessageWithBody) {
  std::string msg = WithLength("INVITE", "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\n");
  auto frames = Feed({msg + "INVITE sip:x"});
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].kind, Kind::kMessage);
  EXPECT_EQ(frames[0].bytes, msg);
}

// A stream exercising every boundary rule at once.
std::string MultiMessageStream(std::vector<Seen>* expected) {
  std::string invite = WithLength("INVITE", "v=0\r\n\r\n\r\nbody with blank lines\r\n");
  std::string compact = Request("OPTIONS", "l: 3\r\n", "abc");
  std::string lower = Request("BYE", "content-length :  0 \r\n", "");
  std::string lf_only =
      "SIP/2.0 200 OK\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKx\nFrom: <sip:a@b>;tag=1\n"
      "To: <sip:c@d>;tag=2\nCall-ID: x@y\nCSeq: 2 BYE\nL: 2\n\nok";
  std::string dup = Request("INFO", "Content-Length: 1\r\nContent-Length: 1\r\n", "!");
  std::string stream =
      "\r\n" + invite + "\r\n\r\n" + compact + "\r\n" + lower + "\r\n\r\n\r\n" + lf_only + dup;
  *expected = {{Kind::kMessage, invite}, {Kind::kPing, ""}, {Kind::kMessage, compact},
               {Kind::kMessage, lower},  {Kind::kPing, ""}, {Kind::kMessage, lf_only},
               {Kind::kMessage, dup}};
  return stream;
}

TEST(StreamFramerTest, ManyMessagesInOneBuffer) {
  std::vector<Seen> expected;
  std::string stream = MultiMessageStream(&expected);
  EXPECT_EQ(Feed({stream}), expected);
}

TEST(StreamFramerTest, SplitAtEveryByteBoundary) {
  std::vector<Seen> expected;
  std::string stream = MultiMessageStream(&expected);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    ASSERT_EQ(Feed({stream.substr(0, cut), stream.substr(cut)}), expected) << "cut at " << cut;
  }
}

TEST(StreamFramerTest, ByteByByte) {
  std::vector<Seen> expected;
  std::string stream = MultiMessageStream(&expected);
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  EXPECT_EQ(Feed(bytes), expected);
}

TEST(StreamFramerTest, ThreeWaySplitsAroundMessageBoundaries) {
  std::vector<Seen> expected;
  std::string stream = MultiMessageStream(&expected);
  // Every pair of cuts is too many; cuts every 7 bytes against every byte is plenty.
  for (size_t a = 0; a <= stream.size(); a += 7) {
    for (size_t b = a; b <= stream.size(); ++b) {
      ASSERT_EQ(Feed({stream.substr(0, a), stream.substr(a, b - a), stream.substr(b)}), expected)
          << "cuts at " << a << " and " << b;
    }
  }
}

TEST(StreamFramerTest, PingsAndStrayLineEnds) {
  EXPECT_EQ(Feed({"\r\n\r\n"}), (std::vector<Seen>{{Kind::kPing, ""}}));
  EXPECT_EQ(Feed({"\r\n\r\n\r\n\r\n"}), (std::vector<Seen>{{Kind::kPing, ""}, {Kind::kPing, ""}}));
  // A partial ping waits; a lone CRLF (a pong from the peer) is held, not answered.
  EXPECT_TRUE(Feed({"\r\n\r"}).empty());
  EXPECT_TRUE(Feed({"\r\n"}).empty());
  EXPECT_EQ(Feed({"\r", "\n", "\r", "\n"}), (std::vector<Seen>{{Kind::kPing, ""}}));
  // CRLF then a message: skipped, not a ping.
  std::string msg = WithLength("OPTIONS", "");
  EXPECT_EQ(Feed({"\r\n" + msg}), (std::vector<Seen>{{Kind::kMessage, msg}}));
  EXPECT_EQ(Feed({"\n\n\n" + msg}), (std::vector<Seen>{{Kind::kMessage, msg}}));
  StreamFramer f(1024);
  f.Append("\r\n\r\n\r\n");
  EXPECT_EQ(f.Next().kind, Kind::kPing);
  EXPECT_EQ(f.Next().kind, Kind::kNeedMore);
  EXPECT_EQ(f.buffered_bytes(), 2u);
}

void ExpectUnframeable(const std::string& headers, const char* why) {
  SCOPED_TRACE(why);
  StreamFramer f(64 * 1024);
  f.Append(headers + "trailing body");
  StreamFramer::Frame frame = f.Next();
  EXPECT_EQ(frame.kind, Kind::kUnframeable);
  EXPECT_EQ(frame.bytes, headers);
  EXPECT_STRNE(frame.reason, "");
  EXPECT_TRUE(f.spent());
  f.Append(WithLength("OPTIONS", ""));
  EXPECT_EQ(f.Next().kind, Kind::kNeedMore);
}

TEST(StreamFramerTest, BadContentLengthIsUnframeable) {
  ExpectUnframeable(Request("INVITE", "", ""), "missing");
  ExpectUnframeable(Request("INVITE", "Content-Length: abc\r\n", ""), "letters");
  ExpectUnframeable(Request("INVITE", "Content-Length: -1\r\n", ""), "negative");
  ExpectUnframeable(Request("INVITE", "Content-Length:\r\n", ""), "empty");
  ExpectUnframeable(Request("INVITE", "Content-Length: 1 2\r\n", ""), "two numbers");
  ExpectUnframeable(Request("INVITE", "Content-Length: 1\r\n 2\r\n", ""), "folded");
  ExpectUnframeable(Request("INVITE", "Content-Length: 1\r\nl: 2\r\n", ""), "disagreeing");
  // "Content-Lengthy" is another header: still missing.
  ExpectUnframeable(Request("INVITE", "Content-Lengthy: 4\r\n", ""), "similar name");
}

TEST(StreamFramerTest, DeclaredTooLarge) {
  std::string headers = Request("INVITE", "Content-Length: 5000\r\n", "");
  StreamFramer f(4096);
  f.Append(headers);
  StreamFramer::Frame frame = f.Next();
  EXPECT_EQ(frame.kind, Kind::kTooLarge);
  EXPECT_EQ(frame.bytes, headers);
  EXPECT_EQ(frame.declared_bytes, headers.size() + 5000);
  EXPECT_TRUE(f.spent());

  std::string huge = Request("INVITE", "Content-Length: 99999999999999999999999\r\n", "");
  auto frames = Feed({huge}, 4096);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].kind, Kind::kTooLarge);
  EXPECT_GT(frames[0].declared, size_t{4096});
}

TEST(StreamFramerTest, ExactlyAtTheLimitIsAccepted) {
  std::string head = Request("MESSAGE", "Content-Length: 100\r\n", "");
  std::string msg = head + std::string(100, 'x');
  EXPECT_EQ(Feed({msg}, msg.size()), (std::vector<Seen>{{Kind::kMessage, msg}}));
  auto over = Feed({msg}, msg.size() - 1);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].kind, Kind::kTooLarge);
}

TEST(StreamFramerTest, HeaderSectionTooLarge) {
  std::string start = "INVITE sip:a@b SIP/2.0\r\nX-Filler: " + std::string(300, 'a');
  // Never-ending header line, fed in pieces: fails once past the limit.
  StreamFramer f(256);
  f.Append(start.substr(0, 200));
  EXPECT_EQ(f.Next().kind, Kind::kNeedMore);
  f.Append(start.substr(200));
  StreamFramer::Frame frame = f.Next();
  EXPECT_EQ(frame.kind, Kind::kTooLarge);
  EXPECT_TRUE(frame.bytes.empty());
  EXPECT_EQ(frame.declared_bytes, 0u);
  // A complete but oversized header section gives the same answer.
  auto whole = Feed({start + "\r\nContent-Length: 0\r\n\r\n"}, 256);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0], (Seen{Kind::kTooLarge, "", 0}));
}

TEST(StreamFramerTest, WaitsForTheBody) {
  std::string msg = WithLength("MESSAGE", "hello");
  StreamFramer f(1024);
  f.Append(msg.substr(0, msg.size() - 1));
  EXPECT_EQ(f.Next().kind, Kind::kNeedMore);
  EXPECT_EQ(f.Next().kind, Kind::kNeedMore);
  f.Append(msg.substr(msg.size() - 1));
  StreamFramer::Frame frame = f.Next();
  EXPECT_EQ(frame.kind, Kind::kMessage);
  EXPECT_EQ(frame.bytes, msg);
  EXPECT_EQ(f.buffered_bytes(), 0u);
}

}  // namespace
}  // namespace chorus::b2bua
