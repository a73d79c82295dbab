#include "media/codec/g711.h"

#include <array>
#include <bit>

#include "media/base/check.h"

namespace chorus::media::g711 {
namespace {

// G.711 table 2 (mu-law), in 14-bit input units: segment s, step q covers
// [((q + 16) << (s + 1)) - 33, ((q + 17) << (s + 1)) - 33); adding the bias 33
// turns the segment into the position of the leading one.
constexpr uint8_t UlawSegmentStepFor(int magnitude14) {
  int biased = magnitude14 + 33;
  int segment = std::bit_width(static_cast<unsigned>(biased)) - 6;  // 32..63 -> 0
  if (segment > 7) return 0x7F;                                     // clip to the top step
  int step = (biased >> (segment + 1)) & 0x0F;
  return static_cast<uint8_t>((segment << 4) | step);
}

// G.711 table 1 (A-law), in 13-bit input units: segment 0 covers [0, 32) in
// steps of 2; segment s >= 1 covers [16 << s, 32 << s) in steps of 1 << s.
constexpr uint8_t AlawSegmentStepFor(int magnitude13) {
  if (magnitude13 < 32) return static_cast<uint8_t>(magnitude13 >> 1);
  int segment = std::bit_width(static_cast<unsigned>(magnitude13)) - 5;  // 32..63 -> 1
  int step = (magnitude13 >> segment) & 0x0F;
  return static_cast<uint8_t>((segment << 4) | step);
}

// Reconstruction levels (decoder output), scaled to 16 bits.
constexpr int16_t UlawDecode(uint8_t code) {
  int value = static_cast<uint8_t>(~code);
  int segment = (value >> 4) & 0x07;
  int step = value & 0x0F;
  int magnitude = (((step << 1) + 33) << segment) - 33;  // 14-bit units
  magnitude <<= 2;
  return static_cast<int16_t>((value & 0x80) ? -magnitude : magnitude);
}

constexpr int16_t AlawDecode(uint8_t code) {
  int value = code ^ 0x55;
  int segment = (value >> 4) & 0x07;
  int step = value & 0x0F;
  int magnitude = segment == 0 ? (step << 1) + 1 : ((step << 1) + 33) << (segment - 1);
  magnitude <<= 3;  // 13-bit units to 16 bits
  return static_cast<int16_t>((value & 0x80) ? magnitude : -magnitude);
}

template <size_t N, typename F>
constexpr std::array<uint8_t, N> BuildEncodeTable(F f) {
  std::array<uint8_t, N> table{};
  for (size_t i = 0; i < N; ++i) table[i] = f(static_cast<int>(i));
  return table;
}

template <typename F>
constexpr std::array<int16_t, 256> BuildDecodeTable(F f) {
  std::array<int16_t, 256> table{};
  for (int i = 0; i < 256; ++i) table[i] = f(static_cast<uint8_t>(i));
  return table;
}

}  // namespace

// Computed at compile time from the definitions above.
namespace internal {
alignas(64) constexpr std::array<uint8_t, 8192> kUlawSegmentStep =
    BuildEncodeTable<8192>(UlawSegmentStepFor);
alignas(64) constexpr std::array<uint8_t, 4096> kAlawSegmentStep =
    BuildEncodeTable<4096>(AlawSegmentStepFor);
alignas(64) constexpr std::array<int16_t, 256> kUlawToLinear = BuildDecodeTable(UlawDecode);
alignas(64) constexpr std::array<int16_t, 256> kAlawToLinear = BuildDecodeTable(AlawDecode);

static_assert(kUlawToLinear[0x80] == 32124 && kUlawToLinear[0xFF] == 0);
static_assert(kAlawToLinear[0xAA] == 32256 && kAlawToLinear[0xD5] == 8);
}  // namespace internal

void EncodeUlaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  CHORUS_DCHECK(out.size() >= in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = LinearToUlaw(in[i]);
}

void EncodeAlaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  CHORUS_DCHECK(out.size() >= in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = LinearToAlaw(in[i]);
}

void DecodeUlaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  CHORUS_DCHECK(out.size() >= in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = UlawToLinear(in[i]);
}

void DecodeAlaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  CHORUS_DCHECK(out.size() >= in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = AlawToLinear(in[i]);
}

}  // namespace chorus::media::g711
