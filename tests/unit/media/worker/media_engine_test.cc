// Scenarios: MediaEngine with real worker threads and loopback sockets,
// its event handler run by a signalling EventLoop on the test thread. Each
// test takes well under a second.
// - echo: a 1 kHz tone from a test peer comes back as a 1 kHz tone in
//   PCMU, PCMA, G.722 and Opus at 20 ms, PCMU at 10 and 40 ms, and over
//   SRTP (AES_CM_128_HMAC_SHA1_80, RFC 3711/4568) with the peer's own
//   sessions; removing the stream gives StreamClosed, and the ports go back
//   to the allocator only then;
// - DTMF: RFC 4733 presses and in-band tones from the peer reach the
//   handler as DtmfDigit events with their source; SendDigits reaches the
//   peer as telephone-event packets;
// - RtpTimeout when the peer sends nothing for the media timeout;
// - hold: nothing sent with the send direction off, from the start or
//   after an UpdateStream;
// - latching: with no remote address the first packet's source is learned
//   (PeerLatched) and answered; strict mode answers only the signalled
//   address and counts the rest;
// - a full command ring refuses StartStream with kUnavailable and counts
//   it, without losing the reservation's sockets; so does an invalid
//   configuration (and AddStream leaves the caller's sockets with it);
// - worker choice: the same affinity key lands on the same worker, other
//   streams go to the least loaded one;
// - Stop() closes running streams (StreamClosed delivered) and releases
//   every port.

#include "media/worker/media_engine.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "media/dtmf/dtmf_tone_generator.h"
#include "tests/testing/rtp_test_peer.h"
#include "tests/unit/media/stream/stream_harness.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

class MediaEngineTest : public ::testing::Test {
 protected:
  void SetUp() override { loop_ = EventLoop::Create().value(); }

  void MakeEngine(int workers = 2, size_t command_ring = 64) {
    MediaEngineOptions options;
    options.rtp.address = Addr("127.0.0.1:0");
    options.rtp.port_min = 43100;
    options.rtp.port_max = 43299;
    options.workers = workers;
    options.command_ring_capacity = command_ring;
    auto engine = MediaEngine::Create(*loop_, options);
    ASSERT_TRUE(engine) << engine.error().message;
    engine_ = std::move(engine).value();
    engine_->SetEventHandler([this](const MediaEvent& e) { events_.push_back(e); });
  }
  void TearDown() override { engine_.reset(); }

  RtpTestPeer MakePeer(RtpTestPeerOptions options = {}) {
    auto peer = RtpTestPeer::Create(options);
    EXPECT_TRUE(peer) << peer.error().message;
    peer->SetOnWait([this] { loop_->RunOnce(); });
    return std::move(peer).value();
  }

  // Reserves ports and starts a stream answering `peer`; returns the id.
  uint64_t StartStream(StreamMediaConfig media, std::optional<uint64_t> key = std::nullopt) {
    auto reservation = engine_->ReservePorts();
    EXPECT_TRUE(reservation) << reservation.error().message;
    stream_address_ = reservation->rtp;
    auto started = engine_->StartStream(reservation->stream_id, media, key);
    EXPECT_TRUE(started) << started.error().message;
    return reservation->stream_id;
  }

  // Runs the signalling loop until `done` or `timeout_ms` pass (blocking
  // in the loop, which wakes for worker events or the deadline timer).
  template <typename Pred>
  bool WaitFor(Pred done, int64_t timeout_ms = 500) {
    bool timed_out = false;
    const TimerId timer = loop_->Schedule(timeout_ms, [&] { timed_out = true; });
    while (!done() && !timed_out) event_base_loop(loop_->base(), EVLOOP_ONCE);
    loop_->Cancel(timer);
    return done();
  }

  template <typename T>
  std::vector<T> EventsOf() const {
    std::vector<T> out;
    for (const auto& e : events_) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }

  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<MediaEngine> engine_;
  std::vector<MediaEvent> events_;
  SocketAddress stream_address_;
};

// 200 ms of the echoed tone, from 100 ms after it starts (past the
// decoders' and resamplers' onset); empty if there is not that much.
std::span<const int16_t> EchoedTone(const std::vector<int16_t>& audio, uint32_t rate_hz) {
  size_t onset = 0;
  while (onset < audio.size() && std::abs(audio[onset]) < 1000) ++onset;
  const size_t start = onset + rate_hz / 10;
  const size_t length = rate_hz / 5;
  if (start + length > audio.size()) return {};
  return std::span<const int16_t>(audio).subspan(start, length);
}

