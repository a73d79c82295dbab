// SSE2 kernels (baseline x86-64, so no run-time check beyond the build).
// Bit-exact with scalar_kernels.cc: the vector bodies compute the same exact
// integer formulas and the tails call the shared scalar helpers.

#include "mixer/kernels/kernel_math.h"
#include "mixer/kernels/mix_kernels.h"

#if defined(__SSE2__)

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>

namespace chorus::mixer::internal {
namespace {

// Gain split for the vector formula of kernel_math.h: with x holding the
// int16 pairs (s, 1), madd(x, frac) = s * (g & 0x7fff) + 2^14 and
// madd(x, whole) = s * (g >> 15); every product fits its int32 lane.
struct GainVec {
  __m128i frac;
  __m128i whole;
};

inline GainVec MakeGainVec(int32_t gain) {
  const int32_t frac = gain & 0x7fff;
  const int32_t whole = gain >> 15;
  return {_mm_set1_epi32(static_cast<int32_t>((1u << 30) | static_cast<uint32_t>(frac))),
          _mm_set1_epi32(whole)};
}

inline __m128i ContributionPairs(__m128i pairs, const GainVec& g) {
  const __m128i frac = _mm_srai_epi32(_mm_madd_epi16(pairs, g.frac), 15);
  return _mm_add_epi32(frac, _mm_madd_epi16(pairs, g.whole));
}

// Contributions of 8 samples, as two vectors of 4 int32 in sample order.
inline void Contribution8(__m128i s, const GainVec& g, __m128i* lo, __m128i* hi) {
  const __m128i ones = _mm_set1_epi16(1);
  *lo = ContributionPairs(_mm_unpacklo_epi16(s, ones), g);
  *hi = ContributionPairs(_mm_unpackhi_epi16(s, ones), g);
}

inline __m128i WidenLo(__m128i s) { return _mm_srai_epi32(_mm_unpacklo_epi16(s, s), 16); }
inline __m128i WidenHi(__m128i s) { return _mm_srai_epi32(_mm_unpackhi_epi16(s, s), 16); }

inline __m128i Load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
inline void Store(void* p, __m128i v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }

void Clear(int32_t* acc, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) Store(acc + i, _mm_setzero_si128());
  for (; i < n; ++i) acc[i] = 0;
}

void Accumulate(int32_t* acc, const int16_t* in, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i s = Load(in + i);
    Store(acc + i, _mm_add_epi32(Load(acc + i), WidenLo(s)));
    Store(acc + i + 4, _mm_add_epi32(Load(acc + i + 4), WidenHi(s)));
  }
  for (; i < n; ++i) acc[i] += in[i];
}

void AccumulateGain(int32_t* acc, const int16_t* in, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return Accumulate(acc, in, n);
  if (gain == 0) return;
  const GainVec g = MakeGainVec(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m128i lo, hi;
    Contribution8(Load(in + i), g, &lo, &hi);
    Store(acc + i, _mm_add_epi32(Load(acc + i), lo));
    Store(acc + i + 4, _mm_add_epi32(Load(acc + i + 4), hi));
  }
  for (; i < n; ++i) acc[i] += Contribution(in[i], gain);
}

void Clamp(const int32_t* in, int16_t* out, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) Store(out + i, _mm_packs_epi32(Load(in + i), Load(in + i + 4)));
  for (; i < n; ++i) out[i] = SaturateInt16(in[i]);
}

void Mix(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs, size_t n,
         int32_t* sum, int16_t* mix) {
  BlockedMix<Clear, AccumulateGain, Clamp>(inputs, gains_q15, num_inputs, n, sum, mix);
}

void MixMinus(const int32_t* total, const int16_t* own, int32_t own_gain_q15, int16_t* out,
              size_t n) {
  const int32_t gain = ClampGainQ15(own_gain_q15);
  const GainVec g = MakeGainVec(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i s = Load(own + i);
    __m128i lo, hi;
    if (gain == kUnityGainQ15) {
      lo = WidenLo(s);
      hi = WidenHi(s);
    } else {
      Contribution8(s, g, &lo, &hi);
    }
    lo = _mm_sub_epi32(Load(total + i), lo);
    hi = _mm_sub_epi32(Load(total + i + 4), hi);
    Store(out + i, _mm_packs_epi32(lo, hi));
  }
  for (; i < n; ++i) out[i] = SaturateInt16(total[i] - Contribution(own[i], gain));
}

void ApplyGain(int16_t* samples, int32_t gain_q15, size_t n) {
  const int32_t gain = ClampGainQ15(gain_q15);
  if (gain == kUnityGainQ15) return;
  const GainVec g = MakeGainVec(gain);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m128i lo, hi;
    Contribution8(Load(samples + i), g, &lo, &hi);
    Store(samples + i, _mm_packs_epi32(lo, hi));
  }
  for (; i < n; ++i) samples[i] = SaturateInt16(Contribution(samples[i], gain));
}

FrameLevel Level(const int16_t* samples, size_t n) {
  // madd(s, s) sums two squares per lane: at most 2^31, which fits the lane
  // only as unsigned, so each lane is widened to 64 bits before summing.
  const __m128i low32 = _mm_set1_epi64x(0xffffffff);
  __m128i sum64 = _mm_setzero_si128();
  __m128i max16 = _mm_setzero_si128();
  __m128i min16 = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i s = Load(samples + i);
    const __m128i sq = _mm_madd_epi16(s, s);
    sum64 = _mm_add_epi64(sum64, _mm_and_si128(sq, low32));
    sum64 = _mm_add_epi64(sum64, _mm_srli_epi64(sq, 32));
    max16 = _mm_max_epi16(max16, s);
    min16 = _mm_min_epi16(min16, s);
  }
  alignas(16) int64_t sums[2];
  alignas(16) int16_t maxs[8];
  alignas(16) int16_t mins[8];
  _mm_store_si128(reinterpret_cast<__m128i*>(sums), sum64);
  _mm_store_si128(reinterpret_cast<__m128i*>(maxs), max16);
  _mm_store_si128(reinterpret_cast<__m128i*>(mins), min16);
  FrameLevel level;
  level.sum_squares = sums[0] + sums[1];
  for (int j = 0; j < 8; ++j) {
    if (maxs[j] > level.peak) level.peak = maxs[j];
    if (-static_cast<int32_t>(mins[j]) > level.peak) level.peak = -static_cast<int32_t>(mins[j]);
  }
  AddToLevel(samples, i, n, level);
  return level;
}

constexpr MixKernels kSse2 = {
    .name = "sse2",
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

const MixKernels* Sse2MixKernels() { return &kSse2; }

}  // namespace chorus::mixer::internal

#else  // !__SSE2__

namespace chorus::mixer::internal {
const MixKernels* Sse2MixKernels() { return nullptr; }
}  // namespace chorus::mixer::internal

#endif
