// Scenarios (ITU-T Q.23 frequencies, Q.24 style acceptance):
// - all 16 digits are detected once, at 8 kHz and 16 kHz, with a duration
//   close to the tone's (100 ms tone -> 90..110 ms);
// - frequency deviation: +-1.5% on either tone is detected (8 and 16 kHz),
//   +-3.5% and +5% are not;
// - twist: high group +4 dB and low group +8 dB are detected, +6 dB and
//   +10 dB are not;
// - duration: 40 ms is detected, 20 ms is not;
// - pause: the same digit twice with a 40 ms gap gives two digits; a 10 ms
//   dropout inside a tone gives one;
// - level: -30 dBFS per tone detected, -45 dBFS not;
// - non-DTMF: white noise, a synthetic vowel-like harmonic signal, a DTMF
//   pair under a strong third tone, and recorded synthetic speech
//   (espeak-ng, tests/testdata/media/dtmf/speech_8k.s16) give nothing.

#include "media/dtmf/dtmf_tone_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "media/dtmf/dtmf_tone_generator.h"

namespace chorus::media {
namespace {

class Runner {
 public:
  explicit Runner(uint32_t rate) : rate_(rate), detector_(rate) {}

  void Tone(char digit, int ms, const DtmfToneOptions& base = {}) {
    DtmfToneOptions o = base;
    o.sample_rate_hz = rate_;
    auto gen = DtmfToneGenerator::Create(digit, o);
    ASSERT_TRUE(gen);
    std::vector<int16_t> pcm(rate_ * ms / 1000);
    gen->Fill(pcm);
    Feed(pcm);
  }
  void Silence(int ms) { Feed(std::vector<int16_t>(rate_ * ms / 1000, 0)); }
  void Feed(const std::vector<int16_t>& pcm) {
    const size_t frame = rate_ / 50;
    for (size_t i = 0; i < pcm.size(); i += frame) {
      const size_t n = std::min(frame, pcm.size() - i);
      auto event = detector_.Process(std::span<const int16_t>(pcm.data() + i, n));
      if (event) events_.push_back(*event);
    }
  }
  std::string Digits() const {
    std::string s;
    for (const auto& e : events_) s += e.digit;
    return s;
  }
  const std::vector<DtmfToneEvent>& events() const { return events_; }

