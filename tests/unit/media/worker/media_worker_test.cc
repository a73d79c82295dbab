// Scenarios: one MediaWorker.
// Driven by hand on the test thread (no worker thread started):
// - commands: AddStream takes a stream over, a second stream with the same
//   id is refused (CommandFailed kAlreadyExists), RequestStats answers with
//   a StreamStatsReport, a command for an unknown stream gives CommandFailed
//   kNotFound, RemoveStream gives StreamClosed with the final counters;
// - a full command ring refuses Post() without waiting, leaves the command
//   with the caller and counts it (STYLE.md §2);
// - StreamClosed is never lost to a full event ring: it waits and goes out
//   with a later tick, after the events already queued;
// - the audio path allocates nothing: socket callbacks (RTP from a peer on
//   loopback) and ticks over PCMU, G.722 and Opus streams.
// With the worker thread running (real timerfd, real loopback sockets;
// well under a second):
// - a 1 kHz tone sent as PCMU comes back as a 1 kHz tone; ticks are
//   counted and timed; Stop() joins and reports the stream closed.

#include "media/worker/media_worker.h"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "tests/testing/rtp_test_peer.h"
#include "tests/unit/media/stream/stream_harness.h"
#include "tests/unit/media/testing/allocation_counter.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media::testing {
namespace {

std::unique_ptr<MediaStream> MakeStream(uint64_t id, StreamMediaConfig media) {
  StreamConfig config;
  config.stream_id = id;
  config.rtp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
  config.rtcp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
  config.media = std::move(media);
  auto stream = MediaStream::Create(std::move(config), StreamEnvironment{});
  EXPECT_TRUE(stream) << stream.error().message;
  return std::move(stream).value();
}

std::vector<WorkerEvent> TakeEvents(MediaWorker& worker) {
  std::vector<WorkerEvent> events;
  while (auto e = worker.PollEvent()) events.push_back(std::move(*e));
  return events;
}

std::unique_ptr<MediaWorker> MakeWorker(size_t command_capacity = 16, size_t event_capacity = 64) {
  MediaWorkerOptions options;
  options.command_ring_capacity = command_capacity;
  options.event_ring_capacity = event_capacity;
  auto worker = MediaWorker::Create(options);
  EXPECT_TRUE(worker) << worker.error().message;
  return std::move(worker).value();
}

TEST(MediaWorkerTest, CommandsAndTheirAnswers) {
  auto worker = MakeWorker();
  ASSERT_TRUE(worker->Post(AddStreamCommand{MakeStream(1, PcmuMedia())}));
  ASSERT_TRUE(worker->Post(AddStreamCommand{MakeStream(1, PcmuMedia())}));
  ASSERT_TRUE(worker->Post(RequestStatsCommand{1}));
  ASSERT_TRUE(worker->Post(SendDigitsCommand{99, {}, 100, 60}));
  ASSERT_TRUE(worker->Post(RemoveStreamCommand{1}));
  worker->ProcessCommandsForTest();
  EXPECT_EQ(worker->stream_count(), 0u);
  auto events = TakeEvents(*worker);
  ASSERT_EQ(events.size(), 4u);
  auto* dup = std::get_if<CommandFailed>(&events[0]);
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(dup->code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup->command, CommandKind::kAddStream);
  ASSERT_NE(std::get_if<StreamStatsReport>(&events[1]), nullptr);
  auto* unknown = std::get_if<CommandFailed>(&events[2]);
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->stream_id, 99u);
  EXPECT_EQ(unknown->code, ErrorCode::kNotFound);
  auto* closed = std::get_if<StreamClosed>(&events[3]);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->stream_id, 1u);
  EXPECT_EQ(worker->Counters().commands, 5u);
  EXPECT_EQ(worker->Counters().events, 4u);
}

TEST(MediaWorkerTest, FullCommandRingIsRefusedAndCounted) {
  auto worker = MakeWorker(2);
  ASSERT_TRUE(worker->Post(RequestStatsCommand{1}));
  ASSERT_TRUE(worker->HasCommandRoom());
  ASSERT_TRUE(worker->Post(RequestStatsCommand{2}));
  EXPECT_FALSE(worker->HasCommandRoom());
  WorkerCommand add{AddStreamCommand{MakeStream(3, PcmuMedia())}};
  EXPECT_FALSE(worker->Post(std::move(add)));
  // Refused, so still the caller's.
  EXPECT_NE(std::get<AddStreamCommand>(add).stream, nullptr);
  EXPECT_EQ(worker->Counters().command_ring_full, 1u);
  worker->ProcessCommandsForTest();
  EXPECT_TRUE(worker->HasCommandRoom());
  EXPECT_TRUE(worker->Post(std::move(add)));
}

