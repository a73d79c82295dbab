#include "media/base/clock.h"

#include <ctime>

namespace chorus {

int64_t MonotonicClock::NowNs() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

MonotonicClock& MonotonicClock::Instance() {
  static MonotonicClock clock;
  return clock;
}

double WallClockSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace chorus
