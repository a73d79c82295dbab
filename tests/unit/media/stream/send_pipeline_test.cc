// Scenarios: SendPipeline on its own (20 ms frames at 48 kHz in, RTP
// packets out through a sink):
// - packetization per ptime: 20 ms one packet per frame, 10 ms two,
//   40 ms one every other frame, Opus 60 ms one every third; timestamps
//   step by the ptime in RTP units and the media clock by one tick per
//   frame whatever was sent;
// - not sending (hold, no destination): no packets, the clock runs on, and
//   the first packet afterwards carries the marker bit (RFC 3551 4.1);
// - RFC 6464 audio level: the header extension carries -dBov of the
//   packet's audio (a -20 dBFS sine: about 23 dBov), 127 for silence;
// - digits: refused without a negotiated telephone-event, for a non-DTMF
//   character, or past the queue's room; a queued digit's packets replace
//   audio for its duration (RFC 4733 2.5.1), durations clamped to
//   40..5000 ms.

#include "media/stream/send_pipeline.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/rtp/rtp_packet.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

struct Collect : RtpPacketSink {
  void SendRtpPacket(std::span<uint8_t> buffer, size_t size) override {
    packets.emplace_back(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(size));
  }
  std::vector<std::vector<uint8_t>> packets;
};

class SendHarness {
 public:
  explicit SendHarness(SendCodecConfig codec, bool telephone_event = true,
                       uint8_t audio_level_id = 0)
      : writer_(RtpWriterOptions{0x1111, 500, 0, audio_level_id}) {
    SendPipelineOptions o;
    o.codec = codec;
    if (telephone_event) {
      o.telephone_event = TelephoneEventConfig{101, GetCodecInfo(codec.codec).rtp_clock_rate_hz};
    }
    auto p = SendPipeline::Create(o);
    EXPECT_TRUE(p) << p.error().message;
    pipeline = std::move(p).value();
    context.writer = &writer_;
    context.sink = &sink;
    context.media_time = &media_time;
    context.audio_level = audio_level_id != 0;
  }

  void Push(int frames, double dbfs = -20) {
    for (int i = 0; i < frames; ++i) {
      auto pcm = MakeTone(48000, 1000, dbfs, 960, pushed_ * 960);
      pipeline->PushFrame(pcm, context);
      ++pushed_;
    }
  }
  RtpPacket Packet(size_t i) const { return RtpPacket::Parse(sink.packets[i]).value(); }

  std::unique_ptr<SendPipeline> pipeline;
  Collect sink;
  SendContext context;
  RtpTimestamp media_time;

 private:
  RtpWriter writer_;
  int pushed_ = 0;
};

SendCodecConfig Codec(CodecId codec, uint8_t pt, uint32_t ptime_ms) {
  SendCodecConfig c;
  c.codec = codec;
  c.payload_type = pt;
  c.ptime_ms = ptime_ms;
  return c;
}

TEST(SendPipelineTest, PacketsPerPtime) {
  struct Case {
    CodecId codec;
    uint32_t ptime_ms;
    size_t packets_per_6_frames;
    uint32_t units;
  };
  for (const Case& c : {Case{CodecId::kPcmu, 20, 6, 160}, Case{CodecId::kPcmu, 10, 12, 80},
                        Case{CodecId::kPcma, 40, 3, 320}, Case{CodecId::kG722, 20, 6, 160},
                        Case{CodecId::kOpus, 60, 2, 2880}}) {
    SendHarness h(Codec(c.codec, 96, c.ptime_ms));
    h.Push(6);
    ASSERT_EQ(h.sink.packets.size(), c.packets_per_6_frames) << CodecLabel(c.codec);
    for (size_t i = 1; i < h.sink.packets.size(); ++i) {
      EXPECT_EQ(h.Packet(i).timestamp().DistanceFrom(h.Packet(i - 1).timestamp()), c.units);
      EXPECT_EQ(h.Packet(i).seq().DistanceFrom(h.Packet(i - 1).seq()), 1);
      EXPECT_FALSE(h.Packet(i).marker());
      EXPECT_EQ(h.Packet(i).payload_type(), 96);
    }
    EXPECT_TRUE(h.Packet(0).marker());
    EXPECT_EQ(h.media_time.value(), 6 * h.pipeline->tick_rtp_units());
  }
}

