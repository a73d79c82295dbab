#include "media/stream/stream_config.h"

#include <array>
#include <string>

namespace chorus::media {
namespace {

constexpr size_t kMaxReceiveCodecs = 8;
constexpr size_t kMaxCnameBytes = 255;

Error Invalid(const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "stream config: " + what);
}

std::string PtText(uint8_t pt) { return "payload type " + std::to_string(pt); }

// RFC 5761 4: with rtcp-mux, RTP payload types 64-95 would read as RTCP.
bool CollidesWithRtcp(uint8_t pt) { return pt >= 64 && pt <= 95; }

Result<void> CheckPayloadType(std::string_view field, uint8_t pt, bool rtcp_mux) {
  if (pt > 127) return Invalid(std::string(field) + ": " + PtText(pt) + " is not 0..127");
  if (rtcp_mux && CollidesWithRtcp(pt)) {
    return Invalid(std::string(field) + ": " + PtText(pt) +
                   " is in 64..95, which rtcp-mux reserves (RFC 5761 4)");
  }
  return Ok();
}

Result<void> CheckSrtpKey(std::string_view field, SrtpSuite suite, const SdesKeyParams& key) {
  if (key.suite != suite) {
    return Invalid(std::string(field) + ": key is for " +
                   std::string(GetSrtpSuiteInfo(key.suite).name) + ", stream uses " +
                   std::string(GetSrtpSuiteInfo(suite).name));
  }
  if (key.key.size() != GetSrtpSuiteInfo(suite).master_bytes()) {
    return Invalid(std::string(field) + ": master key and salt are " +
                   std::to_string(key.key.size()) + " bytes, " +
                   std::string(GetSrtpSuiteInfo(suite).name) + " needs " +
                   std::to_string(GetSrtpSuiteInfo(suite).master_bytes()));
  }
  return Ok();
}

}  // namespace

std::string_view AudioModeName(AudioMode mode) {
  switch (mode) {
    case AudioMode::kEcho:
      return "echo";
    case AudioMode::kConference:
      return "conference";
    case AudioMode::kBridge:
      return "bridge";
    case AudioMode::kIvr:
      return "ivr";
  }
  return "unknown";
}

bool operator==(const SendCodecConfig& a, const SendCodecConfig& b) {
  const OpusEncoderOptions& x = a.opus;
  const OpusEncoderOptions& y = b.opus;
  return a.codec == b.codec && a.payload_type == b.payload_type && a.ptime_ms == b.ptime_ms &&
         x.bitrate_bps == y.bitrate_bps && x.complexity == y.complexity &&
         x.inband_fec == y.inband_fec && x.expected_loss_percent == y.expected_loss_percent &&
         x.dtx == y.dtx && x.max_playback_rate_hz == y.max_playback_rate_hz;
}

bool operator==(const SrtpConfig& a, const SrtpConfig& b) {
  auto same = [](const SdesKeyParams& x, const SdesKeyParams& y) {
    return x.suite == y.suite && x.key == y.key && x.lifetime == y.lifetime &&
           x.mki_value == y.mki_value && x.mki_length == y.mki_length;
  };
  return a.suite == b.suite && same(a.inbound, b.inbound) && same(a.outbound, b.outbound);
}

bool IsSendableAddress(const SocketAddress& address) {
  if (!address.valid() || address.port() == 0) return false;
  const sockaddr* sa = address.sockaddr_ptr();
  if (address.is_v6()) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(sa);
    return !IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr);
  }
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(sa);
  return v4->sin_addr.s_addr != htonl(INADDR_ANY);
}

