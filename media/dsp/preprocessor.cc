#include "media/dsp/preprocessor.h"

#include <speex/speex_preprocess.h>

#include <string>

#include "media/base/check.h"

namespace chorus::media {

namespace internal {
void DestroySpeexPreprocess(SpeexPreprocessState_* state) { speex_preprocess_state_destroy(state); }
}  // namespace internal

Result<Preprocessor> Preprocessor::Create(const PreprocessorOptions& options) {
  std::string what = "preprocessor at " + std::to_string(options.sample_rate_hz) + " Hz";
  if (options.sample_rate_hz != 16000 && options.sample_rate_hz != 48000) {
    return MakeError(ErrorCode::kUnsupported, what + ": rate must be 16000 or 48000");
  }
  if (options.noise_suppress_db > 0 || options.noise_suppress_db < -60) {
    return MakeError(ErrorCode::kInvalidArgument, what + ": noise suppression " +
                                                      std::to_string(options.noise_suppress_db) +
                                                      " dB outside -60..0");
  }
  if (options.agc_level < 1000 || options.agc_level > 32000) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        what + ": AGC level " + std::to_string(options.agc_level) + " outside 1000..32000");
  }
  size_t frame_samples = options.sample_rate_hz / 1000 * kFrameMs;
  SpeexPreprocessHandle handle(speex_preprocess_state_init(
      static_cast<int>(frame_samples), static_cast<int>(options.sample_rate_hz)));
  if (!handle) return MakeError(ErrorCode::kInternal, what + ": SpeexDSP init failed");
  SpeexPreprocessState* st = handle.get();

  spx_int32_t denoise = options.denoise ? 1 : 0;
  spx_int32_t suppress = options.noise_suppress_db;
  spx_int32_t agc = options.agc ? 1 : 0;
  float agc_level = static_cast<float>(options.agc_level);
  if (speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_DENOISE, &denoise) != 0 ||
      speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &suppress) != 0) {
    return MakeError(ErrorCode::kInternal, what + ": SpeexDSP refused a setting");
  }
  if (options.agc && (speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_AGC, &agc) != 0 ||
                      speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_AGC_LEVEL, &agc_level) != 0)) {
    // A fixed-point SpeexDSP build has no AGC.
    return MakeError(ErrorCode::kUnsupported, what + ": this SpeexDSP build has no AGC");
  }
  return Preprocessor(std::move(handle), frame_samples, options);
}

bool Preprocessor::Process(std::span<int16_t> frame) {
  CHORUS_DCHECK(frame.size() == frame_samples_);
  // SpeexDSP's own VAD stays off (see voice_activity_detector.h); its
  // return value is then always 1.
  speex_preprocess_run(handle_.get(), frame.data());
  return vad_enabled_ ? vad_.Process(frame) : true;
}

}  // namespace chorus::media
