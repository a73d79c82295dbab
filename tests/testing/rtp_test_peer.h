#pragma once

// A small RTP endpoint for tests and load tools: the far end of a Chorus
// media stream.
//   RtpTestSender   PCM (at the codec's rate) -> RTP datagrams: encoder,
//                   RFC 4733 events, optional SRTP. No socket.
//   RtpTestReceiver datagrams -> parsed headers + decoded PCM, optional
//                   SRTP. No socket.
//   RtpTestPeer     both over a UdpSocket bound to 127.0.0.1, with a paced
//                   exchange loop that waits on poll(2) (never sleeps).
// Header-only so any test binary or tool can include it. Allocates freely;
// not for the audio path. One thread.

#include <poll.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "media/base/clock.h"
#include "media/base/result.h"
#include "media/codec/audio_codec_factory.h"
#include "media/dtmf/dtmf_event_sender.h"
#include "media/dtmf/telephone_event.h"
#include "media/net/udp_socket.h"
#include "media/rtcp/rtcp_demux.h"
#include "media/rtp/rtp_packet.h"
#include "media/rtp/rtp_writer.h"
#include "media/srtp/srtp_library.h"
#include "media/srtp/srtp_session.h"

namespace chorus::media::testing {

using Datagram = std::vector<uint8_t>;

struct RtpTestSenderOptions {
  CodecId codec = CodecId::kPcmu;
  uint8_t payload_type = 0;
  uint32_t ptime_ms = 20;
  OpusEncoderOptions opus;
  uint32_t ssrc = 0x5eed0001;
  uint16_t first_seq = 1000;
  uint32_t timestamp_base = 160000;
  uint8_t telephone_event_payload_type = 101;
  uint8_t audio_level_id = 0;
  std::optional<SdesKeyParams> srtp_key;  // protects what we send
};

class RtpTestSender {
 public:
  static Result<RtpTestSender> Create(const RtpTestSenderOptions& options) {
    EncoderConfig ec{options.codec, options.ptime_ms, options.opus};
    auto encoder = CreateAudioEncoder(ec);
    if (!encoder) return encoder.error();
    std::optional<SrtpSession> srtp;
    if (options.srtp_key) {
      if (auto r = SrtpLibrary::Init(); !r) return r.error();
      auto s = SrtpSession::Create(SrtpDirection::kOutbound, *options.srtp_key);
      if (!s) return s.error();
      srtp.emplace(std::move(s).value());
    }
    return RtpTestSender(options, std::move(encoder).value(), std::move(srtp));
  }

  uint32_t sample_rate_hz() const { return encoder_->sample_rate_hz(); }
  size_t frame_samples() const { return encoder_->frame_samples(); }
  RtpWriter& writer() { return writer_; }
  // Media time of the next packet (RTP clock units from the stream start).
  RtpTimestamp media_time() const { return media_time_; }
  void SkipMediaTime(uint32_t units) { media_time_ = media_time_ + units; }
  // Drops the next `n` sequence numbers (simulated loss before sending).
  void SkipSequence(int n) {
    for (int i = 0; i < n; ++i) {
      std::vector<uint8_t> scratch(RtpWriter::kMaxHeaderBytes);
      writer_.WriteHeader(scratch, RtpFrameInfo{});
    }
  }

  // Whole ptime frames of `pcm` (codec rate) become packets; a remainder
  // waits for the next call.
  std::vector<Datagram> Packetize(std::span<const int16_t> pcm, bool marker = false) {
    pending_.insert(pending_.end(), pcm.begin(), pcm.end());
    std::vector<Datagram> out;
    const size_t frame = encoder_->frame_samples();
    size_t used = 0;
    while (pending_.size() - used >= frame) {
      std::vector<uint8_t> payload(encoder_->max_payload_bytes());
      auto n = encoder_->Encode(std::span<const int16_t>(pending_).subspan(used, frame), payload);
      used += frame;
      if (!n || AudioEncoder::IsDtxPayload(*n)) {
        media_time_ = media_time_ + encoder_->frame_rtp_units();
        continue;
      }
      payload.resize(*n);
      RtpFrameInfo info;
      info.payload_type = options_.payload_type;
      info.media_time = media_time_;
      info.talkspurt_start = marker && out.empty();
      if (options_.audio_level_id != 0) info.audio_level = AudioLevel{true, 20};
      out.push_back(Build(info, payload));
      media_time_ = media_time_ + encoder_->frame_rtp_units();
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(used));
    return out;
  }

