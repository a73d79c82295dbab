#pragma once

// G.722 (RFC 3551 4.5.2) at 64 kbit/s over spandsp's implementation: 16 kHz
// mono PCM, two samples per octet, RTP clock 8000. Each spandsp state has one
// move-only owner (G722EncodeState / G722DecodeState). The decoder conceals
// loss with FrameRepeatConcealer. Same ownership and threading as the
// AudioEncoder/AudioDecoder interfaces.

#include <memory>

#include "media/base/c_handle.h"
#include "media/codec/audio_decoder.h"
#include "media/codec/audio_encoder.h"
#include "media/codec/frame_repeat_concealer.h"

extern "C" {
struct g722_encode_state_s;
struct g722_decode_state_s;
}

namespace chorus::media {

namespace internal {
void FreeG722Encoder(g722_encode_state_s* state);
void FreeG722Decoder(g722_decode_state_s* state);
}  // namespace internal

using G722EncodeState = CHandle<g722_encode_state_s, internal::FreeG722Encoder>;
using G722DecodeState = CHandle<g722_decode_state_s, internal::FreeG722Decoder>;

class G722Encoder final : public AudioEncoder {
 public:
  static Result<std::unique_ptr<G722Encoder>> Create(uint32_t frame_ms);

  size_t max_payload_bytes() const override { return frame_samples() / 2; }
  Result<size_t> Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) override;
  void Reset() override;

 private:
  G722Encoder(uint32_t frame_ms, G722EncodeState state)
      : AudioEncoder(CodecId::kG722, frame_ms), state_(std::move(state)) {}

  G722EncodeState state_;
};

class G722Decoder final : public AudioDecoder {
 public:
  // 120 ms at 16 kHz: twice the longest ptime we offer.
  static constexpr size_t kMaxFrameSamples = 1920;

  static Result<std::unique_ptr<G722Decoder>> Create();

  size_t max_frame_samples() const override { return kMaxFrameSamples; }
  Result<size_t> PayloadSamples(std::span<const uint8_t> payload) const override;
  Result<size_t> Decode(std::span<const uint8_t> payload, std::span<int16_t> out) override;
  Result<size_t> Conceal(size_t samples, std::span<int16_t> out) override;
  void Reset() override;

 private:
  explicit G722Decoder(G722DecodeState state)
      : AudioDecoder(CodecId::kG722), state_(std::move(state)), concealer_(16000) {}

  G722DecodeState state_;
  FrameRepeatConcealer concealer_;
};

}  // namespace chorus::media