struct EngineEchoCase {
  CodecId codec;
  uint8_t payload_type;
  uint32_t ptime_ms;
  bool srtp;
};

class MediaEngineEchoTest : public MediaEngineTest,
                            public ::testing::WithParamInterface<EngineEchoCase> {};

TEST_P(MediaEngineEchoTest, ToneComesBack) {
  const EngineEchoCase c = GetParam();
  MakeEngine();
  RtpTestPeerOptions po;
  po.send.codec = po.receive.codec = c.codec;
  po.send.payload_type = po.receive.payload_type = c.payload_type;
  po.send.ptime_ms = c.ptime_ms;
  StreamMediaConfig media = MediaFor(c.codec, c.payload_type, c.ptime_ms);
  if (c.srtp) {
    auto theirs = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80);
    auto ours = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80);
    ASSERT_TRUE(theirs && ours);
    po.send.srtp_key = *theirs;
    po.receive.srtp_key = *ours;
    media.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, *theirs, *ours};
  }
  RtpTestPeer peer = MakePeer(po);
  media.remote_rtp = peer.address();
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());

  const uint32_t rate = GetCodecInfo(c.codec).sample_rate_hz;
  peer.Exchange(MakeTone(rate, 1000, -12, rate * 4 / 10), stream_address_, 100);
  const std::span<const int16_t> echo = EchoedTone(peer.receiver().audio, rate);
  ASSERT_FALSE(echo.empty());
  EXPECT_NEAR(EstimateFrequency(echo, rate), 1000, 10);
  EXPECT_NEAR(RmsDbfs(echo), -12, 2);
  EXPECT_GT(peer.receiver().packets.size(), 400u / c.ptime_ms);

  EXPECT_EQ(engine_->ports().leased_pairs(), 1u);
  ASSERT_TRUE(engine_->RemoveStream(id));
  EXPECT_EQ(engine_->ports().leased_pairs(), 1u);
  ASSERT_TRUE(WaitFor([&] { return !EventsOf<StreamClosed>().empty(); }));
  const StreamClosed closed = EventsOf<StreamClosed>()[0];
  EXPECT_EQ(closed.stream_id, id);
  EXPECT_GE(closed.stats.rtp_packets_in, 400u / c.ptime_ms - 2);
  EXPECT_GT(closed.stats.rtp_packets_out, 10u);
  EXPECT_EQ(closed.stats.srtp_auth_failures, 0u);
  EXPECT_EQ(engine_->ports().leased_pairs(), 0u);
  EXPECT_EQ(engine_->stream_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Codecs, MediaEngineEchoTest,
                         ::testing::Values(EngineEchoCase{CodecId::kPcmu, 0, 20, false},
                                           EngineEchoCase{CodecId::kPcma, 8, 20, false},
                                           EngineEchoCase{CodecId::kG722, 9, 20, false},
                                           EngineEchoCase{CodecId::kOpus, 111, 20, false},
                                           EngineEchoCase{CodecId::kPcmu, 0, 10, false},
                                           EngineEchoCase{CodecId::kPcmu, 0, 40, false},
                                           EngineEchoCase{CodecId::kPcmu, 0, 20, true}));

TEST_F(MediaEngineTest, Rfc4733DigitsBecomeEvents) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer.address();
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  peer.Exchange(MakeTone(8000, 1000, -20, 800), stream_address_, 0);
  for (char digit : {'5', '#'}) {
    for (const Datagram& d : peer.sender().Digit(digit, 100)) {
      peer.Send(d, stream_address_);
      peer.ReceiveFor(20);
    }
  }
  ASSERT_TRUE(WaitFor([&] { return EventsOf<DtmfDigit>().size() >= 2; }));
  const auto digits = EventsOf<DtmfDigit>();
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_EQ(digits[0].stream_id, id);
  EXPECT_EQ(digits[0].digit, '5');
  EXPECT_EQ(digits[1].digit, '#');
  EXPECT_EQ(digits[1].source, DtmfSource::kRfc4733);
  EXPECT_EQ(digits[1].duration_ms, 100u);
}

