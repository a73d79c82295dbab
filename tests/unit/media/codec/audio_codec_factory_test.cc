// Scenarios:
// - CreateAudioEncoder/CreateAudioDecoder build every codec in the table
//   with its default ptime, reporting the codec's own rates.
// - An encoder and decoder from the factory interoperate (encode then
//   PayloadSamples/Decode give one frame back).
// - A ptime the codec does not allow is refused with kUnsupported.
// - Per-packet calls (Encode, PayloadSamples, Decode, Conceal, DecodeFec)
//   make no C++ heap allocation (STYLE.md 2), for every codec.

#include "media/codec/audio_codec_factory.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/media/testing/allocation_counter.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

TEST(AudioCodecFactoryTest, BuildsEveryCodec) {
  for (const CodecInfo& info : AllCodecs()) {
    EncoderConfig config;
    config.codec = info.id;
    config.frame_ms = info.default_frame_ms;
    auto enc = CreateAudioEncoder(config);
    auto dec = CreateAudioDecoder(info.id);
    ASSERT_TRUE(enc) << info.encoding_name;
    ASSERT_TRUE(dec) << info.encoding_name;
    EXPECT_EQ((*enc)->codec(), info.id);
    EXPECT_EQ((*dec)->codec(), info.id);
    EXPECT_EQ((*enc)->sample_rate_hz(), info.sample_rate_hz);
    EXPECT_EQ((*dec)->sample_rate_hz(), info.sample_rate_hz);

    std::vector<int16_t> tone =
        testing::MakeTone(info.sample_rate_hz, 800, -12, (*enc)->frame_samples());
    std::vector<uint8_t> payload((*enc)->max_payload_bytes());
    auto bytes = (*enc)->Encode(tone, payload);
    ASSERT_TRUE(bytes) << info.encoding_name;
    std::span<const uint8_t> p = std::span<const uint8_t>(payload).first(*bytes);
    EXPECT_EQ((*dec)->PayloadSamples(p).value(), (*enc)->frame_samples());
    std::vector<int16_t> pcm((*dec)->max_frame_samples());
    EXPECT_EQ((*dec)->Decode(p, pcm).value(), (*enc)->frame_samples());
  }
}

TEST(AudioCodecFactoryTest, RefusesUnsupportedPtime) {
  EncoderConfig config;
  config.codec = CodecId::kG722;
  config.frame_ms = 7;
  auto enc = CreateAudioEncoder(config);
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(enc.error().message.find("ptime"), std::string::npos);
}

TEST(AudioCodecFactoryTest, PerPacketCallsDoNotAllocate) {
  for (const CodecInfo& info : AllCodecs()) {
    EncoderConfig config;
    config.codec = info.id;
    config.opus.inband_fec = true;
    config.opus.expected_loss_percent = 10;
    auto enc = CreateAudioEncoder(config);
    auto dec = CreateAudioDecoder(info.id);
    ASSERT_TRUE(enc && dec);
    size_t n = (*enc)->frame_samples();
    std::vector<int16_t> speech = testing::MakeSpeechLike(info.sample_rate_hz, n * 20);
    std::vector<uint8_t> payload((*enc)->max_payload_bytes());
    std::vector<int16_t> pcm((*dec)->max_frame_samples());
    testing::AllocationScope scope;
    for (size_t f = 0; f < 20; ++f) {
      auto bytes = (*enc)->Encode(std::span<const int16_t>(speech).subspan(f * n, n), payload);
      ASSERT_TRUE(bytes);
      std::span<const uint8_t> p = std::span<const uint8_t>(payload).first(*bytes);
      ASSERT_TRUE((*dec)->PayloadSamples(p));
      if (f % 5 == 4) {
        ASSERT_TRUE((*dec)->Conceal(n, pcm));
        ASSERT_TRUE((*dec)->DecodeFec(p, n, pcm));
      }
      ASSERT_TRUE((*dec)->Decode(p, pcm));
    }
    EXPECT_EQ(scope.count(), 0) << info.encoding_name;
  }
}

}  // namespace
}  // namespace chorus::media
