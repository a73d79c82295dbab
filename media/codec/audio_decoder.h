#pragma once

// AudioDecoder: one per incoming stream, turns RTP payloads into mono int16
// PCM at the codec's sample rate and hides lost packets. Created at stream
// set-up by CreateAudioDecoder(); owned and called by one media worker
// thread. No method allocates; payloads are untrusted and bad ones return
// errors (kParse) instead of crashing.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/result.h"
#include "media/codec/codec_info.h"

namespace chorus::media {

class AudioDecoder {
 public:
  virtual ~AudioDecoder() = default;
  AudioDecoder(const AudioDecoder&) = delete;
  AudioDecoder& operator=(const AudioDecoder&) = delete;

  CodecId codec() const { return codec_; }
  uint32_t sample_rate_hz() const { return GetCodecInfo(codec_).sample_rate_hz; }
  // Largest number of samples one payload can decode to; size `out` for it.
  virtual size_t max_frame_samples() const = 0;

  // How many PCM samples (at sample_rate_hz) `payload` holds, without
  // decoding it: lets the jitter buffer and echo handle 10-60 ms packets.
  virtual Result<size_t> PayloadSamples(std::span<const uint8_t> payload) const = 0;

  // Decodes one payload into the front of `out`; returns samples written.
  virtual Result<size_t> Decode(std::span<const uint8_t> payload, std::span<int16_t> out) = 0;

  // Writes `samples` samples of concealment for a lost packet (PLC) into
  // the front of `out`. Opus needs a multiple of 2.5 ms.
  virtual Result<size_t> Conceal(size_t samples, std::span<int16_t> out) = 0;

  // Whether DecodeFec can do better than Conceal (Opus in-band FEC).
  virtual bool SupportsFec() const { return false; }

  // Recovers the lost packet just before `next_payload` from the redundancy
  // that packet carries (RFC 6716 2.1.7, LBRR), writing `samples` samples.
  // Without redundancy in `next_payload` this is plain concealment. Codecs
  // without FEC conceal. Call Decode(next_payload) afterwards as usual.
  virtual Result<size_t> DecodeFec(std::span<const uint8_t> next_payload, size_t samples,
                                   std::span<int16_t> out) {
    (void)next_payload;
    return Conceal(samples, out);
  }

  // Forgets all history, as for a new stream.
  virtual void Reset() = 0;

 protected:
  explicit AudioDecoder(CodecId codec) : codec_(codec) {}

 private:
  CodecId codec_;
};

}  // namespace chorus::media
