// Scenarios: one MediaStream in echo mode, driven tick by tick on a
// FakeClock (packets fed directly, what it sends captured and decoded):
// - echo: a 1 kHz tone sent in PCMU, PCMA, G.722 and Opus at 20 ms, and at
//   10/40/60 ms ptime, comes back as a 1 kHz tone at about the level sent;
//   packets carry the send payload type, sequence numbers step by one and
//   timestamps by the ptime in RTP units (RFC 3550 5.1; G.722's 8 kHz RTP
//   clock, RFC 3551 4.5.2); 10 ms ptime sends two packets per tick, 40 ms
//   one every other tick;
// - marker bit on the first packet and on the first one after Opus DTX
//   silence (RFC 3551 4.1); DTX payloads are not sent;
// - direction: nothing sent while not sending (hold), silence played and
//   packets counted as not_receiving while not receiving;
// - nowhere to send (0.0.0.0) until symmetric latching learns the peer;
// - RFC 4733 digits queued for sending replace the audio: marker on the
//   first event packet, the same timestamp throughout, three E-bit ends
//   (RFC 4733 2.5.1), audio resumes afterwards;
// - re-negotiation (UpdateStream): a new send codec continues the SSRC and
//   sequence numbers; a new remote address moves the destination; a new
//   receive codec decodes;
// - payload-type switching mid-stream between PCMU (8 kHz clock) and Opus
//   (48 kHz clock) keeps the echo a 1 kHz tone;
// - echo latency: a tone burst after silence comes back within one ptime
//   plus the jitter buffer's depth of its arrival;
// - no heap allocation on the packet and tick paths (RTP, RFC 4733, RTCP,
//   digits sent, FEC/PLC), counted with the replaced operator new.

#include "media/stream/media_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/unit/media/stream/stream_harness.h"
#include "tests/unit/media/testing/allocation_counter.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

constexpr double kToneHz = 1000;
constexpr double kToneDbfs = -12;

struct ToneFigures {
  double frequency_hz = 0;
  double level_dbfs = -200;
};

// Frequency and level of the last `window_ms` of `audio`.
ToneFigures Analyze(const std::vector<int16_t>& audio, uint32_t rate_hz, uint32_t window_ms) {
  const size_t window = rate_hz / 1000 * window_ms;
  if (audio.size() < window) return {};
  std::span<const int16_t> tail(audio.data() + audio.size() - window, window);
  return {EstimateFrequency(tail, rate_hz), RmsDbfs(tail)};
}

// Counts what the stream sends without keeping it (allocation-free).
struct CountingCapture : PacketCaptureForTest {
  void OnPacketSent(std::span<const uint8_t>, const SocketAddress&, bool is_rtcp) override {
    ++(is_rtcp ? rtcp : rtp);
  }
  int rtp = 0;
  int rtcp = 0;
};

// Feeds `ticks` ticks of a tone from `sender` (packets as they complete)
// and runs the stream's tick after each.
void RunTone(StreamHarness& h, RtpTestSender& sender, int ticks, double dbfs = kToneDbfs) {
  const size_t tick_samples = sender.sample_rate_hz() / 50;
  for (int i = 0; i < ticks; ++i) {
    auto pcm = MakeTone(sender.sample_rate_hz(), kToneHz, dbfs, tick_samples, i * tick_samples);
    h.FeedAll(sender.Packetize(pcm));
    h.Tick();
  }
}

struct EchoCase {
  CodecId codec;
  uint8_t payload_type;
  uint32_t ptime_ms;
};

class MediaStreamEchoTest : public ::testing::TestWithParam<EchoCase> {};

TEST_P(MediaStreamEchoTest, ToneComesBackAtItsFrequencyAndLevel) {
  const EchoCase c = GetParam();
  StreamHarness h;
  h.Start(MediaFor(c.codec, c.payload_type, c.ptime_ms), {c.codec, c.payload_type});
  auto sender = RtpTestSender::Create({.codec = c.codec,
                                       .payload_type = c.payload_type,
                                       .ptime_ms = c.ptime_ms,
                                       .opus = {.bitrate_bps = 48000}});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 40);

  const ToneFigures figures = Analyze(h.receiver->audio, h.receiver->sample_rate_hz(), 300);
  EXPECT_NEAR(figures.frequency_hz, kToneHz, 10);
  EXPECT_NEAR(figures.level_dbfs, kToneDbfs, 2.0);

  const auto& packets = h.receiver->packets;
  ASSERT_GT(packets.size(), 10u);
  const CodecInfo& info = GetCodecInfo(c.codec);
  const uint32_t units = info.SamplesToRtpUnits(info.FrameSamples(c.ptime_ms));
  for (size_t i = 1; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].payload_type, c.payload_type);
    EXPECT_EQ(packets[i].ssrc, 0xC0FFEEu);
    EXPECT_EQ(static_cast<uint16_t>(packets[i].seq - packets[i - 1].seq), 1);
    EXPECT_EQ(packets[i].timestamp - packets[i - 1].timestamp, units);
  }
  // 40 ticks of 20 ms at this ptime.
  EXPECT_EQ(static_cast<int>(packets.size()), 40 * 20 / static_cast<int>(c.ptime_ms));
  EXPECT_TRUE(packets.front().marker);
  EXPECT_EQ(packets.front().seq, 100);
  EXPECT_EQ(packets.front().timestamp, 1000u);
}

