#pragma once

// AudioEncoder: one per outgoing stream (or per shared mixer output), turns
// fixed-size frames of mono int16 PCM at the codec's sample rate into RTP
// payloads. Created at stream set-up by CreateAudioEncoder(); owned and
// called by one media worker thread. Encode() allocates nothing.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/result.h"
#include "media/codec/codec_info.h"

namespace chorus::media {

class AudioEncoder {
 public:
  virtual ~AudioEncoder() = default;
  AudioEncoder(const AudioEncoder&) = delete;
  AudioEncoder& operator=(const AudioEncoder&) = delete;

  CodecId codec() const { return codec_; }
  uint32_t sample_rate_hz() const { return GetCodecInfo(codec_).sample_rate_hz; }
  uint32_t frame_ms() const { return frame_ms_; }
  // PCM samples Encode() takes per call.
  size_t frame_samples() const { return GetCodecInfo(codec_).FrameSamples(frame_ms_); }
  // RTP timestamp increment per encoded frame.
  uint32_t frame_rtp_units() const {
    return GetCodecInfo(codec_).SamplesToRtpUnits(static_cast<uint32_t>(frame_samples()));
  }
  // A buffer of this size always holds one encoded frame.
  virtual size_t max_payload_bytes() const = 0;

  // Encodes exactly frame_samples() samples into `out` and returns the
  // payload size. Fails (kInvalidArgument) on a wrong frame size or a short
  // `out`. Opus with DTX returns a 1-byte payload (the TOC byte alone) for
  // frames in a silence; libopus's rule is that payloads of at most
  // kDtxMaxBytes need not be sent (IsDtxPayload). Never returns 0 bytes.
  virtual Result<size_t> Encode(std::span<const int16_t> pcm, std::span<uint8_t> out) = 0;

  // Forgets all history, as for a new stream.
  virtual void Reset() = 0;

  // libopus: "if the return value is 2 bytes or less, then the packet does
  // not need to be transmitted (DTX)". Other codecs never produce these.
  static constexpr size_t kDtxMaxBytes = 2;
  static bool IsDtxPayload(size_t bytes) { return bytes <= kDtxMaxBytes; }

 protected:
  AudioEncoder(CodecId codec, uint32_t frame_ms) : codec_(codec), frame_ms_(frame_ms) {}

 private:
  CodecId codec_;
  uint32_t frame_ms_;
};

}  // namespace chorus::media
