// Scenarios (RFC 3551 4.5.2, G.722 64 kbit/s via spandsp):
// - A 20 ms frame is 320 samples at 16 kHz, 160 octets, 160 RTP units.
// - A 1 kHz tone at -10 dBFS round-trips with good SNR once the codec's QMF
//   delay is removed by cross-correlation alignment.
// - PayloadSamples is twice the payload length; bad sizes and empty payloads
//   are errors; any octets decode (every code word is valid) without crashing.
// - Conceal replays then fades; Reset restarts the ADPCM state.

#include "media/codec/g722_codec.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

std::vector<int16_t> RoundTrip(G722Encoder& enc, G722Decoder& dec, const std::vector<int16_t>& in) {
  std::vector<int16_t> out;
  std::vector<uint8_t> payload(enc.max_payload_bytes());
  std::vector<int16_t> pcm(dec.max_frame_samples());
  for (size_t pos = 0; pos + 320 <= in.size(); pos += 320) {
    auto bytes = enc.Encode(std::span<const int16_t>(in).subspan(pos, 320), payload);
    EXPECT_TRUE(bytes);
    if (!bytes) break;
    EXPECT_EQ(*bytes, 160u);
    auto samples = dec.Decode(std::span<const uint8_t>(payload).first(*bytes), pcm);
    EXPECT_TRUE(samples);
    if (!samples) break;
    out.insert(out.end(), pcm.begin(), pcm.begin() + *samples);
  }
  return out;
}

TEST(G722CodecTest, FrameGeometry) {
  auto enc = G722Encoder::Create(20);
  ASSERT_TRUE(enc);
  EXPECT_EQ((*enc)->sample_rate_hz(), 16000u);
  EXPECT_EQ((*enc)->frame_samples(), 320u);
  EXPECT_EQ((*enc)->max_payload_bytes(), 160u);
  EXPECT_EQ((*enc)->frame_rtp_units(), 160u);
  EXPECT_FALSE(G722Encoder::Create(15));
}

TEST(G722CodecTest, ToneSnrAfterAlignment) {
  auto enc = G722Encoder::Create(20);
  auto dec = G722Decoder::Create();
  ASSERT_TRUE(enc && dec);
  std::vector<int16_t> tone = testing::MakeTone(16000, 1000, -10, 16000);
  std::vector<int16_t> out = RoundTrip(**enc, **dec, tone);
  ASSERT_EQ(out.size(), tone.size());
  size_t lag = testing::FindDelay(tone, out, 1600, 3200, 100);
  EXPECT_LT(lag, 60u);  // the QMF pair delays by a few ms at most
  double snr = testing::SnrDb(tone, out, lag, 1600, 12000);
  EXPECT_GE(snr, 40.0) << "lag " << lag;
}

TEST(G722CodecTest, PayloadChecks) {
  auto dec = G722Decoder::Create();
  ASSERT_TRUE(dec);
  std::vector<uint8_t> payload(160);
  EXPECT_EQ((*dec)->PayloadSamples(payload).value(), 320u);
  EXPECT_FALSE((*dec)->PayloadSamples({}));
  std::vector<int16_t> small(319);
  auto r = (*dec)->Decode(payload, small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("G722"), std::string::npos);
  EXPECT_FALSE((*dec)->Decode({}, small));
}

TEST(G722CodecTest, RandomOctetsDecode) {
  auto dec = G722Decoder::Create();
  ASSERT_TRUE(dec);
  std::mt19937 rng(7);
  std::vector<uint8_t> payload(160);
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  for (int i = 0; i < 50; ++i) {
    for (uint8_t& b : payload) b = static_cast<uint8_t>(rng());
    EXPECT_EQ((*dec)->Decode(payload, pcm).value(), 320u);
  }
}

TEST(G722CodecTest, ConcealAndReset) {
  auto enc = G722Encoder::Create(20);
  auto dec = G722Decoder::Create();
  ASSERT_TRUE(enc && dec);
  std::vector<int16_t> tone = testing::MakeTone(16000, 700, -10, 3200);
  std::vector<int16_t> out = RoundTrip(**enc, **dec, tone);
  std::vector<int16_t> lost(320);
  ASSERT_EQ((*dec)->Conceal(320, lost).value(), 320u);
  EXPECT_GT(testing::Rms(lost), 0.4 * testing::Rms(tone));
  // Same input after Reset gives the same output: no state survives.
  (*enc)->Reset();
  (*dec)->Reset();
  std::vector<int16_t> again = RoundTrip(**enc, **dec, tone);
  EXPECT_EQ(again, out);
}

}  // namespace
}  // namespace chorus::media
