#include "media/rtcp/rtcp_ntp.h"

#include <cmath>

namespace chorus::media {

NtpTime NtpTime::FromUnixNs(int64_t unix_ns) {
  int64_t sec = unix_ns / 1'000'000'000;
  int64_t rem = unix_ns % 1'000'000'000;
  if (rem < 0) {
    rem += 1'000'000'000;
    --sec;
  }
  NtpTime t;
  // Era arithmetic: the seconds field wraps in 2036, as on the wire.
  t.seconds = static_cast<uint32_t>(sec + kNtpUnixEpochOffsetSeconds);
  t.fraction = static_cast<uint32_t>((static_cast<uint64_t>(rem) << 32) / 1'000'000'000u);
  return t;
}

uint32_t NanosecondsToCompactNtp(int64_t ns) {
  if (ns <= 0) return 0;
  const int64_t sec = ns / 1'000'000'000;
  const int64_t rem = ns % 1'000'000'000;
  return static_cast<uint32_t>((sec << 16) + (rem << 16) / 1'000'000'000);
}

std::optional<uint32_t> RoundTripCompact(uint32_t arrival, uint32_t lsr, uint32_t dlsr) {
  if (lsr == 0) return std::nullopt;
  const uint32_t rtt = arrival - lsr - dlsr;  // modulo 2^32, as the fields wrap
  if (static_cast<int32_t>(rtt) < 0) return std::nullopt;
  return rtt;
}

NtpClock NtpClock::FromSystem(const Clock& clock) {
  const double wall = WallClockSeconds();
  const int64_t wall_ns = static_cast<int64_t>(std::llround(wall * 1e9));
  return NtpClock(clock, wall_ns - clock.NowNs());
}

}  // namespace chorus::media
