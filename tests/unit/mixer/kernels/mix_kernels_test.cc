// Scenarios: kernel selection, and every SIMD table (sse2, avx2, neon: each
// runs where the build and CPU have it, and is skipped elsewhere) bit-exact
// against the scalar reference (STYLE.md §7).
// - Selection: names resolve, "auto" picks an available table, unknown names
//   are kInvalidArgument, tables the build or CPU lacks are kUnsupported;
//   SelectMixKernels changes ActiveMixKernels; CHORUS_MIXER_KERNEL is read
//   only through KernelNameFromEnvironment.
// - Bit-exact per kernel function, over lengths 0..1025 around every vector
//   and block width (0, 1, 3, 7, 15, 17, 31, 33, 159, 161, 959, 960, 961 ...),
//   pointers misaligned by 0, 1 and 3 elements, signals random / quiet /
//   all +32767 / all -32768 / alternating extremes, and gains 0, unity,
//   1 LSB around unity, near and at 4.0, and out of range (clamped). The
//   whole buffer including guard elements around the frame is compared, so
//   a kernel that writes outside [0, n) fails too.
// - Fused mix for every N from 1 to 128 at 960 samples, with null, random
//   and maximum gains, with and without the int16 mix; many full-scale
//   inputs at gain 4.0 saturate identically.
// - Mix-minus property: each participant's output equals the clamped sum of
//   the other inputs (computed separately), for N = 1, 2, 3, 10, 128.

#include "mixer/kernels/mix_kernels.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mixer/kernels/kernel_math.h"

namespace chorus::mixer {
namespace {

const MixKernels& Scalar() { return *internal::ScalarMixKernels(); }

// --- selection -------------------------------------------------------------

TEST(MixKernelSelectionTest, ResolvesNames) {
  Result<const MixKernels*> scalar = MixKernelsByName("scalar");
  ASSERT_TRUE(scalar.has_value());
  EXPECT_STREQ((*scalar)->name, "scalar");

  Result<const MixKernels*> best = MixKernelsByName("auto");
  ASSERT_TRUE(best.has_value());
  EXPECT_NE(AvailableMixKernelNames().find((*best)->name), std::string::npos);
  EXPECT_EQ(AvailableMixKernelNames().rfind("scalar", 0), 0u);
}

TEST(MixKernelSelectionTest, RejectsUnknownAndUnsupportedNames) {
  Result<const MixKernels*> unknown = MixKernelsByName("avx512");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("avx512"), std::string::npos);

#if defined(__x86_64__)
  Result<const MixKernels*> neon = MixKernelsByName("neon");
  ASSERT_FALSE(neon.has_value());
  EXPECT_EQ(neon.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(neon.error().message.find("neon"), std::string::npos);
  EXPECT_EQ(MixKernelsByName("avx2").has_value(), __builtin_cpu_supports("avx2") != 0);
#endif
  Result<void> selected = SelectMixKernels("");
  ASSERT_FALSE(selected.has_value());
  EXPECT_EQ(selected.error().code, ErrorCode::kInvalidArgument);
}

TEST(MixKernelSelectionTest, SelectChangesTheActiveTable) {
  ASSERT_TRUE(SelectMixKernels("scalar").has_value());
  EXPECT_STREQ(ActiveMixKernelName(), "scalar");
  EXPECT_EQ(&ActiveMixKernels(), &Scalar());
  ASSERT_TRUE(SelectMixKernels("auto").has_value());
  EXPECT_EQ(&ActiveMixKernels(), *MixKernelsByName("auto"));
}

TEST(MixKernelSelectionTest, EnvironmentIsReadOnlyOnRequest) {
  ASSERT_EQ(unsetenv("CHORUS_MIXER_KERNEL"), 0);
  EXPECT_FALSE(KernelNameFromEnvironment().has_value());
  ASSERT_EQ(setenv("CHORUS_MIXER_KERNEL", "", 1), 0);
  EXPECT_FALSE(KernelNameFromEnvironment().has_value());
  ASSERT_EQ(setenv("CHORUS_MIXER_KERNEL", "scalar", 1), 0);
  EXPECT_EQ(KernelNameFromEnvironment(), std::optional<std::string>("scalar"));
  // Setting the variable alone changes nothing.
  ASSERT_TRUE(SelectMixKernels("auto").has_value());
  EXPECT_EQ(&ActiveMixKernels(), *MixKernelsByName("auto"));
  ASSERT_EQ(unsetenv("CHORUS_MIXER_KERNEL"), 0);
}

// --- bit-exactness -----------------------------------------------------------

constexpr size_t kLengths[] = {0,   1,   2,   3,   7,   8,   9,   15,   16,   17,  31,  32,
                               33,  63,  64,  65,  127, 128, 129, 159,  160,  161, 255, 256,
                               257, 479, 480, 481, 959, 960, 961, 1023, 1024, 1025};
constexpr size_t kMisalignments[] = {0, 1, 3};
constexpr int32_t kGains[] = {0,     1,      16384,       32767, kUnityGainQ15, 32769, 65536, 98303,
                              98304, 131071, kMaxGainQ15, -1,    200000,        12345};

enum class Signal { kRandom, kQuiet, kMaxPositive, kMaxNegative, kAlternating };
constexpr Signal kSignals[] = {Signal::kRandom, Signal::kQuiet, Signal::kMaxPositive,
                               Signal::kMaxNegative, Signal::kAlternating};

// n elements starting `misalign` elements past a 64-byte boundary, with
// guard elements on both sides. Window() returns the frame with its guards,
// so comparing windows also catches a kernel writing outside [0, n).
template <typename T>
class Frame {
 public:
  static constexpr size_t kGuard = 40;

