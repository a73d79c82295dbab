#include "mixer/kernels/audio_level.h"

#include <cmath>

namespace chorus::mixer {
namespace {

constexpr double kFullScale = 32768.0;

}  // namespace

double RmsDbov(const FrameLevel& level, size_t num_samples) {
  if (num_samples == 0 || level.sum_squares <= 0) return kSilenceDbov;
  const double mean_square =
      static_cast<double>(level.sum_squares) / static_cast<double>(num_samples);
  const double db = 10.0 * std::log10(mean_square / (kFullScale * kFullScale));
  if (db < kSilenceDbov) return kSilenceDbov;
  return db > 0.0 ? 0.0 : db;
}

double PeakDbov(const FrameLevel& level) {
  if (level.peak <= 0) return kSilenceDbov;
  const double db = 20.0 * std::log10(static_cast<double>(level.peak) / kFullScale);
  if (db < kSilenceDbov) return kSilenceDbov;
  return db > 0.0 ? 0.0 : db;
}

uint8_t Rfc6464LevelFromDbov(double dbov) {
  // NaN compares false everywhere; treat it as silence.
  if (!(dbov < 0.0)) return dbov >= 0.0 ? 0 : 127;
  const double neg = std::round(-dbov);
  if (neg >= 127.0) return 127;
  return static_cast<uint8_t>(neg);
}

}  // namespace chorus::mixer