INSTANTIATE_TEST_SUITE_P(
    Codecs, MediaStreamEchoTest,
    ::testing::Values(EchoCase{CodecId::kPcmu, 0, 20}, EchoCase{CodecId::kPcma, 8, 20},
                      EchoCase{CodecId::kG722, 9, 20}, EchoCase{CodecId::kOpus, 111, 20},
                      EchoCase{CodecId::kPcmu, 0, 10}, EchoCase{CodecId::kPcmu, 0, 40},
                      EchoCase{CodecId::kG722, 9, 40}, EchoCase{CodecId::kOpus, 111, 60}));

TEST(MediaStreamTest, OpusDtxSkipsSilenceAndMarksTheNextTalkSpurt) {
  StreamHarness h;
  StreamMediaConfig media = MediaFor(CodecId::kOpus, 111);
  media.send_codec.opus.dtx = true;
  h.Start(media, {CodecId::kOpus, 111});
  auto sender = RtpTestSender::Create({.codec = CodecId::kOpus, .payload_type = 111});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 20);
  const size_t talk = h.receiver->packets.size();
  EXPECT_EQ(talk, 20u);
  // Silence: the sender itself goes quiet (DTX), the stream plays silence
  // and its encoder enters DTX: few packets for 60 ticks.
  RunTone(h, *sender, 60, -200);
  const size_t during_silence = h.receiver->packets.size() - talk;
  EXPECT_LT(during_silence, 30u);
  EXPECT_GT(h.stream->Stats().dtx_frames, 30u);
  RunTone(h, *sender, 20);
  bool marker_after_silence = false;
  for (size_t i = talk + during_silence; i < h.receiver->packets.size(); ++i) {
    marker_after_silence |= h.receiver->packets[i].marker;
  }
  EXPECT_TRUE(marker_after_silence);
}

TEST(MediaStreamTest, HoldSendsNothingButKeepsReceiving) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.direction.send = false;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 30);
  EXPECT_EQ(h.RtpSent(), 0);
  EXPECT_GT(h.stream->Stats().frames_decoded, 20u);
}

TEST(MediaStreamTest, NotReceivingPlaysSilenceAndCountsPackets) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.direction.receive = false;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 20);
  EXPECT_EQ(h.stream->Stats().not_receiving, 20u);
  EXPECT_EQ(h.stream->Stats().frames_decoded, 0u);
  EXPECT_EQ(h.RtpSent(), 20);  // still sending (sendonly)
  EXPECT_LT(Analyze(h.receiver->audio, 8000, 200).level_dbfs, -80);
}

TEST(MediaStreamTest, SendsNothingUntilSymmetricLatchLearnsThePeer) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = Addr("0.0.0.0:0");
  h.Start(media);
  h.Tick(10);
  EXPECT_EQ(h.RtpSent(), 0);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  h.peer = Addr("127.0.0.1:41234");
  RunTone(h, *sender, 10);
  ASSERT_EQ(h.latches.size(), 1u);
  EXPECT_EQ(h.latches[0].address, h.peer);
  EXPECT_FALSE(h.latches[0].relatch);
  EXPECT_EQ(h.RtpSent(), 10);
  EXPECT_EQ(h.sent.back().to, h.peer);
}

