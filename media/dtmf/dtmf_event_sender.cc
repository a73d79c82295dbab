#include "media/dtmf/dtmf_event_sender.h"

#include <algorithm>
#include <string>

#include "media/base/check.h"
#include "media/dtmf/dtmf_digit.h"

namespace chorus::media {

DtmfEventSender::DtmfEventSender(const DtmfEventSenderOptions& options)
    : options_(options),
      step_units_(
          static_cast<uint32_t>(uint64_t{options.clock_rate_hz} * options.ptime_ms / 1000)) {
  CHORUS_CHECK(step_units_ > 0 && step_units_ < 0xFFFF);
  CHORUS_CHECK(options_.end_packets >= 1);
}

Result<void> DtmfEventSender::Start(char digit, uint32_t duration_ms, RtpTimestamp start) {
  auto event = DtmfCharToEvent(digit);
  if (!event) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "dtmf: '" + std::string(1, digit) + "' is not a DTMF digit");
  }
  if (duration_ms == 0 || duration_ms > 60'000) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "dtmf: duration " + std::to_string(duration_ms) + " ms outside 1..60000");
  }
  active_ = true;
  event_ = *event;
  total_units_ = static_cast<uint32_t>(uint64_t{options_.clock_rate_hz} * duration_ms / 1000);
  total_units_ = std::max(total_units_, step_units_);
  elapsed_units_ = 0;
  segment_start_ = start;
  segment_offset_ = 0;
  first_ = true;
  ends_sent_ = 0;
  return Ok();
}

DtmfPacket DtmfEventSender::Make(uint16_t duration, bool end, bool marker) const {
  DtmfPacket p;
  p.event.event = event_;
  p.event.end = end;
  p.event.volume = options_.volume;
  p.event.duration = duration;
  p.payload = p.event.Serialize();
  p.marker = marker;
  p.timestamp = segment_start_;
  return p;
}

std::optional<DtmfPacket> DtmfEventSender::Next() {
  if (!active_) return std::nullopt;
  if (elapsed_units_ < total_units_) {
    elapsed_units_ = std::min(elapsed_units_ + step_units_, total_units_);
    // RFC 4733 2.5.1.3: a segment ends at 0xFFFF; the next one starts at
    // the previous start plus that duration.
    if (elapsed_units_ - segment_offset_ > 0xFFFF) {
      segment_start_ = segment_start_ + 0xFFFF;
      segment_offset_ += 0xFFFF;
    }
    const auto duration = static_cast<uint16_t>(elapsed_units_ - segment_offset_);
    if (elapsed_units_ < total_units_) {
      const bool marker = first_;
      first_ = false;
      return Make(duration, false, marker);
    }
  }
  // Final duration reached: the end packets.
  const auto duration = static_cast<uint16_t>(total_units_ - segment_offset_);
  const bool marker = first_;
  first_ = false;
  if (++ends_sent_ >= options_.end_packets) active_ = false;
  return Make(duration, true, marker);
}

}  // namespace chorus::media