  Frame(size_t n, size_t misalign) : storage_(n + 2 * kGuard + 64), size_(n), misalign_(misalign) {
    Layout();
    for (size_t i = 0; i < n + 2 * kGuard; ++i) begin_[i] = static_cast<T>(0x5a5a + 7 * i);
  }
  // Copies lay the frame out afresh with the same misalignment.
  Frame(const Frame& other)
      : storage_(other.storage_.size()), size_(other.size_), misalign_(other.misalign_) {
    Layout();
    std::memcpy(begin_, other.begin_, (size_ + 2 * kGuard) * sizeof(T));
  }
  Frame& operator=(const Frame&) = delete;

  T* data() { return begin_ + kGuard; }
  const T* data() const { return begin_ + kGuard; }
  T& operator[](size_t i) { return data()[i]; }
  size_t size() const { return size_; }
  std::vector<T> Window() const { return std::vector<T>(begin_, begin_ + size_ + 2 * kGuard); }

 private:
  void Layout() {
    size_t start = 0;
    while (reinterpret_cast<uintptr_t>(storage_.data() + start + kGuard) % 64 != 0) ++start;
    begin_ = storage_.data() + start + misalign_;
  }

  std::vector<T> storage_;
  size_t size_;
  size_t misalign_;
  T* begin_ = nullptr;
};

void Fill(Frame<int16_t>& f, Signal signal, std::mt19937& rng) {
  std::uniform_int_distribution<int> full(INT16_MIN, INT16_MAX);
  std::uniform_int_distribution<int> quiet(-100, 100);
  for (size_t i = 0; i < f.size(); ++i) {
    switch (signal) {
      case Signal::kRandom:
        f[i] = static_cast<int16_t>(full(rng));
        break;
      case Signal::kQuiet:
        f[i] = static_cast<int16_t>(quiet(rng));
        break;
      case Signal::kMaxPositive:
        f[i] = INT16_MAX;
        break;
      case Signal::kMaxNegative:
        f[i] = INT16_MIN;
        break;
      case Signal::kAlternating:
        f[i] = (i % 3 == 0) ? INT16_MIN : INT16_MAX;
        break;
    }
  }
}

// int32 values inside +-bound, with the first and last values at the bound.
void FillInt32(Frame<int32_t>& f, int32_t bound, std::mt19937& rng) {
  std::uniform_int_distribution<int32_t> dist(-bound, bound);
  for (size_t i = 0; i < f.size(); ++i) f[i] = dist(rng);
  if (f.size() > 0) f[0] = bound;
  if (f.size() > 1) f[f.size() - 1] = -bound;
}

class BitExactTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    Result<const MixKernels*> k = MixKernelsByName(GetParam());
    if (!k) GTEST_SKIP() << k.error().message;
    simd_ = *k;
  }
  const MixKernels* simd_ = nullptr;
  std::mt19937 rng_{20261124};
};

