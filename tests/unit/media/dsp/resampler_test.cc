// Scenarios (SpeexDSP resampler, one frame in / one frame out):
// - 8k->48k, 16k->48k, 48k->16k, 48k->8k: a 1 kHz tone at -10 dBFS keeps its
//   frequency (+-0.5 Hz) and level (+-0.5 dB); every call yields exactly one
//   output frame.
// - 8k->48k->8k and 16k->48k->16k round trips reproduce a two-tone input
//   (>= 30 dB SNR) once shifted by the sum of the reported delays.
// - delay_samples() matches the delay measured by cross-correlation.
// - 48k->8k removes content above the new Nyquist: a 6 kHz tone, which
//   would alias to 2 kHz, comes out at least 50 dB down.
// - Equal rates copy; unsupported rates, frames and qualities are refused;
//   Reset() restores the initial state; Process() does not allocate.

#include "media/dsp/resampler.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/media/testing/allocation_counter.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

Resampler Make(uint32_t in_hz, uint32_t out_hz) {
  ResamplerOptions options;
  options.input_rate_hz = in_hz;
  options.output_rate_hz = out_hz;
  auto r = Resampler::Create(options);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(r).value();
}

std::vector<int16_t> ResampleAll(Resampler& r, const std::vector<int16_t>& in) {
  std::vector<int16_t> out;
  std::vector<int16_t> frame(r.output_frame_samples());
  for (size_t pos = 0; pos + r.input_frame_samples() <= in.size(); pos += r.input_frame_samples()) {
    r.Process(std::span<const int16_t>(in).subspan(pos, r.input_frame_samples()), frame);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

std::vector<int16_t> TwoTones(uint32_t rate_hz, size_t count) {
  std::vector<int16_t> a = testing::MakeTone(rate_hz, 311, -12, count);
  std::vector<int16_t> b = testing::MakeTone(rate_hz, 1229, -12, count);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<int16_t>(a[i] + b[i]);
  return a;
}

struct RatePair {
  uint32_t in_hz;
  uint32_t out_hz;
};

class ResamplerToneTest : public ::testing::TestWithParam<RatePair> {};

TEST_P(ResamplerToneTest, KeepsFrequencyAndLevel) {
  auto [in_hz, out_hz] = GetParam();
  Resampler r = Make(in_hz, out_hz);
  EXPECT_EQ(r.input_frame_samples(), in_hz / 50);
  EXPECT_EQ(r.output_frame_samples(), out_hz / 50);
  std::vector<int16_t> tone = testing::MakeTone(in_hz, 1000, -10, in_hz);  // 1 s
  std::vector<int16_t> out = ResampleAll(r, tone);
  ASSERT_EQ(out.size(), out_hz);
  // Skip the first 100 ms (filter start-up).
  std::span<const int16_t> steady = std::span<const int16_t>(out).subspan(out_hz / 10);
  EXPECT_NEAR(testing::EstimateFrequency(steady, out_hz), 1000.0, 0.5);
  EXPECT_NEAR(testing::RmsDbfs(steady), -10.0, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Rates, ResamplerToneTest,
                         ::testing::Values(RatePair{8000, 48000}, RatePair{16000, 48000},
                                           RatePair{48000, 16000}, RatePair{48000, 8000},
                                           RatePair{8000, 16000}, RatePair{16000, 8000}));

class ResamplerRoundTripTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(ResamplerRoundTripTest, UpThenDownReproducesInput) {
  uint32_t low_hz = GetParam();
  Resampler up = Make(low_hz, 48000);
  Resampler down = Make(48000, low_hz);
  // Two incommensurate tones: unlike one tone, their correlation has a single
  // clear peak, so the measured lag is unambiguous.
  std::vector<int16_t> tone = TwoTones(low_hz, low_hz);
  std::vector<int16_t> back = ResampleAll(down, ResampleAll(up, tone));
  ASSERT_EQ(back.size(), tone.size());
  // Total delay in low-rate samples: up's delay scaled down, plus down's.
  size_t expected = up.delay_samples() * low_hz / 48000 + down.delay_samples();
  size_t lag = testing::FindDelay(tone, back, low_hz / 10, low_hz / 5, 200);
  EXPECT_NEAR(static_cast<double>(lag), static_cast<double>(expected), 2.0);
  EXPECT_GE(testing::SnrDb(tone, back, lag, low_hz / 10, low_hz / 2), 30.0);
}

INSTANTIATE_TEST_SUITE_P(Rates, ResamplerRoundTripTest, ::testing::Values(8000u, 16000u));

TEST(ResamplerTest, ReportedDelayMatchesMeasured) {
  Resampler r = Make(16000, 48000);
  std::vector<int16_t> out = ResampleAll(r, TwoTones(16000, 16000));
  // Compare against the same signal generated at 48 kHz.
  std::vector<int16_t> ref = TwoTones(48000, 48000);
  size_t lag = testing::FindDelay(ref, out, 4800, 9600, 400);
  EXPECT_NEAR(static_cast<double>(lag), static_cast<double>(r.delay_samples()), 2.0);
}

TEST(ResamplerTest, DownsamplingRejectsAliases) {
  Resampler r = Make(48000, 8000);
  std::vector<int16_t> tone = testing::MakeTone(48000, 6000, -6, 48000);
  std::vector<int16_t> out = ResampleAll(r, tone);
  std::span<const int16_t> steady = std::span<const int16_t>(out).subspan(800);
  double alias = testing::ToneAmplitude(steady, 8000, 2000);
  EXPECT_LT(20 * std::log10(alias / testing::DbfsToAmplitude(-6)), -50.0);
}

TEST(ResamplerTest, EqualRatesCopy) {
  Resampler r = Make(16000, 16000);
  EXPECT_EQ(r.delay_samples(), 0u);
  std::vector<int16_t> tone = testing::MakeTone(16000, 700, -3, 320);
  std::vector<int16_t> out(320);
  r.Process(tone, out);
  EXPECT_EQ(out, tone);
}

TEST(ResamplerTest, RefusesBadOptions) {
  ResamplerOptions options;
  options.input_rate_hz = 44100;
  auto r = Resampler::Create(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("44100"), std::string::npos);
  options.input_rate_hz = 8000;
  options.frame_ms = 25;
  EXPECT_FALSE(Resampler::Create(options));
  options.frame_ms = 20;
  options.quality = 11;
  EXPECT_FALSE(Resampler::Create(options));
  options.quality = 0;
  EXPECT_TRUE(Resampler::Create(options));
}

TEST(ResamplerTest, ResetRestartsCleanly) {
  Resampler r = Make(8000, 48000);
  std::vector<int16_t> tone = testing::MakeTone(8000, 900, -10, 800);
  std::vector<int16_t> first = ResampleAll(r, tone);
  r.Reset();
  std::vector<int16_t> second = ResampleAll(r, tone);
  EXPECT_EQ(first, second);
}

TEST(ResamplerTest, ProcessDoesNotAllocate) {
  Resampler r = Make(48000, 8000);
  std::vector<int16_t> in(960, 100), out(160);
  testing::AllocationScope scope;
  for (int i = 0; i < 50; ++i) r.Process(in, out);
  EXPECT_EQ(scope.count(), 0);
}

TEST(ResamplerTest, OtherFrameSizes) {
  for (uint32_t ms : {10u, 40u, 60u}) {
    ResamplerOptions options;
    options.input_rate_hz = 48000;
    options.output_rate_hz = 8000;
    options.frame_ms = ms;
    auto r = Resampler::Create(options);
    ASSERT_TRUE(r);
    std::vector<int16_t> tone = testing::MakeTone(48000, 1000, -10, 48000);
    std::vector<int16_t> out = ResampleAll(*r, tone);
    EXPECT_EQ(out.size(), 48000 / (48 * ms) * (8 * ms));
    EXPECT_NEAR(testing::EstimateFrequency(std::span<const int16_t>(out).subspan(800), 8000),
                1000.0, 0.5);
  }
}

}  // namespace
}  // namespace chorus::media
