#pragma once

// FrameRepeatConcealer: packet loss concealment for codecs without their own
// (G.711, G.722). During a loss it replays the last 20 ms of good audio with
// a gain falling linearly to zero over 60 ms, then silence; the first good
// frame after a loss is cross-faded in over 2.5 ms so it does not click.
// Member of a decoder: same owner and thread. Buffers are sized at
// construction; nothing allocates afterwards.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chorus::media {

class FrameRepeatConcealer {
 public:
  static constexpr uint32_t kHistoryMs = 20;
  static constexpr uint32_t kFadeOutMs = 60;
  static constexpr uint32_t kCrossfadeUs = 2500;

  explicit FrameRepeatConcealer(uint32_t sample_rate_hz);

  // Records a good decoded frame; right after a loss, rewrites its first
  // samples as a cross-fade from the concealment. Call for every good frame.
  void OnGoodFrame(std::span<int16_t> pcm);

  // Fills `out` with concealment, continuing any loss already in progress.
  void Conceal(std::span<int16_t> out);

  void Reset();

  bool in_loss() const { return lost_samples_ > 0; }

 private:
  // Next concealment sample; advances the replay position and the fade.
  int16_t NextConcealed();

  std::vector<int16_t> history_;  // the most recent kHistoryMs of good audio
  size_t history_filled_ = 0;     // samples of real audio in history_ (tail)
  size_t fade_samples_;
  size_t crossfade_samples_;
  size_t replay_pos_ = 0;    // index in history_ of the next replayed sample
  size_t lost_samples_ = 0;  // concealed since the last good frame
};

}  // namespace chorus::media
