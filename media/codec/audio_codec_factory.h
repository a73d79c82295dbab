#pragma once

// Creates encoders and decoders by CodecId, at stream set-up (allocates).
// Any thread; the objects returned belong to the caller's thread from then on.

#include <memory>

#include "media/base/result.h"
#include "media/codec/audio_decoder.h"
#include "media/codec/audio_encoder.h"
#include "media/codec/codec_info.h"
#include "media/codec/opus_options.h"

namespace chorus::media {

struct EncoderConfig {
  CodecId codec = CodecId::kPcmu;
  uint32_t frame_ms = 20;   // ptime; must be in GetCodecInfo(codec).frame_ms
  OpusEncoderOptions opus;  // read only for kOpus
};

Result<std::unique_ptr<AudioEncoder>> CreateAudioEncoder(const EncoderConfig& config);
Result<std::unique_ptr<AudioDecoder>> CreateAudioDecoder(CodecId codec);

}  // namespace chorus::media
