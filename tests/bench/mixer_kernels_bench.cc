// Mixing kernels per implementation (scalar, sse2, avx2, neon: those this
// build and CPU can run) at 48 kHz / 20 ms frames, and the memory bandwidth
// that bounds the large mixes. Figures and commands: docs/bench/mixer.md.
//
//   BM_ReadBandwidth           streaming read-sum over 512 MiB (far beyond
//                              the last-level cache): bytes/s one core pulls
//   BM_Mix/<impl>/N            fused N-input mix, inputs hot in cache
//   BM_MixGain/<impl>/N        the same with non-unity gains
//   BM_MixCold/<impl>/N        inputs cycled through 256 sets, > any LLC
//   BM_MixLayout/<impl>/OFF    100-input mix with the sums OFF bytes past a
//                              page boundary (the others use 1024)
//   Every mix reports bound_ns = input bytes / BM_ReadBandwidth's rate and
//   x_bound = measured time / bound_ns.
//   BM_MixMinus, BM_Clamp, BM_Level, BM_ApplyGain: one 960-sample frame

#include <benchmark/benchmark.h>
#include <emmintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer {
namespace {

constexpr size_t kFrame = 960;  // 20 ms at 48 kHz

using SteadyClock = std::chrono::steady_clock;

// Best rate BM_ReadBandwidth (registered first) measured, in bytes per ns;
// 0 when it was filtered out.
double g_read_bytes_per_ns = 0.0;

std::vector<int16_t> RandomFrames(size_t samples, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-12000, 12000);
  std::vector<int16_t> v(samples);
  for (int16_t& s : v) s = static_cast<int16_t>(dist(rng));
  return v;
}

#if defined(__SSE2__)
// Sums 64 bytes per step into four independent 64-bit lanes pairs, so the
// loop is limited by memory, not by the add chain.
uint64_t ReadSum(const uint64_t* p, size_t words) {
  __m128i a = _mm_setzero_si128(), b = a, c = a, d = a;
  for (size_t i = 0; i + 8 <= words; i += 8) {
    a = _mm_add_epi64(a, _mm_load_si128(reinterpret_cast<const __m128i*>(p + i)));
    b = _mm_add_epi64(b, _mm_load_si128(reinterpret_cast<const __m128i*>(p + i + 2)));
    c = _mm_add_epi64(c, _mm_load_si128(reinterpret_cast<const __m128i*>(p + i + 4)));
    d = _mm_add_epi64(d, _mm_load_si128(reinterpret_cast<const __m128i*>(p + i + 6)));
  }
  alignas(16) uint64_t out[2];
  _mm_store_si128(reinterpret_cast<__m128i*>(out),
                  _mm_add_epi64(_mm_add_epi64(a, b), _mm_add_epi64(c, d)));
  return out[0] + out[1];
}
#else
uint64_t ReadSum(const uint64_t* p, size_t words) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  for (size_t i = 0; i + 4 <= words; i += 4) {
    a += p[i];
    b += p[i + 1];
    c += p[i + 2];
    d += p[i + 3];
  }
  return a + b + c + d;
}
#endif

void BM_ReadBandwidth(benchmark::State& state) {
  const size_t bytes = size_t{512} << 20;
  const size_t words = bytes / sizeof(uint64_t);
  auto buffer = std::make_unique<uint64_t[]>(words);
  for (size_t i = 0; i < words; ++i) buffer[i] = i;  // touch every page
  double total_ns = 0;
  int64_t passes = 0;
  for (auto _ : state) {
    const auto start = SteadyClock::now();
    benchmark::DoNotOptimize(ReadSum(buffer.get(), words));
    total_ns += std::chrono::duration<double, std::nano>(SteadyClock::now() - start).count();
    ++passes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * passes);
  const double bytes_per_ns = static_cast<double>(bytes) * static_cast<double>(passes) / total_ns;
  state.counters["GB_per_s"] = bytes_per_ns;
  // Over repetitions keep the best run: the bound should not be loosened by
  // other load on the machine.
  if (bytes_per_ns > g_read_bytes_per_ns) g_read_bytes_per_ns = bytes_per_ns;
}

