// Fuzz target for the audio decoders (media/codec/): the first byte picks
// PCMU, PCMA, G.722 or Opus and an action; the rest is an RTP payload.
// Decoding untrusted payloads must give sizes that agree with
// PayloadSamples and never exceed the decoder's buffer, or clean errors.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

#include "media/codec/audio_codec_factory.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using chorus::media::AudioDecoder;
  using chorus::media::CodecId;
  if (size < 1) return 0;
  // A fresh decoder per input keeps every run reproducible on its own.
  const CodecId ids[4] = {CodecId::kPcmu, CodecId::kPcma, CodecId::kG722, CodecId::kOpus};
  auto created = chorus::media::CreateAudioDecoder(ids[data[0] & 3]);
  Check(created.has_value());
  std::unique_ptr<AudioDecoder> decoder = std::move(created).value();
  AudioDecoder& dec = *decoder;
  std::span<const uint8_t> payload(data + 1, size - 1);
  std::vector<int16_t> out(dec.max_frame_samples());

  auto samples = dec.PayloadSamples(payload);
  auto decoded = dec.Decode(payload, out);
  if (decoded) {
    Check(samples.has_value() && *samples == *decoded);
    Check(*decoded <= out.size());
  }
  if (data[0] & 4) {
    // Conceal / FEC with a size taken from the input.
    size_t want = (static_cast<size_t>(data[0] >> 3) + 1) * 120;
    auto fec = dec.DecodeFec(payload, want, out);
    if (fec) Check(*fec == want);
    auto plc = dec.Conceal(want, out);
    if (plc) Check(*plc == want);
  }
  // Decoding again after concealment and a reset must still agree.
  dec.Reset();
  auto again = dec.Decode(payload, out);
  Check(again.has_value() == decoded.has_value());
  return 0;
}
