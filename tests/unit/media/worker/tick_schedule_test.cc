// Scenarios: the media worker's tick bookkeeping (STYLE.md §2: absolute
// deadlines, next = previous + period; late and skipped ticks counted):
// - deadlines stay on the first deadline's 20 ms grid however late each
//   tick starts (no drift);
// - a tick starting within the tolerance is on time, beyond it late;
// - a read of 3 expirations means 2 skipped deadlines, and the deadline
//   reported is the latest one.

#include "media/worker/tick_schedule.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

constexpr int64_t kPeriod = 20'000'000;
constexpr int64_t kTolerance = 2'000'000;

TEST(TickScheduleTest, DeadlinesDoNotDriftWithLateStarts) {
  TickSchedule schedule(kPeriod, kTolerance);
  const int64_t first = 5'000'000'000;
  schedule.Start(first);
  for (int k = 0; k < 100; ++k) {
    // Every tick starts 1.5 ms after its deadline: still on time.
    const TickStart t = schedule.OnExpirations(1, first + k * kPeriod + 1'500'000);
    EXPECT_EQ(t.deadline_ns, first + k * kPeriod);
    EXPECT_EQ(t.lateness_ns, 1'500'000);
    EXPECT_FALSE(t.late);
    EXPECT_EQ(t.skipped, 0u);
  }
  EXPECT_EQ(schedule.next_deadline_ns(), first + 100 * kPeriod);
}

TEST(TickScheduleTest, LateAndSkippedTicks) {
  TickSchedule schedule(kPeriod, kTolerance);
  schedule.Start(1'000'000'000);
  TickStart t = schedule.OnExpirations(1, 1'000'000'000 + 2'500'000);
  EXPECT_TRUE(t.late);
  EXPECT_EQ(t.skipped, 0u);
  // The worker was stalled for 50 ms: three deadlines at once.
  t = schedule.OnExpirations(3, 1'000'000'000 + 3 * kPeriod + 100'000);
  EXPECT_EQ(t.deadline_ns, 1'000'000'000 + 3 * kPeriod);
  EXPECT_EQ(t.skipped, 2u);
  EXPECT_FALSE(t.late);
  EXPECT_EQ(schedule.OnExpirations(0, 0).deadline_ns, 0);
}

}  // namespace
}  // namespace chorus::media
