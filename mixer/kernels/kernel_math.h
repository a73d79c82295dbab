#pragma once

// Sample arithmetic every kernel implementation shares, written once so the
// SIMD tails and the scalar reference cannot drift apart. Internal to
// mixer/kernels/.

#include <cstdint>

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

// The implementations, each null when this build cannot contain it. Whether
// the CPU can run a compiled one is the dispatcher's question.
const MixKernels* ScalarMixKernels();
const MixKernels* Sse2MixKernels();
const MixKernels* Avx2MixKernels();
const MixKernels* NeonMixKernels();

}  // namespace chorus::mixer::internal
