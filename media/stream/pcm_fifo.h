#pragma once

// PcmFifo: a fixed-capacity queue of mono int16 samples, used by a stream
// to turn packet-sized pieces of audio into tick-sized frames and back.
// Storage is allocated at construction; nothing allocates afterwards. The
// queued samples are always contiguous from the front (a take moves the
// rest, which is at most one packet's worth). Owned by one media worker.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace chorus::media {

class PcmFifo {
 public:
  explicit PcmFifo(size_t capacity_samples) : data_(capacity_samples) {}

  size_t size() const { return size_; }
  size_t capacity() const { return data_.size(); }
  size_t free_space() const { return data_.size() - size_; }
  bool empty() const { return size_ == 0; }

  // Appends what fits; returns the samples appended.
  size_t Append(std::span<const int16_t> pcm) {
    const size_t n = std::min(pcm.size(), free_space());
    if (n > 0) std::memcpy(data_.data() + size_, pcm.data(), n * sizeof(int16_t));
    size_ += n;
    return n;
  }
  size_t AppendSilence(size_t samples) {
    const size_t n = std::min(samples, free_space());
    std::fill_n(data_.data() + size_, n, int16_t{0});
    size_ += n;
    return n;
  }

  // The free tail, to decode into directly; then Commit what was written.
  std::span<int16_t> Tail() { return std::span<int16_t>(data_).subspan(size_); }
  void Commit(size_t samples) { size_ += std::min(samples, free_space()); }

  // The oldest `n` samples (n <= size()), valid until the next change.
  std::span<const int16_t> Front(size_t n) const {
    return std::span<const int16_t>(data_).first(std::min(n, size_));
  }
  // Drops the oldest `n` samples.
  void Consume(size_t n) {
    n = std::min(n, size_);
    const size_t rest = size_ - n;
    if (rest > 0) std::memmove(data_.data(), data_.data() + n, rest * sizeof(int16_t));
    size_ = rest;
  }
  void Clear() { size_ = 0; }

 private:
  std::vector<int16_t> data_;
  size_t size_ = 0;
};

}  // namespace chorus::media
