#include "media/codec/opus_audio_encoder.h"

#include <opus.h>

#include <algorithm>
#include <string>

namespace chorus::media {

namespace internal {
void DestroyOpusEncoder(OpusEncoder* encoder) { opus_encoder_destroy(encoder); }
}  // namespace internal

namespace {

Error OpusError(const char* what, int code) {
  return MakeError(ErrorCode::kInternal,
                   std::string("Opus encoder: ") + what + ": " + opus_strerror(code));
}

Result<void> CheckOptions(uint32_t frame_ms, const OpusEncoderOptions& options) {
  if (!GetCodecInfo(CodecId::kOpus).AllowsFrameMs(frame_ms)) {
    return MakeError(ErrorCode::kUnsupported,
                     "Opus encoder: unsupported ptime " + std::to_string(frame_ms) + " ms");
  }
  if (options.bitrate_bps < 6000 || options.bitrate_bps > 510000) {
    return MakeError(ErrorCode::kInvalidArgument, "Opus encoder: bitrate " +
                                                      std::to_string(options.bitrate_bps) +
                                                      " bit/s outside 6000..510000");
  }
  if (options.complexity && (*options.complexity < 0 || *options.complexity > 10)) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "Opus encoder: complexity " + std::to_string(*options.complexity) + " outside 0..10");
  }
  if (options.expected_loss_percent < 0 || options.expected_loss_percent > 100) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Opus encoder: expected loss " +
                         std::to_string(options.expected_loss_percent) + "% outside 0..100");
  }
  return Ok();
}

}  // namespace

int OpusBandwidthForPlaybackRate(uint32_t max_playback_rate_hz) {
  if (max_playback_rate_hz >= 48000) return OPUS_BANDWIDTH_FULLBAND;
  if (max_playback_rate_hz >= 24000) return OPUS_BANDWIDTH_SUPERWIDEBAND;
  if (max_playback_rate_hz >= 16000) return OPUS_BANDWIDTH_WIDEBAND;
  if (max_playback_rate_hz >= 12000) return OPUS_BANDWIDTH_MEDIUMBAND;
  return OPUS_BANDWIDTH_NARROWBAND;
}

Result<std::unique_ptr<OpusAudioEncoder>> OpusAudioEncoder::Create(
    uint32_t frame_ms, const OpusEncoderOptions& options) {
  if (Result<void> ok = CheckOptions(frame_ms, options); !ok) return ok.error();
  int err = OPUS_OK;
  OpusEncoderHandle handle(opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err));
  if (err != OPUS_OK || !handle) return OpusError("create", err);
  OpusEncoder* enc = handle.get();
  struct Setting {
    const char* name;
    int result;
  };
  const Setting settings[] = {
      {"bitrate", opus_encoder_ctl(enc, OPUS_SET_BITRATE(options.bitrate_bps))},
      {"complexity", options.complexity
                         ? opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(*options.complexity))
                         : OPUS_OK},
      {"inband FEC", opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(options.inband_fec ? 1 : 0))},
      {"packet loss",
       opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(options.expected_loss_percent))},
      {"DTX", opus_encoder_ctl(enc, OPUS_SET_DTX(options.dtx ? 1 : 0))},
      {"max bandwidth", opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(OpusBandwidthForPlaybackRate(
                                                  options.max_playback_rate_hz)))},
      {"signal", opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))},
      {"channels", opus_encoder_ctl(enc, OPUS_SET_FORCE_CHANNELS(1))},
  };
  for (const Setting& s : settings) {
    if (s.result != OPUS_OK) return OpusError(s.name, s.result);
  }
  return std::unique_ptr<OpusAudioEncoder>(new OpusAudioEncoder(frame_ms, std::move(handle)));
}

Result<size_t> OpusAudioEncoder::Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) {
  if (pcm.size() != frame_samples() || out.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Opus encode: got " + std::to_string(pcm.size()) + " samples for a " +
                         std::to_string(frame_samples()) + "-sample frame, output room " +
                         std::to_string(out.size()));
  }
  opus_int32 room = static_cast<opus_int32>(std::min(out.size(), kMaxPayloadBytes));
  int bytes =
      opus_encode(handle_.get(), pcm.data(), static_cast<int>(pcm.size()), out.data(), room);
  if (bytes < 0) return OpusError("encode", bytes);
  return static_cast<size_t>(bytes);
}

void OpusAudioEncoder::Reset() { opus_encoder_ctl(handle_.get(), OPUS_RESET_STATE); }

Result<void> OpusAudioEncoder::SetBitrate(int32_t bitrate_bps) {
  if (bitrate_bps < 6000 || bitrate_bps > 510000) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "Opus encoder: bitrate " + std::to_string(bitrate_bps) + " bit/s outside 6000..510000");
  }
  int err = opus_encoder_ctl(handle_.get(), OPUS_SET_BITRATE(bitrate_bps));
  if (err != OPUS_OK) return OpusError("bitrate", err);
  return Ok();
}

Result<void> OpusAudioEncoder::SetExpectedLossPercent(int percent) {
  if (percent < 0 || percent > 100) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Opus encoder: expected loss " + std::to_string(percent) + "% outside 0..100");
  }
  int err = opus_encoder_ctl(handle_.get(), OPUS_SET_PACKET_LOSS_PERC(percent));
  if (err != OPUS_OK) return OpusError("packet loss", err);
  return Ok();
}

int OpusAudioEncoder::lookahead_samples() const {
  opus_int32 lookahead = 0;
  opus_encoder_ctl(handle_.get(), OPUS_GET_LOOKAHEAD(&lookahead));
  return lookahead;
}

}  // namespace chorus::media
