#pragma once

// Wrapping RTP counters with wrap-aware comparison (RFC 3550 A.1, RFC 1982
// serial-number arithmetic): a 16-bit sequence number and a 32-bit media
// timestamp. Plain values, any thread.

#include <cstdint>

namespace chorus::media {

// 16-bit RTP sequence number. `a < b` means b is ahead of a by less than
// half the space (32768).
class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(uint16_t v) : v_(v) {}
  constexpr uint16_t value() const { return v_; }

  // Signed distance from `other` to this (this - other), in [-32768, 32767].
  constexpr int32_t DistanceFrom(SeqNum other) const {
    return static_cast<int16_t>(static_cast<uint16_t>(v_ - other.v_));
  }
  constexpr bool operator==(SeqNum o) const { return v_ == o.v_; }
  constexpr bool operator!=(SeqNum o) const { return v_ != o.v_; }
  constexpr bool operator<(SeqNum o) const { return DistanceFrom(o) < 0; }
  constexpr bool operator>(SeqNum o) const { return DistanceFrom(o) > 0; }
  constexpr bool operator<=(SeqNum o) const { return DistanceFrom(o) <= 0; }
  constexpr bool operator>=(SeqNum o) const { return DistanceFrom(o) >= 0; }
  constexpr SeqNum operator+(int32_t n) const { return SeqNum(static_cast<uint16_t>(v_ + n)); }
  constexpr SeqNum operator-(int32_t n) const { return SeqNum(static_cast<uint16_t>(v_ - n)); }
  constexpr SeqNum& operator++() {
    ++v_;
    return *this;
  }

 private:
  uint16_t v_ = 0;
};

// 32-bit RTP timestamp in media clock units.
class RtpTimestamp {
 public:
  constexpr RtpTimestamp() = default;
  constexpr explicit RtpTimestamp(uint32_t v) : v_(v) {}
  constexpr uint32_t value() const { return v_; }

  // Signed distance this - other, valid while |distance| < 2^31.
  constexpr int64_t DistanceFrom(RtpTimestamp other) const {
    return static_cast<int32_t>(v_ - other.v_);
  }
  constexpr bool operator==(RtpTimestamp o) const { return v_ == o.v_; }
  constexpr bool operator!=(RtpTimestamp o) const { return v_ != o.v_; }
  constexpr bool operator<(RtpTimestamp o) const { return DistanceFrom(o) < 0; }
  constexpr bool operator>(RtpTimestamp o) const { return DistanceFrom(o) > 0; }
  constexpr bool operator<=(RtpTimestamp o) const { return DistanceFrom(o) <= 0; }
  constexpr bool operator>=(RtpTimestamp o) const { return DistanceFrom(o) >= 0; }
  constexpr RtpTimestamp operator+(int64_t n) const {
    return RtpTimestamp(static_cast<uint32_t>(v_ + static_cast<uint32_t>(n)));
  }
  constexpr RtpTimestamp operator-(int64_t n) const {
    return RtpTimestamp(static_cast<uint32_t>(v_ - static_cast<uint32_t>(n)));
  }

 private:
  uint32_t v_ = 0;
};

}  // namespace chorus::media
