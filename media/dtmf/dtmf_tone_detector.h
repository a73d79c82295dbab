#pragma once

// DtmfToneDetector: in-band DTMF detection on 8 or 16 kHz PCM (for peers
// without RFC 4733), by Goertzel filters evaluated every 10 ms over the
// most recent samples. Acceptance follows ITU-T Q.24 style limits:
//   - frequency: each tone is measured over a window whose first spectral
//     null lies 6% off the nominal frequency, and must beat guard filters
//     at +-5%: tones within about 2.5% pass (Q.24: accept up to 1.5%),
//     tones 3.5% off fail (Q.24: reject beyond 3.5%);
//   - level: each tone at least kMinToneLevelDbfs;
//   - twist: kMaxForwardTwistDb / kMaxReverseTwistDb;
//   - tone-to-total energy: the two tones must carry most of the signal
//     energy (rejects noise and speech), and neither may have a strong
//     second harmonic (rejects voiced speech and music);
//   - timing: kMinToneHops consecutive detections (a tone of 40 ms passes,
//     20 ms does not), and a digit ends, and is reported with its
//     duration, after kPauseHops evaluations without it (dropouts shorter
//     than that are bridged; a new digit needs that pause first).
//
// Owned by the stream on its media worker; buffers are allocated at
// creation, Process() allocates nothing.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chorus::media {

struct DtmfToneEvent {
  char digit = '\0';
  uint32_t duration_ms = 0;
};

class DtmfToneDetector {
 public:
  static constexpr int kHopMs = 10;
  static constexpr int kMinToneHops = 3;  // with ~15 ms windows: tones >= 40 ms
  static constexpr int kPauseHops = 3;    // 30 ms without the tone ends it
  static constexpr double kMinToneLevelDbfs = -36;
  // Twist = high-group level minus low-group level. Forward twist (high
  // group stronger) is limited to 4 dB, reverse twist (low group
  // stronger, the usual result of line loss at high frequencies) to 8 dB.
  static constexpr double kMaxForwardTwistDb = 4;
  static constexpr double kMaxReverseTwistDb = 8;
  // Tone powers measured over short windows wobble by a few tenths of a
  // dB with phase; twist at the limits above must still pass.
  static constexpr double kTwistMarginDb = 1;
  // Share of the signal power the two tones must carry.
  static constexpr double kMinToneEnergyRatio = 0.6;
  // Second harmonic of each tone at most this far below the tone.
  static constexpr double kMaxSecondHarmonicDb = -10;

  // sample_rate_hz: 8000 or 16000 (other rates from 8000 up work too).
  explicit DtmfToneDetector(uint32_t sample_rate_hz);

  // Feeds up to 20 ms of audio. Returns a digit once its tone has ended.
  std::optional<DtmfToneEvent> Process(std::span<const int16_t> frame);
  void Reset();

 private:
  struct Filter {
    int window = 0;   // samples
    float coeff = 0;  // 2 cos(w)
  };
  struct Tone {
    Filter nominal;
    Filter guard_low;
    Filter guard_high;
    Filter harmonic;
  };

  // Power of a sinusoid matching `f` over the last f.window samples, as
  // mean power (A^2 / 2 for amplitude A).
  float Power(const Filter& f) const;
  float MeanSquare(int window) const;
  // Digit heard in the window ending now, or '\0'.
  char Evaluate() const;
  std::optional<DtmfToneEvent> Step(char candidate);

  uint32_t sample_rate_hz_;
  int hop_samples_;
  std::array<Tone, 4> rows_;
  std::array<Tone, 4> columns_;
  int energy_window_ = 0;
  int history_size_ = 0;
  // Mirrored ring: sample i is stored at i and i + history_size_, so the
  // last n samples are always contiguous.
  std::vector<float> history_;
  int write_ = 0;
  int hop_fill_ = 0;

  // Detection state, in hops.
  int64_t hop_index_ = 0;
  char run_digit_ = '\0';
  int run_hops_ = 0;
  char active_digit_ = '\0';
  int64_t first_hit_hop_ = 0;
  int64_t last_hit_hop_ = 0;
  int miss_hops_ = 0;
};

}  // namespace chorus::media
