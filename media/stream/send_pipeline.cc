#include "media/stream/send_pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "media/codec/audio_codec_factory.h"
#include "media/dtmf/dtmf_digit.h"
#include "media/srtp/srtp_session.h"

namespace chorus::media {
namespace {

// RFC 6464 3: the level is -dBov of the packet's audio, 127 for silence.
AudioLevel MeasureLevel(std::span<const int16_t> pcm) {
  double sum = 0;
  for (int16_t v : pcm) sum += static_cast<double>(v) * v;
  AudioLevel level;
  if (pcm.empty() || sum <= 0) return level;
  const double rms = std::sqrt(sum / static_cast<double>(pcm.size()));
  const double dbov = -20.0 * std::log10(rms / 32768.0);
  level.level_dbov = static_cast<uint8_t>(std::clamp(dbov, 0.0, 127.0));
  // A simple voice flag: clearly above the noise floor of a quiet line.
  level.voice_activity = level.level_dbov < 50;
  return level;
}

}  // namespace

Result<std::unique_ptr<SendPipeline>> SendPipeline::Create(const SendPipelineOptions& options) {
  EncoderConfig ec;
  ec.codec = options.codec.codec;
  ec.frame_ms = options.codec.ptime_ms;
  ec.opus = options.codec.opus;
  auto encoder = CreateAudioEncoder(ec);
  if (!encoder) return encoder.error();
  auto resampler = Resampler::Create(
      {options.internal_rate_hz, GetCodecInfo(options.codec.codec).sample_rate_hz, kTickMs});
  if (!resampler) return resampler.error();
  if (options.telephone_event && options.telephone_event->clock_rate_hz !=
                                     GetCodecInfo(options.codec.codec).rtp_clock_rate_hz) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "send pipeline: telephone-event clock differs from the codec's RTP clock");
  }
  return std::unique_ptr<SendPipeline>(
      new SendPipeline(options, std::move(encoder).value(), std::move(resampler).value()));
}

SendPipeline::SendPipeline(const SendPipelineOptions& options,
                           std::unique_ptr<AudioEncoder> encoder, Resampler resampler)
    : codec_(options.codec),
      internal_rate_hz_(options.internal_rate_hz),
      encoder_(std::move(encoder)),
      resampler_(std::move(resampler)),
      resampled_(resampler_.output_frame_samples()),
      // A tick's audio on top of less than one packet.
      pending_(resampler_.output_frame_samples() + encoder_->frame_samples()),
      payload_(encoder_->max_payload_bytes()),
      packet_(RtpWriter::kMaxHeaderBytes + encoder_->max_payload_bytes() + kSrtpMaxOverheadBytes),
      telephone_event_(options.telephone_event) {
  if (telephone_event_) {
    DtmfEventSenderOptions o;
    o.clock_rate_hz = telephone_event_->clock_rate_hz;
    o.ptime_ms = kTickMs;
    dtmf_.emplace(o);
  }
}

uint32_t SendPipeline::rtp_clock_rate_hz() const {
  return GetCodecInfo(codec_.codec).rtp_clock_rate_hz;
}

Result<void> SendPipeline::QueueDigits(std::string_view digits, uint32_t duration_ms,
                                       uint32_t gap_ms) {
  if (!dtmf_) {
    stats_.digits_dropped += digits.size();
    return MakeError(ErrorCode::kUnsupported, "send digits: no telephone-event negotiated");
  }
  if (digits.size() > kMaxQueuedDigits - digit_count_) {
    stats_.digits_dropped += digits.size();
    return MakeError(ErrorCode::kExhausted, "send digits: " + std::to_string(digits.size()) +
                                                " digits do not fit the queue (" +
                                                std::to_string(digit_count_) + " queued)");
  }
  for (char c : digits) {
    if (!DtmfCharToEvent(c)) {
      stats_.digits_dropped += digits.size();
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string("send digits: '") + c + "' is not a DTMF digit");
    }
  }
  const auto duration = static_cast<uint16_t>(std::clamp(duration_ms, kMinDigitMs, kMaxDigitMs));
  const auto gap = static_cast<uint16_t>(std::min<uint32_t>(gap_ms, kMaxDigitMs));
  for (char c : digits) {
    digits_[(digit_head_ + digit_count_) % kMaxQueuedDigits] = QueuedDigit{c, duration, gap};
    ++digit_count_;
  }
  return Ok();
}