TEST_F(MediaEngineTest, InbandTonesBecomeEvents) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.receive_telephone_event.reset();
  media.inband_dtmf_detection = true;
  media.remote_rtp = peer.address();
  StartStream(media);
  ASSERT_TRUE(engine_->Start());
  std::vector<int16_t> pcm(8000 * 6 / 10, 0);  // 600 ms: 100 ms silence, tone, ...
  for (auto [digit, start_ms] : {std::pair{'1', 100}, std::pair{'2', 300}}) {
    auto generator = DtmfToneGenerator::Create(digit, {});
    ASSERT_TRUE(generator);
    generator->Fill(std::span(pcm).subspan(start_ms * 8, 800));
  }
  peer.Exchange(pcm, stream_address_, 100);
  ASSERT_TRUE(WaitFor([&] { return EventsOf<DtmfDigit>().size() >= 2; }));
  const auto digits = EventsOf<DtmfDigit>();
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_EQ(digits[0].digit, '1');
  EXPECT_EQ(digits[1].digit, '2');
  EXPECT_EQ(digits[0].source, DtmfSource::kInband);
}

TEST_F(MediaEngineTest, SendDigitsReachThePeer) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer.address();
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  ASSERT_TRUE(engine_->SendDigits(id, "12", 60, 40));
  EXPECT_FALSE(engine_->SendDigits(id, "1x"));
  EXPECT_FALSE(engine_->SendDigits(id + 100, "1"));
  peer.ReceiveFor(400);
  std::vector<uint8_t> ends;
  for (const ReceivedRtp& p : peer.receiver().packets) {
    if (p.event && p.event->end && (ends.empty() || ends.back() != p.event->event)) {
      ends.push_back(p.event->event);
    }
  }
  EXPECT_EQ(ends, (std::vector<uint8_t>{1, 2}));
}

TEST_F(MediaEngineTest, RtpTimeoutWhenThePeerIsSilent) {
  MakeEngine();
  StreamMediaConfig media = PcmuMedia();
  media.media_timeout_ms = 100;
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  ASSERT_TRUE(WaitFor([&] { return !EventsOf<RtpTimeout>().empty(); }));
  EXPECT_EQ(EventsOf<RtpTimeout>()[0].stream_id, id);
  EXPECT_GE(EventsOf<RtpTimeout>()[0].silent_ms, 100);
}

TEST_F(MediaEngineTest, HoldSendsNothing) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer.address();
  media.direction.send = false;
  StartStream(media);
  ASSERT_TRUE(engine_->Start());
  peer.Exchange(MakeTone(8000, 1000, -12, 2400), stream_address_, 60);
  EXPECT_TRUE(peer.receiver().packets.empty());
}

TEST_F(MediaEngineTest, UpdateToHoldStopsSending) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer.address();
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  peer.ReceiveFor(100);
  EXPECT_GT(peer.receiver().packets.size(), 2u);
  media.direction.send = false;
  ASSERT_TRUE(engine_->UpdateStream(id, media));
  peer.ReceiveFor(60);  // what was on its way
  const size_t before = peer.receiver().packets.size();
  peer.ReceiveFor(150);
  EXPECT_EQ(peer.receiver().packets.size(), before);
}

TEST_F(MediaEngineTest, SymmetricLatchingLearnsThePeer) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = Addr("0.0.0.0:0");
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  peer.ReceiveFor(60);
  EXPECT_TRUE(peer.receiver().packets.empty());
  peer.Exchange(MakeTone(8000, 1000, -12, 1600), stream_address_, 60);
  EXPECT_GT(peer.receiver().packets.size(), 5u);
  const auto latched = EventsOf<PeerLatched>();
  ASSERT_EQ(latched.size(), 1u);
  EXPECT_EQ(latched[0].stream_id, id);
  EXPECT_EQ(latched[0].address, peer.address());
}

