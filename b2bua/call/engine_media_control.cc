#include "b2bua/call/engine_media_control.h"

#include "media/base/log.h"
#include "media/srtp/srtp_library.h"

namespace chorus::b2bua {
namespace {

media::CodecId ToCodecId(AudioCodec c) {
  switch (c) {
    case AudioCodec::kOpus: return media::CodecId::kOpus;
    case AudioCodec::kG722: return media::CodecId::kG722;
    case AudioCodec::kPcmu: return media::CodecId::kPcmu;
    case AudioCodec::kPcma: return media::CodecId::kPcma;
  }
  return media::CodecId::kPcmu;
}

media::AudioMode ToAudioMode(MediaMode m) {
  switch (m) {
    case MediaMode::kEcho: return media::AudioMode::kEcho;
    case MediaMode::kConference: return media::AudioMode::kConference;
    case MediaMode::kBridge: return media::AudioMode::kBridge;
    case MediaMode::kIvr: return media::AudioMode::kIvr;
  }
  return media::AudioMode::kEcho;
}

media::SdesKeyParams ToKeyParams(SrtpSuite suite, const SrtpKey& key) {
  media::SdesKeyParams p;
  p.suite = suite;
  p.key = media::SrtpMasterKey(key.key_salt);
  if (key.mki) {
    p.mki_value = *key.mki;
    p.mki_length = static_cast<uint8_t>(key.mki_length_bytes);
  }
  return p;
}

}  // namespace

const char* DtmfSourceName(DtmfSource s) {
  switch (s) {
    case DtmfSource::kRfc4733: return "rfc4733";
    case DtmfSource::kInband: return "inband";
    case DtmfSource::kSipInfo: return "sip_info";
  }
  return "?";
}

media::StreamMediaConfig ToStreamMediaConfig(const NegotiatedMedia& m,
                                             const MediaStartOptions& options,
                                             const media::RtpOptions& rtp) {
  media::StreamMediaConfig c;
  c.remote_rtp = m.remote_rtp;
  c.remote_rtcp = m.rtcp_mux ? m.remote_rtp : m.remote_rtcp;
  c.rtcp_mux = m.rtcp_mux;
  c.latching = rtp.latching;
  c.media_timeout_ms = rtp.timeout_ms;

  c.send_codec.codec = ToCodecId(m.codec.codec);
  c.send_codec.payload_type = static_cast<uint8_t>(m.codec.payload_type);
  c.send_codec.ptime_ms = static_cast<uint32_t>(m.ptime_ms);
  if (m.codec.codec == AudioCodec::kOpus) {
    // RFC 7587 6.1: the peer's fmtp says how it wants our stream.
    media::OpusEncoderOptions& o = c.send_codec.opus;
    o.inband_fec = m.codec.opus.fec;
    o.expected_loss_percent = m.codec.opus.fec ? 5 : 0;
    o.dtx = m.codec.opus.dtx;
    o.max_playback_rate_hz = static_cast<uint32_t>(m.codec.opus.max_playback_rate_hz);
    if (m.codec.opus.max_average_bitrate_bps > 0) {
      o.bitrate_bps = std::min(o.bitrate_bps, m.codec.opus.max_average_bitrate_bps);
    }
  }
  for (const NegotiatedCodec& r : m.receive_codecs) {
    if (c.receive_codecs.size() == 8) break;
    c.receive_codecs.push_back({static_cast<uint8_t>(r.payload_type), ToCodecId(r.codec)});
  }
  if (c.receive_codecs.empty()) {
    c.receive_codecs.push_back({c.send_codec.payload_type, c.send_codec.codec});
  }
  if (m.telephone_event) {
    media::TelephoneEventConfig te{static_cast<uint8_t>(m.telephone_event->payload_type),
                                   static_cast<uint32_t>(m.telephone_event->clock_rate_hz)};
    c.receive_telephone_event = te;
    // RFC 4733 2.1: events share the audio's RTP clock when we send them.
    if (te.clock_rate_hz == media::GetCodecInfo(c.send_codec.codec).rtp_clock_rate_hz) {
      c.send_telephone_event = te;
    }
  }
  c.direction.send =
      m.direction == SdpDirection::kSendRecv || m.direction == SdpDirection::kSendOnly;
  c.direction.receive =
      m.direction == SdpDirection::kSendRecv || m.direction == SdpDirection::kRecvOnly;
  // Any direction but sendrecv is a hold by one side: phones holding with
  // a=sendonly often send nothing at all, so the media timeout only runs
  // on an active call (the "not while on hold").
  if (m.direction != SdpDirection::kSendRecv) c.media_timeout_ms = 0;
  if (m.srtp) {
    media::SrtpConfig s;
    s.suite = m.srtp->suite;
    s.inbound = ToKeyParams(m.srtp->suite, m.srtp->remote_key);
    s.outbound = ToKeyParams(m.srtp->suite, m.srtp->local_key);
    c.srtp = s;
  }
  if (m.audio_level_extension_id) {
    c.audio_level_extension_id = static_cast<uint8_t>(*m.audio_level_extension_id);
  }
  c.inband_dtmf_detection = options.inband_dtmf;
  c.mode = ToAudioMode(options.mode);
  return c;
}

EngineMediaControl::EngineMediaControl(media::MediaEngine& engine, const media::RtpOptions& rtp)
    : engine_(engine), rtp_(rtp) {}

Result<MediaSlot> EngineMediaControl::Reserve() {
  auto r = engine_.ReservePorts();
  if (!r) return r.error();
  MediaSlot slot;
  slot.id = r->stream_id;
  slot.local_rtp = r->rtp;
  slots_[slot.id] = Slot{};
  return slot;
}

Result<void> EngineMediaControl::Start(MediaSlotId slot, const NegotiatedMedia& media,
                                       const MediaStartOptions& options, MediaHandlers handlers) {
  auto it = slots_.find(slot);
  if (it == slots_.end()) {
    return MakeError(ErrorCode::kNotFound, "media slot " + std::to_string(slot) + " unknown");
  }
  it->second.options = options;
  it->second.handlers = std::move(handlers);
  std::optional<uint64_t> key;
  if (options.affinity_key != 0) key = options.affinity_key;
  return engine_.StartStream(slot, ToStreamMediaConfig(media, options, rtp_), key);
}

Result<void> EngineMediaControl::Update(MediaSlotId slot, const NegotiatedMedia& media) {
  auto it = slots_.find(slot);
  if (it == slots_.end()) {
    return MakeError(ErrorCode::kNotFound, "media slot " + std::to_string(slot) + " unknown");
  }
  return engine_.UpdateStream(slot, ToStreamMediaConfig(media, it->second.options, rtp_));
}

Result<void> EngineMediaControl::SendDigits(MediaSlotId slot, std::string_view digits) {
  return engine_.SendDigits(slot, digits);
}

void EngineMediaControl::Release(MediaSlotId slot) {
  if (slots_.erase(slot) == 0) return;
  auto r = engine_.RemoveStream(slot);
  if (!r) {
    CHORUS_LOG(kWarn, "media.release_failed").Kv("stream", slot).Kv("reason", r.error().message);
  }
}

bool EngineMediaControl::gcm_supported() const { return media::SrtpLibrary::GcmSupported(); }

void EngineMediaControl::OnEvent(const media::MediaEvent& event) {
  std::visit(
      [this](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, media::StreamClosed>) {
          // One line per stream at its end: what the call's audio did.
          const media::StreamStats& st = e.stats;
          CHORUS_LOG(kInfo, "media.stream_closed")
              .Kv("stream", e.stream_id)
              .Kv("rtp_in", st.rtp_packets_in)
              .Kv("rtp_out", st.rtp_packets_out)
              .Kv("lost", st.packets_lost)
              .Kv("late", st.packets_late)
              .Kv("jitter_ms", st.jitter_seconds * 1000)
              .Kv("rtt_ms", st.rtt_seconds < 0 ? -1.0 : st.rtt_seconds * 1000)
              .Kv("concealed", st.frames_concealed)
              .Kv("srtp_errors", st.srtp_auth_failures + st.srtp_replays + st.srtp_other_errors)
              .Kv("dtmf", st.dtmf_rfc4733 + st.dtmf_inband);
          return;
        }
        auto it = slots_.find(e.stream_id);
        if (it == slots_.end()) return;
        if constexpr (std::is_same_v<T, media::DtmfDigit>) {
          if (it->second.handlers.on_dtmf) {
            it->second.handlers.on_dtmf(e.digit, static_cast<int>(e.duration_ms), e.source);
          }
        } else if constexpr (std::is_same_v<T, media::RtpTimeout>) {
          if (it->second.handlers.on_timeout) it->second.handlers.on_timeout();
        } else if constexpr (std::is_same_v<T, media::CommandFailed>) {
          CHORUS_LOG(kWarn, "media.command_failed").Kv("stream", e.stream_id);
        }
      },
      event);
}

}  // namespace chorus::b2bua