  // The whole RFC 4733 packet sequence of one key press, starting now;
  // audio media time moves past it.
  std::vector<Datagram> Digit(char digit, uint32_t duration_ms) {
    DtmfEventSenderOptions o;
    o.clock_rate_hz = GetCodecInfo(options_.codec).rtp_clock_rate_hz;
    o.ptime_ms = 20;
    DtmfEventSender sender(o);
    std::vector<Datagram> out;
    if (!sender.Start(digit, duration_ms, media_time_)) return out;
    while (auto p = sender.Next()) {
      RtpFrameInfo info;
      info.payload_type = options_.telephone_event_payload_type;
      info.media_time = p->timestamp;
      info.force_marker = p->marker;
      out.push_back(Build(info, p->payload));
      media_time_ = media_time_ + o.clock_rate_hz / 50;
    }
    return out;
  }

  // Any payload with this sender's header fields.
  Datagram Raw(uint8_t payload_type, std::span<const uint8_t> payload) {
    RtpFrameInfo info;
    info.payload_type = payload_type;
    info.media_time = media_time_;
    return Build(info, payload);
  }

 private:
  RtpTestSender(const RtpTestSenderOptions& options, std::unique_ptr<AudioEncoder> encoder,
                std::optional<SrtpSession> srtp)
      : options_(options),
        encoder_(std::move(encoder)),
        srtp_(std::move(srtp)),
        writer_(RtpWriterOptions{options.ssrc, options.first_seq, options.timestamp_base,
                                 options.audio_level_id}) {}

  Datagram Build(const RtpFrameInfo& info, std::span<const uint8_t> payload) {
    Datagram d(RtpWriter::kMaxHeaderBytes + payload.size() + kSrtpMaxOverheadBytes);
    size_t size = writer_.WriteHeader(d, info);
    std::memcpy(d.data() + size, payload.data(), payload.size());
    size += payload.size();
    writer_.CountSent(payload.size());
    if (srtp_) srtp_->ProtectRtp(d, size);
    d.resize(size);
    return d;
  }

  RtpTestSenderOptions options_;
  std::unique_ptr<AudioEncoder> encoder_;
  std::optional<SrtpSession> srtp_;
  RtpWriter writer_;
  RtpTimestamp media_time_;
  std::vector<int16_t> pending_;
};

struct ReceivedRtp {
  uint8_t payload_type = 0;
  bool marker = false;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  std::vector<uint8_t> payload;
  std::optional<TelephoneEvent> event;  // when the payload type is telephone-event
};

struct RtpTestReceiverOptions {
  CodecId codec = CodecId::kPcmu;  // what the audio payload type carries
  uint8_t payload_type = 0;
  uint8_t telephone_event_payload_type = 101;
  std::optional<SdesKeyParams> srtp_key;  // unprotects what we receive
};

class RtpTestReceiver {
 public:
  static Result<RtpTestReceiver> Create(const RtpTestReceiverOptions& options) {
    auto decoder = CreateAudioDecoder(options.codec);
    if (!decoder) return decoder.error();
    std::optional<SrtpSession> srtp;
    if (options.srtp_key) {
      if (auto r = SrtpLibrary::Init(); !r) return r.error();
      auto s = SrtpSession::Create(SrtpDirection::kInbound, *options.srtp_key);
      if (!s) return s.error();
      srtp.emplace(std::move(s).value());
    }
    RtpTestReceiver r;
    r.options_ = options;
    r.decoder_ = std::move(decoder).value();
    r.srtp_ = std::move(srtp);
    return r;
  }

  // Takes one datagram; RTCP is counted, RTP parsed and audio decoded.
  // Returns false for what could not be unprotected or parsed.
  bool Accept(std::span<const uint8_t> datagram) {
    Datagram copy(datagram.begin(), datagram.end());
    copy.resize(datagram.size() + kSrtpMaxOverheadBytes);
    size_t size = datagram.size();
    if (IsRtcp(datagram)) {
      ++rtcp_packets;
      return !srtp_ || srtp_->UnprotectRtcp(copy, size) == SrtpStatus::kOk;
    }
    if (srtp_ && srtp_->UnprotectRtp(copy, size) != SrtpStatus::kOk) return false;
    auto packet = RtpPacket::Parse(std::span<const uint8_t>(copy).first(size));
    if (!packet) return false;
    ReceivedRtp r;
    r.payload_type = packet->payload_type();
    r.marker = packet->marker();
    r.seq = packet->seq().value();
    r.timestamp = packet->timestamp().value();
    r.ssrc = packet->ssrc();
    r.payload.assign(packet->payload().begin(), packet->payload().end());
    if (r.payload_type == options_.telephone_event_payload_type) {
      r.event = TelephoneEvent::Parse(r.payload);
    } else if (r.payload_type == options_.payload_type) {
      std::vector<int16_t> pcm(decoder_->max_frame_samples());
      auto n = decoder_->Decode(r.payload, pcm);
      if (n) audio.insert(audio.end(), pcm.begin(), pcm.begin() + static_cast<ptrdiff_t>(*n));
    }
    packets.push_back(std::move(r));
    return true;
  }

