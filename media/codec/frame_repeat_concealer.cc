#include "media/codec/frame_repeat_concealer.h"

#include <algorithm>
#include <cstring>

#include "media/base/check.h"

namespace chorus::media {

FrameRepeatConcealer::FrameRepeatConcealer(uint32_t sample_rate_hz)
    : history_(sample_rate_hz / 1000 * kHistoryMs, 0),
      fade_samples_(sample_rate_hz / 1000 * kFadeOutMs),
      crossfade_samples_(sample_rate_hz / 1000 * kCrossfadeUs / 1000) {
  CHORUS_CHECK(!history_.empty() && crossfade_samples_ > 0);
}

void FrameRepeatConcealer::Reset() {
  std::fill(history_.begin(), history_.end(), int16_t{0});
  history_filled_ = 0;
  replay_pos_ = 0;
  lost_samples_ = 0;
}

int16_t FrameRepeatConcealer::NextConcealed() {
  if (lost_samples_ >= fade_samples_) return 0;
  // Gain falls linearly from 1 to 0 across the fade (Q15).
  int32_t gain_q15 = static_cast<int32_t>((fade_samples_ - lost_samples_) * 32768 / fade_samples_);
  int32_t sample = history_[replay_pos_];
  if (++replay_pos_ == history_.size()) replay_pos_ = history_.size() - history_filled_;
  ++lost_samples_;
  return static_cast<int16_t>((sample * gain_q15) >> 15);
}

void FrameRepeatConcealer::Conceal(std::span<int16_t> out) {
  if (lost_samples_ == 0) {
    // Replay only real audio: before the first good frame history_ holds
    // zeros at its head, which would be a needless dip.
    replay_pos_ = history_filled_ == 0 ? 0 : history_.size() - history_filled_;
  }
  if (history_filled_ == 0) {
    std::fill(out.begin(), out.end(), int16_t{0});
    lost_samples_ += out.size();
    return;
  }
  for (int16_t& sample : out) sample = NextConcealed();
}

void FrameRepeatConcealer::OnGoodFrame(std::span<int16_t> pcm) {
  if (lost_samples_ > 0 && history_filled_ > 0) {
    size_t n = std::min(crossfade_samples_, pcm.size());
    for (size_t i = 0; i < n; ++i) {
      int32_t concealed = NextConcealed();
      int32_t good = pcm[i];
      int32_t weight = static_cast<int32_t>(i);
      int32_t total = static_cast<int32_t>(crossfade_samples_);
      pcm[i] = static_cast<int16_t>((good * weight + concealed * (total - weight)) / total);
    }
  }
  lost_samples_ = 0;

  size_t size = history_.size();
  if (pcm.size() >= size) {
    std::memcpy(history_.data(), pcm.data() + pcm.size() - size, size * sizeof(int16_t));
  } else {
    std::memmove(history_.data(), history_.data() + pcm.size(),
                 (size - pcm.size()) * sizeof(int16_t));
    std::memcpy(history_.data() + size - pcm.size(), pcm.data(), pcm.size() * sizeof(int16_t));
  }
  history_filled_ = std::min(size, history_filled_ + pcm.size());
}

}  // namespace chorus::media
