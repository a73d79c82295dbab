// Scenarios (RFC 3551 4.5.14 PCMU/PCMA over G.711):
// - Encoder takes exactly one ptime of 8 kHz samples, writes one octet per
//   sample; a 1 kHz tone at -10 dBFS survives encode/decode at >= 35 dB SNR.
// - Wrong frame sizes, short output buffers and empty payloads are errors
//   naming the codec, never crashes.
// - PayloadSamples is the payload length; Conceal replays then fades.
// - Unsupported ptimes and non-G.711 ids are refused at creation.

#include "media/codec/g711_codec.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

class G711CodecTest : public ::testing::TestWithParam<CodecId> {};

TEST_P(G711CodecTest, ToneRoundTrip) {
  auto enc = G711Encoder::Create(GetParam(), 20);
  auto dec = G711Decoder::Create(GetParam());
  ASSERT_TRUE(enc && dec);
  EXPECT_EQ((*enc)->frame_samples(), 160u);
  EXPECT_EQ((*enc)->frame_rtp_units(), 160u);
  std::vector<int16_t> tone = testing::MakeTone(8000, 1000, -10, 1600);
  std::vector<int16_t> decoded(tone.size());
  std::vector<uint8_t> payload((*enc)->max_payload_bytes());
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  for (size_t f = 0; f < 10; ++f) {
    auto bytes = (*enc)->Encode(std::span<const int16_t>(tone).subspan(f * 160, 160), payload);
    ASSERT_TRUE(bytes);
    ASSERT_EQ(*bytes, 160u);
    auto samples = (*dec)->Decode(std::span<const uint8_t>(payload).first(*bytes), pcm);
    ASSERT_TRUE(samples);
    ASSERT_EQ(*samples, 160u);
    std::copy(pcm.begin(), pcm.begin() + 160, decoded.begin() + f * 160);
  }
  EXPECT_GE(testing::SnrDb(tone, decoded, 0, 0, tone.size()), 35.0);
}

TEST_P(G711CodecTest, BadSizesAreErrors) {
  auto enc = G711Encoder::Create(GetParam(), 20);
  auto dec = G711Decoder::Create(GetParam());
  ASSERT_TRUE(enc && dec);
  std::vector<int16_t> pcm(159);
  std::vector<uint8_t> out(160);
  auto r = (*enc)->Encode(pcm, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find(GetCodecInfo(GetParam()).encoding_name), std::string::npos);
  std::vector<int16_t> frame(160);
  EXPECT_FALSE((*enc)->Encode(frame, std::span<uint8_t>(out).first(100)));

  std::vector<int16_t> small(10);
  std::vector<uint8_t> payload(160, 0x55);
  EXPECT_FALSE((*dec)->Decode(payload, small));
  auto empty = (*dec)->Decode({}, frame);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kParse);
  EXPECT_FALSE((*dec)->PayloadSamples({}));
  EXPECT_EQ((*dec)->PayloadSamples(payload).value(), 160u);
  EXPECT_FALSE((*dec)->Conceal(20, small));
}

TEST_P(G711CodecTest, ConcealAfterLoss) {
  auto enc = G711Encoder::Create(GetParam(), 20);
  auto dec = G711Decoder::Create(GetParam());
  ASSERT_TRUE(enc && dec);
  std::vector<int16_t> tone = testing::MakeTone(8000, 500, -10, 160);
  std::vector<uint8_t> payload(160);
  ASSERT_TRUE((*enc)->Encode(tone, payload));
  std::vector<int16_t> pcm(160);
  ASSERT_TRUE((*dec)->Decode(payload, pcm));
  std::vector<int16_t> lost(160);
  ASSERT_EQ((*dec)->Conceal(160, lost).value(), 160u);
  EXPECT_GT(testing::Rms(lost), 0.5 * testing::Rms(pcm));
  EXPECT_FALSE((*dec)->SupportsFec());
  // Without FEC, DecodeFec conceals.
  ASSERT_EQ((*dec)->DecodeFec(payload, 160, lost).value(), 160u);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*dec)->Conceal(160, lost));
  EXPECT_EQ(testing::Rms(lost), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Laws, G711CodecTest, ::testing::Values(CodecId::kPcmu, CodecId::kPcma));

TEST(G711CodecCreateTest, RefusesBadArguments) {
  EXPECT_FALSE(G711Encoder::Create(CodecId::kPcmu, 25));
  EXPECT_FALSE(G711Encoder::Create(CodecId::kOpus, 20));
  EXPECT_FALSE(G711Decoder::Create(CodecId::kG722));
  auto enc = G711Encoder::Create(CodecId::kPcma, 60);
  ASSERT_TRUE(enc);
  EXPECT_EQ((*enc)->frame_samples(), 480u);
}

}  // namespace
}  // namespace chorus::media
