// Scenarios (RFC 6716, libopus decoder):
// - PayloadSamples reads the TOC: 10/20/40/60 ms packets; an empty or
//   malformed packet is a kParse error, as is decoding one.
// - PLC (RFC 6716 4.4): after speech, a concealed frame is not silent and
//   successive concealed frames decay.
// - In-band FEC (RFC 6716 2.1.7, LBRR): with FEC on and loss expected, a
//   dropped frame recovered from the next packet is closer to the lossless
//   decode than plain PLC is.
// - Conceal/DecodeFec sizes must be multiples of 2.5 ms; random bytes never
//   crash the decoder.
// - A stereo stream (RFC 7587 allows the peer to send stereo) decodes to
//   mono at 48 kHz.

#include "media/codec/opus_audio_decoder.h"

#include <gtest/gtest.h>
#include <opus.h>

#include <random>
#include <vector>

#include "media/codec/opus_audio_encoder.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

std::vector<std::vector<uint8_t>> EncodeAll(OpusAudioEncoder& enc,
                                            const std::vector<int16_t>& pcm) {
  std::vector<std::vector<uint8_t>> packets;
  std::vector<uint8_t> payload(enc.max_payload_bytes());
  size_t n = enc.frame_samples();
  for (size_t pos = 0; pos + n <= pcm.size(); pos += n) {
    auto bytes = enc.Encode(std::span<const int16_t>(pcm).subspan(pos, n), payload);
    EXPECT_TRUE(bytes);
    if (!bytes) break;
    packets.emplace_back(payload.begin(), payload.begin() + *bytes);
  }
  return packets;
}

double ErrorEnergy(std::span<const int16_t> a, std::span<const int16_t> b) {
  double e = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    double d = static_cast<double>(a[i]) - b[i];
    e += d * d;
  }
  return e;
}

TEST(OpusAudioDecoderTest, RejectsMalformedPayloads) {
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(dec);
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  EXPECT_EQ((*dec)->PayloadSamples({}).error().code, ErrorCode::kParse);
  // Code 3 packet (RFC 6716 3.2.5) with a frame count of 0: invalid.
  std::vector<uint8_t> bad = {0x03, 0x00};
  auto samples = (*dec)->PayloadSamples(bad);
  ASSERT_FALSE(samples);
  EXPECT_NE(samples.error().message.find("Opus"), std::string::npos);
  EXPECT_FALSE((*dec)->Decode(bad, pcm));
  EXPECT_FALSE((*dec)->Decode({}, pcm));
  // A valid packet into a too-small buffer is refused, not truncated.
  auto enc = OpusAudioEncoder::Create(20, {});
  ASSERT_TRUE(enc);
  auto packets = EncodeAll(**enc, testing::MakeTone(48000, 440, -10, 960));
  ASSERT_EQ(packets.size(), 1u);
  std::vector<int16_t> small(480);
  EXPECT_EQ((*dec)->Decode(packets[0], small).error().code, ErrorCode::kInvalidArgument);
}

TEST(OpusAudioDecoderTest, RandomBytesNeverCrash) {
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(dec);
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> junk(1 + rng() % 200);
    for (uint8_t& b : junk) b = static_cast<uint8_t>(rng());
    auto n = (*dec)->PayloadSamples(junk);
    auto d = (*dec)->Decode(junk, pcm);
    if (d) {
      ASSERT_TRUE(n);
      EXPECT_EQ(*d, *n);
    }
  }
}

TEST(OpusAudioDecoderTest, PlcIsAudibleThenDecays) {
  auto enc = OpusAudioEncoder::Create(20, {});
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(enc && dec);
  auto packets = EncodeAll(**enc, testing::MakeSpeechLike(48000, 960 * 25));
  std::vector<int16_t> pcm((*dec)->max_frame_samples());
  double last_rms = 0;
  for (const auto& p : packets) {
    auto n = (*dec)->Decode(p, pcm);
    ASSERT_TRUE(n);
    last_rms = testing::Rms(std::span<const int16_t>(pcm).first(*n));
  }
  ASSERT_GT(last_rms, 500);
  std::vector<double> concealed_rms;
  for (int i = 0; i < 10; ++i) {
    auto n = (*dec)->Conceal(960, pcm);
    ASSERT_TRUE(n);
    ASSERT_EQ(*n, 960u);
    concealed_rms.push_back(testing::Rms(std::span<const int16_t>(pcm).first(960)));
  }
  EXPECT_GT(concealed_rms[0], 0.2 * last_rms);
  EXPECT_LT(concealed_rms[9], 0.5 * concealed_rms[0]);
  EXPECT_FALSE((*dec)->Conceal(100, pcm));  // not a multiple of 2.5 ms
  EXPECT_FALSE((*dec)->Conceal(0, pcm));
  EXPECT_FALSE((*dec)->Conceal(960, std::span<int16_t>(pcm).first(480)));
}

