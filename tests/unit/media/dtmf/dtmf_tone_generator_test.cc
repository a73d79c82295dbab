// Scenarios: keypad positions of all digits (Q.23 matrix); the generated
// signal's peak matches the requested level and twist (-10 dBFS per tone
// -> peak about 2 x 10362); phase continues across Fill calls (one 20 ms
// call equals two 10 ms calls); invalid digits and rates rejected.

#include "media/dtmf/dtmf_tone_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace chorus::media {
namespace {

TEST(DtmfToneGeneratorTest, KeypadPositions) {
  int row = -1;
  int col = -1;
  ASSERT_TRUE(DtmfKeypadPosition('1', row, col));
  EXPECT_EQ(row, 0);
  EXPECT_EQ(col, 0);
  ASSERT_TRUE(DtmfKeypadPosition('#', row, col));
  EXPECT_EQ(row, 3);
  EXPECT_EQ(col, 2);
  ASSERT_TRUE(DtmfKeypadPosition('d', row, col));
  EXPECT_EQ(col, 3);
  EXPECT_FALSE(DtmfKeypadPosition('x', row, col));
}

TEST(DtmfToneGeneratorTest, LevelAndContinuity) {
  auto a = DtmfToneGenerator::Create('5', {.level_dbfs = -10});
  auto b = DtmfToneGenerator::Create('5', {.level_dbfs = -10});
  ASSERT_TRUE(a && b);
  std::vector<int16_t> whole(1600);
  a->Fill(whole);
  std::vector<int16_t> halves(1600);
  b->Fill(std::span<int16_t>(halves.data(), 800));
  b->Fill(std::span<int16_t>(halves.data() + 800, 800));
  EXPECT_EQ(whole, halves);
  int peak = 0;
  for (int16_t s : whole) peak = std::max(peak, std::abs(static_cast<int>(s)));
  EXPECT_GT(peak, 2 * 10362 * 0.95);
  EXPECT_LE(peak, 2 * 10362 + 2);
}

TEST(DtmfToneGeneratorTest, RejectsBadInput) {
  EXPECT_FALSE(DtmfToneGenerator::Create('E', {}));
  EXPECT_FALSE(DtmfToneGenerator::Create('1', {.sample_rate_hz = 4000}));
}

}  // namespace
}  // namespace chorus::media
