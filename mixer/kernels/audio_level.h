#pragma once

// Converts a FrameLevel (sum of squares and peak of a frame, from the mixing
// kernels) into decibels, and to and from the RFC 6464 audio level carried
// in the RTP header extension. Pure functions, any thread; they use log10,
// so they sit outside the kernels, once per participant per tick.
//
// Reference: 0 dBov is the overload point of 16-bit linear audio, a
// full-scale square wave (RFC 6464 §3), i.e. an RMS of 32768. A full-scale
// sine measures -3.01 dBov on this scale.

#include <cstddef>
#include <cstdint>

#include "mixer/kernels/mix_kernels.h"

namespace chorus::mixer {

// Floor of every level here: RFC 6464 level 127 means -127 dBov or quieter,
// digital silence included.
inline constexpr double kSilenceDbov = -127.0;

// RMS level of a frame of `num_samples` samples in dB relative to full
// scale, in [kSilenceDbov, 0]; silence and empty frames give kSilenceDbov.
double RmsDbov(const FrameLevel& level, size_t num_samples);

// Peak |sample| in dB relative to full scale, in [kSilenceDbov, 0].
double PeakDbov(const FrameLevel& level);

// RFC 6464 §3 audio level: -dBov rounded to the nearest integer and clamped
// to 0 (loudest) .. 127 (silence).
uint8_t Rfc6464LevelFromDbov(double dbov);
inline uint8_t Rfc6464Level(const FrameLevel& level, size_t num_samples) {
  return Rfc6464LevelFromDbov(RmsDbov(level, num_samples));
}

// dBov (-127 .. 0) of a received RFC 6464 level; the field has 7 bits, so
// larger values (a caller that did not mask the V bit off) clamp to -127.
inline int DbovFromRfc6464Level(uint8_t level) { return level > 127 ? -127 : -level; }

}  // namespace chorus::mixer
