#include "media/dtmf/dtmf_event_receiver.h"

#include <algorithm>

#include "media/base/check.h"
#include "media/dtmf/dtmf_digit.h"

namespace chorus::media {
namespace {

// A long press continues in a new segment only after the previous one ran
// to within this many units of the 16-bit limit (RFC 4733 2.5.1.3).
constexpr uint32_t kSegmentSlackUnits = 0x2000;

void Push(DtmfDigitEvents& events, const DtmfDigitEvent& e) {
  if (events.count < events.items.size()) events.items[events.count++] = e;
}

}  // namespace

DtmfEventReceiver::DtmfEventReceiver(const DtmfEventReceiverOptions& options)
    : clock_rate_hz_(options.clock_rate_hz), end_timeout_ms_(options.end_timeout_ms) {
  CHORUS_CHECK(clock_rate_hz_ > 0);
}

void DtmfEventReceiver::Reset() {
  active_ = false;
  reported_ = false;
  completed_units_ = 0;
  segment_units_ = 0;
}

DtmfDigitEvent DtmfEventReceiver::Report(bool end_seen) {
  reported_ = true;
  DtmfDigitEvent e;
  e.event = event_;
  e.digit = DtmfEventToChar(event_);
  e.duration_units = completed_units_ + segment_units_;
  e.duration_ms =
      static_cast<uint32_t>(static_cast<uint64_t>(e.duration_units) * 1000 / clock_rate_hz_);
  e.volume = volume_;
  e.start = start_;
  e.end_seen = end_seen;
  return e;
}

void DtmfEventReceiver::Start(RtpTimestamp timestamp, const TelephoneEvent& event, int64_t now_ms) {
  active_ = true;
  reported_ = false;
  event_ = event.event;
  volume_ = event.volume;
  start_ = timestamp;
  segment_start_ = timestamp;
  completed_units_ = 0;
  segment_units_ = event.duration;
  last_packet_ms_ = now_ms;
}

DtmfDigitEvents DtmfEventReceiver::OnPacket(RtpTimestamp timestamp, bool marker,
                                            const TelephoneEvent& event, int64_t now_ms) {
  DtmfDigitEvents out;
  if (event.event > kDtmfMaxEvent) {
    ++ignored_events_;
    return out;
  }

  if (active_ && timestamp == segment_start_) {
    // Same event, same segment: an update, an end, or a repeat of either.
    if (reported_ || event.event != event_) return out;
    segment_units_ = std::max(segment_units_, event.duration);
    volume_ = event.volume;
    last_packet_ms_ = now_ms;
    if (event.end) Push(out, Report(true));
    return out;
  }

  if (active_ && timestamp < segment_start_) {
    ++stale_packets_;  // a late packet of an earlier event
    return out;
  }

  if (active_ && !reported_ && !marker && event.event == event_) {
    const int64_t distance = timestamp.DistanceFrom(segment_start_);
    if (distance <= 0xFFFF && distance >= segment_units_ &&
        segment_units_ + kSegmentSlackUnits >= 0xFFFF) {
      // Long press: next segment of the same event.
      completed_units_ += static_cast<uint32_t>(distance);
      segment_start_ = timestamp;
      segment_units_ = event.duration;
      last_packet_ms_ = now_ms;
      if (event.end) Push(out, Report(true));
      return out;
    }
  }

  // A new event. Close the previous one if its end was lost.
  if (active_ && !reported_) Push(out, Report(false));
  Start(timestamp, event, now_ms);
  if (event.end) Push(out, Report(true));
  return out;
}

DtmfDigitEvents DtmfEventReceiver::Poll(int64_t now_ms) {
  DtmfDigitEvents out;
  if (active_ && !reported_ && now_ms - last_packet_ms_ >= end_timeout_ms_) {
    Push(out, Report(false));
  }
  return out;
}

}  // namespace chorus::media
