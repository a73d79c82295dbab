// Scenarios (concealment for G.711 / G.722, cf. G.711 Appendix I's aim of
// hiding a lost frame without clicks):
// - Before any good audio, concealment is silence.
// - A loss replays the last 20 ms of good audio at a gain falling linearly to
//   zero over 60 ms, then silence, across any number of Conceal calls.
// - The first good frame after a loss is cross-faded in: no sample jump
//   larger than the signal's own steps.
// - Reset() forgets the history.

#include "media/codec/frame_repeat_concealer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

TEST(FrameRepeatConcealerTest, SilenceWithoutHistory) {
  FrameRepeatConcealer plc(8000);
  std::vector<int16_t> out(160, 123);
  plc.Conceal(out);
  for (int16_t v : out) EXPECT_EQ(v, 0);
}

TEST(FrameRepeatConcealerTest, ReplaysWithDecayThenSilence) {
  FrameRepeatConcealer plc(8000);
  std::vector<int16_t> good = testing::MakeTone(8000, 400, -6, 160);
  plc.OnGoodFrame(good);
  // 80 ms of loss in 10 ms pieces: 60 ms of fading replay, then silence.
  std::vector<int16_t> concealed(640);
  for (size_t i = 0; i < 8; ++i) {
    plc.Conceal(std::span<int16_t>(concealed).subspan(i * 80, 80));
  }
  EXPECT_TRUE(plc.in_loss());
  // First sample replays the start of the last 20 ms at (almost) full gain.
  EXPECT_NEAR(concealed[0], good[0], 1);
  // Each 20 ms block is the good frame under a falling gain.
  double rms_good = testing::Rms(good);
  double r1 = testing::Rms(std::span<const int16_t>(concealed).subspan(0, 160));
  double r2 = testing::Rms(std::span<const int16_t>(concealed).subspan(160, 160));
  double r3 = testing::Rms(std::span<const int16_t>(concealed).subspan(320, 160));
  EXPECT_GT(r1, 0.7 * rms_good);
  EXPECT_LT(r2, r1);
  EXPECT_LT(r3, r2);
  EXPECT_GT(r3, 0);
  for (size_t i = 480; i < 640; ++i) EXPECT_EQ(concealed[i], 0) << i;
  // Sample 170 replays good[10] at gain (480 - 170) / 480.
  EXPECT_NEAR(concealed[170], good[10] * (480.0 - 170) / 480, 1.5);
}

TEST(FrameRepeatConcealerTest, CrossFadesBackIn) {
  FrameRepeatConcealer plc(8000);
  std::vector<int16_t> tone = testing::MakeTone(8000, 300, -6, 8000);
  std::span<int16_t> all(tone);
  plc.OnGoodFrame(all.subspan(0, 160));
  std::vector<int16_t> out(160);
  plc.Conceal(out);  // frame 1 lost
  std::vector<int16_t> next(all.begin() + 320, all.begin() + 480);
  plc.OnGoodFrame(next);
  EXPECT_FALSE(plc.in_loss());
  // The boundary between concealment and the new frame has no jump bigger
  // than a 300 Hz tone's largest step plus the fade's own.
  int max_step = 0;
  for (size_t i = 1; i < 160; ++i) max_step = std::max(max_step, std::abs(tone[i] - tone[i - 1]));
  EXPECT_LE(std::abs(next[0] - out[159]), 2 * max_step + 200);
  // After the cross-fade the good frame is untouched.
  for (size_t i = 20; i < 160; ++i) EXPECT_EQ(next[i], tone[320 + i]);
}

TEST(FrameRepeatConcealerTest, ShortFramesBuildHistory) {
  FrameRepeatConcealer plc(16000);
  std::vector<int16_t> tone = testing::MakeTone(16000, 500, -6, 320);
  plc.OnGoodFrame(std::span<int16_t>(tone).subspan(0, 160));  // two 10 ms frames
  plc.OnGoodFrame(std::span<int16_t>(tone).subspan(160, 160));
  std::vector<int16_t> out(4);
  plc.Conceal(out);
  EXPECT_NEAR(out[0], tone[0], 1);
  EXPECT_NEAR(out[1], tone[1] * 959.0 / 960, 1);  // 60 ms fade at 16 kHz
}

TEST(FrameRepeatConcealerTest, ResetForgets) {
  FrameRepeatConcealer plc(8000);
  std::vector<int16_t> tone = testing::MakeTone(8000, 400, -6, 160);
  plc.OnGoodFrame(tone);
  plc.Reset();
  std::vector<int16_t> out(160, 1);
  plc.Conceal(out);
  for (int16_t v : out) EXPECT_EQ(v, 0);
}

}  // namespace
}  // namespace chorus::media
