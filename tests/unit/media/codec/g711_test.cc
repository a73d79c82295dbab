// Scenarios (ITU-T G.711):
// - Decoder output equals G.711's reconstruction levels for all 256 codes of
//   each law, with known anchors (mu-law 0xFF/0x7F -> 0, 0x80 -> +8031 x 4;
//   A-law 0xD5 -> +1 x 8, 0xAA -> +4032 x 8) and odd-bit inversion (A-law).
// - Exhaustive over all 65536 inputs: the code chosen is the one whose G.711
//   decision interval holds the input (error within half a step), coding is
//   monotonic, and matches spandsp's g711 (used here only as an oracle).
// - Round trip: decode(encode(decode(c))) == decode(c) for every code.
// - A 1 kHz tone at -10 dBFS through encode/decode keeps >= 35 dB SNR.

#include "media/codec/g711.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "tests/unit/media/testing/audio_signals.h"

// spandsp's headers want <cmath> seen first; test oracle only.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace chorus::media {
namespace {

// Half the quantisation step around a decoded value, in 16-bit units:
// mu-law steps are 2 << segment in 14-bit units (x4), A-law 2 << max(seg-1,0)
// in 13-bit units (x8); the first mu-law interval is half a step wide.
int UlawHalfStep(uint8_t code) {
  int segment = (static_cast<uint8_t>(~code) >> 4) & 7;
  return (1 << segment) * 4;
}
int AlawHalfStep(uint8_t code) {
  int segment = ((code ^ 0x55) >> 4) & 7;
  return (1 << (segment == 0 ? 0 : segment - 1)) * 8;
}

TEST(G711Test, DecodeAnchors) {
  EXPECT_EQ(g711::UlawToLinear(0xFF), 0);
  EXPECT_EQ(g711::UlawToLinear(0x7F), 0);
  EXPECT_EQ(g711::UlawToLinear(0x80), 8031 * 4);
  EXPECT_EQ(g711::UlawToLinear(0x00), -8031 * 4);
  EXPECT_EQ(g711::UlawToLinear(0xFE), 2 * 4);  // first step: decision 1..3, output 2
  EXPECT_EQ(g711::AlawToLinear(0xD5), 1 * 8);
  EXPECT_EQ(g711::AlawToLinear(0x55), -1 * 8);
  EXPECT_EQ(g711::AlawToLinear(0xAA), 4032 * 8);
  EXPECT_EQ(g711::AlawToLinear(0x2A), -4032 * 8);
}

TEST(G711Test, DecodeMatchesOracleForAllCodes) {
  for (int c = 0; c < 256; ++c) {
    uint8_t code = static_cast<uint8_t>(c);
    EXPECT_EQ(g711::UlawToLinear(code), ulaw_to_linear(code)) << "code " << c;
    EXPECT_EQ(g711::AlawToLinear(code), alaw_to_linear(code)) << "code " << c;
  }
}

TEST(G711Test, EncodeIsNearestLevelExhaustive) {
  int prev_ulaw = -100000, prev_alaw = -100000;
  for (int x = -32768; x <= 32767; ++x) {
    int16_t in = static_cast<int16_t>(x);
    uint8_t u = g711::LinearToUlaw(in);
    uint8_t a = g711::LinearToAlaw(in);
    int du = g711::UlawToLinear(u);
    int da = g711::AlawToLinear(a);
    // Inside the decision interval (clipping aside at the top of the range).
    if (std::abs(x) < 32124) {
      ASSERT_LE(std::abs(x - du), UlawHalfStep(u)) << x;
    }
    if (std::abs(x) < 32256) {
      ASSERT_LE(std::abs(x - da), AlawHalfStep(a)) << x;
    }
    // Monotonic: decoded level never decreases as the input grows.
    ASSERT_GE(du, prev_ulaw) << x;
    ASSERT_GE(da, prev_alaw) << x;
    prev_ulaw = du;
    prev_alaw = da;
    ASSERT_EQ(u, linear_to_ulaw(x)) << x;
    ASSERT_EQ(a, linear_to_alaw(x)) << x;
  }
}

TEST(G711Test, RoundTripIsIdempotent) {
  for (int c = 0; c < 256; ++c) {
    uint8_t code = static_cast<uint8_t>(c);
    int16_t u = g711::UlawToLinear(code);
    EXPECT_EQ(g711::UlawToLinear(g711::LinearToUlaw(u)), u) << c;
    int16_t a = g711::AlawToLinear(code);
    EXPECT_EQ(g711::LinearToAlaw(a), code) << c;  // A-law has no duplicate zero
  }
  // Both mu-law zeros decode to 0; 0 encodes as positive zero.
  EXPECT_EQ(g711::LinearToUlaw(0), 0xFF);
}

TEST(G711Test, BufferFormsMatchSampleForms) {
  std::vector<int16_t> pcm = testing::MakeTone(8000, 440, -6, 160);
  std::vector<uint8_t> u(160), a(160);
  g711::EncodeUlaw(pcm, u);
  g711::EncodeAlaw(pcm, a);
  std::vector<int16_t> du(160), da(160);
  g711::DecodeUlaw(u, du);
  g711::DecodeAlaw(a, da);
  for (size_t i = 0; i < pcm.size(); ++i) {
    EXPECT_EQ(u[i], g711::LinearToUlaw(pcm[i]));
    EXPECT_EQ(a[i], g711::LinearToAlaw(pcm[i]));
    EXPECT_EQ(du[i], g711::UlawToLinear(u[i]));
    EXPECT_EQ(da[i], g711::AlawToLinear(a[i]));
  }
}

TEST(G711Test, ToneSnrAbove35Db) {
  std::vector<int16_t> tone = testing::MakeTone(8000, 1000, -10, 8000);
  std::vector<uint8_t> coded(tone.size());
  std::vector<int16_t> decoded(tone.size());
  g711::EncodeUlaw(tone, coded);
  g711::DecodeUlaw(coded, decoded);
  double snr_u = testing::SnrDb(tone, decoded, 0, 0, tone.size());
  g711::EncodeAlaw(tone, coded);
  g711::DecodeAlaw(coded, decoded);
  double snr_a = testing::SnrDb(tone, decoded, 0, 0, tone.size());
  EXPECT_GE(snr_u, 35.0);
  EXPECT_GE(snr_a, 35.0);
}

}  // namespace
}  // namespace chorus::media
