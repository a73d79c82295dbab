// Scenarios:
// - The table matches RFC 3551 table 4 (PCMU 0, PCMA 8, G722 9, all 8000 Hz
//   RTP clock) and RFC 7587 7 (opus/48000/2, dynamic payload type).
// - G.722 runs 16 kHz audio on an 8 kHz RTP clock (RFC 3551 4.5.2): a 20 ms
//   frame is 320 samples but 160 timestamp units.
// - Lookup by rtpmap name is case-insensitive and checks the clock rate.
// - Allowed ptimes: 10..60 ms for G.711/G.722, 10/20/40/60 for Opus.

#include "media/codec/codec_info.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

TEST(CodecInfoTest, StaticPayloadTypesAndRates) {
  EXPECT_EQ(GetCodecInfo(CodecId::kPcmu).static_payload_type, 0);
  EXPECT_EQ(GetCodecInfo(CodecId::kPcma).static_payload_type, 8);
  EXPECT_EQ(GetCodecInfo(CodecId::kG722).static_payload_type, 9);
  EXPECT_FALSE(GetCodecInfo(CodecId::kOpus).static_payload_type.has_value());
  EXPECT_EQ(GetCodecInfo(CodecId::kOpus).rtp_clock_rate_hz, 48000u);
  EXPECT_EQ(GetCodecInfo(CodecId::kOpus).sdp_channels, 2);
  for (const CodecInfo& info : AllCodecs()) {
    EXPECT_EQ(&GetCodecInfo(info.id), &info);
    EXPECT_EQ(info.default_frame_ms, 20);
  }
}

TEST(CodecInfoTest, G722ClockIsHalfTheSampleRate) {
  const CodecInfo& g722 = GetCodecInfo(CodecId::kG722);
  EXPECT_EQ(g722.rtp_clock_rate_hz, 8000u);
  EXPECT_EQ(g722.sample_rate_hz, 16000u);
  EXPECT_EQ(g722.FrameSamples(20), 320u);
  EXPECT_EQ(g722.SamplesToRtpUnits(320), 160u);
  EXPECT_EQ(GetCodecInfo(CodecId::kPcmu).SamplesToRtpUnits(160), 160u);
  EXPECT_EQ(GetCodecInfo(CodecId::kOpus).SamplesToRtpUnits(960), 960u);
}

TEST(CodecInfoTest, FindByNameAndClock) {
  EXPECT_EQ(FindCodec("PCMU", 8000), CodecId::kPcmu);
  EXPECT_EQ(FindCodec("pcma", 8000), CodecId::kPcma);
  EXPECT_EQ(FindCodec("g722", 8000), CodecId::kG722);
  EXPECT_EQ(FindCodec("OPUS", 48000), CodecId::kOpus);
  EXPECT_FALSE(FindCodec("opus", 16000).has_value());
  EXPECT_FALSE(FindCodec("G722", 16000).has_value());
  EXPECT_FALSE(FindCodec("PCM", 8000).has_value());
  EXPECT_FALSE(FindCodec("", 8000).has_value());
  EXPECT_EQ(CodecLabel(CodecId::kG722), "g722");
}

TEST(CodecInfoTest, AllowedFrameSizes) {
  EXPECT_TRUE(GetCodecInfo(CodecId::kPcmu).AllowsFrameMs(30));
  EXPECT_FALSE(GetCodecInfo(CodecId::kPcmu).AllowsFrameMs(25));
  EXPECT_TRUE(GetCodecInfo(CodecId::kOpus).AllowsFrameMs(40));
  EXPECT_FALSE(GetCodecInfo(CodecId::kOpus).AllowsFrameMs(30));
}

}  // namespace
}  // namespace chorus::media
