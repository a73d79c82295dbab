#include "media/dsp/resampler.h"

#include <speex/speex_resampler.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "media/base/check.h"

namespace chorus::media {

namespace internal {
void DestroySpeexResampler(SpeexResamplerState_* state) { speex_resampler_destroy(state); }
}  // namespace internal

namespace {

bool SupportedRate(uint32_t hz) { return hz == 8000 || hz == 16000 || hz == 48000; }

}  // namespace

Result<Resampler> Resampler::Create(const ResamplerOptions& options) {
  std::string what = "resampler " + std::to_string(options.input_rate_hz) + "->" +
                     std::to_string(options.output_rate_hz) + " Hz";
  if (!SupportedRate(options.input_rate_hz) || !SupportedRate(options.output_rate_hz)) {
    return MakeError(ErrorCode::kUnsupported, what + ": rates must be 8000, 16000 or 48000");
  }
  if (options.frame_ms == 0 || options.frame_ms > 120 || options.frame_ms % 10 != 0) {
    return MakeError(ErrorCode::kInvalidArgument, what + ": frame of " +
                                                      std::to_string(options.frame_ms) +
                                                      " ms is not a multiple of 10 up to 120");
  }
  if (options.quality < SPEEX_RESAMPLER_QUALITY_MIN ||
      options.quality > SPEEX_RESAMPLER_QUALITY_MAX) {
    return MakeError(ErrorCode::kInvalidArgument,
                     what + ": quality " + std::to_string(options.quality) + " outside 0..10");
  }
  if (options.input_rate_hz == options.output_rate_hz) {
    return Resampler(options, SpeexResamplerHandle(), 0);
  }
  int err = RESAMPLER_ERR_SUCCESS;
  SpeexResamplerHandle handle(speex_resampler_init(1, options.input_rate_hz, options.output_rate_hz,
                                                   options.quality, &err));
  if (!handle || err != RESAMPLER_ERR_SUCCESS) {
    return MakeError(ErrorCode::kInternal, what + ": " + speex_resampler_strerror(err));
  }
  int delay = speex_resampler_get_output_latency(handle.get());
  return Resampler(options, std::move(handle), static_cast<size_t>(std::max(delay, 0)));
}

Resampler::Resampler(const ResamplerOptions& options, SpeexResamplerHandle handle, size_t delay)
    : handle_(std::move(handle)),
      input_rate_hz_(options.input_rate_hz),
      output_rate_hz_(options.output_rate_hz),
      input_frame_samples_(options.input_rate_hz / 1000 * options.frame_ms),
      output_frame_samples_(options.output_rate_hz / 1000 * options.frame_ms),
      delay_samples_(delay) {}

void Resampler::Process(std::span<const int16_t> in, std::span<int16_t> out) {
  CHORUS_DCHECK(in.size() == input_frame_samples_);
  CHORUS_DCHECK(out.size() >= output_frame_samples_);
  if (!handle_) {
    std::memcpy(out.data(), in.data(), input_frame_samples_ * sizeof(int16_t));
    return;
  }
  spx_uint32_t in_len = static_cast<spx_uint32_t>(input_frame_samples_);
  spx_uint32_t out_len = static_cast<spx_uint32_t>(output_frame_samples_);
  speex_resampler_process_int(handle_.get(), 0, in.data(), &in_len, out.data(), &out_len);
  // All our rate pairs are integer ratios and frames are whole multiples of
  // them, so SpeexDSP consumes and produces exactly one frame. Should that
  // ever slip, pad rather than hand back stale samples.
  CHORUS_DCHECK(in_len == input_frame_samples_ && out_len == output_frame_samples_);
  if (out_len < output_frame_samples_) {
    std::fill(out.begin() + out_len, out.begin() + output_frame_samples_, int16_t{0});
  }
}

void Resampler::Reset() {
  if (handle_) speex_resampler_reset_mem(handle_.get());
}

}  // namespace chorus::media
