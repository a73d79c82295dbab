// Fuzz target for the jitter buffer (media/dsp/jitter_buffer.h), driven by a
// byte script of Put / Get / PeekNext / Reset operations with arbitrary
// sequence numbers, timestamps, markers, sizes and times. Checks that every
// output is well-formed and the counters stay consistent.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "media/dsp/jitter_buffer.h"

namespace {

using chorus::media::JitterBuffer;
using chorus::media::JitterBufferOptions;
using chorus::media::JitterOutput;
using chorus::media::JitterPacket;
using chorus::media::RtpTimestamp;
using chorus::media::SeqNum;

class Script {
 public:
  Script(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(U8() | U8() << 8); }
  uint32_t U32() { return static_cast<uint32_t>(U16()) | static_cast<uint32_t>(U16()) << 16; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Script script(data, size);
  JitterBufferOptions options;
  options.slot_count = 16;
  options.max_payload_bytes = 64;
  if (script.U8() & 1) {
    options.clock_rate_hz = 48000;
    options.tick_rtp_units = 960;
  }
  auto created = JitterBuffer::Create(options);
  Check(created.has_value());
  JitterBuffer jb = std::move(created).value();

  std::vector<uint8_t> payload(80, 0x5A);
  uint16_t seq = script.U16();
  uint32_t ts = script.U32();
  int64_t now = 0;
  uint64_t gets = 0;
  while (!script.done()) {
    uint8_t op = script.U8();
    switch (op % 8) {
      case 0:
      case 1:
      case 2: {  // Put, usually near the previous packet
        uint8_t shape = script.U8();
        if (shape & 0x80) {
          seq = script.U16();
          ts = script.U32();
        } else {
          seq = static_cast<uint16_t>(seq + (shape & 0x07) - 2);
          ts += static_cast<uint32_t>((shape >> 3) & 0x0F) * (options.tick_rtp_units / 4);
        }
        size_t bytes = script.U8() % payload.size();
        JitterPacket packet{SeqNum(seq), RtpTimestamp(ts), (op & 0x10) != 0,
                            now + static_cast<int8_t>(script.U8()),
                            (op & 0x20) ? options.tick_rtp_units : 0u};
        jb.Put(packet, std::span<const uint8_t>(payload).first(bytes));
        break;
      }
      case 3:
      case 4:
      case 5: {  // Get after some time
        now += script.U8() % 64;
        JitterOutput out = jb.Get(now);
        ++gets;
        Check(out.duration_rtp_units > 0);
        if (out.kind == JitterOutput::Kind::kFrame) {
          Check(!out.payload.empty() && out.payload.size() <= options.max_payload_bytes);
          for (uint8_t b : out.payload) Check(b == 0x5A);
        } else {
          Check(out.payload.empty());
        }
        break;
      }
      case 6:
        if (auto next = jb.PeekNext()) Check(next->payload.size() <= options.max_payload_bytes);
        break;
      case 7:
        if ((op & 0xF0) == 0xF0) jb.Reset();
        break;
    }
    Check(jb.depth_ms() >= 0);
    Check(jb.target_ms() >= options.min_depth_ms && jb.target_ms() <= options.max_depth_ms);
  }
  const auto& s = jb.stats();
  Check(s.played <= s.received);
  Check(s.played <= gets);
  return 0;
}
