#include "media/dsp/voice_activity_detector.h"

#include <algorithm>
#include <cmath>

namespace chorus::media {

void VoiceActivityDetector::Reset() {
  started_ = false;
  floor_dbfs_ = -100.0;
  level_dbfs_ = -100.0;
  hangover_left_ = 0;
}

bool VoiceActivityDetector::Process(std::span<const int16_t> frame) {
  if (frame.empty()) return hangover_left_ > 0;
  double energy = 0;
  for (int16_t v : frame) energy += static_cast<double>(v) * v;
  double mean_square = energy / static_cast<double>(frame.size());
  // dBFS of the frame's RMS against a full-scale sine (RMS 32767 / sqrt 2).
  level_dbfs_ = 10 * std::log10(std::max(mean_square, 1e-3) * 2.0 / (32767.0 * 32767.0));

  if (!started_) {
    floor_dbfs_ = level_dbfs_;
    started_ = true;
  } else if (level_dbfs_ < floor_dbfs_) {
    floor_dbfs_ = level_dbfs_;  // noise floor follows quiet frames down at once
  } else {
    floor_dbfs_ = std::min(level_dbfs_, floor_dbfs_ + options_.floor_rise_db_per_frame);
  }

  bool loud =
      level_dbfs_ >= options_.min_level_dbfs && level_dbfs_ >= floor_dbfs_ + options_.threshold_db;
  if (loud) {
    hangover_left_ = options_.hangover_frames;
    return true;
  }
  if (hangover_left_ > 0) {
    --hangover_left_;
    return true;
  }
  return false;
}

}  // namespace chorus::media
