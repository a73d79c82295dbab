// Differential fuzz target: every mixing-kernel table this build and CPU can
// run must give the scalar reference's bits for any samples, gains, input
// count and length. The input is read as
//   byte 0      number of inputs - 1 (mod 24)
//   bytes 1-2   frame length, little endian (mod 1100)
//   byte 3      misalignment of the buffers in elements (mod 8)
//   then 4 bytes of Q15 gain per input (may be out of range: kernels clamp)
//   then samples, repeated cyclically to fill every input
// Also checks the mix-minus property on the reference. Traps on the first
// difference.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mixer/kernels/mix_kernels.h"

namespace {

using chorus::mixer::FrameLevel;
using chorus::mixer::MixKernels;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

template <typename T>
bool Same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

struct Tables {
  const MixKernels* scalar = nullptr;
  std::vector<const MixKernels*> simd;
};

const Tables& GetTables() {
  static const Tables tables = [] {
    Tables t;
    t.scalar = *chorus::mixer::MixKernelsByName("scalar");
    for (const char* name : {"sse2", "avx2", "neon"}) {
      auto k = chorus::mixer::MixKernelsByName(name);
      if (k.has_value()) t.simd.push_back(*k);
    }
    return t;
  }();
  return tables;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const size_t num_inputs = (data[0] % 24) + 1;
  const size_t n = (static_cast<size_t>(data[1]) | static_cast<size_t>(data[2]) << 8) % 1100;
  const size_t mis = data[3] % 8;
  size_t pos = 4;

  std::vector<int32_t> gains(num_inputs, chorus::mixer::kUnityGainQ15);
  for (size_t k = 0; k < num_inputs && pos + 4 <= size; ++k, pos += 4) {
    uint32_t g;
    std::memcpy(&g, data + pos, 4);
    gains[k] = static_cast<int32_t>(g);
  }
  const uint8_t* samples = data + pos;
  const size_t sample_bytes = size - pos;

  // Each input gets its own allocation, offset by `mis` elements, so the
  // sanitizers see any read past its end.
  std::vector<std::vector<int16_t>> inputs(num_inputs, std::vector<int16_t>(n + mis));
  std::vector<const int16_t*> pointers(num_inputs);
  size_t cursor = 0;
  for (size_t k = 0; k < num_inputs; ++k) {
    for (size_t i = 0; i < n; ++i) {
      int16_t s = 0;
      if (sample_bytes >= 2) {
        const size_t at = (cursor % (sample_bytes / 2)) * 2;
        s = static_cast<int16_t>(samples[at] | samples[at + 1] << 8);
        ++cursor;
      }
      inputs[k][mis + i] = s;
    }
    pointers[k] = inputs[k].data() + mis;
  }

  const Tables& tables = GetTables();
  const MixKernels& ref = *tables.scalar;
  std::vector<int32_t> sum_ref(n), total(n);
  std::vector<int16_t> mix_ref(n);
  ref.mix(pointers.data(), gains.data(), num_inputs, n, sum_ref.data(), mix_ref.data());
  total = sum_ref;

  // The mix-minus property on the reference: what input j hears is the
  // clamped mix of the others (small rooms only, it is quadratic).
  if (num_inputs <= 8) {
    for (size_t j = 0; j < num_inputs; ++j) {
      std::vector<const int16_t*> others;
      std::vector<int32_t> other_gains;
      for (size_t k = 0; k < num_inputs; ++k) {
        if (k == j) continue;
        others.push_back(pointers[k]);
        other_gains.push_back(gains[k]);
      }
      std::vector<int32_t> others_sum(n);
      std::vector<int16_t> expected(n), heard(n);
      ref.mix(others.data(), other_gains.data(), others.size(), n, others_sum.data(),
              expected.data());
      ref.mix_minus(total.data(), pointers[j], gains[j], heard.data(), n);
      Check(Same(heard, expected));
    }
  }

  for (const MixKernels* k : tables.simd) {
    std::vector<int32_t> sum(n);
    std::vector<int16_t> mix(n);
    k->mix(pointers.data(), gains.data(), num_inputs, n, sum.data(), mix.data());
    Check(Same(sum, sum_ref) && Same(mix, mix_ref));
    k->mix(pointers.data(), nullptr, num_inputs, n, sum.data(), nullptr);
    std::vector<int32_t> unity_ref(n);
    ref.mix(pointers.data(), nullptr, num_inputs, n, unity_ref.data(), nullptr);
    Check(Same(sum, unity_ref));

    for (size_t j = 0; j < num_inputs; ++j) {
      std::vector<int16_t> out_ref(n), out(n);
      ref.mix_minus(total.data(), pointers[j], gains[j], out_ref.data(), n);
      k->mix_minus(total.data(), pointers[j], gains[j], out.data(), n);
      Check(Same(out, out_ref));

      std::vector<int32_t> acc_ref = sum_ref, acc = sum_ref;
      ref.accumulate_gain(acc_ref.data(), pointers[j], gains[j], n);
      k->accumulate_gain(acc.data(), pointers[j], gains[j], n);
      Check(Same(acc, acc_ref));

      std::vector<int16_t> scaled_ref(pointers[j], pointers[j] + n), scaled = scaled_ref;
      ref.apply_gain(scaled_ref.data(), gains[j], n);
      k->apply_gain(scaled.data(), gains[j], n);
      Check(Same(scaled, scaled_ref));

      const FrameLevel l_ref = ref.level(pointers[j], n);
      const FrameLevel l = k->level(pointers[j], n);
      Check(l.sum_squares == l_ref.sum_squares && l.peak == l_ref.peak);
    }
    std::vector<int16_t> clamped_ref(n), clamped(n);
    ref.clamp(sum_ref.data(), clamped_ref.data(), n);
    k->clamp(sum_ref.data(), clamped.data(), n);
    Check(Same(clamped, clamped_ref));
  }
  return 0;
}
