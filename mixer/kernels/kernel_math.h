#pragma once

// Sample arithmetic every kernel implementation shares, written once so the
// SIMD tails and the scalar reference cannot drift apart. Internal to
// mixer/kernels/.

#include <cstddef>
#include <cstdint>

#include "media/base/check.h"
#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer::internal {

inline int32_t ClampGainQ15(int32_t gain_q15) {
  if (gain_q15 < 0) return 0;
  if (gain_q15 > kMaxGainQ15) return kMaxGainQ15;
  return gain_q15;
}

// floor((s * g + 2^14) / 2^15) for a gain already in 0 .. kMaxGainQ15. The
// SIMD kernels compute the same value as s * (g >> 15) +
// ((s * (g & 0x7fff) + 2^14) >> 15), whose terms fit in int32 lanes; both
// are exact, hence equal.
inline int32_t Contribution(int16_t s, int32_t gain_q15) {
  return static_cast<int32_t>((static_cast<int64_t>(s) * gain_q15 + (1 << 14)) >> 15);
}

inline int16_t SaturateInt16(int32_t v) {
  if (v > INT16_MAX) return INT16_MAX;
  if (v < INT16_MIN) return INT16_MIN;
  return static_cast<int16_t>(v);
}

// Adds samples [from, n) to a frame level: the scalar reference's loop and
// every SIMD kernel's tail.
inline void AddToLevel(const int16_t* samples, size_t from, size_t n, FrameLevel& level) {
  for (size_t i = from; i < n; ++i) {
    const int32_t s = samples[i];
    level.sum_squares += s * s;
    const int32_t magnitude = s < 0 ? -s : s;
    if (magnitude > level.peak) level.peak = magnitude;
  }
}

// Samples per block of the fused mix. A block's int32 partial sums (4 KiB)
// stay in L1 while each input's block is streamed through once, start to
// end, which the hardware prefetchers follow. Summing 64 samples of every
// input in registers instead was slower with 100 inputs: 100 interleaved
// streams defeat the prefetchers, 2.5x the time with cold inputs
// (mixer_kernels_bench, BM_Mix and BM_MixCold; docs/bench/mixer.md).
inline constexpr size_t kMixBlockSamples = 1024;

// The fused mix of every SIMD table, built from that table's own kernels.
template <void (*kClear)(int32_t*, size_t),
          void (*kAccumulateGain)(int32_t*, const int16_t*, int32_t, size_t),
          void (*kClamp)(const int32_t*, int16_t*, size_t)>
inline void BlockedMix(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs,
                       size_t n, int32_t* sum, int16_t* mix) {
  CHORUS_DCHECK(num_inputs <= kMaxMixInputs);
  for (size_t i = 0; i < n; i += kMixBlockSamples) {
    const size_t len = n - i < kMixBlockSamples ? n - i : kMixBlockSamples;
    kClear(sum + i, len);
    for (size_t k = 0; k < num_inputs; ++k) {
      kAccumulateGain(sum + i, inputs[k] + i, gains_q15 == nullptr ? kUnityGainQ15 : gains_q15[k],
                      len);
    }
    if (mix != nullptr) kClamp(sum + i, mix + i, len);
  }
}

// The implementations, each null when this build cannot contain it. Whether
// the CPU can run a compiled one is the dispatcher's question.
const MixKernels* ScalarMixKernels();
const MixKernels* Sse2MixKernels();
const MixKernels* Avx2MixKernels();
const MixKernels* NeonMixKernels();

}  // namespace chorus::mixer::internal
