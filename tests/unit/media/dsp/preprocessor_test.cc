// Scenarios (SpeexDSP preprocess):
// - Noise suppression lowers stationary white noise by several dB once the
//   noise estimate has settled.
// - VAD on the cleaned frame: a speech-like signal is flagged as speech;
//   the quiet noise after it is not, once the hangover has passed.
// - AGC raises a quiet speech-like signal towards its target level.
// - Unsupported rates and out-of-range settings are refused; Process does
//   not allocate.

#include "media/dsp/preprocessor.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/unit/media/testing/allocation_counter.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

std::vector<int16_t> WhiteNoise(size_t count, double rms, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> dist(0.0, rms);
  std::vector<int16_t> out(count);
  for (int16_t& v : out) v = static_cast<int16_t>(std::clamp(dist(rng), -32768.0, 32767.0));
  return out;
}

TEST(PreprocessorTest, SuppressesStationaryNoise) {
  PreprocessorOptions options;
  options.sample_rate_hz = 16000;
  options.vad = false;
  auto pp = Preprocessor::Create(options);
  ASSERT_TRUE(pp);
  size_t n = pp->frame_samples();
  ASSERT_EQ(n, 320u);
  std::vector<int16_t> noise = WhiteNoise(n * 150, 1000, 1);
  for (size_t pos = 0; pos < noise.size(); pos += n) {
    EXPECT_TRUE(pp->Process(std::span<int16_t>(noise).subspan(pos, n)));
  }
  // Compare the last second against the input level.
  std::span<const int16_t> tail = std::span<const int16_t>(noise).subspan(noise.size() - 16000);
  EXPECT_LT(testing::RmsDbfs(tail), 20 * std::log10(1000 * std::sqrt(2.0) / 32767.0) - 6.0);
}

TEST(PreprocessorTest, VoiceActivity) {
  auto pp = Preprocessor::Create({});
  ASSERT_TRUE(pp);
  size_t n = pp->frame_samples();
  std::vector<int16_t> quiet = WhiteNoise(n * 100, 30, 2);
  std::vector<int16_t> speech = testing::MakeSpeechLike(48000, n * 50);
  int speech_frames = 0, noise_frames = 0;
  for (size_t pos = 0; pos < quiet.size(); pos += n) {
    pp->Process(std::span<int16_t>(quiet).subspan(pos, n));
  }
  for (size_t pos = 0; pos < speech.size(); pos += n) {
    speech_frames += pp->Process(std::span<int16_t>(speech).subspan(pos, n)) ? 1 : 0;
  }
  std::vector<int16_t> quiet2 = WhiteNoise(n * 100, 30, 3);
  for (size_t pos = 0; pos < quiet2.size(); pos += n) {
    bool voice = pp->Process(std::span<int16_t>(quiet2).subspan(pos, n));
    if (pos >= n * 50) noise_frames += voice ? 1 : 0;  // after the hangover
  }
  EXPECT_GE(speech_frames, 40);
  EXPECT_EQ(noise_frames, 0);
  EXPECT_LT(pp->level_dbfs(), -50.0);
}

TEST(PreprocessorTest, AgcRaisesQuietSpeech) {
  PreprocessorOptions options;
  options.denoise = false;
  options.vad = false;
  options.agc = true;
  auto pp = Preprocessor::Create(options);
  if (!pp && pp.error().code == ErrorCode::kUnsupported) GTEST_SKIP() << pp.error().message;
  ASSERT_TRUE(pp);
  size_t n = pp->frame_samples();
  std::vector<int16_t> speech = testing::MakeSpeechLike(48000, n * 250);
  for (int16_t& v : speech) v = static_cast<int16_t>(v / 20);  // about -40 dBFS
  double before = testing::RmsDbfs(std::span<const int16_t>(speech).last(n * 50));
  for (size_t pos = 0; pos < speech.size(); pos += n) {
    pp->Process(std::span<int16_t>(speech).subspan(pos, n));
  }
  double after = testing::RmsDbfs(std::span<const int16_t>(speech).last(n * 50));
  EXPECT_GT(after, before + 6.0);
}

TEST(PreprocessorTest, RefusesBadOptions) {
  PreprocessorOptions options;
  options.sample_rate_hz = 8000;
  auto r = Preprocessor::Create(options);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("8000"), std::string::npos);
  options.sample_rate_hz = 16000;
  options.noise_suppress_db = 5;
  EXPECT_FALSE(Preprocessor::Create(options));
  options.noise_suppress_db = -15;
  options.agc_level = 50000;
  EXPECT_FALSE(Preprocessor::Create(options));
}

TEST(PreprocessorTest, ProcessDoesNotAllocate) {
  auto pp = Preprocessor::Create({});
  ASSERT_TRUE(pp);
  std::vector<int16_t> speech = testing::MakeSpeechLike(48000, pp->frame_samples() * 20);
  testing::AllocationScope scope;
  for (size_t pos = 0; pos < speech.size(); pos += pp->frame_samples()) {
    pp->Process(std::span<int16_t>(speech).subspan(pos, pp->frame_samples()));
  }
  EXPECT_EQ(scope.count(), 0);
}

}  // namespace
}  // namespace chorus::media
