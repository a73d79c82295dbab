#include "media/worker/worker_counters.h"

namespace chorus::media {

void WorkerCounters::RecordTick(int64_t duration_ns, bool late, uint64_t skipped) {
  constexpr auto kRelaxed = std::memory_order_relaxed;
  ticks_.fetch_add(1, kRelaxed);
  if (late) late_ticks_.fetch_add(1, kRelaxed);
  if (skipped > 0) skipped_ticks_.fetch_add(skipped, kRelaxed);
  if (duration_ns < 0) duration_ns = 0;
  last_tick_ns_.store(duration_ns, kRelaxed);
  // Only this thread writes: load + store is enough for the maximum.
  if (duration_ns > max_tick_ns_.load(kRelaxed)) max_tick_ns_.store(duration_ns, kRelaxed);
  tick_ns_sum_.fetch_add(static_cast<uint64_t>(duration_ns), kRelaxed);
  size_t bucket = 0;
  while (bucket < kTickDurationBucketsUs.size() &&
         duration_ns > kTickDurationBucketsUs[bucket] * 1000) {
    ++bucket;
  }
  buckets_[bucket].fetch_add(1, kRelaxed);
}

WorkerCountersSnapshot WorkerCounters::Snapshot() const {
  constexpr auto kRelaxed = std::memory_order_relaxed;
  WorkerCountersSnapshot s;
  s.ticks = ticks_.load(kRelaxed);
  s.late_ticks = late_ticks_.load(kRelaxed);
  s.skipped_ticks = skipped_ticks_.load(kRelaxed);
  s.last_tick_ns = last_tick_ns_.load(kRelaxed);
  s.max_tick_ns = max_tick_ns_.load(kRelaxed);
  s.tick_ns_sum = tick_ns_sum_.load(kRelaxed);
  for (size_t i = 0; i < buckets_.size(); ++i)
    s.tick_duration_buckets[i] = buckets_[i].load(kRelaxed);
  s.streams = streams_.load(kRelaxed);
  s.commands = commands_.load(kRelaxed);
  s.command_ring_full = command_ring_full_.load(kRelaxed);
  s.events = events_.load(kRelaxed);
  s.event_ring_full = event_ring_full_.load(kRelaxed);
  return s;
}

}  // namespace chorus::media
