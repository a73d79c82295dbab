#pragma once

// MediaStream: one RTP stream endpoint, the audio of one call leg.
//
// Receive path (socket readable, or HandleDatagram): RTCP demux (rtcp-mux,
// RFC 5761 4) -> SRTP/SRTCP unprotect -> RTP parse -> address latching ->
// RFC 3550 A.1 source validation and statistics -> by payload type: RFC
// 4733 events to the DTMF receiver, audio into the jitter buffer. RTCP
// compounds feed RtcpState (RTT, the peer's loss and jitter figures).
// Every drop is counted by reason (StreamStats).
//
// Tick path, called by the owning worker every 20 ms in three phases over
// all its streams: PullFrame (jitter buffer -> decode/FEC/PLC -> resample
// to the internal rate -> in-band DTMF), then PushFrame with the frame the
// AudioMode picked (resample -> packetize -> encode -> SRTP -> send), then
// Maintain (RTCP reports, RFC 4733 end timeouts, the RTP timeout).
//
// Created on the signalling thread by Create(), which allocates everything
// the stream will ever need; then moved into a media worker, which owns it,
// calls everything else from its thread and destroys it there. Nothing
// after Create allocates, locks, throws or logs above debug, except
// ApplyUpdate, which swaps in parts built by PrepareUpdate and frees the
// old ones (a control-path step).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "media/base/clock.h"
#include "media/base/result.h"
#include "media/dsp/jitter_buffer.h"
#include "media/dtmf/dtmf_deduplicator.h"
#include "media/dtmf/dtmf_event_receiver.h"
#include "media/net/udp_socket.h"
#include "media/rtcp/rtcp_state.h"
#include "media/rtp/rtp_header_extension.h"
#include "media/rtp/rtp_packet.h"
#include "media/rtp/rtp_peer_latch.h"
#include "media/rtp/rtp_receive_stats.h"
#include "media/rtp/rtp_writer.h"
#include "media/srtp/srtp_session.h"
#include "media/stream/receive_pipeline.h"
#include "media/stream/send_pipeline.h"
#include "media/stream/stream_config.h"
#include "media/stream/stream_events.h"
#include "media/stream/stream_stats.h"

namespace chorus::media {

// What the worker supplies to every stream it will run.
struct StreamEnvironment {
  const Clock* clock = &MonotonicClock::Instance();  // RTCP timing and NTP
  uint32_t internal_rate_hz = 48000;
  JitterBufferOptions jitter;  // depth limits; clock and tick are per codec
  // SSRC, first sequence number and timestamp base; unset = random (tests pin).
  RtpWriterOptions rtp;
};

// Parts of a stream rebuilt for a re-negotiation, ready to swap in.
struct StreamUpdate {
  StreamMediaConfig media;
  std::unique_ptr<ReceivePipeline> receive;  // null: the codecs did not change
  std::unique_ptr<SendPipeline> send;        // null: the send codec did not change
  bool srtp_changed = false;
  std::optional<SrtpSession> srtp_in;
  std::optional<SrtpSession> srtp_out;
};

// Sees every datagram a stream would send, instead of its socket (tests,
// benchmarks and fuzzing run streams without a peer).
class PacketCaptureForTest {
 public:
  virtual ~PacketCaptureForTest() = default;
  virtual void OnPacketSent(std::span<const uint8_t> datagram, const SocketAddress& to,
                            bool rtcp) = 0;
};

class MediaStream final : private RtpPacketSink {
 public:
  static constexpr uint32_t kTickMs = 20;
  // Datagrams read per readable event; the loop calls again if more wait.
  static constexpr int kMaxDatagramsPerWake = 64;
  static constexpr size_t kReceiveBufferBytes = 2048;

  // Validates `config` and builds the stream. Signalling thread. The
  // sockets move into the stream only on success; on failure they are
  // still in `config`.
  static Result<std::unique_ptr<MediaStream>> Create(StreamConfig&& config,
                                                     const StreamEnvironment& env);
  // Builds what changes from `current` to `next`: new pipelines only for
  // changed codecs, new SRTP sessions only for changed keys. Signalling
  // thread. `has_rtcp_socket`: whether the stream owns an RTCP socket
  // (needed to leave rtcp-mux). The SSRC, sequence numbers, media clock,
  // RTCP CNAME and audio level extension id carry on unchanged.
  static Result<std::unique_ptr<StreamUpdate>> PrepareUpdate(const StreamMediaConfig& current,
                                                             const StreamMediaConfig& next,
                                                             bool has_rtcp_socket,
                                                             const StreamEnvironment& env);
  ~MediaStream() override;
  MediaStream(const MediaStream&) = delete;
  MediaStream& operator=(const MediaStream&) = delete;

