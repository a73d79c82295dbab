// MediaStream: the receive path, from the socket to the jitter buffer, the
// DTMF receiver and RtcpState.

#include "media/base/log.h"
#include "media/dtmf/telephone_event.h"
#include "media/rtcp/rtcp_demux.h"
#include "media/rtcp/rtcp_packet.h"
#include "media/rtp/rtp_packet.h"
#include "media/stream/media_stream.h"

namespace chorus::media {

void MediaStream::OnRtpReadable(int64_t now_ns) {
  for (int i = 0; i < kMaxDatagramsPerWake; ++i) {
    ReceivedDatagram datagram;
    const IoStatus status = rtp_socket_.ReceiveFrom(receive_buffer_, datagram);
    if (status == IoStatus::kWouldBlock || status == IoStatus::kError) return;
    if (status == IoStatus::kTruncated) {
      ++stats_.truncated;
      continue;
    }
    HandleDatagram(receive_buffer_, datagram.size, datagram.from, false, now_ns);
  }
}

void MediaStream::OnRtcpReadable(int64_t now_ns) {
  for (int i = 0; i < kMaxDatagramsPerWake; ++i) {
    ReceivedDatagram datagram;
    const IoStatus status = rtcp_socket_.ReceiveFrom(receive_buffer_, datagram);
    if (status == IoStatus::kWouldBlock || status == IoStatus::kError) return;
    if (status == IoStatus::kTruncated) {
      ++stats_.truncated;
      continue;
    }
    HandleDatagram(receive_buffer_, datagram.size, datagram.from, true, now_ns);
  }
}

void MediaStream::HandleDatagram(std::span<uint8_t> buffer, size_t size, const SocketAddress& from,
                                 bool rtcp_port, int64_t now_ns) {
  size = std::min(size, buffer.size());
  const std::span<const uint8_t> datagram = buffer.first(size);
  if (rtcp_port || (media_.rtcp_mux && IsRtcp(datagram))) {
    HandleRtcp(buffer, size, from, rtcp_port);
  } else {
    HandleRtp(buffer, size, from, now_ns);
  }
}

void MediaStream::CountSrtpFailure(SrtpStatus status) {
  switch (status) {
    case SrtpStatus::kOk:
      break;
    case SrtpStatus::kAuthFailure:
      ++stats_.srtp_auth_failures;
      break;
    case SrtpStatus::kReplay:
      ++stats_.srtp_replays;
      break;
    case SrtpStatus::kBadParameter:
    case SrtpStatus::kOther:
      ++stats_.srtp_other_errors;
      break;
  }
}

bool MediaStream::Latch(RtpPeerLatch& latch, const SocketAddress& from, bool rtcp) {
  const LatchDecision decision = latch.OnPacket(from);
  switch (decision) {
    case LatchDecision::kAccept:
      return true;
    case LatchDecision::kLatched:
    case LatchDecision::kRelatched:
      ++stats_.latches;
      if (sink_ != nullptr) {
        sink_->OnPeerLatched(PeerLatched{id_, from, rtcp, decision == LatchDecision::kRelatched});
      }
      return true;
    case LatchDecision::kReject:
      break;
  }
  ++stats_.rejected_source;
  return false;
}

void MediaStream::HandleRtcp(std::span<uint8_t> buffer, size_t size, const SocketAddress& from,
                             bool rtcp_port) {
  if (srtp_in_) {
    const SrtpStatus status = srtp_in_->UnprotectRtcp(buffer, size);
    if (status != SrtpStatus::kOk) {
      CountSrtpFailure(status);
      return;
    }
  }
  RtcpCompound compound;
  if (RtcpCompound::TryParse(buffer.first(size), compound) != RtcpFault::kNone) {
    ++stats_.rtcp_parse_errors;
    return;
  }
  // Without rtcp-mux RTCP has its own port and its own latch.
  if (!Latch(rtcp_port ? rtcp_latch_ : rtp_latch_, from, rtcp_port)) return;
  ++stats_.rtcp_packets_in;
  rtcp_.OnCompound(compound);
}

void MediaStream::HandleRtp(std::span<uint8_t> buffer, size_t size, const SocketAddress& from,
                            int64_t now_ns) {
  const size_t wire_size = size;
  if (srtp_in_) {
    const SrtpStatus status = srtp_in_->UnprotectRtp(buffer, size);
    if (status != SrtpStatus::kOk) {
      CountSrtpFailure(status);
      return;
    }
  }
  RtpPacket packet;
  if (RtpPacket::TryParse(buffer.first(size), packet) != RtpFault::kNone) {
    ++stats_.rtp_parse_errors;
    return;
  }
  if (!Latch(rtp_latch_, from, false)) return;
  const int64_t now_ms = now_ns / 1'000'000;
  ++stats_.rtp_packets_in;
  stats_.rtp_bytes_in += wire_size;
  last_rtp_ms_ = now_ms;
  timeout_reported_ = false;
  if (!media_.direction.receive) {
    ++stats_.not_receiving;
    return;
  }

  const RtpVerdict verdict = receive_stats_.Update(packet.ssrc(), packet.seq(), packet.timestamp(),
                                                   now_ns, packet.payload().size());
  if (verdict != RtpVerdict::kAccepted) {
    ++stats_.probation_drops;
    return;
  }
  if (receive_stats_.ssrc_changes() != ssrc_changes_seen_) {
    // Another source took over the stream: nothing of the old one plays on.
    ssrc_changes_seen_ = receive_stats_.ssrc_changes();
    receive_->Reset();
    if (dtmf_receiver_) dtmf_receiver_->Reset();
    CHORUS_LOG(kDebug, "media.ssrc_change").Kv("stream", id_).Kv("ssrc", packet.ssrc());
  }
  if (media_.audio_level_extension_id != 0 && packet.has_extension()) {
    const auto level = FindAudioLevel(packet.extensions(), media_.audio_level_extension_id);
    if (level) last_audio_level_ = level;
  }

  const uint8_t payload_type = packet.payload_type();
  if (media_.receive_telephone_event &&
      payload_type == media_.receive_telephone_event->payload_type) {
    HandleTelephoneEvent(packet, now_ms);
    return;
  }
  switch (receive_->Put(payload_type, packet.seq(), packet.timestamp(), packet.marker(),
                        packet.payload(), now_ms)) {
    case ReceiveOutcome::kUnknownPayloadType:
      ++stats_.unknown_payload_type;
      break;
    case ReceiveOutcome::kStored:
    case ReceiveOutcome::kBadPayload:  // counted as a decode error
    case ReceiveOutcome::kLate:        // counted by the jitter buffer
    case ReceiveOutcome::kDuplicate:
    case ReceiveOutcome::kDropped:
      break;
  }
}

void MediaStream::HandleTelephoneEvent(const RtpPacket& packet, int64_t now_ms) {
  receive_->NoteNonAudio(packet.seq());
  if (!dtmf_receiver_) return;
  const std::optional<TelephoneEvent> event = TelephoneEvent::Parse(packet.payload());
  if (!event) {
    ++stats_.decode_errors;
    return;
  }
  for (const DtmfDigitEvent& d :
       dtmf_receiver_->OnPacket(packet.timestamp(), packet.marker(), *event, now_ms)) {
    ReportDigit(d.digit, d.duration_ms, DtmfSource::kRfc4733, now_ms);
  }
}

void MediaStream::ReportDigit(char digit, uint32_t duration_ms, DtmfSource source, int64_t now_ms) {
  if (!dtmf_dedup_.Accept(digit, source, now_ms)) {
    ++stats_.dtmf_duplicates;
    return;
  }
  if (source == DtmfSource::kInband) {
    ++stats_.dtmf_inband;
  } else {
    ++stats_.dtmf_rfc4733;
  }
  if (sink_ != nullptr) sink_->OnDtmfDigit(DtmfDigit{id_, digit, duration_ms, source});
}

}  // namespace chorus::media