// N inputs of one frame each, `sets` copies laid out one after another so
// that cycling through them defeats the caches. Everything lives in one
// page-aligned arena at fixed offsets: the scalar kernels' speed depends on
// where the sums sit relative to the inputs (4 KiB aliasing between their
// loads and stores, BM_MixLayout), so heap placement must not decide it.
struct MixData {
  static constexpr size_t kPage = 4096;
  static constexpr size_t kDefaultSumOffset = 1024;

  MixData(size_t inputs, size_t sets, size_t sum_offset_bytes = kDefaultSumOffset)
      : pointers(inputs * sets), gains(inputs) {
    const size_t frame_bytes = kFrame * sizeof(int16_t);  // 1920, a multiple of 64
    const size_t inputs_bytes = (inputs * sets * frame_bytes + kPage - 1) / kPage * kPage;
    arena.reset(static_cast<char*>(std::aligned_alloc(kPage, inputs_bytes + 4 * kPage)));
    const std::vector<int16_t> samples = RandomFrames(inputs * sets * kFrame, 42);
    std::memcpy(arena.get(), samples.data(), samples.size() * sizeof(int16_t));
    for (size_t i = 0; i < pointers.size(); ++i) {
      pointers[i] = reinterpret_cast<const int16_t*>(arena.get() + i * frame_bytes);
    }
    sum = reinterpret_cast<int32_t*>(arena.get() + inputs_bytes + sum_offset_bytes);
    mix = reinterpret_cast<int16_t*>(arena.get() + inputs_bytes + 2 * kPage + sum_offset_bytes);
    for (size_t k = 0; k < inputs; ++k) gains[k] = 8000 + static_cast<int32_t>(k * 997 % 60000);
  }

  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> arena;
  std::vector<const int16_t*> pointers;
  std::vector<int32_t> gains;
  int32_t* sum = nullptr;
  int16_t* mix = nullptr;
};

// `elapsed` covers the whole timing loop.
void SetMixCounters(benchmark::State& state, size_t inputs, SteadyClock::duration elapsed) {
  const double bytes_per_mix = static_cast<double>(inputs * kFrame * sizeof(int16_t));
  const auto iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes_per_mix) * state.iterations());
  const double ns_per_mix = std::chrono::duration<double, std::nano>(elapsed).count() / iterations;
  state.counters["ns_per_input"] = ns_per_mix / static_cast<double>(inputs);
  if (g_read_bytes_per_ns > 0) {
    const double bound_ns = bytes_per_mix / g_read_bytes_per_ns;
    state.counters["bound_ns"] = bound_ns;
    state.counters["x_bound"] = ns_per_mix / bound_ns;
  }
}

void BM_Mix(benchmark::State& state, const MixKernels* k, bool with_gain) {
  const auto inputs = static_cast<size_t>(state.range(0));
  MixData d(inputs, 1);
  const int32_t* gains = with_gain ? d.gains.data() : nullptr;
  const auto start = SteadyClock::now();
  for (auto _ : state) {
    k->mix(d.pointers.data(), gains, inputs, kFrame, d.sum, d.mix);
    benchmark::ClobberMemory();
  }
  SetMixCounters(state, inputs, SteadyClock::now() - start);
}

void BM_MixCold(benchmark::State& state, const MixKernels* k) {
  const auto inputs = static_cast<size_t>(state.range(0));
  // 256 sets of 100 inputs are 48 MiB, beyond the last-level cache.
  const size_t sets = 256 * 100 / inputs;
  MixData d(inputs, sets);
  size_t set = 0;
  const auto start = SteadyClock::now();
  for (auto _ : state) {
    k->mix(d.pointers.data() + set * inputs, nullptr, inputs, kFrame, d.sum, d.mix);
    benchmark::ClobberMemory();
    set = set + 1 == sets ? 0 : set + 1;
  }
  SetMixCounters(state, inputs, SteadyClock::now() - start);
}

