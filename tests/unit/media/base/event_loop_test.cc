// Scenarios: loop timers fire in deadline order and can be cancelled; the
// fake timer service fires due timers (also ones scheduled while firing)
// and nothing early.

#include "media/base/event_loop.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus {
namespace {

TEST(EventLoopTest, TimersFireInOrderAndCancel) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop);
  EventLoop& l = **loop;
  std::vector<int> fired;
  l.Schedule(20, [&] { fired.push_back(2); });
  l.Schedule(5, [&] { fired.push_back(1); });
  TimerId cancelled = l.Schedule(10, [&] { fired.push_back(99); });
  EXPECT_TRUE(l.Cancel(cancelled));
  EXPECT_FALSE(l.Cancel(cancelled));
  l.Schedule(30, [&] { l.Stop(); });
  l.Run();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  EXPECT_EQ(l.pending_timers(), 0u);
}

TEST(FakeTimerServiceTest, FiresDueTimersOnly) {
  FakeTimerService t;
  std::vector<int> fired;
  t.Schedule(100, [&] {
    fired.push_back(1);
    t.Schedule(50, [&] { fired.push_back(3); });
  });
  t.Schedule(120, [&] { fired.push_back(2); });
  t.Advance(99);
  EXPECT_TRUE(fired.empty());
  t.Advance(1);
  EXPECT_EQ(fired, (std::vector<int>{1}));
  t.Advance(60);
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(t.pending(), 0u);
}

}  // namespace
}  // namespace chorus