void SendPipeline::Emit(const SendContext& context, const RtpFrameInfo& info,
                        std::span<const uint8_t> payload) {
  const size_t header = context.writer->WriteHeader(packet_, info);
  std::memcpy(packet_.data() + header, payload.data(), payload.size());
  context.writer->CountSent(payload.size());
  context.sink->SendRtpPacket(packet_, header + payload.size());
}

bool SendPipeline::PushDigit(const SendContext& context) {
  if (!dtmf_) return false;
  if (!dtmf_->active() && gap_left_ms_ == 0 && digit_count_ > 0) {
    const QueuedDigit next = digits_[digit_head_];
    digit_head_ = (digit_head_ + 1) % kMaxQueuedDigits;
    --digit_count_;
    if (dtmf_->Start(next.digit, next.duration_ms, *context.media_time)) {
      ++stats_.digits_sent;
      gap_left_ms_ = next.gap_ms;
      // The event replaces audio: what was waiting for a packet is dropped.
      pending_.Clear();
    }
  }
  if (!dtmf_->active()) {
    if (gap_left_ms_ > 0) gap_left_ms_ -= std::min(gap_left_ms_, kTickMs);
    return false;
  }
  const std::optional<DtmfPacket> packet = dtmf_->Next();
  if (packet && context.can_send) {
    RtpFrameInfo info;
    info.payload_type = telephone_event_->payload_type;
    info.media_time = packet->timestamp;
    info.force_marker = packet->marker;
    Emit(context, info, packet->payload);
  }
  // The audio after the event is a new talk spurt.
  if (!dtmf_->active()) talkspurt_ = true;
  return true;
}

void SendPipeline::EncodeAndSend(const SendContext& context) {
  const size_t frame = encoder_->frame_samples();
  while (pending_.size() >= frame) {
    std::span<const int16_t> pcm = pending_.Front(frame);
    const Result<size_t> size = encoder_->Encode(pcm, payload_);
    const RtpTimestamp start = pending_start_;
    pending_start_ = pending_start_ + encoder_->frame_rtp_units();
    if (!size) {
      ++stats_.encode_errors;
    } else if (AudioEncoder::IsDtxPayload(*size)) {
      ++stats_.dtx_frames;
      talkspurt_ = true;
    } else {
      RtpFrameInfo info;
      info.payload_type = codec_.payload_type;
      info.media_time = start;
      info.talkspurt_start = talkspurt_;
      if (context.audio_level) info.audio_level = MeasureLevel(pcm);
      Emit(context, info, std::span<const uint8_t>(payload_).first(*size));
      talkspurt_ = false;
    }
    pending_.Consume(frame);
  }
}

void SendPipeline::PushFrame(std::span<const int16_t> frame, const SendContext& context) {
  CHORUS_DCHECK(frame.size() == frame_samples());
  CHORUS_DCHECK(context.writer != nullptr && context.sink != nullptr &&
                context.media_time != nullptr);
  if (!PushDigit(context)) {
    if (!context.can_send) {
      // Held or nowhere to send: keep the clock running, start over after.
      pending_.Clear();
      talkspurt_ = true;
    } else {
      resampler_.Process(frame, resampled_);
      if (pending_.empty()) pending_start_ = *context.media_time;
      pending_.Append(resampled_);
      EncodeAndSend(context);
    }
  }
  *context.media_time = *context.media_time + tick_rtp_units();
}

}  // namespace chorus::media
