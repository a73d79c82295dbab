// Scenarios:
// - Quiet stationary noise alone is never speech.
// - A speech-like signal 30 dB over the noise is speech; after it stops the
//   detector holds for the hangover (10 frames) and then releases.
// - A step up in background noise is taken into the floor within a few
//   seconds and stops reading as speech.
// - Level is reported in dBFS (a -10 dBFS sine reads -10); Reset forgets.

#include "media/dsp/voice_activity_detector.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

std::vector<int16_t> Noise(size_t count, double rms, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> dist(0.0, rms);
  std::vector<int16_t> out(count);
  for (int16_t& v : out) v = static_cast<int16_t>(std::clamp(dist(rng), -32768.0, 32767.0));
  return out;
}

// Runs 20 ms frames at 16 kHz; returns the decision per frame.
std::vector<bool> RunFrames(VoiceActivityDetector& vad, const std::vector<int16_t>& pcm) {
  std::vector<bool> out;
  for (size_t pos = 0; pos + 320 <= pcm.size(); pos += 320) {
    out.push_back(vad.Process(std::span<const int16_t>(pcm).subspan(pos, 320)));
  }
  return out;
}

TEST(VoiceActivityDetectorTest, NoiseAloneIsNotSpeech) {
  VoiceActivityDetector vad;
  for (bool v : RunFrames(vad, Noise(16000 * 5, 100, 1))) EXPECT_FALSE(v);
}

TEST(VoiceActivityDetectorTest, SpeechThenHangoverThenSilence) {
  VoiceActivityDetector vad;
  RunFrames(vad, Noise(16000, 100, 2));
  std::vector<int16_t> speech = testing::MakeSpeechLike(16000, 16000);
  std::vector<bool> during = RunFrames(vad, speech);
  EXPECT_GE(std::count(during.begin(), during.end(), true), 48);
  std::vector<bool> after = RunFrames(vad, Noise(16000, 100, 3));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(after[i]) << i;
  for (size_t i = 10; i < after.size(); ++i) EXPECT_FALSE(after[i]) << i;
}

TEST(VoiceActivityDetectorTest, AdaptsToLouderNoise) {
  VoiceActivityDetector vad;
  RunFrames(vad, Noise(16000 * 2, 50, 4));
  std::vector<bool> louder = RunFrames(vad, Noise(16000 * 10, 800, 5));  // +24 dB
  EXPECT_TRUE(louder.front());
  for (size_t i = louder.size() - 100; i < louder.size(); ++i) EXPECT_FALSE(louder[i]) << i;
}

TEST(VoiceActivityDetectorTest, LevelAndReset) {
  VoiceActivityDetector vad;
  std::vector<int16_t> tone = testing::MakeTone(16000, 1000, -10, 320);
  vad.Process(tone);
  EXPECT_NEAR(vad.level_dbfs(), -10.0, 0.1);
  vad.Reset();
  EXPECT_LT(vad.level_dbfs(), -90.0);
  EXPECT_FALSE(vad.Process(std::vector<int16_t>(320, 0)));
}

}  // namespace
}  // namespace chorus::media
