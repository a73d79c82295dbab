#include "media/dtmf/dtmf_deduplicator.h"

namespace chorus::media {

bool DtmfDeduplicator::Accept(char digit, DtmfSource source, int64_t now_ms) {
  const uint8_t bit = static_cast<uint8_t>(1u << static_cast<unsigned>(source));
  // Oldest matching open press first, so a burst of presses pairs up in
  // order across routes.
  Press* match = nullptr;
  for (size_t i = 0; i < kMaxOpen; ++i) {
    Press& p = presses_[(next_ + i) % kMaxOpen];
    if (p.digit == digit && (p.sources & bit) == 0 && now_ms - p.at_ms <= window_ms_ &&
        now_ms >= p.at_ms) {
      match = &p;
      break;
    }
  }
  if (match != nullptr) {
    match->sources |= bit;
    ++duplicates_;
    return false;
  }
  presses_[next_] = Press{digit, bit, now_ms};
  next_ = (next_ + 1) % kMaxOpen;
  return true;
}

}  // namespace chorus::media
