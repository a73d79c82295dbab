// Scenarios: the receive path of one MediaStream, fed datagrams by hand on
// a FakeClock:
// - RFC 4733 (2.5.2): one key press (with its three redundant ends) gives
//   one DtmfDigit with its duration; the event's sequence numbers play as
//   silence, not as lost audio to conceal; a press whose end packets are
//   all lost is reported after the receiver's end timeout;
// - in-band DTMF (enabled when no telephone-event was negotiated): a
//   100 ms tone in PCMU gives one DtmfDigit from the in-band source; the
//   same press arriving both ways is reported once;
// - latching: strict mode drops packets from any address but the
//   signalled one; symmetric mode moves to a new address only after
//   relatch_packets consecutive packets from it (RFC 4961 practice), and
//   reports it;
// - RTP timeout: no RTP for media_timeout_ms while receiving gives one
//   RtpTimeout, RTP re-arms it; nothing while not receiving;
// - SRTP (RFC 3711, AES_CM_128_HMAC_SHA1_80): protected echo both ways;
//   a tampered packet counts as an authentication failure, a replayed one
//   as a replay; SRTCP on the separate RTCP port;
// - malformed input counted by reason: short datagram, wrong version,
//   unknown payload type, RTCP garbage on the RTCP port;
// - RFC 3550 A.1: the first packet of a source is held on probation; a new
//   SSRC takes over after its own probation and is counted;
// - RTCP (RFC 3550 6.4): a report leaves within the first 2.5-7.5 s; the
//   peer's RR about our SSRC with LSR/DLSR gives the round-trip time
//   (our SR at N, RR 0.75 s later with DLSR 0.5 s: 0.25 s).

#include <gtest/gtest.h>

#include <vector>

#include "media/dtmf/dtmf_tone_generator.h"
#include "media/rtcp/rtcp_builder.h"
#include "media/rtcp/rtcp_packet.h"
#include "media/stream/media_stream.h"
#include "tests/unit/media/stream/stream_harness.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

std::vector<int16_t> Tone8k(int tick) { return MakeTone(8000, 1000, -12, 160, tick * 160); }

// Feeds `ticks` ticks of tone.
void RunTone(StreamHarness& h, RtpTestSender& sender, int ticks, int first_tick = 0) {
  for (int i = 0; i < ticks; ++i) {
    h.FeedAll(sender.Packetize(Tone8k(first_tick + i)));
    h.Tick();
  }
}

TEST(MediaStreamReceiveTest, Rfc4733PressGivesOneDigitAndNoConcealment) {
  StreamHarness h;
  h.Start(PcmuMedia());
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 10);
  // The press replaces 160 ms of audio: 7 packets, one per tick.
  for (const Datagram& d : sender->Digit('9', 100)) {
    h.Feed(d);
    h.Tick();
  }
  RunTone(h, *sender, 10, 20);
  ASSERT_EQ(h.digits.size(), 1u);
  EXPECT_EQ(h.digits[0].stream_id, StreamHarness::kStreamId);
  EXPECT_EQ(h.digits[0].digit, '9');
  EXPECT_EQ(h.digits[0].duration_ms, 100u);
  EXPECT_EQ(h.digits[0].source, DtmfSource::kRfc4733);
  const StreamStats stats = h.stream->Stats();
  EXPECT_EQ(stats.dtmf_rfc4733, 1u);
  EXPECT_EQ(stats.frames_concealed, 0u);
  EXPECT_EQ(stats.packets_lost, 0u);
}

TEST(MediaStreamReceiveTest, Rfc4733PressWithLostEndsIsReportedAfterTimeout) {
  StreamHarness h;
  h.Start(PcmuMedia());
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 5);
  auto press = sender->Digit('*', 100);
  press.resize(3);  // updates only
  for (const Datagram& d : press) {
    h.Feed(d);
    h.Tick();
  }
  EXPECT_TRUE(h.digits.empty());
  h.Tick(20);  // 400 ms > the 300 ms end timeout
  ASSERT_EQ(h.digits.size(), 1u);
  EXPECT_EQ(h.digits[0].digit, '*');
}

// A PCMU stream carrying `digit` as a 100 ms tone after some silence.
std::vector<std::vector<int16_t>> InbandPress(char digit) {
  std::vector<std::vector<int16_t>> ticks(20, std::vector<int16_t>(160, 0));
  auto generator = DtmfToneGenerator::Create(digit, {});
  for (int i = 5; i < 10; ++i) generator->Fill(ticks[i]);
  return ticks;
}

