#pragma once

// Bounded single-producer/single-consumer ring for messages between the
// signalling thread and a media worker (STYLE.md §2). Lock-free, wait-free;
// TryPush on a full ring fails (the caller counts and handles it), it never
// blocks. Capacity is rounded up to a power of two. Elements move in and out.

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include "media/base/check.h"

namespace chorus {

template <typename T>
class SpscRing {
 public:
  explicit SpscRing(size_t capacity) {
    size_t cap = 2;
    while (cap < capacity) cap <<= 1;
    mask_ = cap - 1;
    slots_ = std::make_unique<std::optional<T>[]>(cap);
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  // Producer thread only.
  bool TryPush(T&& value) {
    size_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_cache_ > mask_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head - tail_cache_ > mask_) return false;
    }
    slots_[head & mask_].emplace(std::move(value));
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Consumer thread only.
  std::optional<T> TryPop() {
    size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == head_cache_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (tail == head_cache_) return std::nullopt;
    }
    std::optional<T> out(std::move(*slots_[tail & mask_]));
    slots_[tail & mask_].reset();
    tail_.store(tail + 1, std::memory_order_release);
    return out;
  }

  size_t capacity() const { return mask_ + 1; }
  // Approximate (racy by nature); for metrics.
  size_t SizeApprox() const {
    return head_.load(std::memory_order_relaxed) - tail_.load(std::memory_order_relaxed);
  }

 private:
  static constexpr size_t kLine = 64;
  size_t mask_ = 0;
  std::unique_ptr<std::optional<T>[]> slots_;
  alignas(kLine) std::atomic<size_t> head_{0};
  size_t tail_cache_ = 0;  // producer's view of tail
  alignas(kLine) std::atomic<size_t> tail_{0};
  size_t head_cache_ = 0;  // consumer's view of head
};

}  // namespace chorus
