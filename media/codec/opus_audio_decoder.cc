#include "media/codec/opus_audio_decoder.h"

#include <opus.h>

#include <algorithm>
#include <string>

namespace chorus::media {

namespace internal {
void DestroyOpusDecoder(OpusDecoder* decoder) { opus_decoder_destroy(decoder); }
}  // namespace internal

namespace {

Error OpusError(ErrorCode code, const char* what, int opus_code) {
  return MakeError(code, std::string("Opus ") + what + ": " + opus_strerror(opus_code));
}

}  // namespace

Result<std::unique_ptr<OpusAudioDecoder>> OpusAudioDecoder::Create() {
  int err = OPUS_OK;
  OpusDecoderHandle handle(opus_decoder_create(48000, 1, &err));
  if (err != OPUS_OK || !handle) return OpusError(ErrorCode::kInternal, "decoder create", err);
  return std::unique_ptr<OpusAudioDecoder>(new OpusAudioDecoder(std::move(handle)));
}

Result<size_t> OpusAudioDecoder::PayloadSamples(std::span<const uint8_t> payload) const {
  if (payload.empty()) return MakeError(ErrorCode::kParse, "Opus payload is empty");
  int samples =
      opus_packet_get_nb_samples(payload.data(), static_cast<opus_int32>(payload.size()), 48000);
  if (samples < 0) return OpusError(ErrorCode::kParse, "payload", samples);
  if (samples == 0) return MakeError(ErrorCode::kParse, "Opus payload holds no frames");
  if (static_cast<size_t>(samples) > kMaxFrameSamples) {
    return MakeError(ErrorCode::kParse,
                     "Opus payload: " + std::to_string(samples) + " samples exceed 120 ms");
  }
  return static_cast<size_t>(samples);
}

Result<size_t> OpusAudioDecoder::Decode(std::span<const uint8_t> payload, std::span<int16_t> out) {
  if (payload.empty()) return MakeError(ErrorCode::kParse, "Opus payload is empty");
  int room = static_cast<int>(std::min(out.size(), kMaxFrameSamples));
  int samples = opus_decode(handle_.get(), payload.data(), static_cast<opus_int32>(payload.size()),
                            out.data(), room, 0);
  if (samples == OPUS_BUFFER_TOO_SMALL) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "Opus decode: payload does not fit an output of " + std::to_string(room) + " samples");
  }
  if (samples < 0) return OpusError(ErrorCode::kParse, "decode", samples);
  return static_cast<size_t>(samples);
}

Result<void> OpusAudioDecoder::CheckConcealSize(const char* what, size_t samples,
                                                size_t room) const {
  if (samples == 0 || samples % kConcealStepSamples != 0 || samples > kMaxFrameSamples ||
      samples > room) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("Opus ") + what + ": " + std::to_string(samples) +
                         " samples asked (a multiple of 120 up to 5760), output holds " +
                         std::to_string(room));
  }
  return Ok();
}

Result<size_t> OpusAudioDecoder::Conceal(size_t samples, std::span<int16_t> out) {
  if (Result<void> ok = CheckConcealSize("conceal", samples, out.size()); !ok) return ok.error();
  int written = opus_decode(handle_.get(), nullptr, 0, out.data(), static_cast<int>(samples), 0);
  if (written < 0) return OpusError(ErrorCode::kInternal, "conceal", written);
  return static_cast<size_t>(written);
}

Result<size_t> OpusAudioDecoder::DecodeFec(std::span<const uint8_t> next_payload, size_t samples,
                                           std::span<int16_t> out) {
  if (Result<void> ok = CheckConcealSize("FEC decode", samples, out.size()); !ok) {
    return ok.error();
  }
  if (next_payload.empty()) return Conceal(samples, out);
  int written =
      opus_decode(handle_.get(), next_payload.data(), static_cast<opus_int32>(next_payload.size()),
                  out.data(), static_cast<int>(samples), 1);
  if (written < 0) return OpusError(ErrorCode::kParse, "FEC decode", written);
  return static_cast<size_t>(written);
}

void OpusAudioDecoder::Reset() { opus_decoder_ctl(handle_.get(), OPUS_RESET_STATE); }

}  // namespace chorus::media
