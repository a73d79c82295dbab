// Kernel selection: which tables this build has, which the CPU can run, and
// the one active table.

#include "mixer/kernels/mix_kernels.h"

#include <atomic>
#include <cstdlib>
#include <string>

#include "media/base/log.h"
#include "mixer/kernels/kernel_math.h"

namespace chorus::mixer {
namespace {

// Set by SelectMixKernels before workers start, or on first use to the best
// supported table. Atomic so a first use racing on two threads stays
// defined; both would store the same pointer.
std::atomic<const MixKernels*> g_active{nullptr};

bool CpuSupportsAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  // Also checks that the OS saves the ymm registers (XCR0).
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

// Compiled-in tables, slowest first, each paired with whether this CPU runs it.
struct Candidate {
  const MixKernels* kernels;
  bool cpu_ok;
};

constexpr const char* kKnownNames[] = {"scalar", "sse2", "avx2", "neon"};

Candidate Lookup(std::string_view name) {
  if (name == "scalar") return {internal::ScalarMixKernels(), true};
  // SSE2 and NEON are baseline on the architectures that compile them.
  if (name == "sse2") return {internal::Sse2MixKernels(), true};
  if (name == "avx2") return {internal::Avx2MixKernels(), CpuSupportsAvx2()};
  if (name == "neon") return {internal::NeonMixKernels(), true};
  return {nullptr, false};
}

const MixKernels* Best() {
  const MixKernels* best = internal::ScalarMixKernels();
  for (const char* name : kKnownNames) {
    const Candidate c = Lookup(name);
    if (c.kernels != nullptr && c.cpu_ok) best = c.kernels;
  }
  return best;
}

}  // namespace

Result<const MixKernels*> MixKernelsByName(std::string_view name) {
  if (name == "auto") return Best();
  bool known = false;
  for (const char* k : kKnownNames) known = known || name == k;
  if (!known) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown mixer kernel '" + std::string(name) +
                         "' (expected scalar, sse2, avx2, neon or auto)");
  }
  const Candidate c = Lookup(name);
  if (c.kernels == nullptr) {
    return MakeError(ErrorCode::kUnsupported,
                     "mixer kernel '" + std::string(name) + "' is not built for this architecture");
  }
  if (!c.cpu_ok) {
    return MakeError(ErrorCode::kUnsupported,
                     "mixer kernel '" + std::string(name) + "' is not supported by this CPU");
  }
  return c.kernels;
}

Result<void> SelectMixKernels(std::string_view name) {
  Result<const MixKernels*> kernels = MixKernelsByName(name);
  if (!kernels) return kernels.error();
  g_active.store(*kernels, std::memory_order_release);
  CHORUS_LOG(kInfo, "mixer.kernels_selected")
      .Kv("requested", name)
      .Kv("kernel", (*kernels)->name)
      .Kv("available", AvailableMixKernelNames());
  return Ok();
}

const MixKernels& ActiveMixKernels() {
  const MixKernels* active = g_active.load(std::memory_order_acquire);
  if (active == nullptr) [[unlikely]] {
    active = Best();
    g_active.store(active, std::memory_order_release);
  }
  return *active;
}

const char* ActiveMixKernelName() { return ActiveMixKernels().name; }

std::string AvailableMixKernelNames() {
  std::string names;
  for (const char* name : kKnownNames) {
    const Candidate c = Lookup(name);
    if (c.kernels == nullptr || !c.cpu_ok) continue;
    if (!names.empty()) names += ',';
    names += name;
  }
  return names;
}

std::optional<std::string> KernelNameFromEnvironment() {
  const char* value = std::getenv("CHORUS_MIXER_KERNEL");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace chorus::mixer