TEST(SendPipelineTest, NotSendingKeepsTheClockAndMarksTheRestart) {
  SendHarness h(Codec(CodecId::kPcmu, 0, 40));
  h.Push(3);  // one packet, half of the next pending
  ASSERT_EQ(h.sink.packets.size(), 1u);
  h.context.can_send = false;
  h.Push(5);
  EXPECT_EQ(h.sink.packets.size(), 1u);
  h.context.can_send = true;
  h.Push(2);
  ASSERT_EQ(h.sink.packets.size(), 2u);
  EXPECT_TRUE(h.Packet(1).marker());
  // The restart's timestamp is where the clock is, not where it stopped.
  EXPECT_EQ(h.Packet(1).timestamp().DistanceFrom(h.Packet(0).timestamp()), 8 * 160);
}

TEST(SendPipelineTest, AudioLevelExtension) {
  SendHarness h(Codec(CodecId::kPcmu, 0, 20), true, 3);
  h.Push(2, -20);
  h.Push(2, -200);  // the first still holds the resampler's tail of the tone
  ASSERT_EQ(h.sink.packets.size(), 4u);
  auto level = FindAudioLevel(h.Packet(1).extensions(), 3);
  ASSERT_TRUE(level);
  EXPECT_NEAR(level->level_dbov, 23, 1);  // RMS of a -20 dBFS sine
  EXPECT_TRUE(level->voice_activity);
  level = FindAudioLevel(h.Packet(3).extensions(), 3);
  ASSERT_TRUE(level);
  EXPECT_EQ(level->level_dbov, 127);
  EXPECT_FALSE(level->voice_activity);
}

TEST(SendPipelineTest, DigitQueueRefusals) {
  SendHarness none(Codec(CodecId::kPcmu, 0, 20), false);
  EXPECT_EQ(none.pipeline->QueueDigits("1", 100, 50).error().code, ErrorCode::kUnsupported);
  SendHarness h(Codec(CodecId::kPcmu, 0, 20));
  EXPECT_EQ(h.pipeline->QueueDigits("1e", 100, 50).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.pipeline->queued_digits(), 0u);
  EXPECT_TRUE(h.pipeline->QueueDigits(std::string(SendPipeline::kMaxQueuedDigits, '1'), 100, 50));
  EXPECT_EQ(h.pipeline->QueueDigits("2", 100, 50).error().code, ErrorCode::kExhausted);
  EXPECT_EQ(h.pipeline->stats().digits_dropped, 3u);
}

TEST(SendPipelineTest, DigitReplacesAudio) {
  SendHarness h(Codec(CodecId::kOpus, 111, 20));
  h.Push(2);
  ASSERT_TRUE(h.pipeline->QueueDigits("0", 10, 0));  // clamped to 40 ms
  h.Push(6);
  ASSERT_EQ(h.sink.packets.size(), 8u);
  // 40 ms in 20 ms steps: one update, then three ends.
  for (size_t i = 2; i < 6; ++i) {
    EXPECT_EQ(h.Packet(i).payload_type(), 101) << i;
    EXPECT_EQ(h.Packet(i).timestamp(), h.Packet(2).timestamp());
  }
  EXPECT_TRUE(h.Packet(2).marker());
  EXPECT_EQ(h.Packet(6).payload_type(), 111);
  EXPECT_TRUE(h.Packet(6).marker());
  EXPECT_EQ(h.pipeline->stats().digits_sent, 1u);
  EXPECT_FALSE(h.pipeline->sending_digit());
}

}  // namespace
}  // namespace chorus::media::testing
