// Per-stream costs of the media runtime (media/stream), without sockets:
// packets are fed to MediaStream::HandleDatagram and what it sends is
// copied into a buffer.
//   BM_EchoTick/<codec>    one stream's whole echo tick: receive one
//                          packet, pull (jitter buffer, decode, resample
//                          to 48 kHz), push (resample, encode, packetize,
//                          RTP header), upkeep.
//   BM_ReceivePacket/srtp  the receive path per packet: (SRTP unprotect,)
//                          parse, latch, RFC 3550 statistics, jitter
//                          buffer put.
//   BM_EchoLatency         not a timing: the mouth-to-ear delay the echo
//                          adds, from a tone burst's first packet arriving
//                          to the first echoed packet carrying the tone,
//                          over arrival phases and jitter, on a fake clock;
//                          reported as counters next to the bound (one
//                          ptime plus the jitter buffer's depth).
// Figures and commands: docs/bench/media_stream.md.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include "media/base/clock.h"
#include "media/codec/audio_codec_factory.h"
#include "media/rtp/rtp_writer.h"
#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_library.h"
#include "media/srtp/srtp_session.h"
#include "media/stream/media_stream.h"

namespace chorus::media {
namespace {

SocketAddress Addr(const char* text) { return SocketAddress::Parse(text).value(); }

// Copies every datagram into one buffer, as a socket send would.
struct BufferCapture : PacketCaptureForTest {
  void OnPacketSent(std::span<const uint8_t> datagram, const SocketAddress&, bool rtcp) override {
    std::memcpy(buffer.data(), datagram.data(), std::min(datagram.size(), buffer.size()));
    bytes += datagram.size();
    if (!rtcp) ++packets;
  }
  std::vector<uint8_t> buffer = std::vector<uint8_t>(2048);
  uint64_t bytes = 0;
  uint64_t packets = 0;
};

struct CodecCase {
  CodecId codec;
  uint8_t payload_type;
};

CodecCase CaseOf(int64_t index) {
  constexpr CodecCase kCases[] = {{CodecId::kPcmu, 0}, {CodecId::kG722, 9}, {CodecId::kOpus, 111}};
  return kCases[index];
}

StreamMediaConfig Media(CodecCase c) {
  StreamMediaConfig media;
  media.remote_rtp = Addr("127.0.0.1:40000");
  media.rtcp_mux = true;
  media.send_codec.codec = c.codec;
  media.send_codec.payload_type = c.payload_type;
  media.receive_codecs = {{c.payload_type, c.codec}};
  media.media_timeout_ms = 0;
  return media;
}

std::unique_ptr<MediaStream> MakeStream(const StreamMediaConfig& media, const Clock& clock) {
  StreamConfig config;
  config.stream_id = 1;
  config.rtp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
  config.media = media;
  StreamEnvironment env;
  env.clock = &clock;
  return MediaStream::Create(std::move(config), env).value();
}

// One second of a 1 kHz tone at -12 dBFS as 20 ms payloads, played in a loop.
std::vector<std::vector<uint8_t>> TonePayloads(CodecId codec) {
  auto encoder = CreateAudioEncoder({codec, 20, {}}).value();
  const uint32_t rate = encoder->sample_rate_hz();
  const size_t frame = encoder->frame_samples();
  std::vector<std::vector<uint8_t>> payloads;
  std::vector<int16_t> pcm(frame);
  for (size_t f = 0; f < 50; ++f) {
    for (size_t i = 0; i < frame; ++i) {
      const double t = static_cast<double>(f * frame + i) / rate;
      pcm[i] = static_cast<int16_t>(8200 * std::sin(2 * std::numbers::pi * 1000 * t));
    }
    std::vector<uint8_t> payload(encoder->max_payload_bytes());
    payload.resize(encoder->Encode(pcm, payload).value());
    payloads.push_back(std::move(payload));
  }
  return payloads;
}

// Writes packet `n` of a stream (20 ms apart) into `out`; returns its size.
size_t WritePacket(CodecId codec, uint8_t pt, uint32_t n, std::span<const uint8_t> payload,
                   std::span<uint8_t> out) {
  RtpHeaderFields fields;
  fields.payload_type = pt;
  fields.seq = SeqNum(static_cast<uint16_t>(n));
  fields.timestamp = RtpTimestamp(n * (GetCodecInfo(codec).rtp_clock_rate_hz / 50));
  fields.ssrc = 0xABCD;
  const size_t header = WriteRtpHeader(fields, {}, out);
  std::memcpy(out.data() + header, payload.data(), payload.size());
  return header + payload.size();
}

void BM_EchoTick(benchmark::State& state) {
  const CodecCase c = CaseOf(state.range(0));
  FakeClock clock;
  auto stream = MakeStream(Media(c), clock);
  BufferCapture capture;
  stream->SetPacketCaptureForTest(&capture);
  const auto payloads = TonePayloads(c.codec);
  const SocketAddress peer = Addr("127.0.0.1:40000");
  std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
  uint32_t n = 0;
  for (auto _ : state) {
    const size_t size =
        WritePacket(c.codec, c.payload_type, n, payloads[n % payloads.size()], buffer);
    ++n;
    stream->HandleDatagram(buffer, size, peer, false, clock.NowNs());
    clock.AdvanceMs(20);
    stream->PullFrame(clock.NowNs());
    stream->PushFrame(stream->received_frame(), clock.NowNs());
    stream->Maintain(clock.NowNs());
  }
  const StreamStats stats = stream->Stats();
  state.counters["decoded"] = static_cast<double>(stats.frames_decoded) / n;
  state.counters["sent"] = static_cast<double>(capture.packets) / n;
  state.SetLabel(std::string(CodecLabel(c.codec)));
}
BENCHMARK(BM_EchoTick)->ArgName("codec")->DenseRange(0, 2);

void BM_ReceivePacket(benchmark::State& state) {
  const bool srtp = state.range(0) != 0;
  constexpr CodecCase kPcmu{CodecId::kPcmu, 0};
  FakeClock clock;
  StreamMediaConfig media = Media(kPcmu);
  std::optional<SrtpSession> protect;
  if (srtp) {
    (void)SrtpLibrary::Init();
    auto key = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80).value();
    media.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, key, key};
    protect.emplace(SrtpSession::Create(SrtpDirection::kOutbound, key).value());
  }
  auto stream = MakeStream(media, clock);
  BufferCapture capture;
  stream->SetPacketCaptureForTest(&capture);
  const auto payloads = TonePayloads(kPcmu.codec);
  const SocketAddress peer = Addr("127.0.0.1:40000");
  // Packets are made (and protected) in batches outside the timing; the
  // stream's tick consumes them in between, so the jitter buffer stays in
  // its steady state.
  constexpr int kBatch = 32;
  std::vector<std::vector<uint8_t>> batch(kBatch, std::vector<uint8_t>(512));
  std::vector<size_t> sizes(kBatch);
  std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
  uint32_t n = 0;
  int next = kBatch;
  for (auto _ : state) {
    if (next == kBatch) {
      state.PauseTiming();
      for (int i = 0; i < kBatch; ++i) {
        clock.AdvanceMs(20);
        stream->PullFrame(clock.NowNs());
        sizes[i] = WritePacket(kPcmu.codec, 0, n + i, payloads[(n + i) % 50], batch[i]);
        if (protect && protect->ProtectRtp(batch[i], sizes[i]) != SrtpStatus::kOk) {
          state.SkipWithError("protect failed");
        }
      }
      n += kBatch;
      next = 0;
      state.ResumeTiming();
    }
    std::memcpy(buffer.data(), batch[next].data(), sizes[next]);
    stream->HandleDatagram(buffer, sizes[next], peer, false, clock.NowNs());
    ++next;
  }
  const StreamStats stats = stream->Stats();
  state.counters["srtp_auth_failures"] = static_cast<double>(stats.srtp_auth_failures);
  state.counters["srtp_replays"] = static_cast<double>(stats.srtp_replays);
  state.counters["srtp_other"] = static_cast<double>(stats.srtp_other_errors);
  state.counters["accepted"] = static_cast<double>(stats.rtp_packets_in) / n;
}
BENCHMARK(BM_ReceivePacket)->ArgName("srtp")->Arg(0)->Arg(1);

