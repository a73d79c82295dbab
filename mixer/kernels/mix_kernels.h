#pragma once

// Mixing kernels: int16 audio frames summed in int32 and clamped back to int16
// with saturation. One table of function pointers per implementation (scalar
// reference, SSE2, AVX2, NEON); every implementation gives the same bits as
// the scalar reference for every input (tests/unit/mixer/kernels/).
//
// Which table is active is decided once at start-up: `SelectMixKernels` runs
// on the main thread before media workers start (STYLE.md §5: the only
// mutable global a library keeps). After that any thread may call
// `ActiveMixKernels()` and use the table; the kernels themselves are pure
// functions of their arguments and never allocate, lock, throw or log.
//
// Gains are Q15 fixed point held in an int32: 32768 is unity, the range is
// 0 .. kMaxGainQ15 (4.0, +12 dB); kernels clamp a gain into that range. A
// sample s with gain g contributes exactly
//     floor((s * g + 16384) / 32768)          (round half up)
// which is computed without overflow by every implementation, so a
// participant's own contribution can be subtracted from a total bit-exactly.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "media/base/result.h"

namespace chorus::mixer {

inline constexpr int32_t kUnityGainQ15 = 32768;
inline constexpr int32_t kMaxGainQ15 = 4 * kUnityGainQ15;

// Inputs one int32 accumulator holds without overflow when every input is
// full scale at the maximum gain: 16383 * 32768 * 4 < 2^31.
inline constexpr size_t kMaxMixInputs = 16383;

// Energy and peak of an int16 frame. `peak` is the largest |sample|, so it
// reaches 32768 for a -32768 sample. Convert with mixer/kernels/audio_level.h.
struct FrameLevel {
  int64_t sum_squares = 0;
  int32_t peak = 0;
};

// Function table of one implementation. All lengths are in samples; pointers
// need no particular alignment; `n` may be 0. Input and output buffers must
// not overlap unless a function says otherwise.
struct MixKernels {
  const char* name;

  // acc[i] = 0.
  void (*clear)(int32_t* acc, size_t n);

  // acc[i] += in[i].
  void (*accumulate)(int32_t* acc, const int16_t* in, size_t n);

  // acc[i] += Contribution(in[i], gain_q15).
  void (*accumulate_gain)(int32_t* acc, const int16_t* in, int32_t gain_q15, size_t n);

  // Fused N-input mix in one pass over the inputs:
  //   sum[i] = sum over k of Contribution(inputs[k][i], gains_q15[k])
  //   mix[i] = saturate_int16(sum[i])          (skipped when mix is null)
  // `gains_q15` may be null, meaning unity for every input. Works through the
  // frame in blocks of 1024 samples whose partial sums stay in L1 while each
  // input is read exactly once, and clamps a block while it is still there.
  // num_inputs <= kMaxMixInputs; 0 inputs give silence.
  void (*mix)(const int16_t* const* inputs, const int32_t* gains_q15, size_t num_inputs, size_t n,
              int32_t* sum, int16_t* mix);

  // out[i] = saturate_int16(in[i]).
  void (*clamp)(const int32_t* in, int16_t* out, size_t n);

  // What one participant hears: everything but itself.
  //   out[i] = saturate_int16(total[i] - Contribution(own[i], own_gain_q15))
  // With the gain used when `total` was summed, this equals the clamped sum
  // of the other inputs, bit for bit.
  void (*mix_minus)(const int32_t* total, const int16_t* own, int32_t own_gain_q15, int16_t* out,
                    size_t n);

  // samples[i] = saturate_int16(Contribution(samples[i], gain_q15)), in place.
  void (*apply_gain)(int16_t* samples, int32_t gain_q15, size_t n);

  // Sum of squares and peak |sample| of a frame.
  FrameLevel (*level)(const int16_t* samples, size_t n);
};

// The table chosen at start-up (by `SelectMixKernels`, or the best one the
// CPU supports when nothing was selected).
const MixKernels& ActiveMixKernels();

// Name of the active table ("scalar", "sse2", "avx2", "neon"), for logs and
// metrics.
const char* ActiveMixKernelName();

// Makes `name` the active table: "scalar", "sse2", "avx2", "neon", or "auto"
// (the fastest the CPU supports). Errors: kInvalidArgument for an unknown
// name, kUnsupported when this build or CPU cannot run it. Call once at
// start-up, before any thread uses the kernels.
Result<void> SelectMixKernels(std::string_view name);

// A specific table without activating it (tests, benchmarks); same errors as
// `SelectMixKernels`. "auto" resolves to the best supported table.
Result<const MixKernels*> MixKernelsByName(std::string_view name);

// Names of the tables this build and CPU can run, slowest first
// ("scalar" first, then e.g. "sse2", "avx2").
std::string AvailableMixKernelNames();

// The value of the CHORUS_MIXER_KERNEL environment variable, or nullopt when
// unset or empty. The library never calls this itself; the application reads
// it at start-up and passes the name to `SelectMixKernels`.
std::optional<std::string> KernelNameFromEnvironment();

}  // namespace chorus::mixer