TEST_P(BitExactTest, ClearAccumulateAndClamp) {
  for (size_t n : kLengths) {
    for (size_t mis : kMisalignments) {
      for (Signal signal : kSignals) {
        SCOPED_TRACE(testing::Message()
                     << "n=" << n << " misalign=" << mis << " signal=" << static_cast<int>(signal));
        Frame<int16_t> in(n, mis);
        Fill(in, signal, rng_);
        Frame<int32_t> acc_ref(n, (mis + 1) % 4);
        FillInt32(acc_ref, 1 << 24, rng_);
        Frame<int32_t> acc = acc_ref;

        Scalar().accumulate(acc_ref.data(), in.data(), n);
        simd_->accumulate(acc.data(), in.data(), n);
        ASSERT_EQ(acc.Window(), acc_ref.Window()) << "accumulate";

        Frame<int16_t> out_ref(n, mis), out(n, mis);
        Scalar().clamp(acc_ref.data(), out_ref.data(), n);
        simd_->clamp(acc.data(), out.data(), n);
        ASSERT_EQ(out.Window(), out_ref.Window()) << "clamp";

        Scalar().clear(acc_ref.data(), n);
        simd_->clear(acc.data(), n);
        ASSERT_EQ(acc.Window(), acc_ref.Window()) << "clear";
      }
      // Clamping across the whole int32 range.
      Frame<int32_t> wide(n, mis);
      FillInt32(wide, std::numeric_limits<int32_t>::max(), rng_);
      if (n > 2) wide[n / 2] = std::numeric_limits<int32_t>::min();
      Frame<int16_t> out_ref(n, 0), out(n, 0);
      Scalar().clamp(wide.data(), out_ref.data(), n);
      simd_->clamp(wide.data(), out.data(), n);
      ASSERT_EQ(out.Window(), out_ref.Window()) << "clamp wide n=" << n;
    }
  }
}

TEST_P(BitExactTest, GainKernels) {
  for (size_t n : kLengths) {
    for (size_t mis : kMisalignments) {
      for (Signal signal : kSignals) {
        for (int32_t gain : kGains) {
          SCOPED_TRACE(testing::Message() << "n=" << n << " misalign=" << mis << " signal="
                                          << static_cast<int>(signal) << " gain=" << gain);
          Frame<int16_t> in(n, mis);
          Fill(in, signal, rng_);

          Frame<int32_t> acc_ref(n, mis);
          FillInt32(acc_ref, 1 << 26, rng_);
          Frame<int32_t> acc = acc_ref;
          Scalar().accumulate_gain(acc_ref.data(), in.data(), gain, n);
          simd_->accumulate_gain(acc.data(), in.data(), gain, n);
          ASSERT_EQ(acc.Window(), acc_ref.Window()) << "accumulate_gain";

          // Totals near the int16 range and far outside it.
          for (int32_t bound : {40000, 1 << 28}) {
            Frame<int32_t> total(n, (mis + 2) % 4);
            FillInt32(total, bound, rng_);
            Frame<int16_t> out_ref(n, mis), out(n, mis);
            Scalar().mix_minus(total.data(), in.data(), gain, out_ref.data(), n);
            simd_->mix_minus(total.data(), in.data(), gain, out.data(), n);
            ASSERT_EQ(out.Window(), out_ref.Window()) << "mix_minus bound=" << bound;
          }

          Frame<int16_t> scaled_ref = in;
          Frame<int16_t> scaled = in;
          Scalar().apply_gain(scaled_ref.data(), gain, n);
          simd_->apply_gain(scaled.data(), gain, n);
          ASSERT_EQ(scaled.Window(), scaled_ref.Window()) << "apply_gain";
        }
      }
    }
  }
}