void BM_MixLayout(benchmark::State& state, const MixKernels* k) {
  constexpr size_t kInputs = 100;
  MixData d(kInputs, 1, static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    k->mix(d.pointers.data(), nullptr, kInputs, kFrame, d.sum, d.mix);
    benchmark::ClobberMemory();
  }
}

void BM_MixMinus(benchmark::State& state, const MixKernels* k) {
  MixData d(10, 1);
  k->mix(d.pointers.data(), d.gains.data(), 10, kFrame, d.sum, nullptr);
  const auto gain = static_cast<int32_t>(state.range(0));
  for (auto _ : state) {
    k->mix_minus(d.sum, d.pointers[3], gain, d.mix, kFrame);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(kFrame) * state.iterations());
}

void BM_Clamp(benchmark::State& state, const MixKernels* k) {
  MixData d(10, 1);
  k->mix(d.pointers.data(), nullptr, 10, kFrame, d.sum, nullptr);
  for (auto _ : state) {
    k->clamp(d.sum, d.mix, kFrame);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(kFrame) * state.iterations());
}

void BM_Level(benchmark::State& state, const MixKernels* k) {
  const std::vector<int16_t> frame = RandomFrames(kFrame, 7);
  for (auto _ : state) benchmark::DoNotOptimize(k->level(frame.data(), kFrame));
  state.SetItemsProcessed(static_cast<int64_t>(kFrame) * state.iterations());
}

void BM_ApplyGain(benchmark::State& state, const MixKernels* k) {
  std::vector<int16_t> frame = RandomFrames(kFrame, 9);
  for (auto _ : state) {
    // Alternating gains keep the samples from running into the rails.
    k->apply_gain(frame.data(), 2 * kUnityGainQ15, kFrame);
    k->apply_gain(frame.data(), kUnityGainQ15 / 2, kFrame);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(2 * static_cast<int64_t>(kFrame) * state.iterations());
}

// With --benchmark_repetitions, also report the fastest run: on a shared
// machine the minimum is the figure least disturbed by other load.
benchmark::internal::Benchmark* WithMin(benchmark::internal::Benchmark* b) {
  return b->ComputeStatistics(
      "min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
}

void RegisterAll() {
  WithMin(benchmark::RegisterBenchmark("BM_ReadBandwidth", BM_ReadBandwidth))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(1.0);
  for (const char* name : {"scalar", "sse2", "avx2", "neon"}) {
    Result<const MixKernels*> found = MixKernelsByName(name);
    if (!found) continue;
    const MixKernels* k = *found;
    const std::string impl(name);
    for (const int64_t n : {2, 10, 100}) {
      WithMin(benchmark::RegisterBenchmark(("BM_Mix/" + impl).c_str(), BM_Mix, k, false))
          ->Arg(n)
          ->Unit(benchmark::kMicrosecond);
      WithMin(benchmark::RegisterBenchmark(("BM_MixGain/" + impl).c_str(), BM_Mix, k, true))
          ->Arg(n)
          ->Unit(benchmark::kMicrosecond);
    }
    WithMin(benchmark::RegisterBenchmark(("BM_MixCold/" + impl).c_str(), BM_MixCold, k))
        ->Arg(100)
        ->Unit(benchmark::kMicrosecond);
    WithMin(benchmark::RegisterBenchmark(("BM_MixLayout/" + impl).c_str(), BM_MixLayout, k))
        ->DenseRange(0, 3584, 512)
        ->Unit(benchmark::kMicrosecond);
    WithMin(benchmark::RegisterBenchmark(("BM_MixMinus/" + impl).c_str(), BM_MixMinus, k))
        ->Arg(kUnityGainQ15)
        ->Arg(20000);
    WithMin(benchmark::RegisterBenchmark(("BM_Clamp/" + impl).c_str(), BM_Clamp, k));
    WithMin(benchmark::RegisterBenchmark(("BM_Level/" + impl).c_str(), BM_Level, k));
    WithMin(benchmark::RegisterBenchmark(("BM_ApplyGain/" + impl).c_str(), BM_ApplyGain, k));
  }
}

const bool kRegistered = (RegisterAll(), true);

}  // namespace
}  // namespace chorus::mixer