TEST(MediaStreamReceiveTest, InbandToneGivesOneDigit) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.receive_telephone_event.reset();
  media.inband_dtmf_detection = true;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  for (const auto& pcm : InbandPress('4')) {
    h.FeedAll(sender->Packetize(pcm));
    h.Tick();
  }
  h.Tick(5);
  ASSERT_EQ(h.digits.size(), 1u);
  EXPECT_EQ(h.digits[0].digit, '4');
  EXPECT_EQ(h.digits[0].source, DtmfSource::kInband);
  EXPECT_NEAR(h.digits[0].duration_ms, 100, 30);
}

TEST(MediaStreamReceiveTest, PressSeenBothWaysIsReportedOnce) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.inband_dtmf_detection = true;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  int tick = 0;
  for (const auto& pcm : InbandPress('6')) {
    h.FeedAll(sender->Packetize(pcm));
    if (tick == 10) {
      // The same press as RFC 4733 events, sent right after the tone.
      h.FeedAll(sender->Digit('6', 100));
    }
    h.Tick();
    ++tick;
  }
  h.Tick(20);
  ASSERT_EQ(h.digits.size(), 1u);
  EXPECT_EQ(h.digits[0].digit, '6');
  EXPECT_EQ(h.stream->Stats().dtmf_duplicates, 1u);
}

TEST(MediaStreamReceiveTest, StrictLatchingDropsOtherAddresses) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.latching = LatchingMode::kStrict;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  h.peer = Addr("127.0.0.1:40002");
  RunTone(h, *sender, 20);
  EXPECT_EQ(h.stream->Stats().rejected_source, 20u);
  EXPECT_EQ(h.stream->Stats().rtp_packets_in, 0u);
  EXPECT_TRUE(h.latches.empty());
  h.peer = Addr("127.0.0.1:40000");
  RunTone(h, *sender, 10, 20);
  EXPECT_EQ(h.stream->Stats().rtp_packets_in, 10u);
  EXPECT_EQ(h.sent.back().to, Addr("127.0.0.1:40000"));
}

TEST(MediaStreamReceiveTest, SymmetricLatchingMovesAfterTheThreshold) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.relatch_packets = 10;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 5);
  ASSERT_EQ(h.latches.size(), 1u);
  // The NAT rebinds: the same peer now comes from another port.
  h.peer = Addr("127.0.0.1:40500");
  RunTone(h, *sender, 9, 5);
  EXPECT_EQ(h.stream->Stats().rejected_source, 9u);
  EXPECT_EQ(h.sent.back().to, Addr("127.0.0.1:40000"));
  RunTone(h, *sender, 1, 14);
  ASSERT_EQ(h.latches.size(), 2u);
  EXPECT_TRUE(h.latches[1].relatch);
  EXPECT_EQ(h.latches[1].address, h.peer);
  h.Tick();
  EXPECT_EQ(h.sent.back().to, h.peer);
}

TEST(MediaStreamReceiveTest, RtpTimeoutIsReportedOnceAndRearmedByRtp) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.media_timeout_ms = 200;
  h.Start(media);
  h.Tick(9);
  EXPECT_TRUE(h.timeouts.empty());
  h.Tick(1);
  ASSERT_EQ(h.timeouts.size(), 1u);
  EXPECT_EQ(h.timeouts[0].silent_ms, 200);
  h.Tick(20);
  EXPECT_EQ(h.timeouts.size(), 1u);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 1);
  h.Tick(10);
  EXPECT_EQ(h.timeouts.size(), 2u);
  EXPECT_EQ(h.stream->Stats().rtp_timeouts, 2u);
}

TEST(MediaStreamReceiveTest, NoRtpTimeoutWhileNotReceiving) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.media_timeout_ms = 200;
  media.direction.receive = false;
  h.Start(media);
  h.Tick(50);
  EXPECT_TRUE(h.timeouts.empty());
}

TEST(MediaStreamReceiveTest, SrtpEchoAndRefusedPackets) {
  auto their_key = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80);
  auto our_key = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80);
  ASSERT_TRUE(their_key && our_key);
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, *their_key, *our_key};
  h.Start(media, {.srtp_key = *our_key});
  auto sender = RtpTestSender::Create({.srtp_key = *their_key});
  ASSERT_TRUE(sender);
  RunTone(h, *sender, 30);
  EXPECT_NEAR(EstimateFrequency(std::span(h.receiver->audio).last(1600), 8000), 1000, 10);
  EXPECT_EQ(h.receiver->packets.size(), 30u);  // all authenticated by the receiver

  auto packets = sender->Packetize(Tone8k(30));
  ASSERT_EQ(packets.size(), 1u);
  Datagram tampered = packets[0];
  tampered[20] ^= 0x01;
  h.Feed(tampered);
  EXPECT_EQ(h.stream->Stats().srtp_auth_failures, 1u);
  h.Feed(packets[0]);
  h.Feed(packets[0]);
  EXPECT_EQ(h.stream->Stats().srtp_replays, 1u);
  EXPECT_EQ(h.stream->Stats().rtp_packets_in, 31u);
}