TEST_P(BitExactTest, Level) {
  for (size_t n : kLengths) {
    for (size_t mis : kMisalignments) {
      for (Signal signal : kSignals) {
        SCOPED_TRACE(testing::Message()
                     << "n=" << n << " misalign=" << mis << " signal=" << static_cast<int>(signal));
        Frame<int16_t> in(n, mis);
        Fill(in, signal, rng_);
        const FrameLevel ref = Scalar().level(in.data(), n);
        const FrameLevel got = simd_->level(in.data(), n);
        ASSERT_EQ(got.sum_squares, ref.sum_squares);
        ASSERT_EQ(got.peak, ref.peak);
      }
    }
  }
  // A single extreme sample anywhere in the frame sets the peak.
  for (size_t pos = 0; pos < 70; ++pos) {
    std::vector<int16_t> s(70, 5);
    s[pos] = INT16_MIN;
    EXPECT_EQ(simd_->level(s.data(), s.size()).peak, 32768) << pos;
    s[pos] = INT16_MAX;
    EXPECT_EQ(simd_->level(s.data(), s.size()).peak, 32767) << pos;
  }
}

// N inputs of n samples, each misaligned differently, plus both outputs.
struct MixCase {
  MixCase(size_t num_inputs, size_t n, Signal signal, std::mt19937& rng)
      : sum_ref(n, 0), sum(n, 0), mix_ref(n, 1), mix(n, 1) {
    for (size_t k = 0; k < num_inputs; ++k) {
      inputs.emplace_back(n, k % 4);
      Fill(inputs.back(), k % 5 == 4 ? Signal::kRandom : signal, rng);
    }
    for (const Frame<int16_t>& f : inputs) pointers.push_back(f.data());
  }
  std::vector<Frame<int16_t>> inputs;
  std::vector<const int16_t*> pointers;
  Frame<int32_t> sum_ref, sum;
  Frame<int16_t> mix_ref, mix;
};

void ExpectSameMix(const MixKernels& simd, MixCase& c, const int32_t* gains, bool with_mix) {
  const size_t num = c.pointers.size();
  const size_t n = c.sum.size();
  Scalar().mix(c.pointers.data(), gains, num, n, c.sum_ref.data(),
               with_mix ? c.mix_ref.data() : nullptr);
  simd.mix(c.pointers.data(), gains, num, n, c.sum.data(), with_mix ? c.mix.data() : nullptr);
  ASSERT_EQ(c.sum.Window(), c.sum_ref.Window());
  ASSERT_EQ(c.mix.Window(), c.mix_ref.Window());
}

TEST_P(BitExactTest, MixEveryInputCountAt960) {
  std::uniform_int_distribution<int32_t> gain_dist(0, kMaxGainQ15);
  for (size_t num = 1; num <= 128; ++num) {
    SCOPED_TRACE(testing::Message() << "N=" << num);
    MixCase c(num, 960, Signal::kRandom, rng_);
    std::vector<int32_t> gains(num);
    for (int32_t& g : gains) g = gain_dist(rng_);
    ExpectSameMix(*simd_, c, nullptr, true);
    ExpectSameMix(*simd_, c, gains.data(), true);
    ExpectSameMix(*simd_, c, gains.data(), false);
    std::vector<int32_t> loud(num, num % 2 == 0 ? kMaxGainQ15 : kMaxGainQ15 - 1);
    ExpectSameMix(*simd_, c, loud.data(), true);
  }
}