Result<void> ValidateStreamMediaConfig(const StreamMediaConfig& media) {
  if (media.mode != AudioMode::kEcho) {
    return MakeError(
        ErrorCode::kUnsupported,
        "stream config: mode " + std::string(AudioModeName(media.mode)) + " is not supported yet");
  }
  const SendCodecConfig& send = media.send_codec;
  const CodecInfo& send_info = GetCodecInfo(send.codec);
  if (auto r = CheckPayloadType("send codec", send.payload_type, media.rtcp_mux); !r) return r;
  if (!send_info.AllowsFrameMs(send.ptime_ms)) {
    return Invalid("send codec: ptime " + std::to_string(send.ptime_ms) + " ms is not one " +
                   std::string(send_info.encoding_name) + " sends");
  }

  if (media.receive_codecs.empty()) return Invalid("receive codecs: none given");
  if (media.receive_codecs.size() > kMaxReceiveCodecs) {
    return Invalid("receive codecs: " + std::to_string(media.receive_codecs.size()) +
                   " given, at most " + std::to_string(kMaxReceiveCodecs));
  }
  std::array<bool, 128> seen{};
  for (const ReceiveCodecConfig& rc : media.receive_codecs) {
    if (auto r = CheckPayloadType("receive codecs", rc.payload_type, media.rtcp_mux); !r) return r;
    if (seen[rc.payload_type]) {
      return Invalid("receive codecs: " + PtText(rc.payload_type) + " listed twice");
    }
    seen[rc.payload_type] = true;
  }

  auto check_event = [&](std::string_view field,
                         const std::optional<TelephoneEventConfig>& te) -> Result<void> {
    if (!te) return Ok();
    if (auto r = CheckPayloadType(field, te->payload_type, media.rtcp_mux); !r) return r;
    if (te->clock_rate_hz < 8000 || te->clock_rate_hz > 48000) {
      return Invalid(std::string(field) + ": clock rate " + std::to_string(te->clock_rate_hz) +
                     " Hz is not 8000..48000");
    }
    return Ok();
  };
  if (auto r = check_event("receive telephone-event", media.receive_telephone_event); !r) return r;
  if (media.receive_telephone_event && seen[media.receive_telephone_event->payload_type]) {
    return Invalid(
        "receive telephone-event: " + PtText(media.receive_telephone_event->payload_type) +
        " is also a receive codec");
  }
  if (auto r = check_event("send telephone-event", media.send_telephone_event); !r) return r;
  if (media.send_telephone_event) {
    if (media.send_telephone_event->payload_type == send.payload_type) {
      return Invalid("send telephone-event: " + PtText(send.payload_type) +
                     " is also the send codec's");
    }
    if (media.send_telephone_event->clock_rate_hz != send_info.rtp_clock_rate_hz) {
      return Invalid("send telephone-event: clock rate " +
                     std::to_string(media.send_telephone_event->clock_rate_hz) +
                     " Hz differs from the send codec's RTP clock " +
                     std::to_string(send_info.rtp_clock_rate_hz) +
                     " Hz (RFC 4733 2.1: one timestamp clock per stream)");
    }
  }

  if (media.srtp) {
    if (auto r = CheckSrtpKey("srtp inbound", media.srtp->suite, media.srtp->inbound); !r) {
      return r;
    }
    if (auto r = CheckSrtpKey("srtp outbound", media.srtp->suite, media.srtp->outbound); !r) {
      return r;
    }
  }
  if (media.audio_level_extension_id > 14) {
    return Invalid("audio level extension id " + std::to_string(media.audio_level_extension_id) +
                   " is not 1..14 (RFC 8285 4.2)");
  }
  if (media.media_timeout_ms < 0) return Invalid("media timeout is negative");
  if (media.relatch_packets == 0) return Invalid("relatch packets must be at least 1");
  if (media.cname.size() > kMaxCnameBytes) {
    return Invalid("cname is " + std::to_string(media.cname.size()) + " bytes, at most 255");
  }
  return Ok();
}

Result<void> ValidateStreamConfig(const StreamConfig& config) {
  if (!config.rtp_socket.valid()) {
    return Invalid("stream " + std::to_string(config.stream_id) + ": no RTP socket");
  }
  if (!config.media.rtcp_mux && !config.rtcp_socket.valid()) {
    return Invalid("stream " + std::to_string(config.stream_id) +
                   ": no RTCP socket and rtcp-mux is off");
  }
  if (auto r = ValidateStreamMediaConfig(config.media); !r) {
    return MakeError(r.error().code,
                     r.error().message + " (stream " + std::to_string(config.stream_id) + ")");
  }
  return Ok();
}

}  // namespace chorus::media