TEST(OpusAudioDecoderTest, FecBeatsPlc) {
  OpusEncoderOptions options;
  options.inband_fec = true;
  options.expected_loss_percent = 20;
  auto enc = OpusAudioEncoder::Create(20, options);
  ASSERT_TRUE(enc);
  auto packets = EncodeAll(**enc, testing::MakeSpeechLike(48000, 960 * 100));
  ASSERT_EQ(packets.size(), 100u);

  // Reference: everything received.
  auto ref_dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(ref_dec);
  std::vector<int16_t> frame(5760);
  std::vector<std::vector<int16_t>> reference;
  for (const auto& p : packets) {
    auto n = (*ref_dec)->Decode(p, frame);
    ASSERT_TRUE(n);
    reference.emplace_back(frame.begin(), frame.begin() + *n);
  }

  // Lose every 10th frame (from frame 20); recover it once by PLC, once by FEC.
  auto plc_dec = OpusAudioDecoder::Create();
  auto fec_dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(plc_dec && fec_dec);
  EXPECT_TRUE((*fec_dec)->SupportsFec());
  double plc_error = 0, fec_error = 0, lost_energy = 0;
  for (size_t i = 0; i < packets.size(); ++i) {
    bool lost = i >= 20 && i % 10 == 0 && i + 1 < packets.size();
    if (lost) {
      auto n1 = (*plc_dec)->Conceal(960, frame);
      ASSERT_TRUE(n1);
      plc_error += ErrorEnergy(reference[i], std::span<const int16_t>(frame).first(960));
      auto n2 = (*fec_dec)->DecodeFec(packets[i + 1], 960, frame);
      ASSERT_TRUE(n2);
      ASSERT_EQ(*n2, 960u);
      fec_error += ErrorEnergy(reference[i], std::span<const int16_t>(frame).first(960));
      lost_energy += ErrorEnergy(reference[i], std::vector<int16_t>(960, 0));
      continue;
    }
    ASSERT_TRUE((*plc_dec)->Decode(packets[i], frame));
    ASSERT_TRUE((*fec_dec)->Decode(packets[i], frame));
  }
  ASSERT_GT(lost_energy, 0);
  EXPECT_LT(fec_error, 0.5 * plc_error)
      << "fec/lost " << fec_error / lost_energy << " plc/lost " << plc_error / lost_energy;
  EXPECT_FALSE((*fec_dec)->DecodeFec(packets[1], 961, frame));
}

TEST(OpusAudioDecoderTest, StereoStreamDecodesToMono) {
  int err = 0;
  OpusEncoder* stereo = opus_encoder_create(48000, 2, OPUS_APPLICATION_AUDIO, &err);
  ASSERT_EQ(err, OPUS_OK);
  opus_encoder_ctl(stereo, OPUS_SET_FORCE_CHANNELS(2));
  std::vector<int16_t> mono = testing::MakeTone(48000, 700, -10, 960 * 10);
  std::vector<int16_t> interleaved(mono.size() * 2);
  for (size_t i = 0; i < mono.size(); ++i) interleaved[2 * i] = interleaved[2 * i + 1] = mono[i];
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(dec);
  std::vector<uint8_t> packet(1500);
  std::vector<int16_t> out((*dec)->max_frame_samples());
  double level = 0;
  for (int f = 0; f < 10; ++f) {
    int bytes = opus_encode(stereo, interleaved.data() + f * 1920, 960, packet.data(), 1500);
    ASSERT_GT(bytes, 0);
    EXPECT_EQ(opus_packet_get_nb_channels(packet.data()), 2);
    auto n = (*dec)->Decode(std::span<const uint8_t>(packet).first(bytes), out);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 960u);
    level = testing::RmsDbfs(std::span<const int16_t>(out).first(960));
  }
  opus_encoder_destroy(stereo);
  EXPECT_NEAR(level, -10.0, 1.5);
}

TEST(OpusAudioDecoderTest, ResetClearsState) {
  auto enc = OpusAudioEncoder::Create(20, {});
  ASSERT_TRUE(enc);
  auto packets = EncodeAll(**enc, testing::MakeSpeechLike(48000, 960 * 5));
  auto dec = OpusAudioDecoder::Create();
  ASSERT_TRUE(dec);
  std::vector<int16_t> a(960), b(960);
  ASSERT_TRUE((*dec)->Decode(packets[0], a));
  for (size_t i = 1; i < packets.size(); ++i) ASSERT_TRUE((*dec)->Decode(packets[i], b));
  (*dec)->Reset();
  ASSERT_TRUE((*dec)->Decode(packets[0], b));
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace chorus::media
