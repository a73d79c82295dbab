#include "b2bua/sdp/audio_codec.h"

#include <array>

namespace chorus::b2bua {
namespace {

// Opus frames are 2.5-60 ms; with a 20 ms media tick the useful ones are
// 10/20/40/60 (RFC 7587 4.4: one frame per packet). G.711 and G.722 are
// sample based: any multiple of 10 ms up to 60.
constexpr std::array<int, 4> kOpusPtimes = {10, 20, 40, 60};
constexpr std::array<int, 6> kSampleCodecPtimes = {10, 20, 30, 40, 50, 60};

const std::array<AudioCodecInfo, 4> kCodecs = {{
    {AudioCodec::kOpus, "opus", 48000, 2, -1, 111, 48000, kOpusPtimes},
    {AudioCodec::kG722, "G722", 8000, 0, 9, 9, 8000, kSampleCodecPtimes},
    {AudioCodec::kPcmu, "PCMU", 8000, 0, 0, 0, 8000, kSampleCodecPtimes},
    {AudioCodec::kPcma, "PCMA", 8000, 0, 8, 8, 8000, kSampleCodecPtimes},
}};

}  // namespace

const AudioCodecInfo& GetAudioCodecInfo(AudioCodec codec) {
  for (const AudioCodecInfo& info : kCodecs) {
    if (info.codec == codec) return info;
  }
  return kCodecs[0];
}

std::string AudioCodecSpec(AudioCodec codec) {
  const AudioCodecInfo& info = GetAudioCodecInfo(codec);
  std::string out = std::string(info.name) + "/" + std::to_string(info.clock_rate_hz);
  if (info.rtpmap_channels != 0) out += "/" + std::to_string(info.rtpmap_channels);
  return out;
}

Result<AudioCodec> ParseAudioCodec(std::string_view name) {
  for (const AudioCodecInfo& info : kCodecs) {
    if (EqualsIgnoreCase(name, info.name) || EqualsIgnoreCase(name, AudioCodecSpec(info.codec))) {
      return info.codec;
    }
  }
  return MakeError(ErrorCode::kInvalidArgument, "unknown audio codec '" + std::string(name) +
                                                    "' (known: opus, G722, PCMU, PCMA)");
}

std::optional<AudioCodec> IdentifyAudioCodec(int payload_type,
                                             const std::optional<SdpRtpmap>& rtpmap) {
  for (const AudioCodecInfo& info : kCodecs) {
    if (!rtpmap) {
      if (payload_type == info.static_payload_type) return info.codec;
      continue;
    }
    if (!EqualsIgnoreCase(rtpmap->encoding, info.name)) continue;
    if (payload_type == info.static_payload_type && info.static_payload_type >= 0) {
      return info.codec;
    }
    if (rtpmap->clock_rate_hz != info.clock_rate_hz) continue;
    if (info.codec == AudioCodec::kOpus) return info.codec;  // any channel count
    if (rtpmap->channels <= 1) return info.codec;
  }
  return std::nullopt;
}

int ClampPtimeMs(AudioCodec codec, int requested_ms) {
  std::span<const int> ptimes = GetAudioCodecInfo(codec).ptimes_ms;
  int chosen = ptimes.front();
  for (int p : ptimes) {
    if (p <= requested_ms) chosen = p;
  }
  return chosen;
}

}  // namespace chorus::b2bua
