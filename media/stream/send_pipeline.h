#pragma once

// SendPipeline: the encoding half of a stream. Each 20 ms tick it takes one
// frame at the worker's internal rate, resamples it to the send codec's
// rate, collects it into packets of the negotiated ptime (10 ms: two
// packets per tick; 40/60 ms: one every two/three ticks), encodes, writes
// the RTP header and hands each packet to an RtpPacketSink (which protects
// and sends it). Opus DTX payloads are not sent; the next packet after them
// (or after a pause in sending) carries the marker bit (RFC 3551 4.1).
// Queued digits go out as RFC 4733 telephone-event packets, one per tick,
// replacing the audio for their duration.
//
// Built with its stream on the signalling thread (allocating everything);
// owned and called by the stream's media worker. PushFrame allocates
// nothing. The RtpWriter and the media clock belong to the stream, so a
// re-negotiated codec continues the same SSRC, sequence and timeline.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "media/base/result.h"
#include "media/codec/audio_encoder.h"
#include "media/dsp/resampler.h"
#include "media/dtmf/dtmf_event_sender.h"
#include "media/rtp/rtp_types.h"
#include "media/rtp/rtp_writer.h"
#include "media/stream/pcm_fifo.h"
#include "media/stream/stream_config.h"

namespace chorus::media {

// Receives each RTP packet the pipeline builds. `buffer` holds the packet
// in its first `size` bytes and has room after it for SRTP's tag.
class RtpPacketSink {
 public:
  virtual ~RtpPacketSink() = default;
  virtual void SendRtpPacket(std::span<uint8_t> buffer, size_t size) = 0;
};

struct SendPipelineOptions {
  SendCodecConfig codec;
  uint32_t internal_rate_hz = 48000;
  std::optional<TelephoneEventConfig> telephone_event;
};

// What PushFrame works with besides the audio.
struct SendContext {
  RtpWriter* writer = nullptr;
  RtpPacketSink* sink = nullptr;
  // Media time of this tick's first sample in the send codec's RTP clock;
  // PushFrame advances it by one tick.
  RtpTimestamp* media_time = nullptr;
  bool can_send = true;      // direction sends and there is a destination
  bool audio_level = false;  // add the RFC 6464 level to each packet
};

struct SendPipelineStats {
  uint64_t encode_errors = 0;
  uint64_t dtx_frames = 0;
  uint64_t digits_sent = 0;
  uint64_t digits_dropped = 0;  // queue full, or not a DTMF character
};

class SendPipeline {
 public:
  static constexpr uint32_t kTickMs = 20;
  static constexpr size_t kMaxQueuedDigits = 64;
  // RFC 4733 2.5.1.2 leaves the press length to the sender; 40 ms is the
  // shortest a detector must accept (ITU-T Q.24).
  static constexpr uint32_t kMinDigitMs = 40;
  static constexpr uint32_t kMaxDigitMs = 5000;

  static Result<std::unique_ptr<SendPipeline>> Create(const SendPipelineOptions& options);
  SendPipeline(const SendPipeline&) = delete;
  SendPipeline& operator=(const SendPipeline&) = delete;

  const SendCodecConfig& codec() const { return codec_; }
  uint32_t rtp_clock_rate_hz() const;
  uint32_t tick_rtp_units() const { return rtp_clock_rate_hz() / 1000 * kTickMs; }
  size_t frame_samples() const { return internal_rate_hz_ / 1000 * kTickMs; }

  // Sends `frame` (frame_samples() samples at the internal rate) or, while
  // a digit plays, its telephone-event packet instead.
  void PushFrame(std::span<const int16_t> frame, const SendContext& context);

  // Queues digits ('0'-'9', '*', '#', 'A'-'D'), each lasting `duration_ms`
  // and followed by `gap_ms` of audio. Fails when no telephone-event was
  // negotiated for sending, a character is not a digit or the queue is full.
  Result<void> QueueDigits(std::string_view digits, uint32_t duration_ms, uint32_t gap_ms);
  bool sending_digit() const { return dtmf_ && dtmf_->active(); }
  size_t queued_digits() const { return digit_count_; }

  const SendPipelineStats& stats() const { return stats_; }

 private:
  struct QueuedDigit {
    char digit = '\0';
    uint16_t duration_ms = 0;
    uint16_t gap_ms = 0;
  };

  SendPipeline(const SendPipelineOptions& options, std::unique_ptr<AudioEncoder> encoder,
               Resampler resampler);

  // Returns true when this tick belongs to a digit (audio is not sent).
  bool PushDigit(const SendContext& context);
  void EncodeAndSend(const SendContext& context);
  void Emit(const SendContext& context, const RtpFrameInfo& info, std::span<const uint8_t> payload);

  SendCodecConfig codec_;
  uint32_t internal_rate_hz_;
  std::unique_ptr<AudioEncoder> encoder_;
  Resampler resampler_;
  std::vector<int16_t> resampled_;
  PcmFifo pending_;             // audio not yet in a packet
  RtpTimestamp pending_start_;  // media time of pending_'s first sample
  bool talkspurt_ = true;       // the next audio packet starts a talk spurt
  std::vector<uint8_t> payload_;
  std::vector<uint8_t> packet_;

  std::optional<TelephoneEventConfig> telephone_event_;
  std::optional<DtmfEventSender> dtmf_;
  std::array<QueuedDigit, kMaxQueuedDigits> digits_{};
  size_t digit_head_ = 0;
  size_t digit_count_ = 0;
  uint32_t gap_left_ms_ = 0;

  SendPipelineStats stats_;
};

}  // namespace chorus::media