TEST_P(BitExactTest, MixOddLengthsAndExtremes) {
  for (size_t n : kLengths) {
    for (size_t num : {1, 2, 3, 5, 17, 128}) {
      for (Signal signal : kSignals) {
        SCOPED_TRACE(testing::Message()
                     << "n=" << n << " N=" << num << " signal=" << static_cast<int>(signal));
        MixCase c(num, n, signal, rng_);
        std::vector<int32_t> gains(num);
        for (size_t k = 0; k < num; ++k) gains[k] = kGains[k % std::size(kGains)];
        ExpectSameMix(*simd_, c, nullptr, true);
        ExpectSameMix(*simd_, c, gains.data(), true);
        std::vector<int32_t> loud(num, kMaxGainQ15);
        ExpectSameMix(*simd_, c, loud.data(), true);
      }
    }
  }
  // No inputs: silence.
  MixCase none(0, 961, Signal::kRandom, rng_);
  ExpectSameMix(*simd_, none, nullptr, true);
  for (size_t i = 0; i < 961; ++i) ASSERT_EQ(none.mix[i], 0);
}

TEST_P(BitExactTest, ManyFullScaleInputsSaturateAlike) {
  for (Signal signal : {Signal::kMaxPositive, Signal::kMaxNegative, Signal::kAlternating}) {
    MixCase c(128, 961, signal, rng_);
    for (Frame<int16_t>& f : c.inputs) Fill(f, signal, rng_);
    std::vector<int32_t> gains(128, kMaxGainQ15);
    ExpectSameMix(*simd_, c, gains.data(), true);
    const int32_t expect_sum = signal == Signal::kMaxNegative ? 128 * -131072 : 128 * 131068;
    if (signal != Signal::kAlternating) {
      EXPECT_EQ(c.sum[0], expect_sum);
      EXPECT_EQ(c.mix[960], signal == Signal::kMaxNegative ? INT16_MIN : INT16_MAX);
    }
  }
}

// The kernels' contract for conferences: what participant k hears is the
// clamped sum of everyone else, whatever the implementation.
void ExpectMixMinusProperty(const MixKernels& kernels, size_t num, std::mt19937& rng) {
  const size_t n = 961;
  MixCase c(num, n, Signal::kRandom, rng);
  std::uniform_int_distribution<int32_t> gain_dist(0, kMaxGainQ15);
  std::vector<int32_t> gains(num);
  for (int32_t& g : gains) g = gain_dist(rng);
  kernels.mix(c.pointers.data(), gains.data(), num, n, c.sum.data(), nullptr);

  std::vector<int16_t> heard(n), expected(n);
  std::vector<int32_t> others_sum(n);
  for (size_t self = 0; self < num; ++self) {
    std::vector<const int16_t*> others;
    std::vector<int32_t> other_gains;
    for (size_t k = 0; k < num; ++k) {
      if (k == self) continue;
      others.push_back(c.pointers[k]);
      other_gains.push_back(gains[k]);
    }
    Scalar().mix(others.data(), other_gains.data(), others.size(), n, others_sum.data(),
                 expected.data());
    kernels.mix_minus(c.sum.data(), c.pointers[self], gains[self], heard.data(), n);
    ASSERT_EQ(heard, expected) << kernels.name << " N=" << num << " participant " << self;
  }
}

TEST_P(BitExactTest, MixMinusEqualsClampedSumOfOthers) {
  for (size_t num : {1, 2, 3, 10, 128}) ExpectMixMinusProperty(*simd_, num, rng_);
}

TEST(ScalarMixMinusTest, EqualsClampedSumOfOthers) {
  std::mt19937 rng(7);
  for (size_t num : {1, 2, 3, 10, 128}) ExpectMixMinusProperty(Scalar(), num, rng);
}

INSTANTIATE_TEST_SUITE_P(Simd, BitExactTest, ::testing::Values("sse2", "avx2", "neon"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace chorus::mixer