  uint64_t id() const { return id_; }
  const StreamMediaConfig& media() const { return media_; }
  int rtp_fd() const { return rtp_socket_.fd(); }
  int rtcp_fd() const { return rtcp_socket_.fd(); }  // -1 without an RTCP socket
  bool has_rtcp_socket() const { return rtcp_socket_.valid(); }
  const SocketAddress& local_rtp_address() const { return rtp_socket_.local_address(); }
  // Where RTP goes now (latched, else signalled; may be unsendable).
  const SocketAddress& rtp_destination() const { return rtp_latch_.send_to(); }

  // Worker thread from here on. The worker attaches the stream when it
  // takes it over; the RTP timeout counts from then.
  void Attach(StreamEventSink* sink, int64_t now_ns);

  // Socket readable: drains up to kMaxDatagramsPerWake datagrams.
  void OnRtpReadable(int64_t now_ns);
  void OnRtcpReadable(int64_t now_ns);
  // One received datagram in `buffer` (first `size` bytes; unprotected in
  // place). `rtcp_port`: it came in on the separate RTCP socket.
  void HandleDatagram(std::span<uint8_t> buffer, size_t size, const SocketAddress& from,
                      bool rtcp_port, int64_t now_ns);

  // Tick phase 1: the frame the peer sent for this tick, at the internal
  // rate (silence when not receiving). Valid until the next PullFrame.
  void PullFrame(int64_t now_ns);
  std::span<const int16_t> received_frame() const { return received_frame_; }
  // Tick phase 2: the frame to send (frame_samples() samples).
  void PushFrame(std::span<const int16_t> frame, int64_t now_ns);
  // Tick phase 3.
  void Maintain(int64_t now_ns);
  size_t frame_samples() const { return received_frame_.size(); }

  Result<void> QueueDigits(std::string_view digits, uint32_t duration_ms, uint32_t gap_ms);
  void ApplyUpdate(StreamUpdate& update, int64_t now_ns);
  // RFC 3550 6.3.7: a last report with BYE, before the stream goes away.
  void SendBye();

  StreamStats Stats() const;
  std::optional<AudioLevel> last_audio_level() const { return last_audio_level_; }

  void SetPacketCaptureForTest(PacketCaptureForTest* capture) { capture_ = capture; }

 private:
  MediaStream(StreamConfig& config, const StreamEnvironment& env);

  // RtpPacketSink
  void SendRtpPacket(std::span<uint8_t> buffer, size_t size) override;

  void HandleRtp(std::span<uint8_t> buffer, size_t size, const SocketAddress& from, int64_t now_ns);
  void HandleRtcp(std::span<uint8_t> buffer, size_t size, const SocketAddress& from,
                  bool rtcp_port);
  void HandleTelephoneEvent(const RtpPacket& packet, int64_t now_ms);
  bool Latch(RtpPeerLatch& latch, const SocketAddress& from, bool rtcp);
  void CountSrtpFailure(SrtpStatus status);
  void ReportDigit(char digit, uint32_t duration_ms, DtmfSource source, int64_t now_ms);
  void Transmit(std::span<const uint8_t> datagram, const SocketAddress& to, bool rtcp);
  size_t BuildRtcpReport(std::span<uint8_t> out);
  void SendRtcp(std::span<uint8_t> buffer, size_t size);
  const SocketAddress& RtcpDestination() const;
  bool CanSend() const;

  uint64_t id_;
  StreamMediaConfig media_;
  uint32_t internal_rate_hz_;
  UdpSocket rtp_socket_;
  UdpSocket rtcp_socket_;
  RtpPeerLatch rtp_latch_;
  RtpPeerLatch rtcp_latch_;
  std::optional<SrtpSession> srtp_in_;
  std::optional<SrtpSession> srtp_out_;

  RtpWriter writer_;
  RtpTimestamp media_time_;  // send side, RTP clock of the send codec
  RtcpState rtcp_;
  RtpReceiveStats receive_stats_;
  uint64_t ssrc_changes_seen_ = 0;
  std::unique_ptr<ReceivePipeline> receive_;
  std::unique_ptr<SendPipeline> send_;
  std::optional<DtmfEventReceiver> dtmf_receiver_;
  DtmfDeduplicator dtmf_dedup_;
  std::optional<AudioLevel> last_audio_level_;

  std::vector<uint8_t> receive_buffer_;
  std::vector<uint8_t> rtcp_buffer_;
  std::vector<int16_t> received_frame_;

  int64_t last_rtp_ms_ = 0;
  bool timeout_reported_ = false;
  StreamStats stats_;
  StreamEventSink* sink_ = nullptr;
  PacketCaptureForTest* capture_ = nullptr;
};

}  // namespace chorus::media
