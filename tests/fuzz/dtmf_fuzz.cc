// Fuzz target: DTMF inputs from the network. The first byte selects the
// consumer: RFC 4733 telephone-event packets through DtmfEventReceiver
// (input read as records of timestamp, marker and payload), SIP INFO
// bodies (application/dtmf-relay and application/dtmf), or PCM through the
// in-band tone detector; digits then pass the deduplicator.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "media/dtmf/dtmf_deduplicator.h"
#include "media/dtmf/dtmf_event_receiver.h"
#include "media/dtmf/dtmf_info_body.h"
#include "media/dtmf/dtmf_tone_detector.h"
#include "media/dtmf/telephone_event.h"
#include "media/rtp/byte_order.h"

using namespace chorus::media;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 3;
  ++data;
  --size;
  DtmfDeduplicator dedup;
  int64_t now_ms = 0;
  if (mode == 0) {
    DtmfEventReceiver receiver({.clock_rate_hz = 8000, .end_timeout_ms = 300});
    // Records: 4-byte timestamp, 1 byte (marker, time step), 4-byte payload.
    while (size >= 9) {
      const RtpTimestamp ts(LoadBe32(data));
      const bool marker = (data[4] & 0x80) != 0;
      now_ms += data[4] & 0x7F;
      auto event = TelephoneEvent::Parse(std::span<const uint8_t>(data + 5, 4));
      if (!event) __builtin_trap();
      for (const auto& digit : receiver.OnPacket(ts, marker, *event, now_ms)) {
        if (digit.digit == '\0') __builtin_trap();
        dedup.Accept(digit.digit, DtmfSource::kRfc4733, now_ms);
      }
      for (const auto& digit : receiver.Poll(now_ms)) {
        dedup.Accept(digit.digit, DtmfSource::kRfc4733, now_ms);
      }
      data += 9;
      size -= 9;
    }
  } else if (mode == 1) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    if (auto info = ParseDtmfRelayBody(body)) dedup.Accept(info->digit, DtmfSource::kSipInfo, 1);
    if (auto info = ParseDtmfBody(body)) dedup.Accept(info->digit, DtmfSource::kSipInfo, 2);
    const size_t split = size > 0 ? data[0] % (size + 1) : 0;
    (void)ParseDtmfInfoBody(body.substr(0, split), body.substr(split));
  } else {
    static DtmfToneDetector detector(8000);
    int16_t frame[160];
    while (size >= 2) {
      size_t n = 0;
      while (n < 160 && size >= 2) {
        frame[n++] = static_cast<int16_t>(data[0] | (data[1] << 8));
        data += 2;
        size -= 2;
      }
      if (auto tone = detector.Process(std::span<const int16_t>(frame, n))) {
        dedup.Accept(tone->digit, DtmfSource::kInband, now_ms);
      }
      now_ms += 20;
    }
  }
  return 0;
}
