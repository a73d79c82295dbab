#include "media/codec/audio_codec_factory.h"

#include "media/codec/g711_codec.h"
#include "media/codec/g722_codec.h"
#include "media/codec/opus_audio_decoder.h"
#include "media/codec/opus_audio_encoder.h"

namespace chorus::media {
namespace {

// Result<unique_ptr<Derived>> -> Result<unique_ptr<Base>>.
template <typename Base, typename Derived>
Result<std::unique_ptr<Base>> Upcast(Result<std::unique_ptr<Derived>> result) {
  if (!result) return result.error();
  return std::unique_ptr<Base>(std::move(result).value());
}

}  // namespace

Result<std::unique_ptr<AudioEncoder>> CreateAudioEncoder(const EncoderConfig& config) {
  switch (config.codec) {
    case CodecId::kPcmu:
    case CodecId::kPcma:
      return Upcast<AudioEncoder>(G711Encoder::Create(config.codec, config.frame_ms));
    case CodecId::kG722:
      return Upcast<AudioEncoder>(G722Encoder::Create(config.frame_ms));
    case CodecId::kOpus:
      return Upcast<AudioEncoder>(OpusAudioEncoder::Create(config.frame_ms, config.opus));
  }
  return MakeError(ErrorCode::kInvalidArgument, "CreateAudioEncoder: unknown codec id");
}

Result<std::unique_ptr<AudioDecoder>> CreateAudioDecoder(CodecId codec) {
  switch (codec) {
    case CodecId::kPcmu:
    case CodecId::kPcma:
      return Upcast<AudioDecoder>(G711Decoder::Create(codec));
    case CodecId::kG722:
      return Upcast<AudioDecoder>(G722Decoder::Create());
    case CodecId::kOpus:
      return Upcast<AudioDecoder>(OpusAudioDecoder::Create());
  }
  return MakeError(ErrorCode::kInvalidArgument, "CreateAudioDecoder: unknown codec id");
}

}  // namespace chorus::media
