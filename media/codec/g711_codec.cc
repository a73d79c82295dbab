#include "media/codec/g711_codec.h"

#include <string>

#include "media/codec/g711.h"

namespace chorus::media {
namespace {

std::string Name(CodecId codec) { return std::string(GetCodecInfo(codec).encoding_name); }

bool IsG711(CodecId codec) { return codec == CodecId::kPcmu || codec == CodecId::kPcma; }

}  // namespace

Result<std::unique_ptr<G711Encoder>> G711Encoder::Create(CodecId codec, uint32_t frame_ms) {
  if (!IsG711(codec)) {
    return MakeError(ErrorCode::kInvalidArgument, "G711Encoder: codec is not PCMU or PCMA");
  }
  if (!GetCodecInfo(codec).AllowsFrameMs(frame_ms)) {
    return MakeError(ErrorCode::kUnsupported, Name(codec) + " encoder: unsupported ptime " +
                                                  std::to_string(frame_ms) + " ms");
  }
  return std::unique_ptr<G711Encoder>(new G711Encoder(codec, frame_ms));
}

Result<size_t> G711Encoder::Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) {
  if (pcm.size() != frame_samples() || out.size() < pcm.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     Name(codec()) + " encode: got " + std::to_string(pcm.size()) +
                         " samples for a " + std::to_string(frame_samples()) +
                         "-sample frame, output room " + std::to_string(out.size()));
  }
  if (codec() == CodecId::kPcmu) {
    g711::EncodeUlaw(pcm, out);
  } else {
    g711::EncodeAlaw(pcm, out);
  }
  return pcm.size();
}

Result<std::unique_ptr<G711Decoder>> G711Decoder::Create(CodecId codec) {
  if (!IsG711(codec)) {
    return MakeError(ErrorCode::kInvalidArgument, "G711Decoder: codec is not PCMU or PCMA");
  }
  return std::unique_ptr<G711Decoder>(new G711Decoder(codec));
}

Result<size_t> G711Decoder::PayloadSamples(std::span<const uint8_t> payload) const {
  if (payload.empty()) {
    return MakeError(ErrorCode::kParse, Name(codec()) + " payload is empty");
  }
  return payload.size();
}

Result<size_t> G711Decoder::Decode(std::span<const uint8_t> payload, std::span<int16_t> out) {
  if (payload.empty()) {
    return MakeError(ErrorCode::kParse, Name(codec()) + " payload is empty");
  }
  if (out.size() < payload.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     Name(codec()) + " decode: payload of " + std::to_string(payload.size()) +
                         " bytes needs " + std::to_string(payload.size()) +
                         " samples, output holds " + std::to_string(out.size()));
  }
  std::span<int16_t> pcm = out.first(payload.size());
  if (codec() == CodecId::kPcmu) {
    g711::DecodeUlaw(payload, pcm);
  } else {
    g711::DecodeAlaw(payload, pcm);
  }
  concealer_.OnGoodFrame(pcm);
  return pcm.size();
}

Result<size_t> G711Decoder::Conceal(size_t samples, std::span<int16_t> out) {
  if (out.size() < samples) {
    return MakeError(ErrorCode::kInvalidArgument,
                     Name(codec()) + " conceal: " + std::to_string(samples) +
                         " samples asked, output holds " + std::to_string(out.size()));
  }
  concealer_.Conceal(out.first(samples));
  return samples;
}

}  // namespace chorus::media
