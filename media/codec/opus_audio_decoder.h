#pragma once

// Opus decoder (RFC 6716 / RFC 7587) at 48 kHz mono: a stereo stream is
// downmixed by libopus. Conceals loss with libopus PLC and recovers a lost
// packet from the next packet's in-band FEC (LBRR). Named OpusAudioDecoder
// because libopus owns the name OpusDecoder for its C handle, which
// OpusDecoderHandle owns here. Same ownership and threading as AudioDecoder.

#include <memory>

#include "media/base/c_handle.h"
#include "media/codec/audio_decoder.h"

struct OpusDecoder;  // libopus

namespace chorus::media {

namespace internal {
void DestroyOpusDecoder(OpusDecoder* decoder);
}  // namespace internal

using OpusDecoderHandle = CHandle<OpusDecoder, internal::DestroyOpusDecoder>;

class OpusAudioDecoder final : public AudioDecoder {
 public:
  // RFC 6716 3.2.5: a packet holds at most 120 ms.
  static constexpr size_t kMaxFrameSamples = 5760;
  // Concealment and FEC work in multiples of 2.5 ms.
  static constexpr size_t kConcealStepSamples = 120;

  static Result<std::unique_ptr<OpusAudioDecoder>> Create();

  size_t max_frame_samples() const override { return kMaxFrameSamples; }
  Result<size_t> PayloadSamples(std::span<const uint8_t> payload) const override;
  Result<size_t> Decode(std::span<const uint8_t> payload, std::span<int16_t> out) override;
  Result<size_t> Conceal(size_t samples, std::span<int16_t> out) override;
  bool SupportsFec() const override { return true; }
  Result<size_t> DecodeFec(std::span<const uint8_t> next_payload, size_t samples,
                           std::span<int16_t> out) override;
  void Reset() override;

 private:
  explicit OpusAudioDecoder(OpusDecoderHandle handle)
      : AudioDecoder(CodecId::kOpus), handle_(std::move(handle)) {}

  Result<void> CheckConcealSize(const char* what, size_t samples, size_t room) const;

  OpusDecoderHandle handle_;
};

}  // namespace chorus::media