TEST(MediaStreamTest, QueuedDigitsReplaceAudioWithTelephoneEvents) {
  StreamHarness h;
  h.Start(PcmuMedia());
  h.Tick(5);
  ASSERT_TRUE(h.stream->QueueDigits("5#", 100, 60));
  EXPECT_FALSE(h.stream->QueueDigits("x", 100, 60));
  h.Tick(40);
  std::vector<const ReceivedRtp*> events;
  for (const ReceivedRtp& p : h.receiver->packets) {
    if (p.event) events.push_back(&p);
  }
  // Per digit: 100 ms in 20 ms steps = 4 updates, then 3 ends.
  ASSERT_EQ(events.size(), 14u);
  for (int digit = 0; digit < 2; ++digit) {
    const auto* first = events[digit * 7];
    EXPECT_TRUE(first->marker);
    EXPECT_EQ(first->event->event, digit == 0 ? 5 : 11);
    for (int i = 1; i < 7; ++i) {
      const auto* p = events[digit * 7 + i];
      EXPECT_FALSE(p->marker);
      EXPECT_EQ(p->timestamp, first->timestamp);
      EXPECT_EQ(p->event->end, i >= 4);
    }
    EXPECT_EQ(events[digit * 7 + 6]->event->duration, 800);
  }
  // Audio between and after the digits, never during one.
  const auto& all = h.receiver->packets;
  const auto first_event = std::find_if(all.begin(), all.end(), [](auto& p) { return !!p.event; });
  const auto last_event =
      std::find_if(all.rbegin(), all.rend(), [](auto& p) { return !!p.event; }).base();
  size_t audio_between = 0;
  for (auto it = first_event; it != last_event; ++it) audio_between += it->event ? 0 : 1;
  EXPECT_EQ(audio_between, 3u);  // the 60 ms gap
  EXPECT_NE(last_event, all.end());
  EXPECT_EQ(h.stream->Stats().dtmf_sent, 2u);
}

TEST(MediaStreamTest, UpdateKeepsSsrcAndSequenceAcrossACodecChange) {
  StreamHarness h;
  h.Start(PcmuMedia());
  h.Tick(10);
  StreamMediaConfig next = PcmuMedia();
  next.send_codec.codec = CodecId::kPcma;
  next.send_codec.payload_type = 8;
  next.receive_codecs = {{8, CodecId::kPcma}};
  next.remote_rtp = Addr("127.0.0.1:40100");
  auto update = MediaStream::PrepareUpdate(h.stream->media(), next, true, h.env);
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_TRUE((*update)->send);
  EXPECT_TRUE((*update)->receive);
  EXPECT_FALSE((*update)->srtp_changed);
  h.stream->ApplyUpdate(**update, h.clock.NowNs());
  h.Tick(10);
  ASSERT_EQ(h.sent.size(), 20u);
  EXPECT_EQ(h.sent[9].to, Addr("127.0.0.1:40000"));
  EXPECT_EQ(h.sent[10].to, Addr("127.0.0.1:40100"));
  const auto& p = h.receiver->packets;
  EXPECT_EQ(p[9].payload_type, 0);
  EXPECT_EQ(p[10].payload_type, 8);
  EXPECT_EQ(p[10].ssrc, p[9].ssrc);
  EXPECT_EQ(static_cast<uint16_t>(p[10].seq - p[9].seq), 1);

  // PCMA now decodes.
  auto sender = RtpTestSender::Create({.codec = CodecId::kPcma, .payload_type = 8});
  ASSERT_TRUE(sender);
  h.peer = Addr("127.0.0.1:40100");
  RunTone(h, *sender, 10);
  EXPECT_GT(h.stream->Stats().frames_decoded, 5u);
  EXPECT_EQ(h.stream->Stats().unknown_payload_type, 0u);
}

TEST(MediaStreamTest, UpdateRefusesToLeaveRtcpMuxWithoutAnRtcpSocket) {
  StreamMediaConfig current = PcmuMedia();
  StreamMediaConfig next = current;
  next.rtcp_mux = false;
  auto update = MediaStream::PrepareUpdate(current, next, false, StreamEnvironment{});
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().code, ErrorCode::kUnsupported);
}

TEST(MediaStreamTest, PayloadTypeSwitchBetweenClockRatesKeepsTheEcho) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.receive_codecs = {{0, CodecId::kPcmu}, {111, CodecId::kOpus}};
  h.Start(media);
  auto pcmu = RtpTestSender::Create({});
  auto opus = RtpTestSender::Create(
      {.codec = CodecId::kOpus, .payload_type = 111, .ssrc = 0x5eed0001, .first_seq = 2000});
  ASSERT_TRUE(pcmu && opus);
  RunTone(h, *pcmu, 20);
  RunTone(h, *opus, 30);
  EXPECT_NEAR(Analyze(h.receiver->audio, 8000, 300).frequency_hz, kToneHz, 10);
  RunTone(h, *pcmu, 30);
  EXPECT_NEAR(Analyze(h.receiver->audio, 8000, 300).frequency_hz, kToneHz, 10);
  EXPECT_EQ(h.stream->Stats().unknown_payload_type, 0u);
}