TEST(MediaWorkerTest, StreamClosedWaitsForRoomInTheEventRing) {
  auto worker = MakeWorker(16, 2);
  ASSERT_TRUE(worker->Post(AddStreamCommand{MakeStream(1, PcmuMedia())}));
  ASSERT_TRUE(worker->Post(RequestStatsCommand{1}));
  ASSERT_TRUE(worker->Post(RequestStatsCommand{1}));
  ASSERT_TRUE(worker->Post(RemoveStreamCommand{1}));
  worker->ProcessCommandsForTest();
  EXPECT_EQ(worker->Counters().event_ring_full, 1u);
  auto events = TakeEvents(*worker);
  ASSERT_EQ(events.size(), 2u);
  worker->TickForTest(MonotonicClock::Instance().NowNs());
  events = TakeEvents(*worker);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(std::get_if<StreamClosed>(&events[0]), nullptr);
}

TEST(MediaWorkerTest, SocketCallbacksAndTicksDoNotAllocate) {
  auto worker = MakeWorker();
  std::vector<RtpTestPeer> peers;
  std::vector<SocketAddress> stream_addresses;
  const std::vector<std::pair<CodecId, uint8_t>> codecs = {
      {CodecId::kPcmu, 0}, {CodecId::kG722, 9}, {CodecId::kOpus, 111}};
  std::vector<std::vector<std::vector<Datagram>>> input(codecs.size());
  for (size_t i = 0; i < codecs.size(); ++i) {
    auto [codec, pt] = codecs[i];
    RtpTestPeerOptions po;
    po.send.codec = codec;
    po.send.payload_type = pt;
    po.receive.codec = codec;
    po.receive.payload_type = pt;
    auto peer = RtpTestPeer::Create(po);
    ASSERT_TRUE(peer);
    StreamMediaConfig media = MediaFor(codec, pt);
    media.remote_rtp = peer->address();
    auto stream = MakeStream(10 + i, media);
    stream_addresses.push_back(stream->local_rtp_address());
    const uint32_t rate = GetCodecInfo(codec).sample_rate_hz;
    for (uint32_t t = 0; t < 100; ++t) {
      input[i].push_back(
          peer->sender().Packetize(MakeTone(rate, 1000, -12, rate / 50, t * rate / 50)));
    }
    ASSERT_TRUE(worker->Post(AddStreamCommand{std::move(stream)}));
    peers.push_back(std::move(peer).value());
  }
  worker->ProcessCommandsForTest();
  ASSERT_EQ(worker->stream_count(), 3u);

  int64_t now = MonotonicClock::Instance().NowNs();
  AllocationScope scope;
  for (int t = 0; t < 100; ++t) {
    for (size_t i = 0; i < peers.size(); ++i) {
      for (const Datagram& d : input[i][t]) peers[i].socket().SendTo(d, stream_addresses[i]);
    }
    worker->RunLoopOnceForTest();
    now += MediaWorker::kTickPeriodNs;
    worker->TickForTest(now);
  }
  EXPECT_EQ(scope.count(), 0);
  // The peers got their echo (read outside the counted scope).
  for (auto& peer : peers) {
    peer.ReceiveFor(0);
    EXPECT_GT(peer.receiver().packets.size(), 50u);
  }
}

TEST(MediaWorkerTest, RunningWorkerEchoesAToneOverLoopback) {
  auto worker = MakeWorker();
  auto peer = RtpTestPeer::Create({});
  ASSERT_TRUE(peer);
  StreamMediaConfig media = PcmuMedia();
  media.remote_rtp = peer->address();
  auto stream = MakeStream(5, media);
  const SocketAddress stream_address = stream->local_rtp_address();
  ASSERT_TRUE(worker->Post(AddStreamCommand{std::move(stream)}));
  ASSERT_TRUE(worker->Start());
  EXPECT_FALSE(worker->Start());

  peer->Exchange(MakeTone(8000, 1000, -12, 8000 * 4 / 10), stream_address, 100);
  const auto& audio = peer->receiver().audio;
  ASSERT_GT(audio.size(), 1600u);
  std::span<const int16_t> tail(audio.data() + audio.size() - 1600, 1600);
  EXPECT_NEAR(EstimateFrequency(tail, 8000), 1000, 10);
  EXPECT_EQ(peer->last_from(), stream_address);

  worker->Stop();
  const WorkerCountersSnapshot counters = worker->Counters();
  EXPECT_GT(counters.ticks, 10u);
  EXPECT_GT(counters.max_tick_ns, 0);
  auto events = TakeEvents(*worker);
  bool closed = false;
  for (auto& e : events) closed |= std::holds_alternative<StreamClosed>(e);
  EXPECT_TRUE(closed);
  EXPECT_EQ(worker->stream_count(), 0u);
}

}  // namespace
}  // namespace chorus::media::testing
