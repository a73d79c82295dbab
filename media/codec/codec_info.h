#pragma once

// The audio codecs Chorus speaks and the facts the rest of the media engine
// needs about each: RTP clock rate, the PCM rate the codec works at, SDP
// channel count, static payload type and the packet durations we accept.
// Plain constant data; any thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace chorus::media {

enum class CodecId : uint8_t { kPcmu, kPcma, kG722, kOpus };

struct CodecInfo {
  CodecId id;
  std::string_view encoding_name;              // as in an SDP rtpmap line (RFC 3551 6, RFC 7587 7)
  uint32_t rtp_clock_rate_hz;                  // RTP timestamp units per second
  uint32_t sample_rate_hz;                     // rate of the mono int16 PCM our encoder/decoder use
  uint8_t sdp_channels;                        // channel count written in rtpmap
  std::optional<uint8_t> static_payload_type;  // RFC 3551 table 4; none for Opus
  std::span<const uint16_t> frame_ms;          // packet durations we encode (ptime)
  uint16_t default_frame_ms;

  // RTP timestamp units covered by `samples` PCM samples at sample_rate_hz.
  // G.722 is the odd one: 16 kHz audio on an 8 kHz RTP clock (RFC 3551 4.5.2).
  uint32_t SamplesToRtpUnits(uint32_t samples) const {
    return static_cast<uint32_t>(uint64_t{samples} * rtp_clock_rate_hz / sample_rate_hz);
  }
  uint32_t FrameSamples(uint32_t ms) const { return sample_rate_hz / 1000 * ms; }
  bool AllowsFrameMs(uint32_t ms) const;
};

const CodecInfo& GetCodecInfo(CodecId id);
std::span<const CodecInfo> AllCodecs();

// Case-insensitive lookup by rtpmap encoding name and clock rate
// ("PCMU"/8000, "opus"/48000). Returns nullopt for codecs we do not support.
std::optional<CodecId> FindCodec(std::string_view encoding_name, uint32_t rtp_clock_rate_hz);

// Short lower-case name for logs and metrics labels ("pcmu", "opus").
std::string_view CodecLabel(CodecId id);

}  // namespace chorus::media
