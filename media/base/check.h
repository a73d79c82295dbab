#pragma once

// CHORUS_CHECK aborts where continuing would corrupt state; CHORUS_DCHECK is a
// debug-only proof of a cheap invariant.

namespace chorus::internal {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}  // namespace chorus::internal

#define CHORUS_CHECK(expr)                                            \
  do {                                                                \
    if (!(expr)) [[unlikely]]                                         \
      ::chorus::internal::CheckFailed(#expr, __FILE__, __LINE__);     \
  } while (false)

#ifdef NDEBUG
#define CHORUS_DCHECK(expr) \
  do {                      \
  } while (false && (expr))
#else
#define CHORUS_DCHECK(expr) CHORUS_CHECK(expr)
#endif
