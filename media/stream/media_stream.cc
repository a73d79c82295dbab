// MediaStream: creation, re-negotiation, the tick path and sending. The
// receive path is in media_stream_receive.cc.

#include "media/stream/media_stream.h"

#include <algorithm>
#include <string>

#include "media/rtcp/rtcp_builder.h"
#include "media/srtp/srtp_library.h"

namespace chorus::media {
namespace {

// A last report may add a BYE without reason (RFC 3550 6.6: 8 bytes).
constexpr size_t kRtcpByeBytes = 8;

Error ForStream(uint64_t id, const Error& error) {
  return MakeError(error.code, "stream " + std::to_string(id) + ": " + error.message);
}

Result<std::unique_ptr<ReceivePipeline>> BuildReceive(const StreamMediaConfig& media,
                                                      const StreamEnvironment& env) {
  ReceivePipelineOptions options;
  options.codecs = media.receive_codecs;
  options.internal_rate_hz = env.internal_rate_hz;
  options.inband_dtmf = media.inband_dtmf_detection;
  options.jitter = env.jitter;
  return ReceivePipeline::Create(options);
}

Result<std::unique_ptr<SendPipeline>> BuildSend(const StreamMediaConfig& media,
                                                const StreamEnvironment& env) {
  SendPipelineOptions options;
  options.codec = media.send_codec;
  options.internal_rate_hz = env.internal_rate_hz;
  options.telephone_event = media.send_telephone_event;
  return SendPipeline::Create(options);
}

// Both SRTP sessions, or none when the stream is plain RTP.
Result<void> BuildSrtp(const StreamMediaConfig& media, std::optional<SrtpSession>& in,
                       std::optional<SrtpSession>& out) {
  in.reset();
  out.reset();
  if (!media.srtp) return Ok();
  if (auto r = SrtpLibrary::Init(); !r) return r.error();
  auto inbound = SrtpSession::Create(SrtpDirection::kInbound, media.srtp->inbound);
  if (!inbound) return inbound.error();
  auto outbound = SrtpSession::Create(SrtpDirection::kOutbound, media.srtp->outbound);
  if (!outbound) return outbound.error();
  in.emplace(std::move(inbound).value());
  out.emplace(std::move(outbound).value());
  return Ok();
}

RtpPeerLatchOptions LatchOptions(const StreamMediaConfig& media, const SocketAddress& signalled) {
  RtpPeerLatchOptions options;
  options.mode = media.latching;
  options.signalled = signalled;
  options.relatch_packets = media.relatch_packets;
  return options;
}

std::optional<DtmfEventReceiver> MakeDtmfReceiver(const StreamMediaConfig& media) {
  if (!media.receive_telephone_event) return std::nullopt;
  DtmfEventReceiverOptions options;
  options.clock_rate_hz = media.receive_telephone_event->clock_rate_hz;
  return DtmfEventReceiver(options);
}

RtcpStateOptions RtcpOptions(uint64_t id, const StreamMediaConfig& media, uint32_t ssrc) {
  RtcpStateOptions options;
  options.local_ssrc = ssrc;
  options.cname = media.cname.empty() ? "chorus-" + std::to_string(id) : media.cname;
  options.send_clock_rate_hz = GetCodecInfo(media.send_codec.codec).rtp_clock_rate_hz;
  return options;
}

RtpWriterOptions WriterOptions(const StreamMediaConfig& media, const StreamEnvironment& env) {
  RtpWriterOptions options = env.rtp;
  options.audio_level_id = media.audio_level_extension_id;
  return options;
}

}  // namespace

Result<std::unique_ptr<MediaStream>> MediaStream::Create(StreamConfig&& config,
                                                         const StreamEnvironment& env) {
  if (auto r = ValidateStreamConfig(config); !r) return r.error();
  if (env.clock == nullptr) {
    return ForStream(config.stream_id, MakeError(ErrorCode::kInvalidArgument, "no clock"));
  }
  auto receive = BuildReceive(config.media, env);
  if (!receive) return ForStream(config.stream_id, receive.error());
  auto send = BuildSend(config.media, env);
  if (!send) return ForStream(config.stream_id, send.error());
  std::optional<SrtpSession> srtp_in;
  std::optional<SrtpSession> srtp_out;
  if (auto r = BuildSrtp(config.media, srtp_in, srtp_out); !r) {
    return ForStream(config.stream_id, r.error());
  }
  auto stream = std::unique_ptr<MediaStream>(new MediaStream(config, env));
  stream->receive_ = std::move(receive).value();
  stream->send_ = std::move(send).value();
  stream->srtp_in_ = std::move(srtp_in);
  stream->srtp_out_ = std::move(srtp_out);
  stream->received_frame_.assign(stream->receive_->frame_samples(), 0);
  return stream;
}

MediaStream::MediaStream(StreamConfig& config, const StreamEnvironment& env)
    : id_(config.stream_id),
      media_(std::move(config.media)),
      internal_rate_hz_(env.internal_rate_hz),
      rtp_socket_(std::move(config.rtp_socket)),
      rtcp_socket_(std::move(config.rtcp_socket)),
      rtp_latch_(LatchOptions(media_, media_.remote_rtp)),
      rtcp_latch_(LatchOptions(media_, media_.remote_rtcp)),
      writer_(WriterOptions(media_, env)),
      rtcp_(RtcpOptions(id_, media_, writer_.ssrc()), NtpClock::FromSystem(*env.clock)),
      receive_stats_(GetCodecInfo(media_.receive_codecs.front().codec).rtp_clock_rate_hz),
      dtmf_receiver_(MakeDtmfReceiver(media_)),
      receive_buffer_(kReceiveBufferBytes),
      rtcp_buffer_(kRtcpMaxReportBytes + kRtcpByeBytes + kSrtpMaxOverheadBytes) {}

MediaStream::~MediaStream() = default;

Result<std::unique_ptr<StreamUpdate>> MediaStream::PrepareUpdate(const StreamMediaConfig& current,
                                                                 const StreamMediaConfig& next,
                                                                 bool has_rtcp_socket,
                                                                 const StreamEnvironment& env) {
  if (auto r = ValidateStreamMediaConfig(next); !r) return r.error();
  if (!next.rtcp_mux && !has_rtcp_socket) {
    return MakeError(ErrorCode::kUnsupported,
                     "stream update: cannot leave rtcp-mux, the stream has no RTCP socket");
  }
  auto update = std::make_unique<StreamUpdate>();
  update->media = next;
  if (next.receive_codecs != current.receive_codecs ||
      next.inband_dtmf_detection != current.inband_dtmf_detection) {
    auto receive = BuildReceive(next, env);
    if (!receive) return receive.error();
    update->receive = std::move(receive).value();
  }
  if (!(next.send_codec == current.send_codec) ||
      next.send_telephone_event != current.send_telephone_event) {
    auto send = BuildSend(next, env);
    if (!send) return send.error();
    update->send = std::move(send).value();
  }
  if (next.srtp != current.srtp) {
    update->srtp_changed = true;
    if (auto r = BuildSrtp(next, update->srtp_in, update->srtp_out); !r) return r.error();
  }
  return update;
}

void MediaStream::ApplyUpdate(StreamUpdate& update, int64_t now_ns) {
  StreamMediaConfig& next = update.media;
  if (next.remote_rtp != media_.remote_rtp || next.latching != media_.latching ||
      next.relatch_packets != media_.relatch_packets) {
    rtp_latch_ = RtpPeerLatch(LatchOptions(next, next.remote_rtp));
  }
  if (next.remote_rtcp != media_.remote_rtcp || next.latching != media_.latching ||
      next.relatch_packets != media_.relatch_packets) {
    rtcp_latch_ = RtpPeerLatch(LatchOptions(next, next.remote_rtcp));
  }
  if (update.receive) {
    const ReceivePipelineStats old = receive_->stats();
    stats_.frames_decoded += old.frames_decoded;
    stats_.frames_concealed += old.frames_concealed;
    stats_.frames_fec += old.frames_fec;
    stats_.decode_errors += old.decode_errors;
    stats_.packets_late += old.late;
    stats_.packets_duplicate += old.duplicate;
    receive_ = std::move(update.receive);
  }
  if (update.send) {
    stats_.encode_errors += send_->stats().encode_errors;
    stats_.dtx_frames += send_->stats().dtx_frames;
    stats_.dtmf_sent += send_->stats().digits_sent;
    send_ = std::move(update.send);
  }
  if (update.srtp_changed) {
    srtp_in_ = std::move(update.srtp_in);
    srtp_out_ = std::move(update.srtp_out);
  }
  if (next.receive_telephone_event != media_.receive_telephone_event) {
    dtmf_receiver_ = MakeDtmfReceiver(next);
  }
  if ((next.direction.receive && !media_.direction.receive) ||
      next.media_timeout_ms != media_.media_timeout_ms) {
    last_rtp_ms_ = now_ns / 1'000'000;
    timeout_reported_ = false;
  }
  // The RTP header extension id is fixed at creation: the writer's SSRC,
  // sequence and packet counts must carry on.
  next.audio_level_extension_id = media_.audio_level_extension_id;
  next.cname = media_.cname;
  media_ = std::move(next);
}

void MediaStream::Attach(StreamEventSink* sink, int64_t now_ns) {
  sink_ = sink;
  last_rtp_ms_ = now_ns / 1'000'000;
  timeout_reported_ = false;
}

bool MediaStream::CanSend() const {
  return media_.direction.send && IsSendableAddress(rtp_latch_.send_to());
}

void MediaStream::PullFrame(int64_t now_ns) {
  if (!media_.direction.receive) {
    std::fill(received_frame_.begin(), received_frame_.end(), int16_t{0});
    return;
  }
  const int64_t now_ms = now_ns / 1'000'000;
  const ReceivePull pulled = receive_->Pull(now_ms, received_frame_);
  if (pulled.inband_digit) {
    ReportDigit(pulled.inband_digit->digit, pulled.inband_digit->duration_ms, DtmfSource::kInband,
                now_ms);
  }
}

void MediaStream::PushFrame(std::span<const int16_t> frame, int64_t) {
  SendContext context;
  context.writer = &writer_;
  context.sink = this;
  context.media_time = &media_time_;
  context.can_send = CanSend();
  context.audio_level = media_.audio_level_extension_id != 0;
  send_->PushFrame(frame, context);
}

void MediaStream::Maintain(int64_t now_ns) {
  const int64_t now_ms = now_ns / 1'000'000;
  if (dtmf_receiver_) {
    for (const DtmfDigitEvent& d : dtmf_receiver_->Poll(now_ms)) {
      ReportDigit(d.digit, d.duration_ms, DtmfSource::kRfc4733, now_ms);
    }
  }
  if (media_.direction.receive && media_.media_timeout_ms > 0 && !timeout_reported_ &&
      now_ms - last_rtp_ms_ >= media_.media_timeout_ms) {
    timeout_reported_ = true;
    ++stats_.rtp_timeouts;
    if (sink_ != nullptr) sink_->OnRtpTimeout(RtpTimeout{id_, now_ms - last_rtp_ms_});
  }
  if (rtcp_.ReportDue()) {
    const size_t size = BuildRtcpReport(rtcp_buffer_);
    if (size > 0) SendRtcp(rtcp_buffer_, size);
  }
}

Result<void> MediaStream::QueueDigits(std::string_view digits, uint32_t duration_ms,
                                      uint32_t gap_ms) {
  return send_->QueueDigits(digits, duration_ms, gap_ms);
}

size_t MediaStream::BuildRtcpReport(std::span<uint8_t> out) {
  RtcpSenderStats sent;
  sent.packet_count = static_cast<uint32_t>(writer_.packets_sent());
  sent.octet_count = static_cast<uint32_t>(writer_.payload_bytes_sent());
  sent.rtp_timestamp_now = writer_.WireTimestamp(media_time_).value();
  RtpReceiveStats* received =
      media_.direction.receive && receive_stats_.validated() ? &receive_stats_ : nullptr;
  return rtcp_.BuildReport(out.first(kRtcpMaxReportBytes),
                           writer_.packets_sent() > 0 ? &sent : nullptr, received);
}

void MediaStream::SendBye() {
  size_t size = BuildRtcpReport(rtcp_buffer_);
  if (size == 0) return;
  RtcpBuilder bye(std::span<uint8_t>(rtcp_buffer_).subspan(size, kRtcpByeBytes));
  if (bye.AddBye(writer_.ssrc())) size += bye.size();
  SendRtcp(rtcp_buffer_, size);
}

const SocketAddress& MediaStream::RtcpDestination() const {
  return media_.rtcp_mux ? rtp_latch_.send_to() : rtcp_latch_.send_to();
}

void MediaStream::SendRtcp(std::span<uint8_t> buffer, size_t size) {
  const SocketAddress& to = RtcpDestination();
  if (!IsSendableAddress(to)) return;
  if (srtp_out_ && srtp_out_->ProtectRtcp(buffer, size) != SrtpStatus::kOk) {
    ++stats_.srtp_other_errors;
    return;
  }
  Transmit(buffer.first(size), to, true);
}

void MediaStream::SendRtpPacket(std::span<uint8_t> buffer, size_t size) {
  if (srtp_out_ && srtp_out_->ProtectRtp(buffer, size) != SrtpStatus::kOk) {
    ++stats_.srtp_other_errors;
    return;
  }
  Transmit(buffer.first(size), rtp_latch_.send_to(), false);
}

void MediaStream::Transmit(std::span<const uint8_t> datagram, const SocketAddress& to, bool rtcp) {
  if (capture_ != nullptr) {
    capture_->OnPacketSent(datagram, to, rtcp);
  } else {
    UdpSocket& socket = rtcp && !media_.rtcp_mux ? rtcp_socket_ : rtp_socket_;
    if (socket.SendTo(datagram, to) != IoStatus::kOk) {
      ++stats_.send_errors;
      return;
    }
  }
  if (rtcp) {
    ++stats_.rtcp_packets_out;
  } else {
    ++stats_.rtp_packets_out;
    stats_.rtp_bytes_out += datagram.size();
  }
}

StreamStats MediaStream::Stats() const {
  StreamStats s = stats_;
  const ReceivePipelineStats rp = receive_->stats();
  s.frames_decoded += rp.frames_decoded;
  s.frames_concealed += rp.frames_concealed;
  s.frames_fec += rp.frames_fec;
  s.decode_errors += rp.decode_errors;
  s.packets_late += rp.late;
  s.packets_duplicate += rp.duplicate;
  s.encode_errors += send_->stats().encode_errors;
  s.dtx_frames += send_->stats().dtx_frames;
  s.dtmf_sent += send_->stats().digits_sent;
  s.packets_lost = static_cast<uint64_t>(std::max<int64_t>(0, receive_stats_.cumulative_lost()));
  s.jitter_seconds = receive_stats_.jitter_seconds();
  s.ssrc_changes = receive_stats_.ssrc_changes();
  const RtcpRemoteReport& remote = rtcp_.remote();
  if (remote.rtt_seconds) s.rtt_seconds = *remote.rtt_seconds;
  s.remote_fraction_lost = remote.fraction_lost;
  s.remote_jitter_seconds = remote.jitter_seconds;
  s.jitter_buffer_depth_ms = receive_->depth_ms();
  return s;
}

}  // namespace chorus::media
