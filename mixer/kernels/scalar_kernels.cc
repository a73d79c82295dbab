// Scalar reference kernels: the definition every SIMD table is tested
// against. mixer/CMakeLists.txt builds this file without auto-vectorisation
// so it stays a plain one-sample-at-a-time baseline for the benchmarks.

#include <cstddef>
#include <cstdint>

#include "mixer/kernels/kernel_math.h"
#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer::internal {
namespace {

void Clear(int32_t* acc, size_t n) {
  for (size_t i = 0; i < n; ++i) acc[i] = 0;
}

void Accumulate(int32_t* acc, const int16_t* in, size_t n) {
  for (size_t i = 0; i < n; ++i) acc[i] += in[i];
}

void AccumulateGain(int32_t* acc, const int16_t* in, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  for (size_t i = 0; i < n; ++i) acc[i] += Contribution(in[i], gain);
}

void Clamp(const int32_t* in, int16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = SaturateInt16(in[i]);
}

void Mix(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs, size_t n,
         int32_t* sum, int16_t* mix) {
  CHORUS_DCHECK(num_inputs <= kMaxMixInputs);
  Clear(sum, n);
  for (size_t k = 0; k < num_inputs; ++k) {
    if (gains_q15 == nullptr) {
      Accumulate(sum, inputs[k], n);
    } else {
      AccumulateGain(sum, inputs[k], gains_q15[k], n);
    }
  }
  if (mix != nullptr) Clamp(sum, mix, n);
}

void MixMinus(const int32_t* total, const int16_t* own, int32_t own_gain_q15, int16_t* out,
              size_t n) {
  const int32_t gain = ClampGainQ15(own_gain_q15);
  for (size_t i = 0; i < n; ++i) out[i] = SaturateInt16(total[i] - Contribution(own[i], gain));
}

void ApplyGain(int16_t* samples, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  for (size_t i = 0; i < n; ++i) samples[i] = SaturateInt16(Contribution(samples[i], gain));
}

FrameLevel Level(const int16_t* samples, size_t n) {
  FrameLevel level;
  AddToLevel(samples, 0, n, level);
  return level;
}

constexpr MixKernels kScalar = {
    .name = "scalar",
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

const MixKernels* ScalarMixKernels() { return &kScalar; }

}  // namespace chorus::mixer::internal
