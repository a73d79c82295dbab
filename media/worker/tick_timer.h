#pragma once

// TickTimer: a timerfd on CLOCK_MONOTONIC that expires at an absolute first
// deadline and then every period (TFD_TIMER_ABSTIME with an interval: the
// kernel keeps the deadlines on the first one's grid, so the clock does not
// drift, and counts every expiry, so missed ticks are visible). Move-only
// owner of the descriptor. Created on any thread; read by the worker that
// watches fd() in its event loop.

#include <cstdint>

#include "media/base/result.h"
#include "media/base/scoped_fd.h"

namespace chorus::media {

class TickTimer {
 public:
  static Result<TickTimer> Create();

  int fd() const { return fd_.get(); }

  // Starts expiring at `first_deadline_ns` (CLOCK_MONOTONIC) and every
  // `period_ns` after.
  Result<void> Arm(int64_t first_deadline_ns, int64_t period_ns);
  Result<void> Disarm();

  // Deadlines passed since the last read; 0 when none (non-blocking).
  uint64_t ReadExpirations();

 private:
  explicit TickTimer(ScopedFd fd) : fd_(std::move(fd)) {}
  ScopedFd fd_;
};

}  // namespace chorus::media
