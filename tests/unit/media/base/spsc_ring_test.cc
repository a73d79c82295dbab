// Scenarios: FIFO order, full ring refuses (never blocks), move-only
// payloads, and a two-thread stress run that loses and reorders nothing.

#include "media/base/spsc_ring.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace chorus {
namespace {

TEST(SpscRingTest, FifoAndFull) {
  SpscRing<int> ring(4);
  EXPECT_EQ(ring.capacity(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(ring.TryPush(int{i}));
  EXPECT_FALSE(ring.TryPush(99));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ring.TryPop(), i);
  EXPECT_FALSE(ring.TryPop().has_value());
}

TEST(SpscRingTest, MovesOwnership) {
  SpscRing<std::unique_ptr<int>> ring(2);
  EXPECT_TRUE(ring.TryPush(std::make_unique<int>(7)));
  auto out = ring.TryPop();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(**out, 7);
}

TEST(SpscRingTest, TwoThreadsKeepOrder) {
  SpscRing<uint32_t> ring(64);
  constexpr uint32_t kCount = 200000;
  std::thread producer([&] {
    for (uint32_t i = 0; i < kCount;) {
      if (ring.TryPush(uint32_t{i})) ++i;
    }
  });
  uint32_t expect = 0;
  while (expect < kCount) {
    if (auto v = ring.TryPop()) {
      ASSERT_EQ(*v, expect);
      ++expect;
    }
  }
  producer.join();
}

}  // namespace
}  // namespace chorus