TEST_F(MediaEngineTest, StrictLatchingAnswersOnlyTheSignalledAddress) {
  MakeEngine();
  RtpTestPeer peer = MakePeer();
  RtpTestPeer intruder = MakePeer();
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer.address();
  media.latching = LatchingMode::kStrict;
  const uint64_t id = StartStream(media);
  ASSERT_TRUE(engine_->Start());
  intruder.Exchange(MakeTone(8000, 1000, -12, 1600), stream_address_, 40);
  EXPECT_TRUE(intruder.receiver().packets.empty());
  ASSERT_TRUE(engine_->RequestStats(id));
  ASSERT_TRUE(WaitFor([&] { return !EventsOf<StreamStatsReport>().empty(); }));
  const StreamStats stats = EventsOf<StreamStatsReport>()[0].stats;
  EXPECT_EQ(stats.rejected_source, 10u);
  EXPECT_EQ(stats.rtp_packets_in, 0u);
  EXPECT_GT(stats.rtp_packets_out, 0u);  // to the signalled peer
}

TEST_F(MediaEngineTest, FullCommandRingRefusesWithoutLosingTheSockets) {
  MakeEngine(1, 2);
  std::vector<uint64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(engine_->ReservePorts()->stream_id);
  ASSERT_TRUE(engine_->StartStream(ids[0], PcmuMedia()));
  ASSERT_TRUE(engine_->StartStream(ids[1], PcmuMedia()));
  auto refused = engine_->StartStream(ids[2], PcmuMedia());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(engine_->WorkerSnapshots()[0].command_ring_full, 1u);
  ASSERT_TRUE(engine_->Start());
  ASSERT_TRUE(WaitFor([&] { return engine_->WorkerSnapshots()[0].streams == 2; }));
  EXPECT_TRUE(engine_->StartStream(ids[2], PcmuMedia()));
}

TEST_F(MediaEngineTest, RefusedStartsKeepTheirSockets) {
  MakeEngine(1);
  const uint64_t id = engine_->ReservePorts()->stream_id;
  StreamMediaConfig bad = PcmuMedia();
  bad.send_codec.ptime_ms = 25;
  auto refused = engine_->StartStream(id, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("stream " + std::to_string(id)), std::string::npos);
  EXPECT_TRUE(engine_->StartStream(id, PcmuMedia()));
  EXPECT_FALSE(engine_->StartStream(id, PcmuMedia()));         // already running
  EXPECT_FALSE(engine_->StartStream(id + 1000, PcmuMedia()));  // never reserved

  StreamConfig own;
  own.stream_id = id;  // in use
  own.rtp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
  own.media = PcmuMedia();
  EXPECT_EQ(engine_->AddStream(std::move(own)).error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(own.rtp_socket.valid());
  own.stream_id = 1u << 20;
  own.media.send_codec.ptime_ms = 25;
  EXPECT_FALSE(engine_->AddStream(std::move(own)));
  EXPECT_TRUE(own.rtp_socket.valid());
  own.media.send_codec.ptime_ms = 20;
  EXPECT_TRUE(engine_->AddStream(std::move(own)));
  EXPECT_EQ(engine_->stream_count(), 2u);
}

TEST_F(MediaEngineTest, AffinityKeepsStreamsTogether) {
  MakeEngine(2);
  const uint64_t a = StartStream(PcmuMedia(), 77);
  const uint64_t b = StartStream(PcmuMedia(), 77);
  const uint64_t c = StartStream(PcmuMedia());
  const uint64_t d = StartStream(PcmuMedia(), 78);
  EXPECT_EQ(engine_->WorkerOf(a), engine_->WorkerOf(b));
  EXPECT_NE(engine_->WorkerOf(c), engine_->WorkerOf(a));
  EXPECT_EQ(engine_->WorkerOf(d), engine_->WorkerOf(c));
}

TEST_F(MediaEngineTest, StopClosesRunningStreamsAndReleasesPorts) {
  MakeEngine(2);
  StartStream(PcmuMedia());
  StartStream(MediaFor(CodecId::kOpus, 111));
  const uint64_t reserved_only = engine_->ReservePorts()->stream_id;
  ASSERT_TRUE(engine_->Start());
  EXPECT_EQ(engine_->ports().leased_pairs(), 3u);
  engine_->Stop();
  EXPECT_EQ(EventsOf<StreamClosed>().size(), 2u);
  EXPECT_EQ(engine_->ports().leased_pairs(), 0u);
  EXPECT_EQ(engine_->stream_count(), 0u);
  EXPECT_FALSE(engine_->RemoveStream(reserved_only));
}

}  // namespace
}  // namespace chorus::media::testing
