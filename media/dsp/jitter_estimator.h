#pragma once

// JitterEstimator: measures how irregularly an RTP stream arrives, for the
// jitter buffer's target depth and for metrics. Two views of the same
// transit times (arrival time minus media time):
//   - jitter_ms(): RFC 3550 6.4.1 / A.8 interarrival jitter, the smoothed
//     mean deviation, as reported in RTCP;
//   - delay_spread_ms(): the largest minus the smallest transit seen in the
//     last ~2 s, i.e. how much later than the earliest packet the latest one
//     came; a buffer this deep would have lost nothing in that window.
// Member of JitterBuffer: same owner and thread; fixed size, no allocation.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "media/rtp/rtp_types.h"

namespace chorus::media {

class JitterEstimator {
 public:
  static constexpr int64_t kBucketMs = 100;
  static constexpr size_t kBuckets = 20;  // window of kBuckets * kBucketMs
  // A transit change this large is a timestamp jump, not network jitter.
  static constexpr double kResyncMs = 1000;

  explicit JitterEstimator(uint32_t clock_rate_hz);

  // Forgets the timestamp base and the window (new stream); keeps jitter_ms.
  void Restart();
  void OnPacket(RtpTimestamp timestamp, int64_t arrival_ms);

  double jitter_ms() const { return jitter_ms_; }
  double delay_spread_ms() const;

 private:
  static constexpr int64_t kNoBucket = std::numeric_limits<int64_t>::min();

  struct Bucket {
    int64_t id = kNoBucket;  // arrival_ms / kBucketMs of the packets it holds
    double min_transit_ms = 0;
    double max_transit_ms = 0;
  };

  uint32_t clock_rate_hz_;
  bool have_previous_ = false;
  RtpTimestamp last_timestamp_;
  int64_t extended_timestamp_ = 0;  // unwrapped, relative to the first packet
  double previous_transit_ms_ = 0;
  double jitter_ms_ = 0;
  int64_t newest_bucket_ = kNoBucket;
  std::array<Bucket, kBuckets> buckets_{};
};

}  // namespace chorus::media
