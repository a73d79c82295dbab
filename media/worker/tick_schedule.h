#pragma once

// TickSchedule: the bookkeeping of a media worker's drift-free 20 ms clock.
// Deadlines are absolute on CLOCK_MONOTONIC: deadline k = first + k x
// period, never "now + period", so scheduling delays do not accumulate.
// The worker's timerfd reports how many deadlines passed since it last
// read it; more than one means ticks were missed. Each tick is classified:
//   late     it starts more than `late_tolerance_ns` after its deadline;
//   skipped  deadlines that passed without a tick of their own (the
//            worker runs one tick for them and counts the rest; running
//            them back to back would only send a burst).
// Pure arithmetic, so tests feed it numbers. Owned by one worker thread.

#include <cstdint>

namespace chorus::media {

struct TickStart {
  int64_t deadline_ns = 0;  // the latest deadline that passed
  int64_t lateness_ns = 0;  // start time minus that deadline (>= 0 normally)
  bool late = false;
  uint64_t skipped = 0;
};

class TickSchedule {
 public:
  TickSchedule(int64_t period_ns, int64_t late_tolerance_ns)
      : period_ns_(period_ns), late_tolerance_ns_(late_tolerance_ns) {}

  // The first deadline; the timer fires there and every period after.
  void Start(int64_t first_deadline_ns) {
    first_deadline_ns_ = first_deadline_ns;
    expirations_ = 0;
  }

  // The timer reported `expirations` (>= 1) deadlines passed; the tick
  // starts at `now_ns`.
  TickStart OnExpirations(uint64_t expirations, int64_t now_ns) {
    TickStart t;
    if (expirations == 0) return t;
    expirations_ += expirations;
    t.deadline_ns = first_deadline_ns_ + static_cast<int64_t>(expirations_ - 1) * period_ns_;
    t.lateness_ns = now_ns - t.deadline_ns;
    t.late = t.lateness_ns > late_tolerance_ns_;
    t.skipped = expirations - 1;
    return t;
  }

  int64_t period_ns() const { return period_ns_; }
  int64_t first_deadline_ns() const { return first_deadline_ns_; }
  // Deadline of the next tick.
  int64_t next_deadline_ns() const {
    return first_deadline_ns_ + static_cast<int64_t>(expirations_) * period_ns_;
  }

 private:
  int64_t period_ns_;
  int64_t late_tolerance_ns_;
  int64_t first_deadline_ns_ = 0;
  uint64_t expirations_ = 0;
};

}  // namespace chorus::media