  uint32_t sample_rate_hz() const { return decoder_->sample_rate_hz(); }

  std::vector<ReceivedRtp> packets;
  std::vector<int16_t> audio;  // decoded audio payloads, concatenated
  int rtcp_packets = 0;

 private:
  RtpTestReceiverOptions options_;
  std::unique_ptr<AudioDecoder> decoder_;
  std::optional<SrtpSession> srtp_;
};

struct RtpTestPeerOptions {
  RtpTestSenderOptions send;
  RtpTestReceiverOptions receive;
};

class RtpTestPeer {
 public:
  static Result<RtpTestPeer> Create(const RtpTestPeerOptions& options) {
    auto local = SocketAddress::Parse("127.0.0.1:0");
    if (!local) return local.error();
    auto socket = UdpSocket::Bind(*local);
    if (!socket) return socket.error();
    auto sender = RtpTestSender::Create(options.send);
    if (!sender) return sender.error();
    auto receiver = RtpTestReceiver::Create(options.receive);
    if (!receiver) return receiver.error();
    return RtpTestPeer(std::move(socket).value(), std::move(sender).value(),
                       std::move(receiver).value());
  }

  const SocketAddress& address() const { return socket_.local_address(); }
  RtpTestSender& sender() { return sender_; }
  RtpTestReceiver& receiver() { return receiver_; }
  UdpSocket& socket() { return socket_; }
  // Source address of the last datagram received.
  const SocketAddress& last_from() const { return last_from_; }

  void Send(const Datagram& datagram, const SocketAddress& to) { socket_.SendTo(datagram, to); }
  void SendAll(const std::vector<Datagram>& datagrams, const SocketAddress& to) {
    for (const Datagram& d : datagrams) Send(d, to);
  }

  // Called between waits (at least every 2 ms), e.g. to run a test's
  // signalling loop on the same thread.
  void SetOnWait(std::function<void()> on_wait) { on_wait_ = std::move(on_wait); }

  // Reads whatever arrives until `deadline_ns` (MonotonicClock), waiting in
  // poll(2). Returns the datagrams read.
  int ReceiveUntil(int64_t deadline_ns) {
    int count = 0;
    while (true) {
      count += Drain();
      if (on_wait_) on_wait_();
      const int64_t left_ns = deadline_ns - MonotonicClock::Instance().NowNs();
      if (left_ns <= 0) return count;
      pollfd pfd{socket_.fd(), POLLIN, 0};
      int wait_ms = static_cast<int>((left_ns + 999'999) / 1'000'000);
      if (on_wait_) wait_ms = std::min(wait_ms, 2);
      if (poll(&pfd, 1, wait_ms) < 0) return count;
    }
  }
  // Keeps receiving for `ms`.
  int ReceiveFor(int64_t ms) {
    return ReceiveUntil(MonotonicClock::Instance().NowNs() + ms * 1'000'000);
  }

  // Sends `pcm` (codec rate) as packets paced one ptime apart to `to`,
  // receiving all the while, then keeps receiving for `tail_ms`.
  void Exchange(std::span<const int16_t> pcm, const SocketAddress& to, int64_t tail_ms) {
    const std::vector<Datagram> packets = sender_.Packetize(pcm);
    const int64_t step_ns = int64_t{sender_ptime_ms()} * 1'000'000;
    int64_t next = MonotonicClock::Instance().NowNs();
    for (const Datagram& d : packets) {
      Send(d, to);
      next += step_ns;
      ReceiveUntil(next);
    }
    ReceiveUntil(MonotonicClock::Instance().NowNs() + tail_ms * 1'000'000);
  }

 private:
  RtpTestPeer(UdpSocket socket, RtpTestSender sender, RtpTestReceiver receiver)
      : socket_(std::move(socket)), sender_(std::move(sender)), receiver_(std::move(receiver)) {}

  uint32_t sender_ptime_ms() const {
    return static_cast<uint32_t>(sender_.frame_samples() * 1000 / sender_.sample_rate_hz());
  }

  int Drain() {
    int count = 0;
    std::vector<uint8_t> buffer(2048);
    while (true) {
      ReceivedDatagram d;
      if (socket_.ReceiveFrom(buffer, d) != IoStatus::kOk) return count;
      last_from_ = d.from;
      receiver_.Accept(std::span<const uint8_t>(buffer).first(d.size));
      ++count;
    }
  }

  UdpSocket socket_;
  RtpTestSender sender_;
  RtpTestReceiver receiver_;
  SocketAddress last_from_;
  std::function<void()> on_wait_;
};

}  // namespace chorus::media::testing
