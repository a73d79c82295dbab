#include "media/dtmf/dtmf_tone_detector.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "media/base/check.h"
#include "media/dtmf/dtmf_tone_generator.h"

namespace chorus::media {
namespace {

// First spectral null of a rectangular window of n samples lies fs/n from
// the analysed frequency; we place it 6% away.
constexpr double kNullOffset = 0.06;
constexpr double kGuardOffset = 0.05;

constexpr char kKeypad[4][4] = {
    {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}};

float DbToPowerRatio(double db) { return static_cast<float>(std::pow(10.0, db / 10)); }

}  // namespace

DtmfToneDetector::DtmfToneDetector(uint32_t sample_rate_hz)
    : sample_rate_hz_(sample_rate_hz),
      hop_samples_(static_cast<int>(sample_rate_hz * kHopMs / 1000)) {
  CHORUS_CHECK(sample_rate_hz >= 8000 && sample_rate_hz <= 48000);
  const double rate = sample_rate_hz;
  auto make_filter = [&](double hz, int window) {
    return Filter{window, static_cast<float>(2 * std::cos(2 * std::numbers::pi * hz / rate))};
  };
  auto make_tone = [&](double hz) {
    const int window = static_cast<int>(std::lround(rate / (kNullOffset * hz)));
    Tone t;
    t.nominal = make_filter(hz, window);
    t.guard_low = make_filter(hz * (1 - kGuardOffset), window);
    t.guard_high = make_filter(hz * (1 + kGuardOffset), window);
    // A longer window keeps the neighbouring column tone out of the
    // harmonic bin of the row tones (2 x 697 = 1394 is near 1336).
    t.harmonic = make_filter(2 * hz, 2 * window);
    return t;
  };
  for (int i = 0; i < 4; ++i) {
    rows_[i] = make_tone(kDtmfRowHz[i]);
    columns_[i] = make_tone(kDtmfColumnHz[i]);
  }
  energy_window_ = rows_[0].nominal.window;  // the longest tone window
  history_size_ = rows_[0].harmonic.window;
  history_.assign(2 * static_cast<size_t>(history_size_), 0.0f);
}

void DtmfToneDetector::Reset() {
  std::fill(history_.begin(), history_.end(), 0.0f);
  write_ = hop_fill_ = 0;
  hop_index_ = 0;
  run_digit_ = active_digit_ = '\0';
  run_hops_ = miss_hops_ = 0;
}

float DtmfToneDetector::Power(const Filter& f) const {
  // Goertzel over the last f.window samples.
  const float* x = history_.data() + write_ + history_size_ - f.window;
  float s1 = 0;
  float s2 = 0;
  for (int i = 0; i < f.window; ++i) {
    const float s0 = x[i] + f.coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const float power = s1 * s1 + s2 * s2 - f.coeff * s1 * s2;
  const float n = static_cast<float>(f.window);
  return 2 * power / (n * n);
}

float DtmfToneDetector::MeanSquare(int window) const {
  const float* x = history_.data() + write_ + history_size_ - window;
  float sum = 0;
  for (int i = 0; i < window; ++i) sum += x[i] * x[i];
  return sum / static_cast<float>(window);
}

char DtmfToneDetector::Evaluate() const {
  int row = 0;
  int col = 0;
  float row_power = 0;
  float col_power = 0;
  for (int i = 0; i < 4; ++i) {
    const float r = Power(rows_[i].nominal);
    if (r > row_power) {
      row_power = r;
      row = i;
    }
    const float c = Power(columns_[i].nominal);
    if (c > col_power) {
      col_power = c;
      col = i;
    }
  }
  // Level: a full-scale sine (amplitude 1) has mean power 0.5.
  const float min_power = 0.5f * DbToPowerRatio(kMinToneLevelDbfs);
  if (row_power < min_power || col_power < min_power) return '\0';
  // Twist.
  if (col_power > row_power * DbToPowerRatio(kMaxForwardTwistDb + kTwistMarginDb)) return '\0';
  if (row_power > col_power * DbToPowerRatio(kMaxReverseTwistDb + kTwistMarginDb)) return '\0';
  // Most of the energy must be in the two tones.
  const float total = MeanSquare(energy_window_);
  if (row_power + col_power < kMinToneEnergyRatio * total) return '\0';
  // Frequency: each tone must be closer to nominal than to +-5%.
  for (const auto& [tone, power] :
       {std::pair{&rows_[row], row_power}, {&columns_[col], col_power}}) {
    if (Power(tone->guard_low) > power || Power(tone->guard_high) > power) return '\0';
    if (Power(tone->harmonic) > power * DbToPowerRatio(kMaxSecondHarmonicDb)) return '\0';
  }
  return kKeypad[row][col];
}

std::optional<DtmfToneEvent> DtmfToneDetector::Step(char candidate) {
  std::optional<DtmfToneEvent> out;
  const int64_t hop = hop_index_++;
  if (active_digit_ != '\0') {
    if (candidate == active_digit_) {
      miss_hops_ = 0;
      last_hit_hop_ = hop;
    } else if (++miss_hops_ >= kPauseHops) {
      const int64_t hops = last_hit_hop_ - first_hit_hop_ + 1;
      out = DtmfToneEvent{active_digit_, static_cast<uint32_t>(hops * kHopMs)};
      active_digit_ = '\0';
      run_digit_ = '\0';
      run_hops_ = 0;
      return out;
    }
  }
  if (candidate != '\0' && candidate == run_digit_) {
    ++run_hops_;
  } else {
    run_digit_ = candidate;
    run_hops_ = candidate != '\0' ? 1 : 0;
  }
  if (active_digit_ == '\0' && run_hops_ >= kMinToneHops) {
    active_digit_ = run_digit_;
    first_hit_hop_ = hop - run_hops_ + 1;
    last_hit_hop_ = hop;
    miss_hops_ = 0;
  }
  return out;
}

std::optional<DtmfToneEvent> DtmfToneDetector::Process(std::span<const int16_t> frame) {
  CHORUS_DCHECK(frame.size() <= sample_rate_hz_ / 50);
  std::optional<DtmfToneEvent> out;
  for (int16_t sample : frame) {
    const float v = static_cast<float>(sample) * (1.0f / 32768.0f);
    history_[write_] = v;
    history_[write_ + history_size_] = v;
    write_ = write_ + 1 == history_size_ ? 0 : write_ + 1;
    if (++hop_fill_ == hop_samples_) {
      hop_fill_ = 0;
      auto event = Step(Evaluate());
      if (event && !out) out = event;
    }
  }
  return out;
}

}  // namespace chorus::media
