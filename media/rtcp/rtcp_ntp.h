#pragma once

// NTP timestamps for RTCP (RFC 3550 4 and 6.4.1): the 64-bit format
// (seconds since 1900 + 32-bit fraction), its compact middle 32 bits used
// by LSR/DLSR, and the round-trip time A - LSR - DLSR. NtpClock maps the
// injected monotonic Clock onto NTP time with one wall-clock anchor taken
// at creation, so NTP values never jump when the system clock is stepped.
// Plain values; any thread.

#include <cstdint>
#include <optional>

#include "media/base/clock.h"

namespace chorus::media {

// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch).
inline constexpr uint32_t kNtpUnixEpochOffsetSeconds = 2'208'988'800u;

struct NtpTime {
  uint32_t seconds = 0;
  uint32_t fraction = 0;  // units of 2^-32 s

  static NtpTime FromUnixNs(int64_t unix_ns);
  static NtpTime FromU64(uint64_t v) {
    return {static_cast<uint32_t>(v >> 32), static_cast<uint32_t>(v)};
  }
  uint64_t ToU64() const { return (static_cast<uint64_t>(seconds) << 32) | fraction; }
  // RFC 3550 6.4.1: the middle 32 bits, units of 1/65536 s.
  uint32_t Compact() const { return (seconds << 16) | (fraction >> 16); }
  bool operator==(const NtpTime&) const = default;
};

// Compact NTP units (1/65536 s) <-> seconds and nanoseconds.
inline double CompactNtpToSeconds(uint32_t compact) { return compact / 65536.0; }
uint32_t NanosecondsToCompactNtp(int64_t ns);

// RFC 3550 6.4.1: round-trip time from a report block received at compact
// NTP time `arrival`, carrying `lsr` and `dlsr`. Nullopt when the block has
// no LSR (no SR received yet by the peer) or when the result is negative
// (clock trouble or a forged block).
std::optional<uint32_t> RoundTripCompact(uint32_t arrival, uint32_t lsr, uint32_t dlsr);

class NtpClock {
 public:
  // NTP time = clock.NowNs() + unix_minus_clock_ns, as Unix time.
  NtpClock(const Clock& clock, int64_t unix_minus_clock_ns)
      : clock_(&clock), unix_minus_clock_ns_(unix_minus_clock_ns) {}
  // Anchored now on the system wall clock.
  static NtpClock FromSystem(const Clock& clock);

  NtpTime Now() const { return At(clock_->NowNs()); }
  NtpTime At(int64_t clock_ns) const {
    return NtpTime::FromUnixNs(clock_ns + unix_minus_clock_ns_);
  }
  const Clock& clock() const { return *clock_; }

 private:
  const Clock* clock_;
  int64_t unix_minus_clock_ns_;
};

}  // namespace chorus::media
