#include "media/codec/g722_codec.h"

#include <string>

// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
// clang-format on

namespace chorus::media {
namespace {

constexpr int kBitRate = 64000;  // RFC 3551 4.5.2: the 64 kbit/s mode

}  // namespace

namespace internal {
void FreeG722Encoder(g722_encode_state_s* state) { g722_encode_free(state); }
void FreeG722Decoder(g722_decode_state_s* state) { g722_decode_free(state); }
}  // namespace internal

Result<std::unique_ptr<G722Encoder>> G722Encoder::Create(uint32_t frame_ms) {
  if (!GetCodecInfo(CodecId::kG722).AllowsFrameMs(frame_ms)) {
    return MakeError(ErrorCode::kUnsupported,
                     "G722 encoder: unsupported ptime " + std::to_string(frame_ms) + " ms");
  }
  G722EncodeState state(g722_encode_init(nullptr, kBitRate, 0));
  if (!state) return MakeError(ErrorCode::kInternal, "G722 encoder: g722_encode_init failed");
  return std::unique_ptr<G722Encoder>(new G722Encoder(frame_ms, std::move(state)));
}

Result<size_t> G722Encoder::Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) {
  if (pcm.size() != frame_samples() || out.size() < max_payload_bytes()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "G722 encode: got " + std::to_string(pcm.size()) + " samples for a " +
                         std::to_string(frame_samples()) + "-sample frame, output room " +
                         std::to_string(out.size()));
  }
  int bytes = g722_encode(state_.get(), out.data(), pcm.data(), static_cast<int>(pcm.size()));
  return static_cast<size_t>(bytes);
}

void G722Encoder::Reset() { g722_encode_init(state_.get(), kBitRate, 0); }

Result<std::unique_ptr<G722Decoder>> G722Decoder::Create() {
  G722DecodeState state(g722_decode_init(nullptr, kBitRate, 0));
  if (!state) return MakeError(ErrorCode::kInternal, "G722 decoder: g722_decode_init failed");
  return std::unique_ptr<G722Decoder>(new G722Decoder(std::move(state)));
}

Result<size_t> G722Decoder::PayloadSamples(std::span<const uint8_t> payload) const {
  if (payload.empty()) return MakeError(ErrorCode::kParse, "G722 payload is empty");
  return payload.size() * 2;
}

Result<size_t> G722Decoder::Decode(std::span<const uint8_t> payload, std::span<int16_t> out) {
  if (payload.empty()) return MakeError(ErrorCode::kParse, "G722 payload is empty");
  if (out.size() < payload.size() * 2) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "G722 decode: payload of " + std::to_string(payload.size()) + " bytes needs " +
                         std::to_string(payload.size() * 2) + " samples, output holds " +
                         std::to_string(out.size()));
  }
  int samples =
      g722_decode(state_.get(), out.data(), payload.data(), static_cast<int>(payload.size()));
  std::span<int16_t> pcm = out.first(static_cast<size_t>(samples));
  concealer_.OnGoodFrame(pcm);
  return pcm.size();
}

Result<size_t> G722Decoder::Conceal(size_t samples, std::span<int16_t> out) {
  if (out.size() < samples) {
    return MakeError(ErrorCode::kInvalidArgument, "G722 conceal: " + std::to_string(samples) +
                                                      " samples asked, output holds " +
                                                      std::to_string(out.size()));
  }
  concealer_.Conceal(out.first(samples));
  return samples;
}

void G722Decoder::Reset() {
  g722_decode_init(state_.get(), kBitRate, 0);
  concealer_.Reset();
}

}  // namespace chorus::media
