#pragma once

// StreamHarness: one MediaStream driven by hand on a FakeClock, for unit
// tests. Packets go in through HandleDatagram (no socket read), what the
// stream sends is captured and decoded by an RtpTestReceiver, and events
// are recorded. Tick() runs the worker's three tick phases in echo mode.

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "media/base/clock.h"
#include "media/stream/media_stream.h"
#include "tests/testing/rtp_test_peer.h"

namespace chorus::media::testing {

inline SocketAddress Addr(const char* text) { return SocketAddress::Parse(text).value(); }

// PCMU both ways, payload type 0, telephone-event 101 both ways, rtcp-mux,
// the peer at 127.0.0.1:40000.
inline StreamMediaConfig PcmuMedia() {
  StreamMediaConfig media;
  media.remote_rtp = Addr("127.0.0.1:40000");
  media.remote_rtcp = Addr("127.0.0.1:40001");
  media.rtcp_mux = true;
  media.send_codec.codec = CodecId::kPcmu;
  media.send_codec.payload_type = 0;
  media.receive_codecs = {{0, CodecId::kPcmu}};
  media.receive_telephone_event = TelephoneEventConfig{101, 8000};
  media.send_telephone_event = TelephoneEventConfig{101, 8000};
  return media;
}

inline StreamMediaConfig MediaFor(CodecId codec, uint8_t payload_type, uint32_t ptime_ms = 20) {
  StreamMediaConfig media = PcmuMedia();
  const uint32_t clock = GetCodecInfo(codec).rtp_clock_rate_hz;
  media.send_codec.codec = codec;
  media.send_codec.payload_type = payload_type;
  media.send_codec.ptime_ms = ptime_ms;
  media.receive_codecs = {{payload_type, codec}};
  media.receive_telephone_event = TelephoneEventConfig{101, clock};
  media.send_telephone_event = TelephoneEventConfig{101, clock};
  return media;
}

struct SentDatagram {
  Datagram bytes;
  SocketAddress to;
  bool rtcp = false;
};

class StreamHarness : public StreamEventSink, public PacketCaptureForTest {
 public:
  static constexpr uint64_t kStreamId = 7;

  // Builds the stream; `receive` decodes what it sends.
  void Start(StreamMediaConfig media, RtpTestReceiverOptions receive = {}) {
    StreamConfig config;
    config.stream_id = kStreamId;
    config.rtp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
    config.rtcp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
    config.media = std::move(media);
    env.clock = &clock;
    env.rtp.ssrc = 0xC0FFEE;
    env.rtp.first_seq = 100;
    env.rtp.timestamp_base = 1000;
    auto created = MediaStream::Create(std::move(config), env);
    ASSERT_TRUE(created) << created.error().message;
    stream = std::move(created).value();
    stream->SetPacketCaptureForTest(this);
    stream->Attach(this, clock.NowNs());
    auto rx = RtpTestReceiver::Create(receive);
    ASSERT_TRUE(rx) << rx.error().message;
    receiver = std::make_unique<RtpTestReceiver>(std::move(rx).value());
  }

  void Feed(const Datagram& datagram, const SocketAddress& from) {
    std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
    std::copy(datagram.begin(), datagram.end(), buffer.begin());
    stream->HandleDatagram(buffer, datagram.size(), from, false, clock.NowNs());
  }
  void Feed(const Datagram& datagram) { Feed(datagram, peer); }
  void FeedAll(const std::vector<Datagram>& datagrams) {
    for (const Datagram& d : datagrams) Feed(d);
  }

  // One 20 ms tick: clock forward, then pull, echo, maintain.
  void Tick(int n = 1) {
    for (int i = 0; i < n; ++i) {
      clock.AdvanceMs(20);
      stream->PullFrame(clock.NowNs());
      stream->PushFrame(stream->received_frame(), clock.NowNs());
      stream->Maintain(clock.NowNs());
    }
  }

  int RtpSent() const {
    int n = 0;
    for (const SentDatagram& s : sent) n += s.rtcp ? 0 : 1;
    return n;
  }

  // StreamEventSink
  void OnDtmfDigit(const DtmfDigit& event) override { digits.push_back(event); }
  void OnRtpTimeout(const RtpTimeout& event) override { timeouts.push_back(event); }
  void OnPeerLatched(const PeerLatched& event) override { latches.push_back(event); }
  // PacketCaptureForTest
  void OnPacketSent(std::span<const uint8_t> datagram, const SocketAddress& to,
                    bool rtcp) override {
    sent.push_back({Datagram(datagram.begin(), datagram.end()), to, rtcp});
    if (!rtcp && receiver) receiver->Accept(datagram);
  }

  FakeClock clock;
  StreamEnvironment env;
  SocketAddress peer = Addr("127.0.0.1:40000");
  std::unique_ptr<MediaStream> stream;
  std::unique_ptr<RtpTestReceiver> receiver;
  std::vector<SentDatagram> sent;
  std::vector<DtmfDigit> digits;
  std::vector<RtpTimeout> timeouts;
  std::vector<PeerLatched> latches;
};

}  // namespace chorus::media::testing