 private:
  uint32_t rate_;
  DtmfToneDetector detector_;
  std::vector<DtmfToneEvent> events_;
};

TEST(DtmfToneDetectorTest, AllDigitsAtBothRates) {
  const std::string digits = "0123456789*#ABCD";
  for (uint32_t rate : {8000u, 16000u}) {
    Runner r(rate);
    r.Silence(60);
    for (char d : digits) {
      r.Tone(d, 100);
      r.Silence(100);
    }
    EXPECT_EQ(r.Digits(), digits) << rate;
    for (const auto& e : r.events()) {
      EXPECT_GE(e.duration_ms, 90u) << e.digit;
      EXPECT_LE(e.duration_ms, 110u) << e.digit;
    }
  }
}

TEST(DtmfToneDetectorTest, FrequencyDeviation) {
  for (double dev : {0.015, -0.015}) {
    for (bool row : {true, false}) {
      DtmfToneOptions o;
      (row ? o.row_deviation : o.column_deviation) = dev;
      Runner r(16000);
      for (char d : std::string("0123456789*#ABCD")) {
        r.Tone(d, 80, o);
        r.Silence(80);
      }
      EXPECT_EQ(r.Digits(), "0123456789*#ABCD") << dev << (row ? " row 16k" : " column 16k");
    }
  }
  for (double dev : {0.015, -0.015}) {
    for (bool row : {true, false}) {
      DtmfToneOptions o;
      (row ? o.row_deviation : o.column_deviation) = dev;
      Runner r(8000);
      for (char d : std::string("0123456789*#ABCD")) {
        r.Tone(d, 80, o);
        r.Silence(80);
      }
      EXPECT_EQ(r.Digits(), "0123456789*#ABCD") << dev << (row ? " row" : " column");
    }
  }
  for (double dev : {0.035, -0.035, 0.05}) {
    for (bool row : {true, false}) {
      DtmfToneOptions o;
      (row ? o.row_deviation : o.column_deviation) = dev;
      Runner r(8000);
      for (char d : std::string("0123456789*#ABCD")) {
        r.Tone(d, 80, o);
        r.Silence(80);
      }
      EXPECT_EQ(r.Digits(), "") << dev << (row ? " row" : " column");
    }
  }
}

TEST(DtmfToneDetectorTest, Twist) {
  for (double twist : {4.0, -8.0, 3.0, -7.0}) {
    Runner r(8000);
    r.Tone('8', 80, {.level_dbfs = -14, .twist_db = twist});
    r.Silence(60);
    EXPECT_EQ(r.Digits(), "8") << twist;
  }
  for (double twist : {6.0, -10.0}) {
    Runner r(8000);
    r.Tone('8', 80, {.level_dbfs = -14, .twist_db = twist});
    r.Silence(60);
    EXPECT_EQ(r.Digits(), "") << twist;
  }
}

TEST(DtmfToneDetectorTest, MinimumDuration) {
  Runner r(8000);
  for (int i = 0; i < 5; ++i) {
    r.Tone('5', 20);
    r.Silence(80);
  }
  EXPECT_EQ(r.Digits(), "");
  for (char d : std::string("0123456789*#ABCD")) {
    r.Tone(d, 40);
    r.Silence(60);
  }
  EXPECT_EQ(r.Digits(), "0123456789*#ABCD");
}

TEST(DtmfToneDetectorTest, PauseSeparatesDigits) {
  Runner r(8000);
  r.Tone('7', 60);
  r.Silence(40);
  r.Tone('7', 60);
  r.Silence(60);
  EXPECT_EQ(r.Digits(), "77");

  Runner bridged(8000);
  bridged.Tone('3', 60);
  bridged.Silence(10);
  bridged.Tone('3', 60);
  bridged.Silence(60);
  EXPECT_EQ(bridged.Digits(), "3");
}

TEST(DtmfToneDetectorTest, Level) {
  Runner quiet(8000);
  quiet.Tone('9', 80, {.level_dbfs = -30});
  quiet.Silence(60);
  EXPECT_EQ(quiet.Digits(), "9");
  Runner too_quiet(8000);
  too_quiet.Tone('9', 80, {.level_dbfs = -45});
  too_quiet.Silence(60);
  EXPECT_EQ(too_quiet.Digits(), "");
}

TEST(DtmfToneDetectorTest, RejectsWhiteNoise) {
  std::mt19937 rng(1234);
  std::normal_distribution<double> noise(0, 3000);
  for (uint32_t rate : {8000u, 16000u}) {
    std::vector<int16_t> pcm(rate * 5);
    for (auto& s : pcm) s = static_cast<int16_t>(std::clamp(noise(rng), -32768.0, 32767.0));
    Runner r(rate);
    r.Feed(pcm);
    EXPECT_EQ(r.Digits(), "") << rate;
  }
}

TEST(DtmfToneDetectorTest, RejectsSyntheticVowels) {
  // Harmonic series with a gliding pitch, shaped by two formants: the
  // spectrum of voiced speech. Some harmonics pass DTMF frequencies.
  const uint32_t rate = 8000;
  std::vector<int16_t> pcm(rate * 4);
  double phase = 0;
  for (size_t n = 0; n < pcm.size(); ++n) {
    const double t = static_cast<double>(n) / rate;
    const double f0 = 100 + 60 * std::sin(2 * std::numbers::pi * 0.7 * t);
    phase += 2 * std::numbers::pi * f0 / rate;
    double v = 0;
    for (int k = 1; k * f0 < 3600; ++k) {
      const double f = k * f0;
      const double formants = std::exp(-std::pow((f - 700) / 200, 2)) +
                              0.7 * std::exp(-std::pow((f - 1300) / 250, 2)) + 0.05;
      v += formants * std::sin(k * phase);
    }
    pcm[n] = static_cast<int16_t>(std::clamp(v * 6000, -32768.0, 32767.0));
  }
  Runner r(rate);
  r.Feed(pcm);
  EXPECT_EQ(r.Digits(), "");
}

TEST(DtmfToneDetectorTest, RejectsDtmfUnderThirdTone) {
  const uint32_t rate = 8000;
  auto gen = DtmfToneGenerator::Create('1', {.level_dbfs = -16});
  ASSERT_TRUE(gen);
  std::vector<int16_t> pcm(rate / 10);
  gen->Fill(pcm);
  for (size_t n = 0; n < pcm.size(); ++n) {
    pcm[n] = static_cast<int16_t>(pcm[n] + 8000 * std::sin(2 * std::numbers::pi * 400 * n / rate));
  }
  Runner r(rate);
  r.Feed(pcm);
  r.Silence(60);
  EXPECT_EQ(r.Digits(), "");
}

TEST(DtmfToneDetectorTest, RejectsRecordedSpeech) {
  const std::string path = std::string(CHORUS_TESTDATA_DIR) + "/media/dtmf/speech_8k.s16";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(raw.size(), 16000u);
  std::vector<int16_t> pcm(raw.size() / 2);
  for (size_t i = 0; i < pcm.size(); ++i) {
    pcm[i] = static_cast<int16_t>(static_cast<uint8_t>(raw[2 * i]) |
                                  (static_cast<uint8_t>(raw[2 * i + 1]) << 8));
  }
  Runner r(8000);
  r.Feed(pcm);
  EXPECT_EQ(r.Digits(), "");
}

}  // namespace
}  // namespace chorus::media
