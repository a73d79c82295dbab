#pragma once

// WorkerCounters: a media worker's metrics as relaxed atomics. The worker
// thread writes them; any thread (a metrics scrape on the signalling
// thread) reads a Snapshot. Relaxed ordering: each counter is exact on its
// own, a snapshot is not one instant across counters, which metrics do not
// need. Tick durations also go into a histogram with fixed buckets.
// Owned by the MediaWorker.

#include <array>
#include <atomic>
#include <cstdint>

namespace chorus::media {

// Upper bounds of the tick-duration histogram buckets, microseconds. A
// 20 ms tick that takes more than 20 ms is already late for the next one.
inline constexpr std::array<int64_t, 10> kTickDurationBucketsUs = {50,   100,  200,   500,   1000,
                                                                   2000, 5000, 10000, 15000, 20000};
inline constexpr size_t kTickDurationBucketCount = kTickDurationBucketsUs.size() + 1;  // + Inf

struct WorkerCountersSnapshot {
  uint64_t ticks = 0;
  uint64_t late_ticks = 0;     // started later than the tolerance after their deadline
  uint64_t skipped_ticks = 0;  // deadlines that passed without a tick
  int64_t last_tick_ns = 0;    // duration of the last tick
  int64_t max_tick_ns = 0;
  uint64_t tick_ns_sum = 0;
  // Per bucket, not cumulative; the last one is above the largest bound.
  std::array<uint64_t, kTickDurationBucketCount> tick_duration_buckets{};
  uint64_t streams = 0;  // streams the worker runs now
  uint64_t commands = 0;
  uint64_t command_ring_full = 0;  // posts refused (counted by the producer)
  uint64_t events = 0;
  uint64_t event_ring_full = 0;  // events dropped, or delayed for StreamClosed
};

class WorkerCounters {
 public:
  void RecordTick(int64_t duration_ns, bool late, uint64_t skipped);
  void SetStreams(uint64_t n) { streams_.store(n, std::memory_order_relaxed); }
  void CountCommand() { commands_.fetch_add(1, std::memory_order_relaxed); }
  void CountCommandRingFull() { command_ring_full_.fetch_add(1, std::memory_order_relaxed); }
  void CountEvent() { events_.fetch_add(1, std::memory_order_relaxed); }
  void CountEventRingFull() { event_ring_full_.fetch_add(1, std::memory_order_relaxed); }

  WorkerCountersSnapshot Snapshot() const;

 private:
  std::atomic<uint64_t> ticks_{0};
  std::atomic<uint64_t> late_ticks_{0};
  std::atomic<uint64_t> skipped_ticks_{0};
  std::atomic<int64_t> last_tick_ns_{0};
  std::atomic<int64_t> max_tick_ns_{0};
  std::atomic<uint64_t> tick_ns_sum_{0};
  std::array<std::atomic<uint64_t>, kTickDurationBucketCount> buckets_{};
  std::atomic<uint64_t> streams_{0};
  std::atomic<uint64_t> commands_{0};
  std::atomic<uint64_t> command_ring_full_{0};
  std::atomic<uint64_t> events_{0};
  std::atomic<uint64_t> event_ring_full_{0};
};

}  // namespace chorus::media
