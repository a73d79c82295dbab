// NEON kernels, built only for AArch64 (where NEON is baseline). Bit-exact
// with scalar_kernels.cc: vmull gives the exact 32-bit products and
// vrshr(x, 15) is exactly (x + 2^14) >> 15.

#include "mixer/kernels/kernel_math.h"
#include "mixer/kernels/mix_kernels.h"

#if defined(__aarch64__)

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

namespace chorus::mixer::internal {
namespace {

// Gain split as in kernel_math.h: s * whole + ((s * frac + 2^14) >> 15).
struct GainParts {
  int16_t frac;
  int16_t whole;
};

inline GainParts SplitGain(int32_t gain) {
  return {static_cast<int16_t>(gain & 0x7fff), static_cast<int16_t>(gain >> 15)};
}

inline int32x4_t Contribution4(int16x4_t s, GainParts g) {
  return vmlal_n_s16(vrshrq_n_s32(vmull_n_s16(s, g.frac), 15), s, g.whole);
}

inline int16x8_t Pack8(int32x4_t lo, int32x4_t hi) {
  return vcombine_s16(vqmovn_s32(lo), vqmovn_s32(hi));
}

void Clear(int32_t* acc, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_s32(acc + i, vdupq_n_s32(0));
  for (; i < n; ++i) acc[i] = 0;
}

void Accumulate(int32_t* acc, const int16_t* in, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t s = vld1q_s16(in + i);
    vst1q_s32(acc + i, vaddw_s16(vld1q_s32(acc + i), vget_low_s16(s)));
    vst1q_s32(acc + i + 4, vaddw_high_s16(vld1q_s32(acc + i + 4), s));
  }
  for (; i < n; ++i) acc[i] += in[i];
}

void AccumulateGain(int32_t* acc, const int16_t* in, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return Accumulate(acc, in, n);
  if (gain == 0) return;
  const GainParts g = SplitGain(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t s = vld1q_s16(in + i);
    vst1q_s32(acc + i, vaddq_s32(vld1q_s32(acc + i), Contribution4(vget_low_s16(s), g)));
    vst1q_s32(acc + i + 4, vaddq_s32(vld1q_s32(acc + i + 4), Contribution4(vget_high_s16(s), g)));
  }
  for (; i < n; ++i) acc[i] += Contribution(in[i], gain);
}

void Clamp(const int32_t* in, int16_t* out, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) vst1q_s16(out + i, Pack8(vld1q_s32(in + i), vld1q_s32(in + i + 4)));
  for (; i < n; ++i) out[i] = SaturateInt16(in[i]);
}

void Mix(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs, size_t n,
         int32_t* sum, int16_t* mix) {
  BlockedMix<Clear, AccumulateGain, Clamp>(inputs, gains_q15, num_inputs, n, sum, mix);
}

void MixMinus(const int32_t* total, const int16_t* own, int32_t own_gain_q15, int16_t* out,
              size_t n) {
  const int32_t gain = ClampGainQ15(own_gain_q15);
  const GainParts g = SplitGain(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t s = vld1q_s16(own + i);
    const int32x4_t lo = vsubq_s32(vld1q_s32(total + i), Contribution4(vget_low_s16(s), g));
    const int32x4_t hi = vsubq_s32(vld1q_s32(total + i + 4), Contribution4(vget_high_s16(s), g));
    vst1q_s16(out + i, Pack8(lo, hi));
  }
  for (; i < n; ++i) out[i] = SaturateInt16(total[i] - Contribution(own[i], gain));
}

void ApplyGain(int16_t* samples, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return;
  const GainParts g = SplitGain(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t s = vld1q_s16(samples + i);
    vst1q_s16(samples + i,
              Pack8(Contribution4(vget_low_s16(s), g), Contribution4(vget_high_s16(s), g)));
  }
  for (; i < n; ++i) samples[i] = SaturateInt16(Contribution(samples[i], gain));
}

FrameLevel Level(const int16_t* samples, size_t n) {
  int64x2_t sum64 = vdupq_n_s64(0);
  int16x8_t max16 = vdupq_n_s16(0);
  int16x8_t min16 = vdupq_n_s16(0);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int16x8_t s = vld1q_s16(samples + i);
    // Each square is at most 2^30, so the pairwise widening add is exact.
    sum64 = vpadalq_s32(sum64, vmull_s16(vget_low_s16(s), vget_low_s16(s)));
    sum64 = vpadalq_s32(sum64, vmull_high_s16(s, s));
    max16 = vmaxq_s16(max16, s);
    min16 = vminq_s16(min16, s);
  }
  FrameLevel level;
  level.sum_squares = vaddvq_s64(sum64);
  level.peak = vmaxvq_s16(max16);
  const int32_t neg_peak = -static_cast<int32_t>(vminvq_s16(min16));
  if (neg_peak > level.peak) level.peak = neg_peak;
  AddToLevel(samples, i, n, level);
  return level;
}

constexpr MixKernels kNeon = {
    .name = "neon",
    .clear = Clear,
    .accumulate = Accumulate,
    .accumulate_gain = AccumulateGain,
    .mix = Mix,
    .clamp = Clamp,
    .mix_minus = MixMinus,
    .apply_gain = ApplyGain,
    .level = Level,
};

}  // namespace

const MixKernels* NeonMixKernels() { return &kNeon; }

}  // namespace chorus::mixer::internal

#else  // !__aarch64__

namespace chorus::mixer::internal {
const MixKernels* NeonMixKernels() { return nullptr; }
}  // namespace chorus::mixer::internal

#endif
