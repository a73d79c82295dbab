#pragma once

// Test helpers for audio: tone generation, levels, delay alignment by
// cross-correlation, SNR and tone frequency/level measurement.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace chorus::media::testing {

inline double DbfsToAmplitude(double dbfs) { return 32767.0 * std::pow(10.0, dbfs / 20.0); }

inline std::vector<int16_t> MakeTone(uint32_t rate_hz, double freq_hz, double dbfs, size_t count,
                                     size_t start_index = 0) {
  std::vector<int16_t> out(count);
  double amplitude = DbfsToAmplitude(dbfs);
  for (size_t i = 0; i < count; ++i) {
    double t = static_cast<double>(start_index + i) / rate_hz;
    out[i] =
        static_cast<int16_t>(std::lround(amplitude * std::sin(2 * std::numbers::pi * freq_hz * t)));
  }
  return out;
}

// A voiced, speech-like test signal: harmonics of a gliding 110-220 Hz pitch
// under a 4 Hz syllable envelope. Deterministic.
inline std::vector<int16_t> MakeSpeechLike(uint32_t rate_hz, size_t count) {
  std::vector<int16_t> out(count);
  double phase = 0;
  for (size_t i = 0; i < count; ++i) {
    double t = static_cast<double>(i) / rate_hz;
    double pitch = 165 + 55 * std::sin(2 * std::numbers::pi * 0.7 * t);
    phase += 2 * std::numbers::pi * pitch / rate_hz;
    double v = 0;
    for (int h = 1; h <= 12; ++h) {
      if (pitch * h > rate_hz / 2.0 * 0.9) break;
      v += std::sin(h * phase) / h;
    }
    double envelope = 0.55 + 0.45 * std::sin(2 * std::numbers::pi * 4 * t);
    out[i] = static_cast<int16_t>(std::lround(6000 * envelope * v));
  }
  return out;
}

inline double Rms(std::span<const int16_t> x) {
  if (x.empty()) return 0;
  double sum = 0;
  for (int16_t v : x) sum += static_cast<double>(v) * v;
  return std::sqrt(sum / x.size());
}

inline double RmsDbfs(std::span<const int16_t> x) {
  double rms = Rms(x);
  return rms <= 0 ? -200.0 : 20 * std::log10(rms * std::sqrt(2.0) / 32767.0);
}

// Lag in [0, max_lag] at which `test` best matches `ref` (test[n + lag] ~ ref[n]),
// by normalised cross-correlation over `window` samples of ref from `start`.
inline size_t FindDelay(std::span<const int16_t> ref, std::span<const int16_t> test, size_t start,
                        size_t window, size_t max_lag) {
  size_t best_lag = 0;
  double best = -1e300;
  for (size_t lag = 0; lag <= max_lag; ++lag) {
    if (start + lag + window > test.size() || start + window > ref.size()) break;
    double cross = 0, energy = 0;
    for (size_t n = start; n < start + window; ++n) {
      cross += static_cast<double>(ref[n]) * test[n + lag];
      energy += static_cast<double>(test[n + lag]) * test[n + lag];
    }
    double score = energy > 0 ? cross / std::sqrt(energy) : 0;
    if (score > best) {
      best = score;
      best_lag = lag;
    }
  }
  return best_lag;
}

// SNR in dB of test[n + lag] against ref[n] over [start, start + count).
inline double SnrDb(std::span<const int16_t> ref, std::span<const int16_t> test, size_t lag,
                    size_t start, size_t count) {
  double signal = 0, noise = 0;
  for (size_t n = start; n < start + count; ++n) {
    double r = ref[n];
    double e = test[n + lag] - r;
    signal += r * r;
    noise += e * e;
  }
  if (noise <= 0) return 200.0;
  return 10 * std::log10(signal / noise);
}

// Power of `x` at `freq_hz` (Goertzel), as the amplitude of that sinusoid.
inline double ToneAmplitude(std::span<const int16_t> x, uint32_t rate_hz, double freq_hz) {
  double w = 2 * std::numbers::pi * freq_hz / rate_hz;
  double coeff = 2 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (int16_t v : x) {
    double s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2 * std::sqrt(std::max(power, 0.0)) / x.size();
}

// Frequency estimate from rising zero crossings, interpolated between samples.
inline double EstimateFrequency(std::span<const int16_t> x, uint32_t rate_hz) {
  double first = -1, last = -1;
  int crossings = 0;
  for (size_t i = 1; i < x.size(); ++i) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      double frac = static_cast<double>(-x[i - 1]) / (x[i] - x[i - 1]);
      double pos = static_cast<double>(i - 1) + frac;
      if (first < 0) {
        first = pos;
      } else {
        ++crossings;
      }
      last = pos;
    }
  }
  if (crossings == 0) return 0;
  return crossings * static_cast<double>(rate_hz) / (last - first);
}

}  // namespace chorus::media::testing
