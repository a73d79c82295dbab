#pragma once

// Opus encoder (RFC 6716, RTP per RFC 7587): 48 kHz mono PCM in, always
// mono out (a peer's stereo=0 is honoured by never sending stereo),
// application VOIP. Named OpusAudioEncoder because libopus owns the name
// OpusEncoder for its C handle, which OpusEncoderHandle owns here. Same
// ownership and threading as AudioEncoder.

#include <memory>

#include "media/base/c_handle.h"
#include "media/codec/audio_encoder.h"
#include "media/codec/opus_options.h"

struct OpusEncoder;  // libopus

namespace chorus::media {

namespace internal {
void DestroyOpusEncoder(OpusEncoder* encoder);
}  // namespace internal

using OpusEncoderHandle = CHandle<OpusEncoder, internal::DestroyOpusEncoder>;

class OpusAudioEncoder final : public AudioEncoder {
 public:
  // Packets are capped at this size; libopus lowers the bitrate to fit.
  static constexpr size_t kMaxPayloadBytes = 1500;

  // `frame_ms` is 10, 20, 40 or 60.
  static Result<std::unique_ptr<OpusAudioEncoder>> Create(uint32_t frame_ms,
                                                          const OpusEncoderOptions& options);

  size_t max_payload_bytes() const override { return kMaxPayloadBytes; }
  Result<size_t> Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) override;
  void Reset() override;

  // Run-time adjustments, e.g. from RTCP receiver reports. Not for every tick.
  Result<void> SetBitrate(int32_t bitrate_bps);
  Result<void> SetExpectedLossPercent(int percent);

  // Samples of look-ahead delay the encoder adds (libopus OPUS_GET_LOOKAHEAD).
  int lookahead_samples() const;

 private:
  OpusAudioEncoder(uint32_t frame_ms, OpusEncoderHandle handle)
      : AudioEncoder(CodecId::kOpus, frame_ms), handle_(std::move(handle)) {}

  OpusEncoderHandle handle_;
};

// Maps RFC 7587 maxplaybackrate to a libopus OPUS_BANDWIDTH_* value.
int OpusBandwidthForPlaybackRate(uint32_t max_playback_rate_hz);

}  // namespace chorus::media
