#pragma once

// DtmfEventReceiver: turns the telephone-event packets of one RTP stream
// (RFC 4733) into exactly one digit per key press, with its duration.
// Rules (RFC 4733 2.5.2):
//   - an event is identified by its RTP timestamp (its start); packets with
//     that timestamp update the duration; the first with the E bit reports
//     the digit, later ones (the redundant and retransmitted ends) and late
//     updates are ignored;
//   - a packet with a newer timestamp starts a new event, marker or not
//     (the start packets may be lost); if the previous event never saw its
//     end, it is reported first with the longest duration seen;
//   - long presses (2.5.1.3): past 0xFFFF units the sender starts a new
//     segment at timestamp + previous duration with the same event, no
//     marker and no E bit; such a packet continues the event (when the
//     previous segment had run close to 0xFFFF) and durations add up;
//   - packets older than the current event are stale and ignored;
//   - Poll() closes an event whose end packets were all lost once nothing
//     arrived for end_timeout_ms;
//   - non-DTMF events (codes above 15: flash, fax tones) are counted and
//     otherwise ignored.
//
// Owned by the stream on its media worker; allocation-free. Time injected.

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/dtmf/telephone_event.h"
#include "media/rtp/rtp_types.h"

namespace chorus::media {

struct DtmfDigitEvent {
  char digit = '\0';
  uint8_t event = 0;
  uint32_t duration_units = 0;  // RTP timestamp units
  uint32_t duration_ms = 0;
  uint8_t volume = 0;
  RtpTimestamp start;
  bool end_seen = false;  // false: closed by timeout or by the next event
};

// Up to two digits from one call (a lost end closes the previous event
// while an end-only packet reports the next one).
struct DtmfDigitEvents {
  std::array<DtmfDigitEvent, 2> items{};
  size_t count = 0;
  const DtmfDigitEvent* begin() const { return items.data(); }
  const DtmfDigitEvent* end() const { return items.data() + count; }
  bool empty() const { return count == 0; }
  size_t size() const { return count; }
  const DtmfDigitEvent& operator[](size_t i) const { return items[i]; }
};

struct DtmfEventReceiverOptions {
  uint32_t clock_rate_hz = 8000;  // of the telephone-event payload type
  int64_t end_timeout_ms = 300;
};

class DtmfEventReceiver {
 public:
  explicit DtmfEventReceiver(const DtmfEventReceiverOptions& options);

  // One accepted telephone-event packet (RTP header fields + payload).
  DtmfDigitEvents OnPacket(RtpTimestamp timestamp, bool marker, const TelephoneEvent& event,
                           int64_t now_ms);
  // Reports an open event whose end never came.
  DtmfDigitEvents Poll(int64_t now_ms);
  // New SSRC or a re-negotiated stream: forget the current event.
  void Reset();

  bool in_event() const { return active_ && !reported_; }
  uint64_t ignored_events() const { return ignored_events_; }
  uint64_t stale_packets() const { return stale_packets_; }

 private:
  DtmfDigitEvent Report(bool end_seen);
  void Start(RtpTimestamp timestamp, const TelephoneEvent& event, int64_t now_ms);

  uint32_t clock_rate_hz_;
  int64_t end_timeout_ms_;

  bool active_ = false;    // an event was seen (current or last one)
  bool reported_ = false;  // its digit has been reported
  uint8_t event_ = 0;
  uint8_t volume_ = 0;
  RtpTimestamp start_;            // first segment's timestamp
  RtpTimestamp segment_start_;    // current segment's timestamp
  uint32_t completed_units_ = 0;  // sum of finished segments
  uint16_t segment_units_ = 0;    // longest duration seen in this segment
  int64_t last_packet_ms_ = 0;

  uint64_t ignored_events_ = 0;
  uint64_t stale_packets_ = 0;
};

}  // namespace chorus::media
