// Scenarios (RFC 6716 Opus, RFC 7587 RTP payload):
// - 48 kHz mono, 20 ms = 960 samples = 960 RTP units; 10/40/60 ms frames
//   give packets whose TOC says so (PayloadSamples).
// - A 1 kHz tone at -10 dBFS round-trips with its level and shape once the
//   encoder look-ahead is removed by cross-correlation alignment.
// - DTX (RFC 7587 usedtx) makes silence cost at most 2 bytes a frame.
// - maxplaybackrate maps to libopus bandwidths NB/MB/WB/SWB/FB; options
//   outside libopus's ranges are refused with a message naming the field.
// - Run-time bitrate and loss changes are validated.

#include "media/codec/opus_audio_encoder.h"

#include <gtest/gtest.h>
#include <opus.h>

#include <vector>

#include "media/codec/opus_audio_decoder.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

TEST(OpusAudioEncoderTest, FrameGeometry) {
  for (uint32_t ms : {10u, 20u, 40u, 60u}) {
    auto enc = OpusAudioEncoder::Create(ms, {});
    ASSERT_TRUE(enc) << ms;
    EXPECT_EQ((*enc)->frame_samples(), 48u * ms);
    EXPECT_EQ((*enc)->frame_rtp_units(), 48u * ms);
    std::vector<int16_t> tone = testing::MakeTone(48000, 440, -10, 48 * ms);
    std::vector<uint8_t> payload((*enc)->max_payload_bytes());
    auto bytes = (*enc)->Encode(tone, payload);
    ASSERT_TRUE(bytes);
    auto dec = OpusAudioDecoder::Create();
    ASSERT_TRUE(dec);
    EXPECT_EQ((*dec)->PayloadSamples(std::span<const uint8_t>(payload).first(*bytes)).value(),
              48u * ms);
  }
  EXPECT_FALSE(OpusAudioEncoder::Create(30, {}));
}

TEST(OpusAudioEncoderTest, ToneSurvivesAfterAlignment) {
  auto enc = OpusAudioEncoder::Create(20, {});
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(enc && dec);
  std::vector<int16_t> tone = testing::MakeTone(48000, 1000, -10, 48000);
  std::vector<int16_t> out;
  std::vector<uint8_t> payload((*enc)->max_payload_bytes());
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  for (size_t pos = 0; pos + 960 <= tone.size(); pos += 960) {
    auto bytes = (*enc)->Encode(std::span<const int16_t>(tone).subspan(pos, 960), payload);
    ASSERT_TRUE(bytes);
    EXPECT_GT(*bytes, 2u);
    auto n = (*dec)->Decode(std::span<const uint8_t>(payload).first(*bytes), pcm);
    ASSERT_TRUE(n);
    out.insert(out.end(), pcm.begin(), pcm.begin() + *n);
  }
  ASSERT_EQ(out.size(), tone.size());
  size_t lag = testing::FindDelay(tone, out, 4800, 9600, 1000);
  // A tone's correlation repeats every period (48 samples), so the lag found
  // is the codec delay modulo one period.
  EXPECT_NEAR(static_cast<double>(lag % 48), (*enc)->lookahead_samples() % 48, 6);
  double snr = testing::SnrDb(tone, out, lag, 4800, 38400);
  EXPECT_GE(snr, 25.0) << "lag " << lag;
  EXPECT_NEAR(testing::RmsDbfs(std::span<const int16_t>(out).subspan(4800 + lag, 38400)), -10.0,
              1.0);
}

TEST(OpusAudioEncoderTest, DtxShrinksSilence) {
  OpusEncoderOptions options;
  options.dtx = true;
  auto enc = OpusAudioEncoder::Create(20, options);
  ASSERT_TRUE(enc);
  std::vector<int16_t> silence(960, 0);
  std::vector<uint8_t> payload((*enc)->max_payload_bytes());
  size_t tiny = 0;
  for (int i = 0; i < 50; ++i) {
    auto bytes = (*enc)->Encode(silence, payload);
    ASSERT_TRUE(bytes);
    if (AudioEncoder::IsDtxPayload(*bytes)) {
      ++tiny;
      EXPECT_EQ(*bytes, 1u);  // libopus 1.3: the TOC byte alone
    }
  }
  EXPECT_GE(tiny, 30u);  // after the first few hundred ms of silence
  // Without DTX, silence still costs real frames.
  auto plain = OpusAudioEncoder::Create(20, {});
  ASSERT_TRUE(plain);
  for (int i = 0; i < 50; ++i) {
    auto bytes = (*plain)->Encode(silence, payload);
    ASSERT_TRUE(bytes);
    EXPECT_FALSE(AudioEncoder::IsDtxPayload(*bytes));
  }
}

TEST(OpusAudioEncoderTest, BandwidthFromMaxPlaybackRate) {
  EXPECT_EQ(OpusBandwidthForPlaybackRate(8000), OPUS_BANDWIDTH_NARROWBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(12000), OPUS_BANDWIDTH_MEDIUMBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(16000), OPUS_BANDWIDTH_WIDEBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(24000), OPUS_BANDWIDTH_SUPERWIDEBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(32000), OPUS_BANDWIDTH_SUPERWIDEBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(48000), OPUS_BANDWIDTH_FULLBAND);
  EXPECT_EQ(OpusBandwidthForPlaybackRate(4000), OPUS_BANDWIDTH_NARROWBAND);

  // A narrowband peer gets narrowband packets (TOC bandwidth, RFC 6716 3.1).
  OpusEncoderOptions options;
  options.max_playback_rate_hz = 8000;
  auto enc = OpusAudioEncoder::Create(20, options);
  ASSERT_TRUE(enc);
  std::vector<int16_t> speech = testing::MakeSpeechLike(48000, 960 * 10);
  std::vector<uint8_t> payload((*enc)->max_payload_bytes());
  for (size_t pos = 0; pos < speech.size(); pos += 960) {
    auto bytes = (*enc)->Encode(std::span<const int16_t>(speech).subspan(pos, 960), payload);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(opus_packet_get_bandwidth(payload.data()), OPUS_BANDWIDTH_NARROWBAND);
  }
}

TEST(OpusAudioEncoderTest, RefusesBadOptions) {
  OpusEncoderOptions bad_bitrate;
  bad_bitrate.bitrate_bps = 1000;
  auto r = OpusAudioEncoder::Create(20, bad_bitrate);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bitrate"), std::string::npos);
  OpusEncoderOptions bad_complexity;
  bad_complexity.complexity = 11;
  EXPECT_FALSE(OpusAudioEncoder::Create(20, bad_complexity));
  OpusEncoderOptions bad_loss;
  bad_loss.expected_loss_percent = 101;
  EXPECT_FALSE(OpusAudioEncoder::Create(20, bad_loss));

  auto enc = OpusAudioEncoder::Create(20, {});
  ASSERT_TRUE(enc);
  EXPECT_TRUE((*enc)->SetBitrate(64000));
  EXPECT_FALSE((*enc)->SetBitrate(600000));
  EXPECT_TRUE((*enc)->SetExpectedLossPercent(10));
  EXPECT_FALSE((*enc)->SetExpectedLossPercent(-1));
  std::vector<int16_t> short_frame(959);
  std::vector<uint8_t> payload(100);
  EXPECT_FALSE((*enc)->Encode(short_frame, payload));
}

}  // namespace
}  // namespace chorus::media
