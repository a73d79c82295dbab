// Scenarios: FrameLevel to decibels and RFC 6464 levels.
// - RMS relative to a full-scale square wave (RFC 6464 §3: 0 dBov is the
//   overload point): a +-32768 square is 0 dBov, a full-scale sine -3.01,
//   half amplitude -6.02; silence and empty frames floor at -127.
// - Peak dBov from the peak sample.
// - RFC 6464 level: -dBov rounded and clamped to 0..127 (127 = silence),
//   NaN treated as silence; received levels map back to -level dBov, with
//   values above 7 bits clamped.

#include "mixer/kernels/audio_level.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer {
namespace {

FrameLevel LevelOf(const std::vector<int16_t>& s) {
  return ActiveMixKernels().level(s.data(), s.size());
}

TEST(AudioLevelTest, RmsIsRelativeToFullScaleSquareWave) {
  std::vector<int16_t> square(960);
  for (size_t i = 0; i < square.size(); ++i) square[i] = (i / 24) % 2 ? -32768 : 32767;
  EXPECT_NEAR(RmsDbov(LevelOf(square), square.size()), 0.0, 0.001);

  std::vector<int16_t> sine(960), half(960);
  for (size_t i = 0; i < sine.size(); ++i) {
    const double x = std::sin(2 * std::numbers::pi * 1000.0 * static_cast<double>(i) / 48000.0);
    sine[i] = static_cast<int16_t>(std::lround(32767 * x));
    half[i] = static_cast<int16_t>(std::lround(16384 * x));
  }
  EXPECT_NEAR(RmsDbov(LevelOf(sine), sine.size()), -3.01, 0.01);
  EXPECT_NEAR(RmsDbov(LevelOf(half), half.size()), -9.03, 0.01);
  EXPECT_NEAR(PeakDbov(LevelOf(half)), -6.02, 0.01);
}

TEST(AudioLevelTest, SilenceFloorsAtMinus127) {
  const std::vector<int16_t> silence(960, 0);
  EXPECT_EQ(RmsDbov(LevelOf(silence), silence.size()), kSilenceDbov);
  EXPECT_EQ(PeakDbov(LevelOf(silence)), kSilenceDbov);
  EXPECT_EQ(RmsDbov(FrameLevel{}, 0), kSilenceDbov);
  EXPECT_EQ(RmsDbov(FrameLevel{123, 4}, 0), kSilenceDbov);
  // One LSB in 960 samples is -120.13 dBov: still above the floor.
  std::vector<int16_t> lsb(960, 0);
  lsb[0] = 1;
  EXPECT_NEAR(RmsDbov(LevelOf(lsb), lsb.size()), -120.13, 0.01);
  EXPECT_EQ(Rfc6464Level(LevelOf(lsb), lsb.size()), 120);
  EXPECT_EQ(Rfc6464Level(LevelOf(silence), silence.size()), 127);
}

TEST(AudioLevelTest, Rfc6464LevelRoundsAndClamps) {
  EXPECT_EQ(Rfc6464LevelFromDbov(0.0), 0);
  EXPECT_EQ(Rfc6464LevelFromDbov(3.0), 0);
  EXPECT_EQ(Rfc6464LevelFromDbov(-0.4), 0);
  EXPECT_EQ(Rfc6464LevelFromDbov(-0.6), 1);
  EXPECT_EQ(Rfc6464LevelFromDbov(-30.0), 30);
  EXPECT_EQ(Rfc6464LevelFromDbov(-126.6), 127);
  EXPECT_EQ(Rfc6464LevelFromDbov(-500.0), 127);
  EXPECT_EQ(Rfc6464LevelFromDbov(-std::numeric_limits<double>::infinity()), 127);
  EXPECT_EQ(Rfc6464LevelFromDbov(std::numeric_limits<double>::quiet_NaN()), 127);
}

TEST(AudioLevelTest, ReceivedLevelMapsToDbov) {
  EXPECT_EQ(DbovFromRfc6464Level(0), 0);
  EXPECT_EQ(DbovFromRfc6464Level(42), -42);
  EXPECT_EQ(DbovFromRfc6464Level(127), -127);
  EXPECT_EQ(DbovFromRfc6464Level(200), -127);
}

}  // namespace
}  // namespace chorus::mixer
