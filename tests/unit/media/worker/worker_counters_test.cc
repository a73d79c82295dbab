// Scenarios: a media worker's relaxed-atomic counters:
// - ticks, late and skipped ticks add up; the last and the maximum tick
//   duration and their sum are kept;
// - the duration histogram puts each tick into the first bucket whose
//   upper bound (inclusive) it does not exceed, and above 20 ms into the
//   overflow bucket;
// - stream, command, event and ring-full counts read back in a snapshot.

#include "media/worker/worker_counters.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(WorkerCountersTest, TicksAndHistogram) {
  WorkerCounters counters;
  counters.RecordTick(30'000, false, 0);     // 30 us  -> <= 50 us
  counters.RecordTick(50'000, true, 0);      // 50 us  -> <= 50 us (inclusive)
  counters.RecordTick(700'000, false, 2);    // 700 us -> <= 1 ms
  counters.RecordTick(25'000'000, true, 1);  // 25 ms  -> overflow
  counters.RecordTick(400'000, false, 0);    // 400 us -> <= 500 us
  const WorkerCountersSnapshot s = counters.Snapshot();
  EXPECT_EQ(s.ticks, 5u);
  EXPECT_EQ(s.late_ticks, 2u);
  EXPECT_EQ(s.skipped_ticks, 3u);
  EXPECT_EQ(s.last_tick_ns, 400'000);
  EXPECT_EQ(s.max_tick_ns, 25'000'000);
  EXPECT_EQ(s.tick_ns_sum, 26'180'000u);
  EXPECT_EQ(s.tick_duration_buckets[0], 2u);
  EXPECT_EQ(s.tick_duration_buckets[3], 1u);
  EXPECT_EQ(s.tick_duration_buckets[4], 1u);
  EXPECT_EQ(s.tick_duration_buckets[kTickDurationBucketCount - 1], 1u);
  uint64_t total = 0;
  for (uint64_t n : s.tick_duration_buckets) total += n;
  EXPECT_EQ(total, 5u);
}

TEST(WorkerCountersTest, StreamsCommandsEvents) {
  WorkerCounters counters;
  counters.SetStreams(4);
  counters.CountCommand();
  counters.CountCommand();
  counters.CountCommandRingFull();
  counters.CountEvent();
  counters.CountEventRingFull();
  counters.CountEventRingFull();
  const WorkerCountersSnapshot s = counters.Snapshot();
  EXPECT_EQ(s.streams, 4u);
  EXPECT_EQ(s.commands, 2u);
  EXPECT_EQ(s.command_ring_full, 1u);
  EXPECT_EQ(s.events, 1u);
  EXPECT_EQ(s.event_ring_full, 2u);
}

}  // namespace
}  // namespace chorus::media
