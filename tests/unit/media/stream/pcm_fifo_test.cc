// Scenarios: PcmFifo, the fixed-size sample queue between packet-sized and
// tick-sized audio:
// - appends and silence stop at the capacity and report what fit;
// - Front/Consume hand out the oldest samples and keep the rest in order;
// - Tail/Commit let a decoder write in place, never past the capacity.

#include "media/stream/pcm_fifo.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::media {
namespace {

TEST(PcmFifoTest, AppendStopsAtCapacity) {
  PcmFifo fifo(5);
  const std::vector<int16_t> three = {1, 2, 3};
  EXPECT_EQ(fifo.Append(three), 3u);
  EXPECT_EQ(fifo.Append(three), 2u);
  EXPECT_EQ(fifo.size(), 5u);
  EXPECT_EQ(fifo.AppendSilence(4), 0u);
  EXPECT_EQ(fifo.free_space(), 0u);
}

TEST(PcmFifoTest, FrontAndConsumeKeepOrder) {
  PcmFifo fifo(8);
  const std::vector<int16_t> data = {1, 2, 3, 4, 5};
  fifo.Append(data);
  fifo.AppendSilence(2);
  auto front = fifo.Front(3);
  EXPECT_EQ(std::vector<int16_t>(front.begin(), front.end()), (std::vector<int16_t>{1, 2, 3}));
  fifo.Consume(3);
  auto rest = fifo.Front(10);
  EXPECT_EQ(std::vector<int16_t>(rest.begin(), rest.end()), (std::vector<int16_t>{4, 5, 0, 0}));
  fifo.Consume(10);
  EXPECT_TRUE(fifo.empty());
}

TEST(PcmFifoTest, TailAndCommit) {
  PcmFifo fifo(4);
  fifo.AppendSilence(1);
  std::span<int16_t> tail = fifo.Tail();
  ASSERT_EQ(tail.size(), 3u);
  tail[0] = 7;
  tail[1] = 8;
  fifo.Commit(2);
  EXPECT_EQ(fifo.size(), 3u);
  EXPECT_EQ(fifo.Front(3)[2], 8);
  fifo.Commit(10);
  EXPECT_EQ(fifo.size(), 4u);
  fifo.Clear();
  EXPECT_EQ(fifo.size(), 0u);
}

}  // namespace
}  // namespace chorus::media
