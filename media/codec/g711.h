#pragma once

// ITU-T G.711 companding: mu-law (PCMU) and A-law (PCMA) between 16-bit
// linear PCM and 8-bit code words, by table lookup. The 16-bit sample is the
// 14-bit (mu-law) or 13-bit (A-law) G.711 input value scaled up by 4 or 8;
// decoded values are G.711's reconstruction levels on the same scale
// (mu-law +-32124, A-law +-32256 at full scale). Pure functions; any thread.

#include <array>
#include <cstdint>
#include <span>

namespace chorus::media::g711 {

namespace internal {
// Indexed by |x| >> 2 (mu-law) or by the ones' complement magnitude >> 3
// (A-law); hold the 7-bit segment/step value before sign and bit inversion.
extern const std::array<uint8_t, 8192> kUlawSegmentStep;
extern const std::array<uint8_t, 4096> kAlawSegmentStep;
extern const std::array<int16_t, 256> kUlawToLinear;
extern const std::array<int16_t, 256> kAlawToLinear;
}  // namespace internal

// G.711 3.1 (mu-law): sign bit 1 for positive, all bits inverted on the line.
inline uint8_t LinearToUlaw(int16_t x) {
  int magnitude = x < 0 ? -static_cast<int>(x) : x;
  int index = magnitude >> 2;
  if (index > 8191) index = 8191;  // only x = -32768 gets here; same code as 8191
  uint8_t inverted_sign = x < 0 ? 0x7F : 0xFF;
  return static_cast<uint8_t>(internal::kUlawSegmentStep[index] ^ inverted_sign);
}

// G.711 3.1 (A-law): sign bit 1 for positive, even bits inverted (0x55).
// Negative inputs use the ones' complement magnitude, as G.711's 13-bit
// two's complement input range is asymmetric (-4096..4095).
inline uint8_t LinearToAlaw(int16_t x) {
  int magnitude = x < 0 ? -static_cast<int>(x) - 1 : x;
  uint8_t sign_mask = x < 0 ? 0x55 : 0xD5;
  return static_cast<uint8_t>(internal::kAlawSegmentStep[magnitude >> 3] ^ sign_mask);
}

inline int16_t UlawToLinear(uint8_t code) { return internal::kUlawToLinear[code]; }
inline int16_t AlawToLinear(uint8_t code) { return internal::kAlawToLinear[code]; }

// Whole-buffer forms; `out` must hold in.size() elements (checked in debug).
void EncodeUlaw(std::span<const int16_t> in, std::span<uint8_t> out);
void EncodeAlaw(std::span<const int16_t> in, std::span<uint8_t> out);
void DecodeUlaw(std::span<const uint8_t> in, std::span<int16_t> out);
void DecodeAlaw(std::span<const uint8_t> in, std::span<int16_t> out);

}  // namespace chorus::media::g711
