// Scenarios: ReceivePipeline on its own (payloads in, 20 ms frames out at
// the internal rate), time in hand:
// - before any packet, and for a payload type it does not know, it plays
//   silence; an empty payload or one the codec cannot size is refused
//   and counted as a decode error;
// - PCMU at 20 ms comes out as the same 1 kHz tone at 48 kHz (and at
//   16 kHz when that is the internal rate);
// - 60 ms Opus packets are decoded once per three ticks;
// - a lost PCMU packet is concealed (frame repeat); a lost Opus packet
//   whose successor carries in-band FEC is recovered from it (RFC 6716
//   2.1.7) and counted as FEC;
// - a sequence number marked as non-audio (an RFC 4733 event's) plays as
//   silence and is not concealed;
// - duplicates and late packets come back as such;
// - in-band DTMF is detected on PCMU (8 kHz directly) and on Opus (via
//   the 48 kHz -> 8 kHz resampler);
// - Reset() forgets the stream.

#include "media/stream/receive_pipeline.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/codec/audio_codec_factory.h"
#include "media/dtmf/dtmf_tone_generator.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

// `count` consecutive packets of a 1 kHz tone (or `pcm_source`'s audio).
std::vector<std::vector<uint8_t>> Encode(CodecId codec, uint32_t ptime_ms, int count,
                                         const std::vector<int16_t>* pcm_source = nullptr,
                                         OpusEncoderOptions opus = {}) {
  auto encoder = CreateAudioEncoder({codec, ptime_ms, opus}).value();
  const size_t frame = encoder->frame_samples();
  std::vector<std::vector<uint8_t>> out;
  for (int i = 0; i < count; ++i) {
    std::vector<int16_t> pcm =
        pcm_source ? std::vector<int16_t>(pcm_source->begin() + i * frame,
                                          pcm_source->begin() + (i + 1) * frame)
                   : MakeTone(encoder->sample_rate_hz(), 1000, -12, frame, i * frame);
    std::vector<uint8_t> payload(encoder->max_payload_bytes());
    payload.resize(encoder->Encode(pcm, payload).value());
    out.push_back(std::move(payload));
  }
  return out;
}

class Pipeline {
 public:
  explicit Pipeline(std::vector<ReceiveCodecConfig> codecs, uint32_t rate = 48000,
                    bool dtmf = false)
      : codecs_(std::move(codecs)) {
    ReceivePipelineOptions o;
    o.codecs = codecs_;
    o.internal_rate_hz = rate;
    o.inband_dtmf = dtmf;
    auto p = ReceivePipeline::Create(o);
    EXPECT_TRUE(p) << p.error().message;
    pipeline = std::move(p).value();
    frame.resize(pipeline->frame_samples());
  }

  ReceiveOutcome Put(uint8_t pt, uint16_t seq, uint32_t ts, const std::vector<uint8_t>& payload) {
    return pipeline->Put(pt, SeqNum(seq), RtpTimestamp(ts), false, payload, now_ms);
  }
  ReceivePull Pull() {
    ReceivePull r = pipeline->Pull(now_ms, frame);
    out.insert(out.end(), frame.begin(), frame.end());
    now_ms += 20;
    return r;
  }

  std::vector<ReceiveCodecConfig> codecs_;
  std::unique_ptr<ReceivePipeline> pipeline;
  std::vector<int16_t> frame;
  std::vector<int16_t> out;
  int64_t now_ms = 1000;
};

TEST(ReceivePipelineTest, SilenceUntilAudioAndRefusedPayloads) {
  Pipeline p({{0, CodecId::kPcmu}, {111, CodecId::kOpus}});
  EXPECT_EQ(p.frame.size(), 960u);
  p.Pull();
  EXPECT_EQ(Rms(p.out), 0);
  EXPECT_FALSE(p.pipeline->HandlesPayloadType(8));
  EXPECT_EQ(p.Put(8, 1, 0, {1, 2, 3}), ReceiveOutcome::kUnknownPayloadType);
  EXPECT_EQ(p.Put(0, 1, 0, {}), ReceiveOutcome::kBadPayload);
  EXPECT_EQ(p.Put(111, 1, 0, {0xFF, 0xFF}), ReceiveOutcome::kBadPayload);  // code 3, no count
  EXPECT_EQ(p.pipeline->stats().decode_errors, 1u);
}

TEST(ReceivePipelineTest, PcmuToneAtTheInternalRate) {
  for (uint32_t rate : {48000u, 16000u}) {
    Pipeline p({{0, CodecId::kPcmu}}, rate);
    auto packets = Encode(CodecId::kPcmu, 20, 30);
    for (int i = 0; i < 30; ++i) {
      EXPECT_EQ(p.Put(0, static_cast<uint16_t>(i), i * 160, packets[i]), ReceiveOutcome::kStored);
      const ReceivePull r = p.Pull();
      if (i > 5) {
        EXPECT_TRUE(r.decoded_audio);
      }
    }
    std::span<const int16_t> tail(p.out.data() + p.out.size() - rate / 5, rate / 5);
    EXPECT_NEAR(EstimateFrequency(tail, rate), 1000, 5) << rate;
    EXPECT_NEAR(RmsDbfs(tail), -12, 1) << rate;
  }
}

