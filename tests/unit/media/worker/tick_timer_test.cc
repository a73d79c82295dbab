// Scenarios: TickTimer, the worker's timerfd (CLOCK_MONOTONIC,
// TFD_TIMER_ABSTIME with an interval):
// - armed 100 ms in the past with a 20 ms period it reports the 6
//   deadlines already passed at once (no waiting), then none;
// - disarmed, it reports nothing; a zero deadline is refused.

#include "media/worker/tick_timer.h"

#include <gtest/gtest.h>

#include "media/base/clock.h"

namespace chorus::media {
namespace {

constexpr int64_t kPeriod = 20'000'000;

TEST(TickTimerTest, CountsDeadlinesAlreadyPassed) {
  auto timer = TickTimer::Create();
  ASSERT_TRUE(timer) << timer.error().message;
  EXPECT_EQ(timer->ReadExpirations(), 0u);
  const int64_t now = MonotonicClock::Instance().NowNs();
  const int64_t first = now - 100'000'000 - 1'000'000;
  ASSERT_TRUE(timer->Arm(first, kPeriod));
  const uint64_t n = timer->ReadExpirations();
  const int64_t after = MonotonicClock::Instance().NowNs();
  EXPECT_GE(n, 6u);
  // However slow this machine is: no more than the deadlines up to now.
  EXPECT_LE(n, static_cast<uint64_t>((after - first) / kPeriod + 1));
  ASSERT_TRUE(timer->Disarm());
  EXPECT_EQ(timer->ReadExpirations(), 0u);
  EXPECT_FALSE(timer->Arm(0, kPeriod));
}

}  // namespace
}  // namespace chorus::media
