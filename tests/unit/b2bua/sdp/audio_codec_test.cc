// Scenarios for the codec table:
// - static payload types 0/8/9 are recognised without rtpmap (RFC 3551
//   table 4); dynamic ones by rtpmap name, rate and channels,
//   case-insensitively; an rtpmap on a static number wins over the table.
// - opus needs 48000 (RFC 7587 7) with 2, 1 or no channel count; G.722 on
//   PT 9 is recognised even with a 16000 rtpmap; unknown codecs are not.
// - specs and names for configuration; ptime clamping per codec.

#include "b2bua/sdp/audio_codec.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

SdpRtpmap Map(int pt, const char* enc, int rate, int channels = 0) {
  return SdpRtpmap{pt, enc, rate, channels};
}

TEST(AudioCodecTest, IdentifiesStaticAndDynamic) {
  EXPECT_EQ(IdentifyAudioCodec(0, std::nullopt), AudioCodec::kPcmu);
  EXPECT_EQ(IdentifyAudioCodec(8, std::nullopt), AudioCodec::kPcma);
  EXPECT_EQ(IdentifyAudioCodec(9, std::nullopt), AudioCodec::kG722);
  EXPECT_FALSE(IdentifyAudioCodec(18, std::nullopt));
  EXPECT_FALSE(IdentifyAudioCodec(111, std::nullopt));
  EXPECT_EQ(IdentifyAudioCodec(111, Map(111, "OPUS", 48000, 2)), AudioCodec::kOpus);
  EXPECT_EQ(IdentifyAudioCodec(96, Map(96, "opus", 48000)), AudioCodec::kOpus);
  EXPECT_EQ(IdentifyAudioCodec(96, Map(96, "opus", 48000, 1)), AudioCodec::kOpus);
  EXPECT_FALSE(IdentifyAudioCodec(96, Map(96, "opus", 16000)));
  EXPECT_EQ(IdentifyAudioCodec(97, Map(97, "pcmu", 8000)), AudioCodec::kPcmu);
  EXPECT_FALSE(IdentifyAudioCodec(97, Map(97, "PCMU", 16000)));
  EXPECT_FALSE(IdentifyAudioCodec(97, Map(97, "PCMU", 8000, 2)));
  EXPECT_EQ(IdentifyAudioCodec(9, Map(9, "G722", 16000)), AudioCodec::kG722);
  EXPECT_FALSE(IdentifyAudioCodec(100, Map(100, "G722", 16000)));
  EXPECT_EQ(IdentifyAudioCodec(0, Map(0, "PCMA", 8000)), AudioCodec::kPcma);
  EXPECT_FALSE(IdentifyAudioCodec(0, Map(0, "iLBC", 8000)));
  EXPECT_FALSE(IdentifyAudioCodec(101, Map(101, "telephone-event", 8000)));
}

TEST(AudioCodecTest, NamesAndSpecs) {
  EXPECT_EQ(AudioCodecSpec(AudioCodec::kOpus), "opus/48000/2");
  EXPECT_EQ(AudioCodecSpec(AudioCodec::kG722), "G722/8000");
  EXPECT_EQ(ParseAudioCodec("Opus").value(), AudioCodec::kOpus);
  EXPECT_EQ(ParseAudioCodec("pcma/8000").value(), AudioCodec::kPcma);
  auto bad = ParseAudioCodec("GSM");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "unknown audio codec 'GSM' (known: opus, G722, PCMU, PCMA)");
}

TEST(AudioCodecTest, ClampsPtime) {
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kOpus, 20), 20);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kOpus, 30), 20);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kOpus, 5), 10);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kOpus, 120), 60);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kPcmu, 30), 30);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kPcma, 25), 20);
  EXPECT_EQ(ClampPtimeMs(AudioCodec::kG722, 1000), 60);
}

}  // namespace
}  // namespace chorus::b2bua
