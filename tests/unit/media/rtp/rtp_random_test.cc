// Scenarios: FillSecureRandom fills the whole buffer (large and empty
// requests) and successive draws differ; RandomU32 varies.

#include "media/rtp/rtp_random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace chorus::media {
namespace {

TEST(RtpRandomTest, FillsBuffers) {
  std::vector<uint8_t> a(4096, 0);
  std::vector<uint8_t> b(4096, 0);
  ASSERT_TRUE(FillSecureRandom(a));
  ASSERT_TRUE(FillSecureRandom(b));
  EXPECT_NE(a, b);
  EXPECT_GT(std::count(a.begin(), a.end(), 0), 0);  // ~16 zeros expected
  EXPECT_LT(std::count(a.begin(), a.end(), 0), 100);
  EXPECT_TRUE(FillSecureRandom({}));
}

TEST(RtpRandomTest, U32Varies) {
  uint32_t first = RandomU32();
  bool differs = false;
  for (int i = 0; i < 8 && !differs; ++i) differs = RandomU32() != first;
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace chorus::media
