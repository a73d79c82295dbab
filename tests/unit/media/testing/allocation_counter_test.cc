// Scenarios: the replacement global operator new used by the no-allocation
// checks counts every allocation on the calling thread (and only those).
// This file defines the replacement for the whole media unit-test binary.

#include "tests/unit/media/testing/allocation_counter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace {
thread_local int64_t g_allocations = 0;

void* CountedAlloc(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return CountedAlloc(size); }
void* operator new[](std::size_t size) { return CountedAlloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace chorus::media::testing {

int64_t ThreadAllocationCount() { return g_allocations; }

namespace {

TEST(AllocationCounterTest, CountsNewOnThisThread) {
  AllocationScope scope;
  EXPECT_EQ(scope.count(), 0);
  auto p = std::make_unique<int>(3);
  EXPECT_EQ(scope.count(), 1);
  std::vector<int> v(100);
  EXPECT_EQ(scope.count(), 2);
}

}  // namespace
}  // namespace chorus::media::testing