TEST(MediaStreamReceiveTest, MalformedInputIsCountedByReason) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.rtcp_mux = false;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  h.Feed(Datagram{0x80, 0x00, 0x01});
  Datagram bad_version = sender->Packetize(Tone8k(0))[0];
  bad_version[0] = 0x40;
  h.Feed(bad_version);
  const uint8_t payload[4] = {1, 2, 3, 4};
  h.Feed(sender->Raw(99, payload));
  h.Feed(sender->Raw(99, payload));
  h.Feed(sender->Raw(99, payload));
  std::vector<uint8_t> garbage(MediaStream::kReceiveBufferBytes, 0x55);
  h.stream->HandleDatagram(garbage, 40, h.peer, true, h.clock.NowNs());
  const StreamStats stats = h.stream->Stats();
  EXPECT_EQ(stats.rtp_parse_errors, 2u);
  EXPECT_EQ(stats.unknown_payload_type, 2u);  // the first was on probation
  EXPECT_EQ(stats.probation_drops, 1u);
  EXPECT_EQ(stats.rtcp_parse_errors, 1u);
}

TEST(MediaStreamReceiveTest, NewSsrcTakesOverAfterProbation) {
  StreamHarness h;
  h.Start(PcmuMedia());
  auto first = RtpTestSender::Create({});
  auto second = RtpTestSender::Create({.ssrc = 0x0BADCAFE, .first_seq = 20000});
  ASSERT_TRUE(first && second);
  RunTone(h, *first, 10);
  RunTone(h, *second, 10, 10);
  const StreamStats stats = h.stream->Stats();
  EXPECT_EQ(stats.ssrc_changes, 1u);
  EXPECT_GE(stats.frames_decoded, 15u);
  EXPECT_NEAR(EstimateFrequency(std::span(h.receiver->audio).last(800), 8000), 1000, 10);
}

TEST(MediaStreamReceiveTest, RtcpReportsAndRoundTripTime) {
  StreamHarness h;
  StreamMediaConfig media = PcmuMedia();
  media.rtcp_mux = false;
  h.Start(media);
  auto sender = RtpTestSender::Create({});
  ASSERT_TRUE(sender);
  const SentDatagram* sr = nullptr;
  for (int i = 0; i < 400 && sr == nullptr; ++i) {
    RunTone(h, *sender, 1, i);
    for (const SentDatagram& s : h.sent) {
      if (s.rtcp) sr = &s;
    }
  }
  ASSERT_NE(sr, nullptr);
  EXPECT_EQ(sr->to, Addr("127.0.0.1:40001"));
  auto compound = RtcpCompound::Parse(sr->bytes);
  ASSERT_TRUE(compound) << compound.error().message;
  EXPECT_TRUE(compound->has_sender_info);
  EXPECT_EQ(compound->sender_ssrc, 0xC0FFEEu);
  ASSERT_EQ(compound->block_count, 1u);  // about the stream it receives
  EXPECT_EQ(compound->blocks[0].ssrc, 0x5eed0001u);
  const uint32_t lsr = compound->sender_info.ntp.Compact();

  h.clock.AdvanceMs(750);
  RtcpReportBlock block;
  block.ssrc = 0xC0FFEE;
  block.last_sr = lsr;
  block.delay_since_last_sr = 0x8000;  // 0.5 s
  block.fraction_lost = 64;
  std::vector<uint8_t> rr(MediaStream::kReceiveBufferBytes);
  RtcpBuilder builder(rr);
  ASSERT_TRUE(builder.AddReceiverReport(0x5eed0001, std::span(&block, 1)));
  ASSERT_TRUE(builder.AddSdesCname(0x5eed0001, "peer"));
  h.stream->HandleDatagram(rr, builder.size(), Addr("127.0.0.1:40001"), true, h.clock.NowNs());
  const StreamStats stats = h.stream->Stats();
  EXPECT_EQ(stats.rtcp_packets_in, 1u);
  EXPECT_NEAR(stats.rtt_seconds, 0.25, 0.001);
  EXPECT_NEAR(stats.remote_fraction_lost, 0.25, 0.001);
}

}  // namespace
}  // namespace chorus::media::testing
