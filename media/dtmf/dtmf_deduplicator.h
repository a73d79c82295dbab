#pragma once

// DtmfDeduplicator: merges digits that reach a call by several routes
// (RFC 4733 events, in-band tones, SIP INFO) so each key press is reported
// once. Rule: every accepted digit opens a press record for `window_ms`. A
// digit is a duplicate when an open record has the same digit and has not
// yet been matched by this digit's source: it then joins that record. A
// source repeating a digit is always a new press (people press "11"), and
// each press absorbs at most one report per route.
//
// Owned by the call's media side (one worker); fixed-size, allocation-free.
// Time injected.

#include <array>
#include <cstdint>

#include "media/dtmf/dtmf_digit.h"

namespace chorus::media {

class DtmfDeduplicator {
 public:
  explicit DtmfDeduplicator(int64_t window_ms = 500) : window_ms_(window_ms) {}

  // True when this is a new key press to report; false for a duplicate.
  bool Accept(char digit, DtmfSource source, int64_t now_ms);

  uint64_t duplicates() const { return duplicates_; }

 private:
  struct Press {
    char digit = '\0';
    uint8_t sources = 0;  // bit per DtmfSource
    int64_t at_ms = 0;
  };
  static constexpr size_t kMaxOpen = 16;

  int64_t window_ms_;
  std::array<Press, kMaxOpen> presses_{};
  size_t next_ = 0;  // ring position of the next record
  uint64_t duplicates_ = 0;
};

}  // namespace chorus::media
