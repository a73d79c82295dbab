#pragma once

// PCMU / PCMA (RFC 3551 4.5.14) encoder and decoder over our table-driven
// G.711 (g711.h). One octet per 8 kHz sample; the decoder conceals loss
// with FrameRepeatConcealer. Same ownership and threading as the
// AudioEncoder/AudioDecoder interfaces.

#include <memory>

#include "media/codec/audio_decoder.h"
#include "media/codec/audio_encoder.h"
#include "media/codec/frame_repeat_concealer.h"

namespace chorus::media {

class G711Encoder final : public AudioEncoder {
 public:
  // `codec` is kPcmu or kPcma; `frame_ms` one of its CodecInfo::frame_ms.
  static Result<std::unique_ptr<G711Encoder>> Create(CodecId codec, uint32_t frame_ms);

  size_t max_payload_bytes() const override { return frame_samples(); }
  Result<size_t> Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) override;
  void Reset() override {}

 private:
  G711Encoder(CodecId codec, uint32_t frame_ms) : AudioEncoder(codec, frame_ms) {}
};

class G711Decoder final : public AudioDecoder {
 public:
  // Largest payload we decode in one call: 120 ms, twice the longest ptime
  // we offer, so a peer's odd packetisation still decodes.
  static constexpr size_t kMaxFrameSamples = 960;

  static Result<std::unique_ptr<G711Decoder>> Create(CodecId codec);

  size_t max_frame_samples() const override { return kMaxFrameSamples; }
  Result<size_t> PayloadSamples(std::span<const uint8_t> payload) const override;
  Result<size_t> Decode(std::span<const uint8_t> payload, std::span<int16_t> out) override;
  Result<size_t> Conceal(size_t samples, std::span<int16_t> out) override;
  void Reset() override { concealer_.Reset(); }

 private:
  explicit G711Decoder(CodecId codec) : AudioDecoder(codec), concealer_(8000) {}

  FrameRepeatConcealer concealer_;
};

}  // namespace chorus::media
