#pragma once

// Counts heap allocations made through global operator new on this thread,
// so tests can prove a per-packet path of ours allocates nothing. malloc
// calls inside C libraries are not seen (libopus, SpeexDSP and spandsp
// allocate only in their create/init calls). The counting operator new
// lives in allocation_counter_test.cc (one definition per binary).

#include <cstdint>

namespace chorus::media::testing {

int64_t ThreadAllocationCount();

// Allocations on this thread since construction.
class AllocationScope {
 public:
  AllocationScope() : start_(ThreadAllocationCount()) {}
  int64_t count() const { return ThreadAllocationCount() - start_; }

 private:
  int64_t start_;
};

}  // namespace chorus::media::testing
