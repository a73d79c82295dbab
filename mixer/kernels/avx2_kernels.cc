// AVX2 kernels. Every function carries a target("avx2") attribute instead of
// the file being built with -mavx2, so nothing else in this translation unit
// (inline functions from headers above all) can leak AVX2 instructions into
// code that runs on CPUs without it. The dispatcher only hands this table out
// after __builtin_cpu_supports("avx2").

#include "mixer/kernels/kernel_math.h"
#include "mixer/kernels/mix_kernels.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#define CHORUS_AVX2 __attribute__((target("avx2")))

namespace chorus::mixer::internal {
namespace {

// See sse2_kernels.cc: with x holding the int16 pairs (s, 1),
// madd(x, frac) = s * (g & 0x7fff) + 2^14 and madd(x, whole) = s * (g >> 15).
struct GainVec {
  __m256i frac;
  __m256i whole;
};

CHORUS_AVX2 inline GainVec MakeGainVec(int32_t gain) {
  const int32_t frac = gain & 0x7fff;
  const int32_t whole = gain >> 15;
  return {_mm256_set1_epi32(static_cast<int32_t>((1u << 30) | static_cast<uint32_t>(frac))),
          _mm256_set1_epi32(whole)};
}

CHORUS_AVX2 inline __m128i Load128(const void* p) {
  return _mm_loadu_si128(static_cast<const __m128i*>(p));
}
CHORUS_AVX2 inline __m256i Load(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
CHORUS_AVX2 inline void Store(void* p, __m256i v) {
  _mm256_storeu_si256(static_cast<__m256i*>(p), v);
}

// 8 samples sign-extended to int32, in order.
CHORUS_AVX2 inline __m256i Widen8(const int16_t* p) { return _mm256_cvtepi16_epi32(Load128(p)); }

// Contributions of 8 samples, in order. Zero-extending each sample into its
// 32-bit lane and setting the upper half to 1 builds the (s, 1) pairs without
// the in-lane shuffles of unpack.
CHORUS_AVX2 inline __m256i Contribution8(const int16_t* p, const GainVec& g) {
  const __m256i pairs =
      _mm256_or_si256(_mm256_cvtepu16_epi32(Load128(p)), _mm256_set1_epi32(1 << 16));
  const __m256i frac = _mm256_srai_epi32(_mm256_madd_epi16(pairs, g.frac), 15);
  return _mm256_add_epi32(frac, _mm256_madd_epi16(pairs, g.whole));
}

// Saturates 16 int32 (a then b) to int16, in order: packs works within each
// 128-bit lane, the permute puts the four 64-bit quarters back in sequence.
CHORUS_AVX2 inline __m256i Pack16(__m256i a, __m256i b) {
  return _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xd8);
}

CHORUS_AVX2 void Clear(int32_t* acc, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) Store(acc + i, _mm256_setzero_si256());
  for (; i < n; ++i) acc[i] = 0;
}

CHORUS_AVX2 void Accumulate(int32_t* acc, const int16_t* in, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) Store(acc + i, _mm256_add_epi32(Load(acc + i), Widen8(in + i)));
  for (; i < n; ++i) acc[i] += in[i];
}

CHORUS_AVX2 void AccumulateGain(int32_t* acc, const int16_t* in, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return Accumulate(acc, in, n);
  if (gain == 0) return;
  const GainVec g = MakeGainVec(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    Store(acc + i, _mm256_add_epi32(Load(acc + i), Contribution8(in + i, g)));
  }
  for (; i < n; ++i) acc[i] += Contribution(in[i], gain);
}

CHORUS_AVX2 void Clamp(const int32_t* in, int16_t* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) Store(out + i, Pack16(Load(in + i), Load(in + i + 8)));
  for (; i < n; ++i) out[i] = SaturateInt16(in[i]);
}

CHORUS_AVX2 void Mix(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs,
                     size_t n, int32_t* sum, int16_t* mix) {
  BlockedMix<Clear, AccumulateGain, Clamp>(inputs, gains_q15, num_inputs, n, sum, mix);
}

CHORUS_AVX2 void MixMinus(const int32_t* total, const int16_t* own, int32_t own_gain_q15,
                          int16_t* out, size_t n) {
  const int32_t gain = ClampGainQ15(own_gain_q15);
  size_t i = 0;
  if (gain == kUnityGainQ15) {
    for (; i + 16 <= n; i += 16) {
      const __m256i lo = _mm256_sub_epi32(Load(total + i), Widen8(own + i));
      const __m256i hi = _mm256_sub_epi32(Load(total + i + 8), Widen8(own + i + 8));
      Store(out + i, Pack16(lo, hi));
    }
  } else {
    const GainVec g = MakeGainVec(gain);
    for (; i + 16 <= n; i += 16) {
      const __m256i lo = _mm256_sub_epi32(Load(total + i), Contribution8(own + i, g));
      const __m256i hi = _mm256_sub_epi32(Load(total + i + 8), Contribution8(own + i + 8, g));
      Store(out + i, Pack16(lo, hi));
    }
  }
  for (; i < n; ++i) out[i] = SaturateInt16(total[i] - Contribution(own[i], gain));
}

CHORUS_AVX2 void ApplyGain(int16_t* samples, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return;
  const GainVec g = MakeGainVec(gain);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i lo = Contribution8(samples + i, g);
    const __m256i hi = Contribution8(samples + i + 8, g);
    Store(samples + i, Pack16(lo, hi));
  }
  for (; i < n; ++i) samples[i] = SaturateInt16(Contribution(samples[i], gain));
}

CHORUS_AVX2 FrameLevel Level(const int16_t* samples, size_t n) {
  // As in sse2_kernels.cc: a madd lane reaches 2^31, so widen before summing.
  const __m256i low32 = _mm256_set1_epi64x(0xffffffff);
  __m256i sum64 = _mm256_setzero_si256();
  __m256i max16 = _mm256_setzero_si256();
  __m256i min16 = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i s = Load(samples + i);
    const __m256i sq = _mm256_madd_epi16(s, s);
    sum64 = _mm256_add_epi64(sum64, _mm256_and_si256(sq, low32));
    sum64 = _mm256_add_epi64(sum64, _mm256_srli_epi64(sq, 32));
    max16 = _mm256_max_epi16(max16, s);
    min16 = _mm256_min_epi16(min16, s);
  }
  alignas(32) int64_t sums[4];
  alignas(32) int16_t maxs[16];
  alignas(32) int16_t mins[16];
  _mm256_store_si256(reinterpret_cast<__m256i*>(sums), sum64);
  _mm256_store_si256(reinterpret_cast<__m256i*>(maxs), max16);
  _mm256_store_si256(reinterpret_cast<__m256i*>(mins), min16);
  FrameLevel level;
  level.sum_squares = sums[0] + sums[1] + sums[2] + sums[3];
  for (int j = 0; j < 16; ++j) {
    if (maxs[j] > level.peak) level.peak = maxs[j];
    if (-static_cast<int32_t>(mins[j]) > level.peak) level.peak = -static_cast<int32_t>(mins[j]);
  }
  AddToLevel(samples, i, n, level);
  return level;
}

constexpr MixKernels kAvx2 = {
    .name = "avx2",
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

const MixKernels* Avx2MixKernels() { return &kAvx2; }

}  // namespace chorus::mixer::internal

#else  // not x86

namespace chorus::mixer::internal {
const MixKernels* Avx2MixKernels() { return nullptr; }
}  // namespace chorus::mixer::internal

#endif
