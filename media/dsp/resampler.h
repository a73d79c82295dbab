#pragma once

// Resampler: mono int16 sample-rate conversion between 8000, 16000 and
// 48000 Hz over SpeexDSP, one fixed-size frame in, one fixed-size frame out.
// Used per stream to bring decoded audio to the room rate and back. Created
// at stream set-up (allocates the filter); Process() allocates nothing. Owned
// and called by one media worker thread.
//
// Delay: the polyphase filter needs look-ahead, so output lags input by
// delay_samples() output samples (SpeexDSP's output latency). We keep that
// constant delay rather than trimming it: trimming would leave the first
// frame short and break the frame-in/frame-out contract.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/c_handle.h"
#include "media/base/result.h"

struct SpeexResamplerState_;  // SpeexDSP

namespace chorus::media {

namespace internal {
void DestroySpeexResampler(SpeexResamplerState_* state);
}  // namespace internal

using SpeexResamplerHandle = CHandle<SpeexResamplerState_, internal::DestroySpeexResampler>;

struct ResamplerOptions {
  uint32_t input_rate_hz = 8000;
  uint32_t output_rate_hz = 48000;
  uint32_t frame_ms = 20;
  // SpeexDSP quality 0..10. The default comes from media_bench
  // (BM_Resample*, docs/bench/codec.md): at 4 a 3.4 kHz tone passes within
  // 0.02 dB and images/aliases stay below one int16 LSB, for about 10 us
  // per 20 ms frame; 3 is a quarter cheaper but drops 1 dB at 3.4 kHz
  // (48k->8k), 5 and up cost more for nothing measurable.
  int quality = kDefaultQuality;
  static constexpr int kDefaultQuality = 4;
};

class Resampler {
 public:
  static Result<Resampler> Create(const ResamplerOptions& options);

  Resampler(Resampler&&) noexcept = default;
  Resampler& operator=(Resampler&&) noexcept = default;

  uint32_t input_rate_hz() const { return input_rate_hz_; }
  uint32_t output_rate_hz() const { return output_rate_hz_; }
  size_t input_frame_samples() const { return input_frame_samples_; }
  size_t output_frame_samples() const { return output_frame_samples_; }
  // Output samples by which the output lags the input (0 when rates match).
  size_t delay_samples() const { return delay_samples_; }

  // Converts exactly input_frame_samples() into output_frame_samples().
  // Equal rates copy. Sizes are the caller's contract (checked in debug).
  void Process(std::span<const int16_t> in, std::span<int16_t> out);

  // Clears the filter history, as for a new stream.
  void Reset();

 private:
  Resampler(const ResamplerOptions& options, SpeexResamplerHandle handle, size_t delay);

  SpeexResamplerHandle handle_;  // null when the rates are equal
  uint32_t input_rate_hz_;
  uint32_t output_rate_hz_;
  size_t input_frame_samples_;
  size_t output_frame_samples_;
  size_t delay_samples_;
};

}  // namespace chorus::media
