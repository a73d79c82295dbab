// Packet-path costs of media/rtp, media/rtcp, media/srtp and media/dtmf:
// RTP parse, RTCP compound parse and build, SRTP protect/unprotect per
// packet for each suite and 160/80-byte payloads, and the in-band DTMF
// detector per 20 ms frame. Figures and commands: docs/bench/rtp.md.

#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <vector>

#include "media/dtmf/dtmf_tone_detector.h"
#include "media/dtmf/dtmf_tone_generator.h"
#include "media/rtcp/rtcp_builder.h"
#include "media/rtcp/rtcp_packet.h"
#include "media/rtp/rtp_packet.h"
#include "media/rtp/rtp_writer.h"
#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_library.h"
#include "media/srtp/srtp_session.h"

namespace chorus::media {
namespace {

std::vector<uint8_t> MakeRtp(size_t payload_bytes, bool audio_level) {
  RtpWriter writer({.ssrc = 0x11223344,
                    .first_seq = 1,
                    .timestamp_base = 0,
                    .audio_level_id = static_cast<uint8_t>(audio_level ? 1 : 0)});
  std::vector<uint8_t> packet(RtpWriter::kMaxHeaderBytes + payload_bytes);
  const size_t header =
      writer.WriteHeader(packet, {.payload_type = 0, .audio_level = AudioLevel{true, 30}});
  packet.resize(header + payload_bytes, 0x55);
  return packet;
}

void BM_RtpParse(benchmark::State& state) {
  const auto packet = MakeRtp(160, state.range(0) != 0);
  for (auto _ : state) {
    RtpPacket parsed;
    benchmark::DoNotOptimize(RtpPacket::TryParse(packet, parsed));
    if (state.range(0) != 0) {
      auto level = FindAudioLevel(parsed.extensions(), 1);
      benchmark::DoNotOptimize(level);
    }
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_RtpParse)->ArgName("audio_level")->Arg(0)->Arg(1);

std::vector<uint8_t> MakeReport() {
  RtcpReportInput in;
  in.ssrc = 0x11111111;
  in.sender_info = RtcpSenderInfo{NtpTime{0x83aa7e80u, 0}, 1234, 500, 80000};
  in.block = RtcpReportBlock{.ssrc = 0x22222222,
                             .fraction_lost = 3,
                             .cumulative_lost = 12,
                             .extended_highest_seq = 70000,
                             .jitter = 40,
                             .last_sr = 0xb7052000,
                             .delay_since_last_sr = 0x8000};
  in.cname = "7b3c1f0e-chorus@media";
  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  out.resize(BuildRtcpReport(in, out));
  return out;
}

void BM_RtcpParseCompound(benchmark::State& state) {
  const auto packet = MakeReport();
  RtcpCompound compound;
  for (auto _ : state) {
    benchmark::DoNotOptimize(RtcpCompound::TryParse(packet, compound));
    benchmark::DoNotOptimize(compound.block_count);
  }
}
BENCHMARK(BM_RtcpParseCompound);

void BM_RtcpBuildReport(benchmark::State& state) {
  RtcpReportInput in;
  in.ssrc = 0x11111111;
  in.sender_info = RtcpSenderInfo{NtpTime{0x83aa7e80u, 0}, 1234, 500, 80000};
  in.block = RtcpReportBlock{.ssrc = 0x22222222, .fraction_lost = 3};
  in.cname = "7b3c1f0e-chorus@media";
  std::array<uint8_t, kRtcpMaxReportBytes> out{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(BuildRtcpReport(in, out));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_RtcpBuildReport);

constexpr SrtpSuite kSuites[] = {SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAesCm128HmacSha1_32,
                                 SrtpSuite::kAeadAes128Gcm};

bool SetUpSrtp(benchmark::State& state, SrtpSuite suite) {
  if (!SrtpLibrary::Init() ||
      (suite == SrtpSuite::kAeadAes128Gcm && !SrtpLibrary::GcmSupported())) {
    state.SkipWithError("suite not available");
    return false;
  }
  state.SetLabel(std::string(GetSrtpSuiteInfo(suite).name));
  return true;
}

void BM_SrtpProtect(benchmark::State& state) {
  const SrtpSuite suite = kSuites[state.range(0)];
  if (!SetUpSrtp(state, suite)) return;
  auto key = GenerateSdesKeyParams(suite);
  auto session = SrtpSession::Create(SrtpDirection::kOutbound, *key);
  const auto plain = MakeRtp(static_cast<size_t>(state.range(1)), false);
  std::vector<uint8_t> buffer(plain.size() + kSrtpMaxOverheadBytes);
  uint16_t seq = 0;
  for (auto _ : state) {
    memcpy(buffer.data(), plain.data(), plain.size());
    buffer[2] = static_cast<uint8_t>(seq >> 8);
    buffer[3] = static_cast<uint8_t>(seq);
    ++seq;
    size_t size = plain.size();
    if (session->ProtectRtp(buffer, size) != SrtpStatus::kOk) state.SkipWithError("protect");
    benchmark::DoNotOptimize(size);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(1));
}
BENCHMARK(BM_SrtpProtect)->ArgNames({"suite", "payload"})->ArgsProduct({{0, 1, 2}, {160, 80}});

void BM_SrtpUnprotect(benchmark::State& state) {
  const SrtpSuite suite = kSuites[state.range(0)];
  if (!SetUpSrtp(state, suite)) return;
  auto key = GenerateSdesKeyParams(suite);
  auto out = SrtpSession::Create(SrtpDirection::kOutbound, *key);
  const auto plain = MakeRtp(static_cast<size_t>(state.range(1)), false);
  // Distinct sequence numbers: the replay window rejects repeats, so a
  // batch is protected up front and the inbound session renewed per batch.
  constexpr size_t kBatch = 4096;
  const size_t stride = plain.size() + kSrtpMaxOverheadBytes;
  std::vector<uint8_t> protected_packets(kBatch * stride);
  std::vector<size_t> sizes(kBatch);
  for (size_t i = 0; i < kBatch; ++i) {
    uint8_t* p = protected_packets.data() + i * stride;
    memcpy(p, plain.data(), plain.size());
    p[2] = static_cast<uint8_t>(i >> 8);
    p[3] = static_cast<uint8_t>(i);
    sizes[i] = plain.size();
    (void)out->ProtectRtp(std::span<uint8_t>(p, stride), sizes[i]);
  }
  std::vector<uint8_t> work(stride);
  auto in = SrtpSession::Create(SrtpDirection::kInbound, *key);
  size_t next = 0;
  for (auto _ : state) {
    if (next == kBatch) {
      state.PauseTiming();
      in = SrtpSession::Create(SrtpDirection::kInbound, *key);
      next = 0;
      state.ResumeTiming();
    }
    memcpy(work.data(), protected_packets.data() + next * stride, sizes[next]);
    size_t size = sizes[next];
    ++next;
    if (in->UnprotectRtp(work, size) != SrtpStatus::kOk) state.SkipWithError("unprotect");
    benchmark::DoNotOptimize(size);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(1));
}
BENCHMARK(BM_SrtpUnprotect)->ArgNames({"suite", "payload"})->ArgsProduct({{0, 1, 2}, {160, 80}});

void BM_DtmfToneDetector(benchmark::State& state) {
  const auto rate = static_cast<uint32_t>(state.range(0));
  auto gen = DtmfToneGenerator::Create('5', {.sample_rate_hz = rate});
  // One second alternating 100 ms of tone and silence, fed 20 ms a frame.
  std::vector<int16_t> pcm(rate);
  for (size_t i = 0; i < pcm.size(); i += rate / 10) {
    if ((i / (rate / 10)) % 2 == 0) gen->Fill(std::span<int16_t>(pcm.data() + i, rate / 10));
  }
  DtmfToneDetector detector(rate);
  const size_t frame = rate / 50;
  size_t pos = 0;
  for (auto _ : state) {
    auto event = detector.Process(std::span<const int16_t>(pcm.data() + pos, frame));
    benchmark::DoNotOptimize(event);
    pos = (pos + frame) % pcm.size();
  }
}
BENCHMARK(BM_DtmfToneDetector)->ArgName("rate_hz")->Arg(8000)->Arg(16000);

}  // namespace
}  // namespace chorus::media

