// Fuzz target: a MediaStream's receive and tick paths under arbitrary
// datagrams. The stream (PCMU, G.722 and Opus receive payload types 0, 9
// and 111, telephone-event 101, echo mode, sends captured, no socket I/O)
// is rebuilt per input on a fake clock. Input layout:
//   byte 0: flags  bit0 rtcp-mux, bit1 strict latching, bit2 in-band DTMF,
//                  bit3 SRTP (fixed keys, so most input fails to
//                  authenticate: that path is the one a peer reaches),
//                  bits4-5 send codec (PCMU, G.722, Opus, PCMA), bit6 the
//                  telephone-event clock is 48 kHz
//   then records: u8 control, u16 big-endian length, that many bytes.
//     control bit0: arrived on the separate RTCP port
//             bit1: from another address than the signalled peer
//             bits2-7: ticks (20 ms each) to run after it
// Every tick runs pull, echo push and upkeep, so decoding, concealment,
// DTMF, RTCP reports and timeouts all see the fuzzed stream.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "media/base/clock.h"
#include "media/stream/media_stream.h"

namespace {

using namespace chorus;
using namespace chorus::media;

struct DropCapture : PacketCaptureForTest {
  void OnPacketSent(std::span<const uint8_t> datagram, const SocketAddress&, bool) override {
    volatile uint8_t sink = datagram.empty() ? 0 : datagram[0];
    (void)sink;
  }
};

struct NullSink : StreamEventSink {
  void OnDtmfDigit(const DtmfDigit& e) override { digits += e.digit != 0; }
  void OnRtpTimeout(const RtpTimeout&) override {}
  void OnPeerLatched(const PeerLatched&) override {}
  int digits = 0;
};

SdesKeyParams FixedKey(uint8_t seed) {
  std::array<uint8_t, 30> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7);
  SdesKeyParams key;
  key.suite = SrtpSuite::kAesCm128HmacSha1_80;
  key.key = SrtpMasterKey(bytes);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  static const SocketAddress kPeer = SocketAddress::Parse("127.0.0.1:40000").value();
  static const SocketAddress kOther = SocketAddress::Parse("127.0.0.1:40100").value();
  constexpr CodecId kSendCodecs[] = {CodecId::kPcmu, CodecId::kG722, CodecId::kOpus,
                                     CodecId::kPcma};
  constexpr uint8_t kSendTypes[] = {0, 9, 111, 8};

  StreamConfig config;
  config.stream_id = 1;
  config.rtp_socket = UdpSocket::Bind(SocketAddress::Parse("127.0.0.1:0").value()).value();
  config.rtcp_socket = UdpSocket::Bind(SocketAddress::Parse("127.0.0.1:0").value()).value();
  StreamMediaConfig& media = config.media;
  media.remote_rtp = kPeer;
  media.remote_rtcp = kPeer;
  media.rtcp_mux = (flags & 0x01) != 0;
  media.latching = (flags & 0x02) != 0 ? LatchingMode::kStrict : LatchingMode::kSymmetric;
  media.inband_dtmf_detection = (flags & 0x04) != 0;
  if ((flags & 0x08) != 0) {
    media.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, FixedKey(1), FixedKey(2)};
  }
  const int codec = (flags >> 4) & 0x03;
  media.send_codec.codec = kSendCodecs[codec];
  media.send_codec.payload_type = kSendTypes[codec];
  media.receive_codecs = {{0, CodecId::kPcmu}, {9, CodecId::kG722}, {111, CodecId::kOpus}};
  media.receive_telephone_event = TelephoneEventConfig{101, (flags & 0x40) != 0 ? 48000u : 8000u};
  media.send_telephone_event =
      TelephoneEventConfig{101, GetCodecInfo(media.send_codec.codec).rtp_clock_rate_hz};
  media.media_timeout_ms = 200;

  FakeClock clock;
  StreamEnvironment env;
  env.clock = &clock;
  env.rtp.ssrc = 1;
  env.rtp.first_seq = 1;
  env.rtp.timestamp_base = 0;
  auto created = MediaStream::Create(std::move(config), env);
  if (!created) __builtin_trap();  // the configuration above is valid
  std::unique_ptr<MediaStream> stream = std::move(created).value();
  DropCapture capture;
  NullSink sink;
  stream->SetPacketCaptureForTest(&capture);
  stream->Attach(&sink, clock.NowNs());
  (void)stream->QueueDigits("1#", 60, 40);

  std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
  size_t offset = 1;
  while (offset + 3 <= size) {
    const uint8_t control = data[offset];
    const size_t length = (size_t{data[offset + 1]} << 8) | data[offset + 2];
    offset += 3;
    const size_t take = std::min({length, size - offset, buffer.size()});
    std::memcpy(buffer.data(), data + offset, take);
    offset += take;
    stream->HandleDatagram(buffer, take, (control & 0x02) != 0 ? kOther : kPeer,
                           (control & 0x01) != 0, clock.NowNs());
    for (int t = 0; t < (control >> 2); ++t) {
      clock.AdvanceMs(20);
      stream->PullFrame(clock.NowNs());
      stream->PushFrame(stream->received_frame(), clock.NowNs());
      stream->Maintain(clock.NowNs());
    }
  }
  const StreamStats stats = stream->Stats();
  // Each decoded frame is a distinct accepted packet.
  if (stats.frames_decoded > stats.rtp_packets_in || stats.jitter_buffer_depth_ms < 0) {
    __builtin_trap();
  }
  stream->SendBye();
  return 0;
}
