#pragma once

// Preprocessor: SpeexDSP noise suppression and automatic gain control on
// 20 ms mono int16 frames at 16 or 48 kHz, followed by voice activity
// detection (VoiceActivityDetector, on the cleaned frame).
// One per conference participant that has noise suppression switched on.
// Created at join (allocates); Process() allocates nothing. Owned and
// called by the room's media worker thread.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/c_handle.h"
#include "media/base/result.h"
#include "media/dsp/voice_activity_detector.h"

struct SpeexPreprocessState_;  // SpeexDSP

namespace chorus::media {

namespace internal {
void DestroySpeexPreprocess(SpeexPreprocessState_* state);
}  // namespace internal

using SpeexPreprocessHandle = CHandle<SpeexPreprocessState_, internal::DestroySpeexPreprocess>;

struct PreprocessorOptions {
  uint32_t sample_rate_hz = 48000;  // 16000 or 48000
  bool denoise = true;
  int noise_suppress_db = -15;  // maximum attenuation of noise, negative dB
  bool agc = false;
  int agc_level = 8000;  // target RMS level of speech (int16 scale)
  bool vad = true;
  VoiceActivityOptions vad_options;
};

class Preprocessor {
 public:
  static constexpr uint32_t kFrameMs = 20;

  static Result<Preprocessor> Create(const PreprocessorOptions& options);

  Preprocessor(Preprocessor&&) noexcept = default;
  Preprocessor& operator=(Preprocessor&&) noexcept = default;

  size_t frame_samples() const { return frame_samples_; }

  // Cleans `frame` (exactly frame_samples() samples) in place. Returns
  // whether the frame holds speech when VAD is on, true otherwise.
  bool Process(std::span<int16_t> frame);

  // Level of the last cleaned frame, dBFS (computed when VAD is on).
  double level_dbfs() const { return vad_.level_dbfs(); }

 private:
  Preprocessor(SpeexPreprocessHandle handle, size_t frame_samples, const PreprocessorOptions& o)
      : handle_(std::move(handle)),
        frame_samples_(frame_samples),
        vad_enabled_(o.vad),
        vad_(o.vad_options) {}

  SpeexPreprocessHandle handle_;
  size_t frame_samples_;
  bool vad_enabled_;
  VoiceActivityDetector vad_;
};

}  // namespace chorus::media