// Latency of the echo (see the file comment). Arrivals are 20 ms apart
// plus uniform jitter of +-range(0) ms around a phase that cycles through
// the tick; each burst follows 1.5 s of silence packets.
void BM_EchoLatency(benchmark::State& state) {
  const int jitter_ms = static_cast<int>(state.range(0));
  constexpr CodecCase kPcmu{CodecId::kPcmu, 0};
  const auto tone = TonePayloads(kPcmu.codec);
  auto silence_encoder = CreateAudioEncoder({kPcmu.codec, 20, {}}).value();
  std::vector<int16_t> zeros(160, 0);
  std::vector<uint8_t> silence(160);
  silence.resize(silence_encoder->Encode(zeros, silence).value());
  double worst_ms = 0;
  double sum_ms = 0;
  double worst_excess_ms = -1e9;
  double worst_strict_excess_ms = -1e9;
  double sum_bound_ms = 0;
  int bursts = 0;
  std::mt19937 rng(7);
  for (auto _ : state) {
    for (int phase = 1; phase < 20; phase += 3) {
      FakeClock clock;
      auto stream = MakeStream(Media(kPcmu), clock);
      BufferCapture capture;
      stream->SetPacketCaptureForTest(&capture);
      auto decoder = CreateAudioDecoder(kPcmu.codec).value();
      std::vector<int16_t> pcm(960);
      std::uniform_int_distribution<int> jitter(-jitter_ms, jitter_ms);
      // Arrival times (relative to tick 0) of each packet.
      constexpr int kPackets = 100;
      constexpr int kToneFrom = 75;
      std::vector<int64_t> arrival_ns(kPackets);
      for (int i = 0; i < kPackets; ++i) {
        arrival_ns[i] = clock.NowNs() + (int64_t{i} * 20 + phase + jitter(rng)) * 1'000'000;
      }
      std::vector<uint8_t> buffer(MediaStream::kReceiveBufferBytes);
      const int64_t start = clock.NowNs();
      int64_t tone_arrival = 0;
      int32_t depth_at_arrival = 0;  // including the tone's first packet
      int32_t depth_before = 0;      // just before it arrived
      int64_t echoed = 0;
      for (int tick = 1; tick < 160 && echoed == 0; ++tick) {
        const int64_t tick_ns = start + int64_t{tick} * 20'000'000;
        // Deliver everything due before this tick, in arrival order.
        std::vector<int> due;
        for (int i = 0; i < kPackets; ++i) {
          if (arrival_ns[i] <= tick_ns && arrival_ns[i] > tick_ns - 20'000'000) due.push_back(i);
        }
        std::sort(due.begin(), due.end(),
                  [&](int a, int b) { return arrival_ns[a] < arrival_ns[b]; });
        for (int i : due) {
          clock.AdvanceNs(std::max<int64_t>(0, arrival_ns[i] - clock.NowNs()));
          const auto& payload = i >= kToneFrom ? tone[i % 50] : silence;
          const size_t size =
              WritePacket(kPcmu.codec, 0, static_cast<uint32_t>(i), payload, buffer);
          if (i == kToneFrom) depth_before = stream->Stats().jitter_buffer_depth_ms;
          stream->HandleDatagram(buffer, size, Addr("127.0.0.1:40000"), false, clock.NowNs());
          if (i == kToneFrom) {
            tone_arrival = clock.NowNs();
            depth_at_arrival = stream->Stats().jitter_buffer_depth_ms;
          }
        }
        clock.AdvanceNs(tick_ns - clock.NowNs());
        const uint64_t before = capture.packets;
        stream->PullFrame(clock.NowNs());
        stream->PushFrame(stream->received_frame(), clock.NowNs());
        if (tone_arrival != 0 && capture.packets > before) {
          const size_t header = 12;
          auto n =
              decoder->Decode(std::span<const uint8_t>(capture.buffer).subspan(header, 160), pcm);
          double energy = 0;
          for (size_t k = 0; k < *n; ++k) energy += static_cast<double>(pcm[k]) * pcm[k];
          if (energy / static_cast<double>(*n) > 100.0 * 100.0) echoed = clock.NowNs();
        }
      }
      const double latency_ms = static_cast<double>(echoed - tone_arrival) / 1e6;
      const double bound_ms = 20.0 + depth_at_arrival;
      worst_ms = std::max(worst_ms, latency_ms);
      worst_excess_ms = std::max(worst_excess_ms, latency_ms - bound_ms);
      worst_strict_excess_ms = std::max(worst_strict_excess_ms, latency_ms - 20.0 - depth_before);
      sum_ms += latency_ms;
      sum_bound_ms += bound_ms;
      ++bursts;
    }
  }
  state.counters["latency_mean_ms"] = sum_ms / bursts;
  state.counters["latency_max_ms"] = worst_ms;
  state.counters["bound_mean_ms"] = sum_bound_ms / bursts;
  // <= 0 means every burst met "one ptime plus the jitter buffer depth".
  state.counters["max_over_bound_ms"] = worst_excess_ms;
  // The same with the depth measured before the packet arrived.
  state.counters["max_over_strict_bound_ms"] = worst_strict_excess_ms;
}
BENCHMARK(BM_EchoLatency)->ArgName("jitter_ms")->Arg(0)->Arg(10)->Arg(30)->Iterations(5);

}  // namespace
}  // namespace chorus::media