TEST(ReceivePipelineTest, SixtyMsOpusPacketsLastThreeTicks) {
  Pipeline p({{111, CodecId::kOpus}});
  auto packets = Encode(CodecId::kOpus, 60, 10);
  for (int i = 0; i < 10; ++i) {
    p.Put(111, static_cast<uint16_t>(i), i * 2880, packets[i]);
    for (int t = 0; t < 3; ++t) p.Pull();
  }
  EXPECT_GE(p.pipeline->stats().frames_decoded, 8u);
  std::span<const int16_t> tail(p.out.data() + p.out.size() - 9600, 9600);
  EXPECT_NEAR(EstimateFrequency(tail, 48000), 1000, 5);
}

TEST(ReceivePipelineTest, LossIsConcealedOrRecoveredByFec) {
  Pipeline pcmu({{0, CodecId::kPcmu}});
  auto packets = Encode(CodecId::kPcmu, 20, 20);
  for (int i = 0; i < 20; ++i) {
    if (i != 10) pcmu.Put(0, static_cast<uint16_t>(i), i * 160, packets[i]);
    pcmu.Pull();
  }
  EXPECT_EQ(pcmu.pipeline->stats().frames_concealed, 1u);
  EXPECT_EQ(pcmu.pipeline->stats().frames_fec, 0u);

  Pipeline opus({{111, CodecId::kOpus}});
  auto fec = Encode(CodecId::kOpus, 20, 20, nullptr,
                    {.bitrate_bps = 32000, .inband_fec = true, .expected_loss_percent = 20});
  // Two packets ahead, so the one after the gap is there when it is due.
  for (int i = 0; i < 20; ++i) {
    if (i != 10) opus.Put(111, static_cast<uint16_t>(i), i * 960, fec[i]);
    if (i >= 2) opus.Pull();
  }
  EXPECT_EQ(opus.pipeline->stats().frames_concealed, 1u);
  EXPECT_EQ(opus.pipeline->stats().frames_fec, 1u);
}

TEST(ReceivePipelineTest, NonAudioSequenceNumbersPlayAsSilence) {
  Pipeline p({{0, CodecId::kPcmu}});
  auto packets = Encode(CodecId::kPcmu, 20, 20);
  for (int i = 0; i < 20; ++i) {
    if (i >= 10 && i < 13) {
      p.pipeline->NoteNonAudio(SeqNum(static_cast<uint16_t>(i)));
    } else {
      p.Put(0, static_cast<uint16_t>(i), i * 160, packets[i]);
    }
    p.Pull();
  }
  EXPECT_EQ(p.pipeline->stats().frames_concealed, 0u);
  EXPECT_GE(p.pipeline->stats().frames_decoded, 15u);  // the last may still be held
}

TEST(ReceivePipelineTest, DuplicateAndLatePackets) {
  Pipeline p({{0, CodecId::kPcmu}});
  auto packets = Encode(CodecId::kPcmu, 20, 10);
  for (int i = 0; i < 10; ++i) {
    p.Put(0, static_cast<uint16_t>(i), i * 160, packets[i]);
    p.Pull();
  }
  EXPECT_EQ(p.Put(0, 9, 9 * 160, packets[9]), ReceiveOutcome::kDuplicate);
  EXPECT_EQ(p.Put(0, 2, 2 * 160, packets[2]), ReceiveOutcome::kDuplicate);
  EXPECT_EQ(p.pipeline->stats().duplicate, 2u);
}

void ExpectInbandDigit(CodecId codec, uint8_t pt) {
  Pipeline p({{pt, codec}}, 48000, true);
  const uint32_t rate = GetCodecInfo(codec).sample_rate_hz;
  std::vector<int16_t> pcm(rate / 50 * 30, 0);
  auto tone = DtmfToneGenerator::Create('8', {.sample_rate_hz = rate}).value();
  tone.Fill(std::span(pcm).subspan(rate / 50 * 5, rate / 10));
  auto packets = Encode(codec, 20, 30, &pcm, {.bitrate_bps = 64000});
  std::vector<char> digits;
  const uint32_t units = GetCodecInfo(codec).rtp_clock_rate_hz / 50;
  for (int i = 0; i < 30; ++i) {
    p.Put(pt, static_cast<uint16_t>(i), i * units, packets[i]);
    if (auto d = p.Pull().inband_digit) digits.push_back(d->digit);
  }
  EXPECT_EQ(digits, std::vector<char>{'8'}) << CodecLabel(codec);
}

TEST(ReceivePipelineTest, InbandDtmfAtEveryDecoderRate) {
  ExpectInbandDigit(CodecId::kPcmu, 0);
  ExpectInbandDigit(CodecId::kG722, 9);
  ExpectInbandDigit(CodecId::kOpus, 111);
}

TEST(ReceivePipelineTest, ResetForgetsTheStream) {
  Pipeline p({{0, CodecId::kPcmu}});
  auto packets = Encode(CodecId::kPcmu, 20, 10);
  for (int i = 0; i < 10; ++i) p.Put(0, static_cast<uint16_t>(i), i * 160, packets[i]);
  EXPECT_GT(p.pipeline->depth_ms(), 100);
  p.pipeline->Reset();
  EXPECT_EQ(p.pipeline->depth_ms(), 0);
  p.out.clear();
  p.Pull();
  EXPECT_EQ(Rms(p.out), 0);
}

}  // namespace
}  // namespace chorus::media::testing
