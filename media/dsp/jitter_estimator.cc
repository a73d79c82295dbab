#include "media/dsp/jitter_estimator.h"

#include <algorithm>
#include <cmath>

namespace chorus::media {

JitterEstimator::JitterEstimator(uint32_t clock_rate_hz) : clock_rate_hz_(clock_rate_hz) {}

void JitterEstimator::Restart() {
  have_previous_ = false;
  extended_timestamp_ = 0;
  newest_bucket_ = kNoBucket;
  buckets_.fill(Bucket{});
}

void JitterEstimator::OnPacket(RtpTimestamp timestamp, int64_t arrival_ms) {
  if (have_previous_) extended_timestamp_ += timestamp.DistanceFrom(last_timestamp_);
  last_timestamp_ = timestamp;
  double transit_ms =
      static_cast<double>(arrival_ms) - extended_timestamp_ * 1000.0 / clock_rate_hz_;

  if (have_previous_) {
    double d = std::abs(transit_ms - previous_transit_ms_);
    if (d > kResyncMs) {
      // The sender's clock jumped: start the window again from here.
      newest_bucket_ = kNoBucket;
      buckets_.fill(Bucket{});
    } else {
      // RFC 3550 A.8: J += (|D| - J) / 16.
      jitter_ms_ += (d - jitter_ms_) / 16.0;
    }
  }
  previous_transit_ms_ = transit_ms;
  have_previous_ = true;

  int64_t id =
      arrival_ms >= 0 ? arrival_ms / kBucketMs : -((kBucketMs - 1 - arrival_ms) / kBucketMs);
  int64_t count = static_cast<int64_t>(kBuckets);
  Bucket& bucket = buckets_[static_cast<size_t>((id % count + count) % count)];
  if (bucket.id != id) {
    bucket = Bucket{id, transit_ms, transit_ms};
  } else {
    bucket.min_transit_ms = std::min(bucket.min_transit_ms, transit_ms);
    bucket.max_transit_ms = std::max(bucket.max_transit_ms, transit_ms);
  }
  newest_bucket_ = std::max(newest_bucket_, id);
}

double JitterEstimator::delay_spread_ms() const {
  if (newest_bucket_ == kNoBucket) return 0;
  bool any = false;
  double lo = 0, hi = 0;
  for (const Bucket& b : buckets_) {
    if (b.id == kNoBucket || b.id <= newest_bucket_ - static_cast<int64_t>(kBuckets)) continue;
    if (!any) {
      lo = b.min_transit_ms;
      hi = b.max_transit_ms;
      any = true;
    } else {
      lo = std::min(lo, b.min_transit_ms);
      hi = std::max(hi, b.max_transit_ms);
    }
  }
  return any ? hi - lo : 0;
}

}  // namespace chorus::media
