// Scenarios: the scalar reference kernels on hand-computed values; this is
// the definition the SIMD tables are then held to (mix_kernels_test.cc).
// - Accumulate / Clamp: int32 sums are exact; clamping saturates at
//   +32767 / -32768 instead of wrapping.
// - Gain: Q15, 32768 is unity; contribution = floor((s*g + 2^14) / 2^15)
//   (round half up), exact up to the 4.0 maximum with full-scale samples;
//   gains outside 0 .. 4.0 are clamped.
// - Mix: the fused N-input mix equals clear + accumulate + clamp, null gains
//   mean unity, no inputs give silence, the int16 mix is optional.
// - MixMinus: a participant's output is the clamped sum of the others.
// - ApplyGain saturates in place; Level returns sum of squares and peak,
//   with a -32768 sample peaking at 32768.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "mixer/kernels/kernel_math.h"
#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer {
namespace {

const MixKernels& Scalar() { return *internal::ScalarMixKernels(); }

TEST(ScalarKernelsTest, AccumulateIsExactAndClampSaturates) {
  std::vector<int32_t> acc(4, 7);
  Scalar().clear(acc.data(), acc.size());
  EXPECT_EQ(acc, std::vector<int32_t>({0, 0, 0, 0}));

  const std::vector<int16_t> a = {32767, -32768, 100, -1};
  const std::vector<int16_t> b = {32767, -32768, -300, 1};
  Scalar().accumulate(acc.data(), a.data(), 4);
  Scalar().accumulate(acc.data(), b.data(), 4);
  EXPECT_EQ(acc, std::vector<int32_t>({65534, -65536, -200, 0}));

  std::vector<int16_t> out(4);
  Scalar().clamp(acc.data(), out.data(), 4);
  EXPECT_EQ(out, std::vector<int16_t>({32767, -32768, -200, 0}));
}

TEST(ScalarKernelsTest, GainContributionRoundsHalfUp) {
  using internal::Contribution;
  EXPECT_EQ(Contribution(1000, kUnityGainQ15), 1000);
  EXPECT_EQ(Contribution(-32768, kUnityGainQ15), -32768);
  EXPECT_EQ(Contribution(1000, 0), 0);
  EXPECT_EQ(Contribution(3, 16384), 2);    // 1.5 rounds up
  EXPECT_EQ(Contribution(-3, 16384), -1);  // -1.5 rounds up too
  EXPECT_EQ(Contribution(1, 16384), 1);    // 0.5 -> 1
  EXPECT_EQ(Contribution(-1, 16384), 0);   // -0.5 -> 0
  EXPECT_EQ(Contribution(32767, kMaxGainQ15), 131068);
  EXPECT_EQ(Contribution(-32768, kMaxGainQ15), -131072);
  EXPECT_EQ(Contribution(32767, kMaxGainQ15 - 1), 131067);  // 131067.0005 -> 131067
  EXPECT_EQ(Contribution(-32768, kMaxGainQ15 - 1), -131071);
}

TEST(ScalarKernelsTest, AccumulateGainClampsTheGain) {
  const std::vector<int16_t> in = {1000, -1000};
  std::vector<int32_t> acc(2, 0);
  Scalar().accumulate_gain(acc.data(), in.data(), -5, 2);  // below 0 -> 0
  EXPECT_EQ(acc, std::vector<int32_t>({0, 0}));
  Scalar().accumulate_gain(acc.data(), in.data(), 1'000'000, 2);  // above 4.0 -> 4.0
  EXPECT_EQ(acc, std::vector<int32_t>({4000, -4000}));
  Scalar().accumulate_gain(acc.data(), in.data(), kUnityGainQ15 / 2, 2);
  EXPECT_EQ(acc, std::vector<int32_t>({4500, -4500}));
}

TEST(ScalarKernelsTest, MixSumsWithGainsAndClamps) {
  const std::vector<int16_t> a = {20000, -20000, 5, 0};
  const std::vector<int16_t> b = {20000, -20000, 7, -32768};
  const int16_t* inputs[] = {a.data(), b.data()};
  const int32_t gains[] = {kUnityGainQ15, kUnityGainQ15 / 2};
  std::vector<int32_t> sum(4, 99);
  std::vector<int16_t> mix(4, 99);
  Scalar().mix(inputs, gains, 2, 4, sum.data(), mix.data());
  EXPECT_EQ(sum, std::vector<int32_t>({30000, -30000, 9, -16384}));
  EXPECT_EQ(mix, std::vector<int16_t>({30000, -30000, 9, -16384}));

  Scalar().mix(inputs, nullptr, 2, 4, sum.data(), mix.data());
  EXPECT_EQ(sum, std::vector<int32_t>({40000, -40000, 12, -32768}));
  EXPECT_EQ(mix, std::vector<int16_t>({32767, -32768, 12, -32768}));

  Scalar().mix(inputs, nullptr, 0, 4, sum.data(), nullptr);
  EXPECT_EQ(sum, std::vector<int32_t>({0, 0, 0, 0}));
}

TEST(ScalarKernelsTest, MixMinusRemovesExactlyTheOwnContribution) {
  const std::vector<int16_t> a = {30000, 3, -32768};
  const std::vector<int16_t> b = {30000, 5, -32768};
  const std::vector<int16_t> c = {-1000, -7, 1};
  const int16_t* inputs[] = {a.data(), b.data(), c.data()};
  const int32_t gains[] = {kUnityGainQ15 / 2 + 1, kMaxGainQ15, 12345};
  std::vector<int32_t> total(3);
  Scalar().mix(inputs, gains, 3, 3, total.data(), nullptr);

  for (int self = 0; self < 3; ++self) {
    const int16_t* others[2];
    int32_t other_gains[2];
    int m = 0;
    for (int k = 0; k < 3; ++k) {
      if (k == self) continue;
      others[m] = inputs[k];
      other_gains[m++] = gains[k];
    }
    std::vector<int32_t> others_sum(3);
    std::vector<int16_t> expected(3);
    Scalar().mix(others, other_gains, 2, 3, others_sum.data(), expected.data());
    std::vector<int16_t> heard(3);
    Scalar().mix_minus(total.data(), inputs[self], gains[self], heard.data(), 3);
    EXPECT_EQ(heard, expected) << "participant " << self;
  }
}

TEST(ScalarKernelsTest, ApplyGainSaturatesInPlace) {
  std::vector<int16_t> s = {10000, -10000, 3, -3};
  Scalar().apply_gain(s.data(), 4 * kUnityGainQ15, 4);
  EXPECT_EQ(s, std::vector<int16_t>({32767, -32768, 12, -12}));
  Scalar().apply_gain(s.data(), kUnityGainQ15 / 4, 4);
  EXPECT_EQ(s, std::vector<int16_t>({8192, -8192, 3, -3}));
}

TEST(ScalarKernelsTest, LevelIsSumOfSquaresAndPeak) {
  const std::vector<int16_t> s = {3, -4, 0, 1};
  FrameLevel level = Scalar().level(s.data(), s.size());
  EXPECT_EQ(level.sum_squares, 26);
  EXPECT_EQ(level.peak, 4);

  const std::vector<int16_t> extreme(960, -32768);
  level = Scalar().level(extreme.data(), extreme.size());
  EXPECT_EQ(level.sum_squares, int64_t{960} * 32768 * 32768);
  EXPECT_EQ(level.peak, 32768);

  level = Scalar().level(nullptr, 0);
  EXPECT_EQ(level.sum_squares, 0);
  EXPECT_EQ(level.peak, 0);
}

}  // namespace
}  // namespace chorus::mixer
