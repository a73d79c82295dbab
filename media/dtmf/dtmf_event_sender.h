#pragma once

// DtmfEventSender: the RFC 4733 packet sequence for one key press
// (2.5.1): a first packet with the marker bit, an update every ptime with
// the duration so far, then three packets with the E bit and the final
// duration (2.5.1.4: redundant ends against loss). All packets of an event
// share its start timestamp; presses longer than 0xFFFF units are split
// into segments (2.5.1.3). The caller writes each packet with RtpWriter
// (telephone-event payload type, force_marker = packet.marker, media_time
// = packet.timestamp), one per ptime tick.
//
// Owned by the stream on its media worker; allocation-free.

#include <array>
#include <cstdint>
#include <optional>

#include "media/base/result.h"
#include "media/dtmf/telephone_event.h"
#include "media/rtp/rtp_types.h"

namespace chorus::media {

struct DtmfEventSenderOptions {
  uint32_t clock_rate_hz = 8000;
  uint32_t ptime_ms = 20;
  uint8_t volume = 10;  // -dBm0
  int end_packets = 3;
};

struct DtmfPacket {
  TelephoneEvent event;
  std::array<uint8_t, kTelephoneEventBytes> payload{};
  bool marker = false;
  RtpTimestamp timestamp;  // media time of the (segment) start
};

class DtmfEventSender {
 public:
  explicit DtmfEventSender(const DtmfEventSenderOptions& options);

  // Starts a digit ('0'-'9', '*', '#', 'A'-'D') lasting `duration_ms`,
  // beginning at media time `start`. Replaces an unfinished digit.
  Result<void> Start(char digit, uint32_t duration_ms, RtpTimestamp start);
  // The packet for this ptime tick, or nullopt once the digit is done.
  std::optional<DtmfPacket> Next();
  bool active() const { return active_; }

 private:
  DtmfPacket Make(uint16_t duration, bool end, bool marker) const;

  DtmfEventSenderOptions options_;
  uint32_t step_units_;
  bool active_ = false;
  uint8_t event_ = 0;
  uint32_t total_units_ = 0;    // whole press
  uint32_t elapsed_units_ = 0;  // sent so far, all segments
  RtpTimestamp segment_start_;
  uint32_t segment_offset_ = 0;  // elapsed at the segment start
  bool first_ = true;
  int ends_sent_ = 0;
};

}  // namespace chorus::media
