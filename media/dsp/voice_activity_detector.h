#pragma once

// VoiceActivityDetector: frame-energy speech detector with an adaptive noise
// floor and a hangover. SpeexDSP's preprocessor VAD is a stop-gap by its own
// account (it warns "The VAD has been replaced by a hack") and in our tests
// kept flagging quiet noise as speech long after a talker stopped, so the
// Preprocessor uses this instead. Plain state, no allocation; member of its
// owner, same thread.

#include <cstddef>
#include <cstdint>
#include <span>

namespace chorus::media {

struct VoiceActivityOptions {
  double threshold_db = 9.0;              // speech is this far above the noise floor
  double min_level_dbfs = -50.0;          // and at least this loud
  double floor_rise_db_per_frame = 0.05;  // noise floor creeps up ~2.5 dB/s at 20 ms
  int hangover_frames = 10;               // frames still called speech after it stops
};

class VoiceActivityDetector {
 public:
  explicit VoiceActivityDetector(const VoiceActivityOptions& options = {}) : options_(options) {}

  // True while `frame` (any length) holds speech, plus the hangover.
  bool Process(std::span<const int16_t> frame);

  double level_dbfs() const { return level_dbfs_; }
  double noise_floor_dbfs() const { return floor_dbfs_; }
  void Reset();

 private:
  VoiceActivityOptions options_;
  bool started_ = false;
  double floor_dbfs_ = -100.0;
  double level_dbfs_ = -100.0;
  int hangover_left_ = 0;
};

}  // namespace chorus::media
