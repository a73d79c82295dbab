#pragma once

// Time sources. Code that needs "now" takes a Clock& so tests can inject a
// FakeClock; nothing reads the system clock behind its owner's back.

#include <cstdint>

namespace chorus {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic nanoseconds since an arbitrary origin.
  virtual int64_t NowNs() const = 0;
  int64_t NowMs() const { return NowNs() / 1'000'000; }
  int64_t NowUs() const { return NowNs() / 1'000; }
};

// CLOCK_MONOTONIC. Thread-safe.
class MonotonicClock final : public Clock {
 public:
  int64_t NowNs() const override;
  static MonotonicClock& Instance();
};

// Manually advanced clock for tests. Not thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ns = 1'000'000'000) : now_ns_(start_ns) {}
  int64_t NowNs() const override { return now_ns_; }
  void AdvanceNs(int64_t ns) { now_ns_ += ns; }
  void AdvanceMs(int64_t ms) { now_ns_ += ms * 1'000'000; }

 private:
  int64_t now_ns_;
};

// Wall-clock seconds since the Unix epoch (for records people read: CDRs,
// RTCP NTP timestamps). Not for measuring intervals.
double WallClockSeconds();

}  // namespace chorus
