// Fuzzes StreamFramer with random chunking. Input layout: two bytes for
// max_message_bytes (64 + n % 8192), two bytes seeding the chunk sizes,
// then the stream. The stream is framed twice, whole and in chunks of
// pseudo-random sizes (1 to 97 bytes), and the two runs must give the same
// frames; every frame must respect the limit and the framer's contract, and
// each message goes through SipParser with stream framing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/transport/stream_framer.h"

using namespace chorus::b2bua;

namespace {

struct Seen {
  StreamFramer::FrameKind kind;
  std::string bytes;
  size_t declared;
  bool operator==(const Seen& o) const {
    return kind == o.kind && bytes == o.bytes && declared == o.declared;
  }
};

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void Drain(StreamFramer& f, size_t max, std::vector<Seen>& out) {
  while (true) {
    StreamFramer::Frame frame = f.Next();
    if (frame.kind == StreamFramer::FrameKind::kNeedMore) return;
    Check(frame.bytes.size() <= max);
    if (frame.kind == StreamFramer::FrameKind::kMessage) {
      Check(!frame.bytes.empty() && frame.bytes[0] != '\r' && frame.bytes[0] != '\n');
    }
    if (frame.kind == StreamFramer::FrameKind::kPing) Check(frame.bytes.empty());
    if (frame.kind == StreamFramer::FrameKind::kTooLarge && !frame.bytes.empty()) {
      Check(frame.declared_bytes > max);
    }
    out.push_back(Seen{frame.kind, std::string(frame.bytes), frame.declared_bytes});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  size_t max = 64 + ((data[0] | (data[1] << 8)) % 8192);
  uint32_t rng = (data[2] | (data[3] << 8)) * 2654435761u + 1;
  std::string_view stream(reinterpret_cast<const char*>(data + 4), size - 4);

  std::vector<Seen> whole;
  StreamFramer one(max);
  one.Append(stream);
  Drain(one, max, whole);

  std::vector<Seen> chunked;
  StreamFramer many(max);
  size_t pos = 0;
  while (pos < stream.size()) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    size_t n = 1 + rng % 97;
    if (n > stream.size() - pos) n = stream.size() - pos;
    many.Append(stream.substr(pos, n));
    pos += n;
    Drain(many, max, chunked);
    Check(many.buffered_bytes() <= stream.size());
  }
  Check(whole == chunked);
  Check(one.spent() == many.spent());

  size_t framed = 0;
  for (const Seen& s : whole)
    framed += s.kind == StreamFramer::FrameKind::kMessage ? s.bytes.size() : 0;
  Check(framed <= stream.size());
  SipParseLimits limits{max, 256};
  for (const Seen& s : whole) {
    if (s.kind == StreamFramer::FrameKind::kPing) continue;
    if (s.bytes.empty()) continue;
    SipParseResult r = SipParser::Parse(s.bytes, Framing::kStream, limits);
    // A framed message's Content-Length matches what the framer cut.
    if (s.kind == StreamFramer::FrameKind::kMessage && r.message && r.status == 0) {
      Check(r.message->content_length() >= 0);
      Check(static_cast<size_t>(r.message->content_length()) == r.message->body().size());
    }
  }
  return 0;
}