// Latency: steady silence, then a tone burst whose first packet arrives at
// a given phase within the tick. The first echoed packet with tone energy
// must leave within one ptime plus the jitter buffer's depth, measured
// before that packet arrived (without network jitter).
TEST(MediaStreamTest, EchoLatencyIsAtMostPtimePlusJitterDepth) {
  for (int phase_ms : {1, 7, 13, 19}) {
    StreamHarness h;
    h.Start(PcmuMedia());
    auto sender = RtpTestSender::Create({});
    ASSERT_TRUE(sender);
    int64_t arrival_ns = 0;
    int32_t depth_before = 0;
    int64_t echoed_ns = 0;
    for (int tick = 0; tick < 60 && echoed_ns == 0; ++tick) {
      h.clock.AdvanceMs(phase_ms);
      const bool tone = tick >= 30;
      auto pcm = MakeTone(8000, kToneHz, tone ? kToneDbfs : -200, 160, tick * 160);
      if (tick == 30) {
        arrival_ns = h.clock.NowNs();
        depth_before = h.stream->Stats().jitter_buffer_depth_ms;
      }
      h.FeedAll(sender->Packetize(pcm));
      h.clock.AdvanceMs(20 - phase_ms);
      const size_t before = h.receiver->packets.size();
      h.stream->PullFrame(h.clock.NowNs());
      h.stream->PushFrame(h.stream->received_frame(), h.clock.NowNs());
      if (arrival_ns != 0 && h.receiver->packets.size() > before) {
        std::vector<int16_t> last(h.receiver->audio.end() - 160, h.receiver->audio.end());
        if (RmsDbfs(last) > -40) echoed_ns = h.clock.NowNs();
      }
    }
    ASSERT_NE(echoed_ns, 0) << "phase " << phase_ms;
    const int64_t latency_ms = (echoed_ns - arrival_ns) / 1'000'000;
    EXPECT_LE(latency_ms, 20 + depth_before) << "phase " << phase_ms;
    EXPECT_GE(depth_before, 20);  // the target depth at least
    EXPECT_GE(latency_ms, 0);
  }
}

TEST(MediaStreamTest, PacketAndTickPathsDoNotAllocate) {
  StreamHarness h;
  StreamMediaConfig media = MediaFor(CodecId::kOpus, 111);
  media.send_codec.opus.inband_fec = true;
  media.send_codec.opus.expected_loss_percent = 10;
  media.inband_dtmf_detection = true;
  media.audio_level_extension_id = 1;
  h.Start(media, {CodecId::kOpus, 111});
  auto sender = RtpTestSender::Create({.codec = CodecId::kOpus,
                                       .payload_type = 111,
                                       .opus = {.inband_fec = true, .expected_loss_percent = 10},
                                       .audio_level_id = 1});
  ASSERT_TRUE(sender);
  // Warm up: every code path once (RTCP reports start after 2.5-7.5 s).
  RunTone(h, *sender, 50);

  std::vector<std::vector<Datagram>> input;
  for (int i = 0; i < 500; ++i) {
    auto pcm = MakeTone(48000, kToneHz, kToneDbfs, 960, (50 + i) * 960);
    if (i % 50 == 10) sender->SkipSequence(1);  // a loss: FEC/PLC
    input.push_back(i % 100 == 20 ? sender->Digit('7', 100) : sender->Packetize(pcm));
  }
  std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
  ASSERT_TRUE(h.stream->QueueDigits("123", 80, 40));
  CountingCapture counter;
  h.stream->SetPacketCaptureForTest(&counter);
  h.digits.reserve(64);  // the harness's event sink must not allocate either

  AllocationScope scope;
  for (const auto& packets : input) {
    for (const Datagram& d : packets) {
      std::copy(d.begin(), d.end(), buffer.begin());
      h.stream->HandleDatagram(buffer, d.size(), h.peer, false, h.clock.NowNs());
    }
    h.clock.AdvanceMs(20);
    h.stream->PullFrame(h.clock.NowNs());
    h.stream->PushFrame(h.stream->received_frame(), h.clock.NowNs());
    h.stream->Maintain(h.clock.NowNs());
  }
  EXPECT_EQ(scope.count(), 0);
  EXPECT_GT(counter.rtp, 400);
  EXPECT_GT(counter.rtcp, 0);
  const StreamStats stats = h.stream->Stats();
  EXPECT_GT(stats.frames_concealed, 0u);
  EXPECT_EQ(stats.dtmf_sent, 3u);
  EXPECT_GE(stats.dtmf_rfc4733, 5u);
}

}  // namespace
}  // namespace chorus::media::testing
